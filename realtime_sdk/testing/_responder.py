"""What the fake model says: `Reply`, the responders that choose one, and generated tones.

A responder is any callable `(ResponderContext) -> Reply`. The fake engine calls it once per
response (when the response is created) and turns the reply into the protocol's event sequence
(text or audio deltas, function call arguments, or a failed response), according to the
response's output modalities. A reply can also end the connection mid-response (`Disconnect`)
or set the `rate_limits.updated` that follows `response.created`.

When the session transcribes input audio, the engine asks the responder's `transcribe` method
(if it has one; `ScriptedResponder` does) what the user said in each committed audio item.
"""

from __future__ import annotations

import array
import math
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs
import orjson

from ..events._base import Model
from ..events._common import RateLimit

__all__ = [
    "Disconnect",
    "FunctionCall",
    "Reply",
    "Responder",
    "ResponderContext",
    "ScriptedResponder",
    "Tone",
    "Transcription",
    "TranscriptionContext",
    "default_responder",
    "default_transcription",
]


@attrs.frozen(kw_only=True)
class Tone:
    """A generated sine tone used as reply audio: `Tone(ms=800, hz=440)`.

    It is rendered in the response's output format (PCM16 24 kHz, or G.711 at 8 kHz).
    `amplitude` is a fraction of full scale (0 to 1).
    """

    ms: float = 500.0
    hz: float = 440.0
    amplitude: float = 0.3

    def __attrs_post_init__(self) -> None:
        if not (self.ms >= 0 and math.isfinite(self.ms)):
            raise ValueError(f"Tone.ms must be a finite number >= 0, got {self.ms!r}")
        if not 0 <= self.amplitude <= 1:
            raise ValueError(f"Tone.amplitude must be between 0 and 1, got {self.amplitude!r}")

    def pcm16(self, rate: int = 24000) -> bytes:
        """The tone as 16-bit little-endian mono PCM at `rate` Hz."""
        count = round(self.ms * rate / 1000)
        peak = self.amplitude * 32767
        step = 2 * math.pi * self.hz / rate
        samples = array.array("h", (round(peak * math.sin(step * i)) for i in range(count)))
        if sys.byteorder != "little":
            samples.byteswap()
        return samples.tobytes()


@attrs.frozen(kw_only=True)
class FunctionCall:
    """A function call the fake model makes: `FunctionCall(name="get_weather", arguments={...})`.

    `arguments` is a dict (sent as compact JSON) or JSON text sent as given. `call_id` defaults to a
    generated `call_...` id.
    """

    name: str
    arguments: Mapping[str, Any] | str = attrs.field(factory=dict)
    call_id: str | None = None

    @property
    def arguments_json(self) -> str:
        """The arguments as the JSON text the model streams."""
        if isinstance(self.arguments, str):
            return self.arguments
        return orjson.dumps(dict(self.arguments)).decode()


def _calls(value: Iterable[FunctionCall]) -> tuple[FunctionCall, ...]:
    return tuple(value)


def _limits(value: Iterable[RateLimit] | None) -> tuple[RateLimit, ...] | None:
    return None if value is None else tuple(value)


@attrs.frozen(kw_only=True)
class Disconnect:
    """End the connection in the middle of a response: `Reply(text=..., disconnect=Disconnect())`.

    - `after_steps`: how many streaming steps of the response are sent first (each step is a
      few events: the output item, a delta...); 0 ends it right after `rate_limits.updated`.
    - `code`: the close code of the close frame (1011: the server hit an internal error); None
      drops the TCP connection without a close frame, as a crashed server or a broken network
      does (the client sees 1006). In memory, None closes with 1006.
    - `reason`: the close frame's reason.

    The response never ends (no `response.done`). A new connection to the same server works as
    before, and a `ScriptedResponder` goes on with its next reply.
    """

    after_steps: int = 1
    code: int | None = 1011
    reason: str = "Internal server error"

    def __attrs_post_init__(self) -> None:
        if self.after_steps < 0:
            raise ValueError(f"Disconnect.after_steps must be >= 0, got {self.after_steps!r}")
        if self.code is not None and not (self.code in (1000, 1001) or 1007 <= self.code <= 4999):
            raise ValueError(f"Disconnect.code cannot be sent in a close frame: {self.code!r}")


@attrs.frozen(kw_only=True)
class Reply:
    """What the fake model answers in one response.

    - `text`: the answer. In text mode it is streamed as text deltas; in audio mode it is the
      transcript when `transcript` is not given.
    - `audio`: raw audio in the response's output format, or a `Tone`. In audio mode without
      `audio`, a tone as long as the transcript would take to say is generated.
    - `transcript`: the transcript of the audio (default: `text`).
    - `function_calls`: calls made after the message (a reply may hold only calls).
    - `error`: fail the response (`status` "failed") with this error code instead of answering.
    - `pause_ms`: a pause between consecutive streamed steps (deltas), so a client can cancel
      mid-response.
    - `rate_limits`: the limits reported by the `rate_limits.updated` that follows this
      response's `response.created` (default: computed from the session's use), for example
      `[RateLimit(name="tokens", limit=400000, remaining=0, reset_seconds=12.5)]`.
    - `disconnect`: end the connection in the middle of the response (`Disconnect`).
    """

    text: str | None = None
    audio: bytes | Tone | None = None
    transcript: str | None = None
    function_calls: Sequence[FunctionCall] = attrs.field(default=(), converter=_calls)
    error: str | None = None
    error_type: str = "server_error"
    pause_ms: float = 0.0
    rate_limits: Sequence[RateLimit] | None = attrs.field(default=None, converter=_limits)
    disconnect: Disconnect | None = None

    def __attrs_post_init__(self) -> None:
        if not (self.pause_ms >= 0 and math.isfinite(self.pause_ms)):
            raise ValueError(f"Reply.pause_ms must be a finite number >= 0, got {self.pause_ms!r}")


@attrs.frozen(kw_only=True)
class ResponderContext:
    """What a responder knows when it is asked for a reply.

    Attributes:
        dialect: "ga" or "beta" (which model classes `items`, `params` and `session` are).
        items: the response's context: the conversation items so far, or the response's own
            `input` when it has one.
        last_user_text: the text of the last user message holding text (None if there is none).
        last_user_audio_ms: how many ms of audio the last user message holding audio has (None if
            there is none).
        last_user_kind: whether the last user message held "text", "audio" or nothing (None).
        params: the `response.create` settings (`ResponseCreateParams`), or None.
        session: the session's settings (`SessionConfig`) at the time of the response.
        output_modalities: the modalities of this response, e.g. ("audio",) or ("text",).
        response_index: 0 for the first response of the connection, then 1, 2...
    """

    dialect: Literal["ga", "beta"]
    items: tuple[Model, ...]
    last_user_text: str | None
    last_user_audio_ms: float | None
    last_user_kind: Literal["text", "audio"] | None
    params: Model | None
    session: Model
    output_modalities: tuple[str, ...]
    response_index: int


Responder = Callable[[ResponderContext], Reply]
"""A callable that decides the fake model's `Reply` for each response."""


@attrs.frozen(kw_only=True)
class Transcription:
    """What the fake transcription model makes of one committed user audio item.

    `text` is streamed in `conversation.item.input_audio_transcription.delta` events, then sent
    whole in `.completed`; with `error` set, `.failed` is sent instead, with this error code.
    """

    text: str = ""
    error: str | None = None
    error_message: str = "The audio could not be transcribed."


@attrs.frozen(kw_only=True)
class TranscriptionContext:
    """What a responder knows when asked to transcribe a committed user audio item.

    Attributes:
        dialect: "ga" or "beta".
        item_id: the user audio item's id.
        audio_ms: how many ms of audio it holds.
        model: the transcription model the session asked for (e.g. "gpt-4o-transcribe").
        index: 0 for the connection's first transcription, then 1, 2...
    """

    dialect: Literal["ga", "beta"]
    item_id: str
    audio_ms: float
    model: str
    index: int


def default_transcription(context: TranscriptionContext) -> Transcription:
    """What the fake hears without a script: how long the audio was ("1.2 seconds of audio")."""
    return Transcription(text=f"{context.audio_ms / 1000:.1f} seconds of audio")


def default_responder(context: ResponderContext) -> Reply:
    """Answer something meaningful without setup.

    Echoes the last user text ("You said: hello"), or for spoken input states how long it was
    ("I heard 1.2 seconds of audio."). In audio mode the audio is a generated tone.
    """
    if context.last_user_kind == "audio" and context.last_user_audio_ms is not None:
        seconds = context.last_user_audio_ms / 1000
        return Reply(text=f"I heard {seconds:.1f} seconds of audio.")
    if context.last_user_kind == "text" and context.last_user_text is not None:
        return Reply(text=f"You said: {context.last_user_text}")
    return Reply(text="Hello! This is the realtime_sdk fake server.")


class ScriptedResponder:
    """Plays the given replies in order, one per response.

    When the script is used up, `then` answers (for example `default_responder`); without `then`,
    the response fails with error code `script_exhausted`, so a test notices the extra response.

    `transcripts` script what the user said in each committed audio item, in order, when the
    session transcribes input audio (a string, or a `Transcription` with `error` to fail one);
    once they are used up, `default_transcription` answers.
    """

    def __init__(
        self,
        replies: Iterable[Reply | str],
        *,
        then: Responder | None = None,
        transcripts: Iterable[Transcription | str] = (),
    ) -> None:
        self._replies = [Reply(text=r) if isinstance(r, str) else r for r in replies]
        self._next = 0
        self._then = then
        self._transcripts = [
            Transcription(text=t) if isinstance(t, str) else t for t in transcripts
        ]
        self._next_transcript = 0

    def transcribe(self, context: TranscriptionContext) -> Transcription:
        """The next scripted transcript (then `default_transcription`)."""
        if self._next_transcript < len(self._transcripts):
            transcript = self._transcripts[self._next_transcript]
            self._next_transcript += 1
            return transcript
        return default_transcription(context)

    @property
    def remaining(self) -> int:
        """How many scripted replies have not been played yet."""
        return len(self._replies) - self._next

    def __call__(self, context: ResponderContext) -> Reply:
        if self._next < len(self._replies):
            reply = self._replies[self._next]
            self._next += 1
            return reply
        if self._then is not None:
            return self._then(context)
        return Reply(error="script_exhausted")

    def __repr__(self) -> str:
        return f"ScriptedResponder(remaining={self.remaining})"
