"""What the fake model says: `Reply`, the responders that choose one, and generated tones.

A responder is any callable `(ResponderContext) -> Reply`. The fake engine calls it once per
response and turns the reply into the protocol's event sequence (text or audio deltas, function
call arguments, or a failed response), according to the response's output modalities.
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

__all__ = [
    "FunctionCall",
    "Reply",
    "Responder",
    "ResponderContext",
    "ScriptedResponder",
    "Tone",
    "default_responder",
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
    """

    text: str | None = None
    audio: bytes | Tone | None = None
    transcript: str | None = None
    function_calls: Sequence[FunctionCall] = attrs.field(default=(), converter=_calls)
    error: str | None = None
    error_type: str = "server_error"
    pause_ms: float = 0.0

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
    """

    def __init__(self, replies: Iterable[Reply | str], *, then: Responder | None = None) -> None:
        self._replies = [Reply(text=r) if isinstance(r, str) else r for r in replies]
        self._next = 0
        self._then = then

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
