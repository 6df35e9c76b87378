"""Response streaming: a response's output items as steps of delta and done events."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ... import audio as _audio
from ..._types import UNSET, Unset
from ...events._base import Model
from .._responder import Disconnect, Reply, Tone
from ._audio import _Format
from ._billing import _InputUsage, _Segment
from ._conversation import _ConversationLayer
from ._items import _item_id, _strip_audio

_AUDIO_CHUNK_MS = 100.0
_ARGUMENT_CHUNK = 16


@attrs.frozen
class ResponseStep:
    """One step of a streaming response: events to send now, then a pause before the next step.

    When `disconnect` is set (a responder's `Reply(disconnect=...)`), the shell ends the
    connection after sending `events`, as `Disconnect` says.
    """

    events: tuple[Model, ...]
    pause_ms: float = 0.0
    disconnect: Disconnect | None = None


def _split_words(text: str) -> list[str]:
    """Split text into streaming pieces (a word and the white space after it)."""
    return re.findall(r"\s*\S+\s*", text) or ([text] if text else [])


def _spread(pieces: list[str], slots: int) -> list[str]:
    """Distribute `pieces` over `slots` consecutive deltas (some may be empty)."""
    if slots <= 0:
        return []
    total = len(pieces)
    return ["".join(pieces[i * total // slots : (i + 1) * total // slots]) for i in range(slots)]


@attrs.define
class _Output:
    """One output item of the response in progress."""

    index: int
    item_id: str
    kind: Literal["message", "function_call"]
    mode: Literal["text", "audio"] = "text"
    text: str = ""  # the text, or the audio's transcript, sent so far
    audio: bytearray = attrs.field(factory=bytearray)
    part_added: bool = False
    part_done: bool = False
    done: bool = False
    status: Literal["in_progress", "completed", "incomplete"] = "in_progress"
    call_id: str = ""
    name: str = ""
    arguments: str = ""


@attrs.define
class _Active:
    """The response in progress."""

    id: str
    in_conversation: bool
    modalities: list[Literal["text", "audio"]]
    voice: Any
    out_format: _Format
    out_format_model: Any
    metadata: Any
    max_output_tokens: int | Literal["inf"] | Unset
    temperature: float | Unset
    input_usage: _InputUsage
    context: list[_Segment]
    pause_ms: float
    items: list[Model]
    params: Model | None
    reply: Reply = attrs.field(factory=Reply)
    steps: Iterator[list[Model]] | None = None
    steps_sent: int = 0
    outputs: list[_Output] = attrs.field(factory=list)


class _StreamingLayer(_ConversationLayer):
    """A response's output streamed as steps of events: messages (text, audio) and function calls."""

    if TYPE_CHECKING:
        _finish: Callable[..., list[Model]]  # ends a response; defined by the layer above

    def _steps(self, active: _Active, reply: Reply) -> Iterator[list[Model]]:
        """The response's events after `response.created`, one streaming step per list."""
        if reply.error is not None:
            yield self._finish(active, "failed", error=(reply.error_type, reply.error))
            return
        audio_mode = "audio" in active.modalities
        spoken = reply.transcript if reply.transcript is not None else reply.text
        has_message = reply.text is not None or reply.audio is not None or spoken is not None
        if has_message or not reply.function_calls:
            if audio_mode:
                yield from self._audio_steps(active, reply, spoken or "")
            else:
                yield from self._text_steps(active, reply.text or spoken or "")
        for call in reply.function_calls:
            yield from self._call_steps(active, call.name, call.arguments_json, call.call_id)

    def _open_output(
        self, active: _Active, kind: Literal["message", "function_call"], **fields: Any
    ) -> tuple[_Output, list[Model]]:
        out = _Output(index=len(active.outputs), item_id=self._new_id("item"), kind=kind, **fields)
        active.outputs.append(out)
        item = self._output_item(active, out, stored=True)
        events = [self._wire.output_item_added(active.id, out.index, _strip_audio(item))]
        if active.in_conversation:
            previous = self._insert(item)
            events.extend(self._wire.item_opened(previous, _strip_audio(item)))
        return out, events

    def _part(self, out: _Output, *, stored: bool = False) -> Any:
        """The output's content part as it stands inside the item (`item.content`)."""
        audio: str | Unset = UNSET
        if stored and out.audio:
            audio = base64.b64encode(out.audio).decode("ascii")
        return self._wire.content_part(out.mode, out.text, audio)

    def _output_item(self, active: _Active, out: _Output, *, stored: bool = False) -> Model:
        """The output item as it stands (with its audio when `stored`)."""
        status = out.status
        if out.kind == "function_call":
            return self._wire.function_call_item(
                out.item_id, status, out.call_id, out.name, out.arguments
            )
        content = [self._part(out, stored=stored)] if out.part_added else []
        return self._wire.message_item(out.item_id, status, "assistant", content)

    def _part_added(self, active: _Active, out: _Output) -> Model:
        out.part_added = True
        part = self._wire.event_part(out.mode, out.text)
        return self._wire.part_added(part, **self._part_ids(active, out))

    def _part_ids(self, active: _Active, out: _Output) -> dict[str, Any]:
        """The fields that place a content part event: response, item, output and part index."""
        return {
            "response_id": active.id,
            "item_id": out.item_id,
            "output_index": out.index,
            "content_index": 0,
        }

    def _delta(
        self,
        active: _Active,
        out: _Output,
        kind: Literal["text", "audio", "transcript"],
        delta: str,
    ) -> Model:
        return self._wire.delta(kind, delta=delta, **self._part_ids(active, out))

    def _text_steps(self, active: _Active, text: str) -> Iterator[list[Model]]:
        out, events = self._open_output(active, "message", mode="text")
        events.append(self._part_added(active, out))
        pieces = _split_words(text)
        if not pieces:
            yield events
        for piece in pieces:
            out.text += piece
            events.append(self._delta(active, out, "text", piece))
            yield events
            events = []
        yield self._close_message(active, out, "completed")

    def _audio_steps(self, active: _Active, reply: Reply, transcript: str) -> Iterator[list[Model]]:
        fmt = active.out_format
        audio = reply.audio
        if audio is None:
            audio = Tone(ms=min(max(10 * round(len(transcript) * 5), 200), 5000))
        data = audio.pcm16(fmt.rate) if isinstance(audio, Tone) else bytes(audio)
        if isinstance(audio, Tone):
            data = fmt.from_pcm16(data)
        out, events = self._open_output(active, "message", mode="audio")
        events.append(self._part_added(active, out))
        self._assistant_audio = True
        size = fmt.nbytes(_AUDIO_CHUNK_MS)
        chunks = [data[i : i + size] for i in range(0, len(data), size)]
        pieces = _split_words(transcript)
        if not chunks:
            texts = pieces
            chunks = [b""] * len(texts)
        else:
            texts = _spread(pieces, len(chunks))
        if not chunks:
            yield events
        for chunk, text in zip(chunks, texts, strict=True):
            if chunk:
                out.audio += chunk
                events.append(self._delta(active, out, "audio", _audio.pcm16_to_base64(chunk)))
            if text:
                out.text += text
                events.append(self._delta(active, out, "transcript", text))
            yield events
            events = []
        yield self._close_message(active, out, "completed")

    def _close_message(
        self, active: _Active, out: _Output, status: Literal["completed", "incomplete"]
    ) -> list[Model]:
        """The done events of a message output (also for a cancelled one, with what was sent)."""
        events: list[Model] = []
        ids = self._part_ids(active, out)
        if out.part_added and not out.part_done:
            out.part_done = True
            if out.mode == "audio":
                events.extend(self._wire.audio_done(out.text, **ids))
            else:
                events.append(self._wire.text_done(out.text, **ids))
            part = self._wire.event_part(out.mode, out.text)
            events.append(self._wire.part_done(part, **ids))
        events.extend(self._close_output(active, out, status))
        return events

    def _close_output(
        self, active: _Active, out: _Output, status: Literal["completed", "incomplete"]
    ) -> list[Model]:
        out.done = True
        out.status = status
        stored = self._output_item(active, out, stored=True)
        shown = _strip_audio(stored)
        events = [self._wire.output_item_done(active.id, out.index, shown)]
        if active.in_conversation:
            self._replace(stored)
            index = self._index_of(out.item_id)
            previous = _item_id(self._items[index - 1]) if index else None
            events.extend(self._wire.item_closed(previous or None, shown))
        return events

    def _call_steps(
        self, active: _Active, name: str, arguments: str, call_id: str | None
    ) -> Iterator[list[Model]]:
        out, events = self._open_output(
            active, "function_call", call_id=call_id or self._new_id("call", 16), name=name
        )
        for start in range(0, len(arguments), _ARGUMENT_CHUNK):
            piece = arguments[start : start + _ARGUMENT_CHUNK]
            out.arguments += piece
            events.append(self._wire.arguments_delta(delta=piece, **self._call_ids(active, out)))
            yield events
            events = []
        done = self._wire.arguments_done(
            out.name, arguments=out.arguments, **self._call_ids(active, out)
        )
        yield [*events, done, *self._close_output(active, out, "completed")]

    def _call_ids(self, active: _Active, out: _Output) -> dict[str, Any]:
        """The fields that place a function call arguments event."""
        return {
            "response_id": active.id,
            "item_id": out.item_id,
            "output_index": out.index,
            "call_id": out.call_id,
        }
