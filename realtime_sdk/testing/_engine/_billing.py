"""Billing: token counts of a response's context and output, prompt caching, rate limits."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import orjson

from ..._codec import to_dict
from ..._types import UNSET
from ...events._base import Model
from ...events._common import (
    CachedTokensDetails,
    InputTokenDetails,
    OutputTokenDetails,
    RateLimit,
    Usage,
)
from ._items import _content, _item_id
from ._session import _SessionLayer

if TYPE_CHECKING:
    from ._streaming import _Active


_CACHE_BLOCK = 64  # cached prompt tokens come in blocks of 64
_INPUT_AUDIO_TOKENS_PER_S = 10
_OUTPUT_AUDIO_TOKENS_PER_S = 20
_REQUESTS_LIMIT = 5000
_TOKENS_LIMIT = 400_000


def _tokens(chars: int) -> int:
    return math.ceil(chars / 4)


def _transcription_tokens(audio_ms: float, text: str) -> tuple[int, int]:
    """The input (audio) and output (text) tokens of transcribing `audio_ms` of audio to `text`."""
    return math.ceil(audio_ms * _INPUT_AUDIO_TOKENS_PER_S / 1000), _tokens(len(text))


@attrs.frozen
class _Segment:
    """A piece of a response's context (instructions, tools, an item) and its token counts."""

    key: tuple[str, int]
    text: int
    audio: int


@attrs.frozen
class _InputUsage:
    text: int
    audio: int
    cached_text: int
    cached_audio: int


class _BillingLayer(_SessionLayer):
    """Token accounting: usage, the prompt cache and rate limits."""

    def _rate_limits(self, scripted: Sequence[RateLimit] | None = None) -> Model:
        limits = (
            list(scripted)
            if scripted is not None
            else [
                RateLimit(
                    name="requests",
                    limit=_REQUESTS_LIMIT,
                    remaining=max(0, _REQUESTS_LIMIT - self._responses),
                    reset_seconds=60.0,
                ),
                RateLimit(
                    name="tokens",
                    limit=_TOKENS_LIMIT,
                    remaining=max(0, _TOKENS_LIMIT - self._tokens_used),
                    reset_seconds=60.0,
                ),
            ]
        )
        return self._wire.rate_limits(limits)

    def _segment(self, item: Model) -> _Segment:
        """Token counts of one item: ceil(chars / 4) text tokens, 10 audio tokens per second."""
        text = 0
        audio_ms = 0.0
        kind = getattr(item, "type", "")
        if kind == "function_call":
            text += _tokens(
                len(str(getattr(item, "name", ""))) + len(getattr(item, "arguments", ""))
            )
        elif kind == "function_call_output":
            text += _tokens(len(str(getattr(item, "output", ""))))
        for part in _content(item):
            part_text = getattr(part, "text", UNSET)
            if isinstance(part_text, str):
                text += _tokens(len(part_text))
            if isinstance(getattr(part, "audio", UNSET), str):
                fmt = (
                    self._input_format()
                    if getattr(part, "type", "") == "input_audio"
                    else self._output_format_now()
                )
                audio_ms += fmt.ms(len(part.audio_bytes))
            else:
                transcript = getattr(part, "transcript", UNSET)
                if isinstance(transcript, str):
                    text += _tokens(len(transcript))
        audio = math.ceil(audio_ms * _INPUT_AUDIO_TOKENS_PER_S / 1000)
        fingerprint = hash(orjson.dumps(to_dict(item)))
        return _Segment((_item_id(item), fingerprint), text, audio)

    def _segments(
        self, items: Sequence[Model], instructions: str, tools: Sequence[Any]
    ) -> list[_Segment]:
        segments = [_Segment(("instructions", hash(instructions)), _tokens(len(instructions)), 0)]
        if tools:
            text = orjson.dumps([to_dict(t) for t in tools if isinstance(t, Model)])
            segments.append(_Segment(("tools", hash(text)), _tokens(len(text)), 0))
        segments.extend(self._segment(item) for item in items)
        return segments

    def _input_usage(self, context: list[_Segment]) -> _InputUsage:
        """Input tokens, and the cached part: the prefix an earlier response already processed."""
        text = sum(s.text for s in context)
        audio = sum(s.audio for s in context)
        shared: list[_Segment] = []
        for current, previous in zip(context, self._prefix, strict=False):
            if current.key != previous.key:
                break
            shared.append(current)
        cached = sum(s.text + s.audio for s in shared) // _CACHE_BLOCK * _CACHE_BLOCK
        cached_text = cached_audio = 0
        left = cached
        for segment in shared:  # attribute the cached tokens in order: text, then audio
            take = min(left, segment.text)
            cached_text += take
            left -= take
            take = min(left, segment.audio)
            cached_audio += take
            left -= take
        return _InputUsage(text, audio, cached_text, cached_audio)

    def _usage(self, active: _Active) -> Usage:
        out_text = 0
        out_audio = 0
        for out in active.outputs:
            if out.kind == "function_call":
                out_text += _tokens(len(out.name) + len(out.arguments))
                continue
            out_text += _tokens(len(out.text))
            out_ms = active.out_format.ms(len(out.audio))
            out_audio += math.ceil(out_ms * _OUTPUT_AUDIO_TOKENS_PER_S / 1000)
        inp = active.input_usage
        cached_details = CachedTokensDetails(
            text_tokens=inp.cached_text,
            audio_tokens=inp.cached_audio,
            image_tokens=self._wire.image_tokens,
        )
        input_tokens = inp.text + inp.audio
        output_tokens = out_text + out_audio
        return Usage(
            total_tokens=input_tokens + output_tokens,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            input_token_details=InputTokenDetails(
                cached_tokens=inp.cached_text + inp.cached_audio,
                text_tokens=inp.text,
                audio_tokens=inp.audio,
                image_tokens=self._wire.image_tokens,
                cached_tokens_details=cached_details,
            ),
            output_token_details=OutputTokenDetails(text_tokens=out_text, audio_tokens=out_audio),
        )
