"""The fake Realtime server's engine, Sans-I/O: client events in, server events out.

`FakeRealtimeEngine` holds one connection's state (session settings, conversation, input audio
buffer, voice activity detection, the response in progress) and answers each client event with
the server events the real service sends, built from the typed event models (so everything it
emits is valid by construction). It never awaits: a shell (the WebSocket server, an in-memory
pair, or a test) feeds it events and sends what it returns.

A response streams over time: `receive()` returns its first events (`response.created`,
`rate_limits.updated`), then the shell pulls the rest with `next_step()`, one step (a few events)
at a time, waiting `step.pause_ms` between steps. A `response.cancel` received between two steps
ends the response there.
"""

from __future__ import annotations

import base64
import math
import random
import re
import string
import sys
import time
from array import array
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, TypeVar, cast

import attrs
import orjson

from .. import audio as _audio
from .._codec import decode_client_event, to_dict
from .._exceptions import EventDecodeError
from .._types import UNSET, Unset
from ..events import UnknownEvent
from ..events import _client as ga_c
from ..events import _resources as ga_r
from ..events import _server as ga_s
from ..events._base import Model
from ..events._common import (
    CachedTokensDetails,
    ErrorDetails,
    InputTokenDetails,
    OutputTokenDetails,
    RateLimit,
    Usage,
)
from ..events.beta import _client as b_c
from ..events.beta import _resources as b_r
from ..events.beta import _server as b_s
from ._responder import (
    Disconnect,
    Reply,
    Responder,
    ResponderContext,
    Tone,
    Transcription,
    TranscriptionContext,
    default_responder,
    default_transcription,
)

__all__ = [
    "DEFAULT_INSTRUCTIONS",
    "FakeDialect",
    "FakeRealtimeEngine",
    "ResponseStep",
    "VOICES",
]

FakeDialect = Literal["ga", "beta"]
"""The protocol dialects the fake server speaks."""

DEFAULT_INSTRUCTIONS = "You are the realtime_sdk fake model. You answer briefly and predictably."
"""The session's instructions until a `session.update` changes them."""

VOICES: tuple[str, ...] = (
    "alloy",
    "ash",
    "ballad",
    "coral",
    "echo",
    "sage",
    "shimmer",
    "verse",
    "marin",
    "cedar",
)
"""The voice names the fake server accepts (others give an `invalid_value` error)."""

_M = TypeVar("_M", bound=Model)
_evolve = cast(Callable[..., Any], attrs.evolve)  # for fields of classes known only at run time
_ID_CHARS = string.ascii_letters + string.digits
_MIN_COMMIT_MS = 100.0  # the real server refuses to commit less than 100 ms of audio
_VAD_FRAME_MS = 10.0
_AUDIO_CHUNK_MS = 100.0
_ARGUMENT_CHUNK = 16
_CACHE_BLOCK = 64  # cached prompt tokens come in blocks of 64
_INPUT_AUDIO_TOKENS_PER_S = 10
_OUTPUT_AUDIO_TOKENS_PER_S = 20
_REQUESTS_LIMIT = 5000
_TOKENS_LIMIT = 400_000
_SESSION_TTL_S = 3600


@attrs.frozen
class ResponseStep:
    """One step of a streaming response: events to send now, then a pause before the next step.

    When `disconnect` is set (a responder's `Reply(disconnect=...)`), the shell ends the
    connection after sending `events`, as `Disconnect` says.
    """

    events: tuple[Model, ...]
    pause_ms: float = 0.0
    disconnect: Disconnect | None = None


class _Reject(Exception):
    """A client event the server refuses; becomes an `error` event."""

    def __init__(
        self,
        code: str,
        message: str,
        param: str | None = None,
        *,
        type: str = "invalid_request_error",
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.param = param
        self.type = type


# --- audio formats -----------------------------------------------------------------------------


@attrs.frozen
class _Format:
    """An audio encoding: PCM16 at 24 kHz or G.711 (mu-law / A-law) at 8 kHz."""

    kind: Literal["pcm16", "ulaw", "alaw"]

    @property
    def rate(self) -> int:
        return 24000 if self.kind == "pcm16" else 8000

    @property
    def width(self) -> int:
        return 2 if self.kind == "pcm16" else 1

    def ms(self, num_bytes: int) -> float:
        return num_bytes / self.width * 1000 / self.rate

    def nbytes(self, ms: float) -> int:
        return max(0, round(ms * self.rate / 1000)) * self.width

    def to_pcm16(self, data: bytes) -> bytes:
        if self.kind == "ulaw":
            return _audio.ulaw_decode(data)
        if self.kind == "alaw":
            return _audio.alaw_decode(data)
        return data

    def from_pcm16(self, pcm: bytes) -> bytes:
        if self.kind == "ulaw":
            return _audio.ulaw_encode(pcm)
        if self.kind == "alaw":
            return _audio.alaw_encode(pcm)
        return pcm


_PCM16 = _Format("pcm16")


def _ga_format(fmt: ga_r.AudioFormat | Unset | None) -> _Format:
    if isinstance(fmt, ga_r.PCMUAudioFormat):
        return _Format("ulaw")
    if isinstance(fmt, ga_r.PCMAAudioFormat):
        return _Format("alaw")
    return _PCM16


def _beta_format(fmt: str | Unset | None) -> _Format:
    if fmt == "g711_ulaw":
        return _Format("ulaw")
    if fmt == "g711_alaw":
        return _Format("alaw")
    return _PCM16


def _rms(pcm: bytes) -> float:
    """Root mean square of PCM16 samples, as a fraction of full scale (0 to 1)."""
    samples = array("h")
    samples.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    if sys.byteorder != "little":
        samples.byteswap()
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768


def vad_level(threshold: float) -> float:
    """The RMS level (fraction of full scale) that `turn_detection.threshold` stands for.

    The threshold 0..1 maps linearly onto -60..0 dBFS: the default 0.5 is -30 dBFS (RMS 0.032),
    which normal speech exceeds and silence or faint noise does not.
    """
    return float(10 ** ((min(max(threshold, 0.0), 1.0) * 60 - 60) / 20))


# --- small helpers -----------------------------------------------------------------------------


def _tokens(chars: int) -> int:
    return math.ceil(chars / 4)


def _split_words(text: str) -> list[str]:
    """Split text into streaming pieces (a word and the white space after it)."""
    return re.findall(r"\s*\S+\s*", text) or ([text] if text else [])


def _spread(pieces: list[str], slots: int) -> list[str]:
    """Distribute `pieces` over `slots` consecutive deltas (some may be empty)."""
    if slots <= 0:
        return []
    total = len(pieces)
    return ["".join(pieces[i * total // slots : (i + 1) * total // slots]) for i in range(slots)]


def _merge(old: _M, new: _M, merged: tuple[type[Model], ...]) -> _M:
    """`old` with every field `new` sets; nested models of the `merged` classes merge field-wise."""
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(new)):
        value = getattr(new, field.name)
        if field.name == "extra_fields":
            if value:
                changes["extra_fields"] = {**old.extra_fields, **value}
            continue
        if value is UNSET:
            continue
        current = getattr(old, field.name)
        if isinstance(value, merged) and type(current) is type(value):
            value = _merge(current, value, merged)
        changes[field.name] = value
    return attrs.evolve(old, **changes)


def _content(item: Model) -> list[Any]:
    content = getattr(item, "content", UNSET)
    return list(content) if isinstance(content, list) else []


def _strip_audio(item: _M) -> _M:
    """The item as the server echoes it: content parts without their audio payload."""
    content = getattr(item, "content", UNSET)
    if not isinstance(content, list) or not any(
        isinstance(getattr(p, "audio", UNSET), str) for p in content
    ):
        return item
    parts = [
        _evolve(p, audio=UNSET) if isinstance(getattr(p, "audio", UNSET), str) else p
        for p in content
    ]
    return cast(_M, _evolve(item, content=parts))


def _range_error(param: str, value: float, low: float, high: float) -> _Reject | None:
    if value < low:
        return _Reject(
            "decimal_below_min_value",
            f"Invalid '{param}': decimal below minimum value. Expected a value >= {low}, "
            f"but got {value} instead.",
            param,
        )
    if value > high:
        return _Reject(
            "decimal_above_max_value",
            f"Invalid '{param}': decimal above maximum value. Expected a value <= {high}, "
            f"but got {value} instead.",
            param,
        )
    return None


def _check_range(param: str, value: float | Unset | None, low: float, high: float) -> None:
    if isinstance(value, (int, float)):
        error = _range_error(param, value, low, high)
        if error is not None:
            raise error


def _check_int_range(param: str, value: int | str | Unset | None, low: int, high: int) -> None:
    if isinstance(value, int) and not low <= value <= high:
        word = "below minimum" if value < low else "above maximum"
        code = "integer_below_min_value" if value < low else "integer_above_max_value"
        bound = f">= {low}" if value < low else f"<= {high}"
        raise _Reject(
            code,
            f"Invalid '{param}': integer {word} value. Expected a value {bound}, "
            f"but got {value} instead.",
            param,
        )


def _check_voice(param: str, voice: object) -> None:
    if isinstance(voice, str) and voice not in VOICES:
        shown = ", ".join(f"'{v}'" for v in VOICES[:-1]) + f", and '{VOICES[-1]}'"
        raise _Reject(
            "invalid_value",
            f"Invalid value: '{voice}'. Supported values are: {shown}.",
            param,
        )


def _check_unknown_params(model: Model, path: str) -> None:
    for name in model.extra_fields:
        raise _Reject("unknown_parameter", f"Unknown parameter: '{path}.{name}'.", f"{path}.{name}")


def _check_turn_detection(path: str, turn_detection: object) -> None:
    if isinstance(turn_detection, (ga_r.ServerVAD, b_r.ServerVAD)):
        _check_range(f"{path}.threshold", turn_detection.threshold, 0.0, 1.0)
        _check_int_range(f"{path}.prefix_padding_ms", turn_detection.prefix_padding_ms, 0, 10_000)
        _check_int_range(
            f"{path}.silence_duration_ms", turn_detection.silence_duration_ms, 0, 10_000
        )


def _fill_ga_turn_detection(td: object) -> Any:
    if isinstance(td, ga_r.ServerVAD):
        return ga_r.ServerVAD(
            threshold=0.5 if td.threshold is UNSET else td.threshold,
            prefix_padding_ms=300 if td.prefix_padding_ms is UNSET else td.prefix_padding_ms,
            silence_duration_ms=500 if td.silence_duration_ms is UNSET else td.silence_duration_ms,
            idle_timeout_ms=None if td.idle_timeout_ms is UNSET else td.idle_timeout_ms,
            create_response=True if td.create_response is UNSET else td.create_response,
            interrupt_response=True if td.interrupt_response is UNSET else td.interrupt_response,
            extra_fields=td.extra_fields,
        )
    if isinstance(td, ga_r.SemanticVAD):
        return ga_r.SemanticVAD(
            eagerness="auto" if td.eagerness is UNSET else td.eagerness,
            create_response=True if td.create_response is UNSET else td.create_response,
            interrupt_response=True if td.interrupt_response is UNSET else td.interrupt_response,
            extra_fields=td.extra_fields,
        )
    return td


def _fill_beta_turn_detection(td: object) -> Any:
    if isinstance(td, b_r.ServerVAD):
        return b_r.ServerVAD(
            threshold=0.5 if td.threshold is UNSET else td.threshold,
            prefix_padding_ms=300 if td.prefix_padding_ms is UNSET else td.prefix_padding_ms,
            silence_duration_ms=500 if td.silence_duration_ms is UNSET else td.silence_duration_ms,
            create_response=True if td.create_response is UNSET else td.create_response,
            interrupt_response=True if td.interrupt_response is UNSET else td.interrupt_response,
            extra_fields=td.extra_fields,
        )
    if isinstance(td, b_r.SemanticVAD):
        return b_r.SemanticVAD(
            eagerness="auto" if td.eagerness is UNSET else td.eagerness,
            create_response=True if td.create_response is UNSET else td.create_response,
            interrupt_response=True if td.interrupt_response is UNSET else td.interrupt_response,
            extra_fields=td.extra_fields,
        )
    return td


_GA_ITEM_TYPES = (
    ga_r.MessageItem,
    ga_r.FunctionCallItem,
    ga_r.FunctionCallOutputItem,
    ga_r.MCPApprovalResponseItem,
    ga_r.MCPListToolsItem,
    ga_r.MCPCallItem,
    ga_r.MCPApprovalRequestItem,
)
_BETA_ITEM_TYPES = (b_r.MessageItem, b_r.FunctionCallItem, b_r.FunctionCallOutputItem)


def _ga_item(item: Model) -> ga_r.Item:
    if isinstance(item, _GA_ITEM_TYPES):
        return item
    raise TypeError(f"not a GA conversation item: {type(item).__name__}")


def _beta_item(item: Model) -> b_r.ConversationItem:
    if isinstance(item, _BETA_ITEM_TYPES):
        return item
    raise TypeError(f"not a beta conversation item: {type(item).__name__}")


def _item_id(item: Model) -> str:
    value = getattr(item, "id", UNSET)
    return value if isinstance(value, str) else ""


# --- token accounting --------------------------------------------------------------------------


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


# --- response state ----------------------------------------------------------------------------


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


@attrs.define
class _Vad:
    """Voice activity detection state."""

    speaking: bool = False
    start_ms: float = 0.0
    silence_ms: float = 0.0
    item_id: str = ""
    pending: bytes = b""  # audio not yet analysed (less than one frame)


class FakeRealtimeEngine:
    """One fake Realtime connection's state machine (no I/O).

    Args:
        dialect: "ga" (default) or "beta": which protocol's event shapes to speak.
        model: the session's model name (default "gpt-realtime" / "gpt-4o-realtime-preview").
        session: a `SessionConfig` of the dialect merged over the defaults, e.g. to turn server
            VAD off from the start (`turn_detection=None`); validated like a `session.update`.
        responder: decides what the fake model says (`default_responder` echoes the user).
        seed: makes the generated ids (`event_...`, `item_...`, `resp_...`) reproducible.
        clock: the time source for `expires_at` (Unix seconds).
        max_items: conversation size limit; the oldest items are dropped beyond it.
        max_buffer_ms: input audio buffer limit; appending beyond it gives an error event.
        max_session_duration: the session's maximum duration in seconds: `expires_at` in
            `session.created` is set from it, and the shell calls `expire()` when it is over
            (default: `expires_at` one hour ahead, not enforced).

    Use `start()` for the first events, `receive(event)` for each client event (a typed event, or
    raw text, which is decoded here), and `next_step()` while `responding`. For tests, `handle()`
    does `receive()` and then runs any response to its end.
    """

    def __init__(
        self,
        *,
        dialect: FakeDialect = "ga",
        model: str | None = None,
        session: Model | None = None,
        responder: Responder = default_responder,
        seed: int = 0,
        clock: Callable[[], float] = time.time,
        max_items: int = 4096,
        max_buffer_ms: float = 15 * 60 * 1000,
        max_session_duration: float | None = None,
    ) -> None:
        if dialect not in ("ga", "beta"):
            raise ValueError(f"dialect must be 'ga' or 'beta', got {dialect!r}")
        self._dialect: FakeDialect = dialect
        self._ga = dialect == "ga"
        self._rng = random.Random(seed)
        self._responder = responder
        self._max_items = max_items
        self._max_buffer_ms = max_buffer_ms
        self._conversation_id = self._new_id("conv")
        self._items: list[Model] = []
        self._buffer = bytearray()
        self._buffer_start_ms = 0.0  # session audio time of the buffer's first byte
        self._appended_ms = 0.0  # all audio appended in the session
        self._vad = _Vad()
        self._active: _Active | None = None
        self._queued: deque[tuple[Model | None, str | None]] = deque(maxlen=16)
        self._responses = 0
        self._tokens_used = 0
        self._prefix: list[_Segment] = []  # context processed by the last response
        self._assistant_audio = False
        self._last_response_id: str | None = None
        self._transcriptions = 0
        self._activity = 0  # bumped whenever the idle timeout's timer restarts
        if max_session_duration is not None and not (
            max_session_duration > 0 and math.isfinite(max_session_duration)
        ):
            raise ValueError(
                f"max_session_duration must be a positive number, got {max_session_duration!r}"
            )
        self.max_session_duration = max_session_duration
        """The session's maximum duration in seconds (None: not enforced)."""
        self.responder_errors: deque[BaseException] = deque(maxlen=16)
        """Exceptions raised by the responder (each also failed its response)."""
        expires_at = int(clock() + (max_session_duration or _SESSION_TTL_S))
        self._session: Model = (
            self._ga_default_session(model, expires_at)
            if self._ga
            else self._beta_default_session(model, expires_at)
        )
        if session is not None:
            try:
                self._session = self._updated_session(session)
            except _Reject as exc:
                raise ValueError(f"invalid session settings: {exc.message}") from None
        self._handlers: dict[type[Model], Callable[[Any, str | None], list[Model]]] = {}
        for ga_cls, beta_cls, handler in (
            (ga_c.SessionUpdate, b_c.SessionUpdate, self._on_session_update),
            (ga_c.ConversationItemCreate, b_c.ConversationItemCreate, self._on_item_create),
            (ga_c.ConversationItemDelete, b_c.ConversationItemDelete, self._on_item_delete),
            (ga_c.ConversationItemRetrieve, b_c.ConversationItemRetrieve, self._on_item_retrieve),
            (ga_c.ConversationItemTruncate, b_c.ConversationItemTruncate, self._on_item_truncate),
            (ga_c.InputAudioBufferAppend, b_c.InputAudioBufferAppend, self._on_append),
            (ga_c.InputAudioBufferCommit, b_c.InputAudioBufferCommit, self._on_commit),
            (ga_c.InputAudioBufferClear, b_c.InputAudioBufferClear, self._on_clear),
            (ga_c.ResponseCreate, b_c.ResponseCreate, self._on_response_create),
            (ga_c.ResponseCancel, b_c.ResponseCancel, self._on_response_cancel),
            (ga_c.OutputAudioBufferClear, b_c.OutputAudioBufferClear, self._on_unsupported),
            (
                ga_c.TranscriptionSessionUpdate,
                b_c.TranscriptionSessionUpdate,
                self._on_unsupported,
            ),
        ):
            self._handlers[ga_cls if self._ga else beta_cls] = handler

    # --- public state ----------------------------------------------------------------------------

    @property
    def dialect(self) -> FakeDialect:
        """The dialect this engine speaks."""
        return self._dialect

    @property
    def session(self) -> Model:
        """The current session settings (`SessionConfig` of the dialect)."""
        return self._session

    @property
    def items(self) -> tuple[Model, ...]:
        """The conversation items in order, as stored (user audio included)."""
        return tuple(self._items)

    @property
    def input_audio_buffer(self) -> bytes:
        """The audio appended and not yet committed or cleared."""
        return bytes(self._buffer)

    @property
    def responding(self) -> bool:
        """True while a response is in progress (pull it with `next_step()`)."""
        return self._active is not None

    # --- entry points ----------------------------------------------------------------------------

    def start(self) -> list[Model]:
        """The events sent when a client connects: `session.created`."""
        if self._ga:
            return [ga_s.SessionCreated(event_id=self._event_id(), session=self._ga_session())]
        return [b_s.SessionCreated(event_id=self._event_id(), session=self._beta_session())]

    def receive(self, event: Model | str | bytes) -> list[Model]:
        """Handle one client event; return the server events to send now.

        `event` is a typed client event of the engine's dialect, or raw wire text (decoded here;
        malformed JSON or an invalid event gives an `error` event). Any error leaves the
        connection usable, as on the real server.
        """
        if isinstance(event, (str, bytes)):
            try:
                event = decode_client_event(event, dialect=self._dialect, strict=True)
            except EventDecodeError as exc:
                return [self._decode_error(exc)]
        raw_id = getattr(event, "event_id", UNSET)
        client_event_id = raw_id if isinstance(raw_id, str) else None
        try:
            if isinstance(event, UnknownEvent):
                raw_id = event.raw.get("event_id")
                client_event_id = raw_id if isinstance(raw_id, str) else None
                raise self._unknown_type(event.type)
            handler = self._handlers.get(type(event))
            if handler is None:
                raise self._unknown_type(str(getattr(event, "type", type(event).__name__)))
            return handler(event, client_event_id)
        except _Reject as exc:
            return [self._error(exc, client_event_id)]

    def next_step(self) -> ResponseStep | None:
        """The next events of the response in progress, or None when no response is active.

        The last step of a response ends with `response.done`. Wait `pause_ms` before the next
        call, and hand the engine any client event received meanwhile first.
        """
        active = self._active
        if active is None:
            return None
        if active.steps is None:
            active.steps = self._steps(active, active.reply)
        cut = active.reply.disconnect
        if cut is not None and active.steps_sent >= cut.after_steps:
            return ResponseStep((), 0.0, disconnect=cut)
        events = next(active.steps, None)
        if events is not None:
            active.steps_sent += 1
            return ResponseStep(tuple(events), active.pause_ms)
        if cut is not None:  # a short reply: the connection ends before `response.done`
            return ResponseStep((), 0.0, disconnect=cut)
        done = self._finish(active, "completed")
        return ResponseStep(tuple(done), 0.0)

    @property
    def expiry_message(self) -> str:
        """ "Your session hit the maximum duration of N minutes." (N: `max_session_duration`
        in minutes; the live service's limit is 60)."""
        seconds = self.max_session_duration or _SESSION_TTL_S
        return f"Your session hit the maximum duration of {seconds / 60:g} minutes."

    def expire(self) -> list[Model]:
        """The `error` event sent when the session reaches `max_session_duration`; the shell
        then closes the connection with 1001 and `expiry_message` as the reason.

        The live service closes with 1001 and that message as the reason (a captured close:
        pollen-robotics/reachy_mini_conversation_app issue 134), after an `error` event with
        code `session_expired` and the same message (issue 10).
        """
        return [self._error(_Reject("session_expired", self.expiry_message), None)]

    @property
    def idle_timeout_ms(self) -> int | None:
        """The server VAD's `idle_timeout_ms` while its timer runs (no response in progress,
        no speech), else None. The shell calls `idle_timeout()` once that long has passed
        since `activity` last changed."""
        td = self._turn_detection()
        if not isinstance(td, ga_r.ServerVAD) or not isinstance(td.idle_timeout_ms, int):
            return None
        if self._active is not None or self._vad.speaking:
            return None
        return td.idle_timeout_ms

    @property
    def activity(self) -> int:
        """A counter that changes whenever the idle timeout's timer restarts (a response ended,
        speech started or stopped, the session was updated)."""
        return self._activity

    def idle_timeout(self) -> list[Model]:
        """The idle timeout fired: `input_audio_buffer.timeout_triggered`, then the buffered
        (silent) audio committed as a user item and a response, as the API reference describes
        `idle_timeout_ms`."""
        if self.idle_timeout_ms is None:
            return []
        self._activity += 1
        fmt = self._input_format()
        item_id = self._new_id("item")
        start_ms = self._buffer_start_ms
        audio = bytes(self._buffer)
        end_ms = start_ms + fmt.ms(len(audio))
        self._reset_buffer()
        triggered = ga_s.InputAudioBufferTimeoutTriggered(
            event_id=self._event_id(),
            audio_start_ms=int(start_ms),
            audio_end_ms=int(end_ms),
            item_id=item_id,
        )
        events: list[Model] = [triggered, *self._commit(audio, item_id)]
        td = self._turn_detection()
        if getattr(td, "create_response", True) is not False:
            events.extend(self._start_response(None, None))
        return events

    def drain(self) -> list[Model]:
        """Run the response in progress (and any queued ones) to the end, ignoring pauses; stop
        at a step that ends the connection (a responder's `Disconnect`)."""
        out: list[Model] = []
        while (step := self.next_step()) is not None:
            out.extend(step.events)
            if step.disconnect is not None:
                break
        return out

    def handle(self, event: Model | str | bytes) -> list[Model]:
        """`receive(event)` followed by `drain()`: every event the client ends up getting."""
        return [*self.receive(event), *self.drain()]

    # --- ids and errors --------------------------------------------------------------------------

    def _new_id(self, prefix: str, length: int = 21) -> str:
        return prefix + "_" + "".join(self._rng.choices(_ID_CHARS, k=length))

    def _event_id(self) -> str:
        return self._new_id("event")

    def _error(self, exc: _Reject, client_event_id: str | None) -> Model:
        details = ErrorDetails(
            type=exc.type,
            code=exc.code,
            message=exc.message,
            param=exc.param,
            event_id=client_event_id,
        )
        if self._ga:
            return ga_s.ErrorEvent(event_id=self._event_id(), error=details)
        return b_s.ErrorEvent(event_id=self._event_id(), error=details)

    def _decode_error(self, exc: EventDecodeError) -> Model:
        client_event_id: str | None = None
        try:
            obj = orjson.loads(exc.raw or b"")
        except orjson.JSONDecodeError:
            return self._error(
                _Reject(
                    "invalid_json",
                    "We could not parse the JSON body of your request. (HINT: This likely means "
                    "you aren't using your HTTP library correctly. The OpenAI API expects a JSON "
                    "payload, but what was sent was not valid JSON.)",
                ),
                None,
            )
        if isinstance(obj, dict) and isinstance(obj.get("event_id"), str):
            client_event_id = obj["event_id"]
        if not isinstance(obj, dict):
            reject = _Reject("invalid_event", "The event must be a JSON object.")
        elif "type" not in obj:
            reject = _Reject("invalid_event", "The 'type' field is missing.", "type")
        else:
            param = exc.path[2:] if exc.path.startswith("$.") else None
            shown = param or "event"
            if exc.message == "required field missing":
                reject = _Reject(
                    "missing_required_parameter", f"Missing required parameter: '{shown}'.", param
                )
            elif exc.message.startswith("expected"):
                reject = _Reject(
                    "invalid_type", f"Invalid type for '{shown}': {exc.message}.", param
                )
            else:
                reject = _Reject(
                    "invalid_value", f"Invalid value for '{shown}': {exc.message}.", param
                )
        return self._error(reject, client_event_id)

    def _unknown_type(self, event_type: str) -> _Reject:
        names = [f.default for c in self._handlers for f in attrs.fields(c) if f.name == "type"]
        shown = ", ".join(f"'{n}'" for n in names)
        return _Reject(
            "invalid_value",
            f"Invalid value: '{event_type}'. Supported values are: {shown}.",
            "type",
        )

    def _on_unsupported(self, event: Model, client_event_id: str | None) -> list[Model]:
        event_type = getattr(event, "type", "")
        raise _Reject(
            "unsupported_event",
            f"The fake Realtime server does not support '{event_type}' on this connection.",
            "type",
        )

    # --- session ---------------------------------------------------------------------------------

    def _ga_default_session(self, model: str | None, expires_at: int) -> Model:
        pcm = ga_r.PCMAudioFormat(rate=24000)
        return ga_r.SessionConfig(
            id=self._new_id("sess"),
            object="realtime.session",
            model=model or "gpt-realtime",
            output_modalities=["audio"],
            instructions=DEFAULT_INSTRUCTIONS,
            tools=[],
            tool_choice="auto",
            max_output_tokens="inf",
            tracing=None,
            prompt=None,
            expires_at=expires_at,
            audio=ga_r.SessionAudioConfig(
                input=ga_r.AudioInputConfig(
                    format=pcm,
                    transcription=None,
                    noise_reduction=None,
                    turn_detection=ga_r.ServerVAD(
                        threshold=0.5,
                        prefix_padding_ms=300,
                        silence_duration_ms=200,
                        idle_timeout_ms=None,
                        create_response=True,
                        interrupt_response=True,
                    ),
                ),
                output=ga_r.AudioOutputConfig(format=pcm, voice="marin", speed=1.0),
            ),
            include=None,
        )

    def _beta_default_session(self, model: str | None, expires_at: int) -> Model:
        return b_r.SessionConfig(
            id=self._new_id("sess"),
            object="realtime.session",
            expires_at=expires_at,
            model=model or "gpt-4o-realtime-preview",
            modalities=["text", "audio"],
            instructions=DEFAULT_INSTRUCTIONS,
            voice="alloy",
            input_audio_format="pcm16",
            output_audio_format="pcm16",
            input_audio_transcription=None,
            turn_detection=b_r.ServerVAD(
                threshold=0.5,
                prefix_padding_ms=300,
                silence_duration_ms=200,
                create_response=True,
                interrupt_response=True,
            ),
            input_audio_noise_reduction=None,
            tools=[],
            tool_choice="auto",
            temperature=0.8,
            max_response_output_tokens="inf",
            speed=1.0,
            tracing=None,
            include=None,
        )

    def _ga_session(self) -> ga_r.SessionConfig:
        assert isinstance(self._session, ga_r.SessionConfig)
        return self._session

    def _beta_session(self) -> b_r.SessionConfig:
        assert isinstance(self._session, b_r.SessionConfig)
        return self._session

    def _on_session_update(self, event: Model, client_event_id: str | None) -> list[Model]:
        new = getattr(event, "session", None)
        assert isinstance(new, Model)
        self._session = self._updated_session(new)
        self._activity += 1
        if self._ga:
            return [ga_s.SessionUpdated(event_id=self._event_id(), session=self._ga_session())]
        return [b_s.SessionUpdated(event_id=self._event_id(), session=self._beta_session())]

    def _updated_session(self, new: Model) -> Model:
        """The session with `new` merged in; raises `_Reject` for an invalid value."""
        if self._ga:
            if not isinstance(new, ga_r.SessionConfig):
                raise _Reject(
                    "invalid_value",
                    "Invalid value: 'transcription'. A realtime session cannot become a "
                    "transcription session.",
                    "session.type",
                )
            return self._ga_updated(new)
        if not isinstance(new, b_r.SessionConfig):
            raise TypeError(f"expected a beta SessionConfig, got {type(new).__name__}")
        return self._beta_updated(new)

    def _ga_updated(self, new: ga_r.SessionConfig) -> Model:
        _check_unknown_params(new, "session")
        if isinstance(new.output_modalities, list):
            self._check_ga_modalities("session.output_modalities", new.output_modalities)
        _check_int_range("session.max_output_tokens", new.max_output_tokens, 1, 4096)
        audio = new.audio
        if isinstance(audio, ga_r.SessionAudioConfig):
            if isinstance(audio.output, ga_r.AudioOutputConfig):
                out = audio.output
                _check_voice("session.audio.output.voice", out.voice)
                _check_range("session.audio.output.speed", out.speed, 0.25, 1.5)
                current = self._ga_voice()
                if out.voice is not UNSET and out.voice != current and self._assistant_audio:
                    raise _Reject(
                        "cannot_update_voice",
                        "Cannot update a conversation's voice if assistant audio is present.",
                        "session.audio.output.voice",
                    )
            if isinstance(audio.input, ga_r.AudioInputConfig):
                td = audio.input.turn_detection
                _check_turn_detection("session.audio.input.turn_detection", td)
                if td is not UNSET:
                    audio = attrs.evolve(
                        audio,
                        input=attrs.evolve(audio.input, turn_detection=_fill_ga_turn_detection(td)),
                    )
        # Read-only fields are the server's to set.
        new = attrs.evolve(new, audio=audio, id=UNSET, object=UNSET, expires_at=UNSET)
        merged = (ga_r.SessionAudioConfig, ga_r.AudioInputConfig, ga_r.AudioOutputConfig)
        return _merge(self._ga_session(), new, merged)

    def _check_ga_modalities(self, param: str, modalities: Sequence[str]) -> None:
        if list(modalities) not in (["text"], ["audio"]):
            raise _Reject(
                "invalid_value",
                f"Invalid modalities: {list(modalities)}. Supported combinations are: "
                "['text'] and ['audio'].",
                param,
            )

    def _check_beta_modalities(self, param: str, modalities: Sequence[str]) -> None:
        if sorted(modalities) not in (["text"], ["audio", "text"]):
            raise _Reject(
                "invalid_value",
                f"Invalid modalities: {list(modalities)}. Supported combinations are: "
                "['text'] and ['audio', 'text'].",
                param,
            )

    def _beta_updated(self, new: b_r.SessionConfig) -> Model:
        _check_unknown_params(new, "session")
        if isinstance(new.modalities, list):
            self._check_beta_modalities("session.modalities", new.modalities)
        _check_voice("session.voice", new.voice)
        changed = new.voice is not UNSET and new.voice != self._beta_session().voice
        if changed and self._assistant_audio:
            raise _Reject(
                "cannot_update_voice",
                "Cannot update a conversation's voice if assistant audio is present.",
                "session.voice",
            )
        _check_range("session.temperature", new.temperature, 0.6, 1.2)
        _check_range("session.speed", new.speed, 0.25, 1.5)
        _check_int_range(
            "session.max_response_output_tokens", new.max_response_output_tokens, 1, 4096
        )
        _check_turn_detection("session.turn_detection", new.turn_detection)
        new = attrs.evolve(
            new,
            turn_detection=_fill_beta_turn_detection(new.turn_detection),
            id=UNSET,
            object=UNSET,
            expires_at=UNSET,
            client_secret=UNSET,
        )
        return _merge(self._beta_session(), new, ())

    def _ga_voice(self) -> Any:
        audio = self._ga_session().audio
        if isinstance(audio, ga_r.SessionAudioConfig) and isinstance(
            audio.output, ga_r.AudioOutputConfig
        ):
            return audio.output.voice
        return UNSET

    def _input_format(self) -> _Format:
        if self._ga:
            audio = self._ga_session().audio
            if isinstance(audio, ga_r.SessionAudioConfig) and isinstance(
                audio.input, ga_r.AudioInputConfig
            ):
                return _ga_format(audio.input.format)
            return _PCM16
        return _beta_format(self._beta_session().input_audio_format)

    def _turn_detection(self) -> Any:
        if self._ga:
            audio = self._ga_session().audio
            if isinstance(audio, ga_r.SessionAudioConfig) and isinstance(
                audio.input, ga_r.AudioInputConfig
            ):
                td = audio.input.turn_detection
                return None if td is UNSET else td
            return None
        beta_td = self._beta_session().turn_detection
        return None if beta_td is UNSET else beta_td

    # --- conversation ----------------------------------------------------------------------------

    def _index_of(self, item_id: str) -> int | None:
        for index, item in enumerate(self._items):
            if _item_id(item) == item_id:
                return index
        return None

    def _find(self, item_id: str, param: str, action: str) -> int:
        index = self._index_of(item_id)
        if index is None:
            raise _Reject(
                "item_not_found",
                f"Error {action} item: the item with id '{item_id}' does not exist.",
                param,
            )
        return index

    def _insert(self, item: Model, position: int | None = None) -> str | None:
        """Insert `item` (at the end by default); return the id of the item before it."""
        if position is None:
            position = len(self._items)
        previous = _item_id(self._items[position - 1]) if position > 0 else None
        self._items.insert(position, item)
        while len(self._items) > self._max_items:
            self._items.pop(0)
        return previous or None

    def _replace(self, item: Model) -> None:
        index = self._index_of(_item_id(item))
        if index is not None:
            self._items[index] = item

    def _item_added_events(self, item: Model, previous: str | None) -> list[Model]:
        """GA: conversation.item.added + conversation.item.done; beta: conversation.item.created."""
        shown = _strip_audio(item)
        if self._ga:
            ga_item = _ga_item(shown)
            return [
                ga_s.ConversationItemAdded(
                    event_id=self._event_id(), previous_item_id=previous, item=ga_item
                ),
                ga_s.ConversationItemDone(
                    event_id=self._event_id(), previous_item_id=previous, item=ga_item
                ),
            ]
        return [
            b_s.ConversationItemCreated(
                event_id=self._event_id(), previous_item_id=previous, item=_beta_item(shown)
            )
        ]

    def _on_item_create(self, event: Model, client_event_id: str | None) -> list[Model]:
        assert isinstance(event, (ga_c.ConversationItemCreate, b_c.ConversationItemCreate))
        item: Model = event.item
        item_id = _item_id(item)
        if item_id and self._index_of(item_id) is not None:
            raise _Reject(
                "item_already_exists",
                f"Error adding item: an item with id '{item_id}' already exists.",
                "item.id",
            )
        if not item_id:
            item_id = self._new_id("item")
        changes: dict[str, Any] = {"id": item_id}
        if getattr(item, "status", UNSET) is UNSET and hasattr(item, "status"):
            changes["status"] = "completed"
        if not self._ga and getattr(item, "object", UNSET) is UNSET:
            changes["object"] = "realtime.item"
        item = attrs.evolve(item, **changes)
        previous_id = event.previous_item_id
        if previous_id is UNSET:
            position = None
        elif previous_id is None or previous_id == "root":
            position = 0
        else:
            index = self._index_of(previous_id)
            if index is None:
                raise _Reject(
                    "item_not_found",
                    f"Error adding item: the previous item with id '{previous_id}' does not exist.",
                    "previous_item_id",
                )
            position = index + 1
        previous = self._insert(item, position)
        return self._item_added_events(item, previous)

    def _on_item_delete(self, event: Model, client_event_id: str | None) -> list[Model]:
        assert isinstance(event, (ga_c.ConversationItemDelete, b_c.ConversationItemDelete))
        del self._items[self._find(event.item_id, "item_id", "deleting")]
        if self._ga:
            return [ga_s.ConversationItemDeleted(event_id=self._event_id(), item_id=event.item_id)]
        return [b_s.ConversationItemDeleted(event_id=self._event_id(), item_id=event.item_id)]

    def _on_item_retrieve(self, event: Model, client_event_id: str | None) -> list[Model]:
        assert isinstance(event, (ga_c.ConversationItemRetrieve, b_c.ConversationItemRetrieve))
        item = self._items[self._find(event.item_id, "item_id", "retrieving")]
        if self._ga:
            return [ga_s.ConversationItemRetrieved(event_id=self._event_id(), item=_ga_item(item))]
        return [b_s.ConversationItemRetrieved(event_id=self._event_id(), item=_beta_item(item))]

    def _on_item_truncate(self, event: Model, client_event_id: str | None) -> list[Model]:
        assert isinstance(event, (ga_c.ConversationItemTruncate, b_c.ConversationItemTruncate))
        index = self._find(event.item_id, "item_id", "truncating")
        item = self._items[index]
        content = _content(item)
        if getattr(item, "role", None) != "assistant" or not (
            0 <= event.content_index < len(content)
        ):
            raise _Reject(
                "invalid_value",
                "Only audio content of assistant messages can be truncated.",
                "content_index",
            )
        part = content[event.content_index]
        if not isinstance(part, (ga_r.OutputAudioContent, ga_r.AudioContent, b_r.AudioContent)):
            raise _Reject(
                "invalid_value",
                "Only audio content of assistant messages can be truncated.",
                "content_index",
            )
        fmt = self._output_format_now()
        audio = part.audio_bytes
        duration = fmt.ms(len(audio))
        if event.audio_end_ms < 0 or event.audio_end_ms > duration:
            raise _Reject(
                "invalid_value",
                f"Audio content of {duration:.0f}ms is shorter than the requested "
                f"audio_end_ms of {event.audio_end_ms}ms.",
                "audio_end_ms",
            )
        # The transcript no longer matches the audio: the server drops it (API reference).
        kept = base64.b64encode(audio[: fmt.nbytes(event.audio_end_ms)]).decode("ascii")
        content[event.content_index] = attrs.evolve(part, audio=kept, transcript=UNSET)
        self._items[index] = _evolve(item, content=content)
        cls = ga_s.ConversationItemTruncated if self._ga else b_s.ConversationItemTruncated
        return [
            cls(
                event_id=self._event_id(),
                item_id=event.item_id,
                content_index=event.content_index,
                audio_end_ms=event.audio_end_ms,
            )
        ]

    # --- input audio buffer ----------------------------------------------------------------------

    def _on_append(self, event: Model, client_event_id: str | None) -> list[Model]:
        assert isinstance(event, (ga_c.InputAudioBufferAppend, b_c.InputAudioBufferAppend))
        try:
            data = event.audio_bytes
        except EventDecodeError:
            raise _Reject("invalid_value", "Invalid 'audio': not valid base64.", "audio") from None
        fmt = self._input_format()
        if len(data) % fmt.width:
            raise _Reject(
                "invalid_value",
                f"Invalid 'audio': {len(data)} bytes is not a whole number of samples.",
                "audio",
            )
        if fmt.ms(len(self._buffer) + len(data)) > self._max_buffer_ms:
            raise _Reject(
                "input_audio_buffer_full",
                f"The input audio buffer holds at most {self._max_buffer_ms / 1000:.0f} seconds "
                "of audio; commit or clear it.",
                "audio",
            )
        self._buffer += data
        self._appended_ms += fmt.ms(len(data))
        td = self._turn_detection()
        if td is None:
            return []
        return self._run_vad(data, fmt, td)

    def _on_commit(self, event: Model, client_event_id: str | None) -> list[Model]:
        fmt = self._input_format()
        buffered_ms = fmt.ms(len(self._buffer))
        if buffered_ms < _MIN_COMMIT_MS:
            raise _Reject(
                "input_audio_buffer_commit_empty",
                "Error committing input audio buffer: buffer too small. Expected at least "
                f"100ms of audio, but buffer only has {buffered_ms:.2f}ms of audio.",
            )
        item_id = self._vad.item_id if self._vad.speaking else self._new_id("item")
        audio = bytes(self._buffer)
        self._reset_buffer()
        return self._commit(audio, item_id)

    def _on_clear(self, event: Model, client_event_id: str | None) -> list[Model]:
        self._reset_buffer()
        cls = ga_s.InputAudioBufferCleared if self._ga else b_s.InputAudioBufferCleared
        return [cls(event_id=self._event_id())]

    def _reset_buffer(self) -> None:
        self._buffer.clear()
        self._buffer_start_ms = self._appended_ms
        self._vad = _Vad()

    def _commit(self, audio: bytes, item_id: str) -> list[Model]:
        """Make `audio` a user message item: `input_audio_buffer.committed` and the item events."""
        item: Model
        if self._ga:
            # The live GA service sends `"transcript": null` in the item events of committed
            # audio (captured session, issue 10); the transcription arrives in its own events.
            item = ga_r.MessageItem(
                id=item_id,
                status="completed",
                role="user",
                content=[ga_r.InputAudioContent(audio=audio, transcript=None)],
            )
        else:
            item = b_r.MessageItem(
                id=item_id,
                object="realtime.item",
                status="completed",
                role="user",
                content=[b_r.InputAudioContent(audio=audio, transcript=None)],
            )
        previous = self._insert(item)
        committed: Model
        if self._ga:
            committed = ga_s.InputAudioBufferCommitted(
                event_id=self._event_id(), previous_item_id=previous, item_id=item_id
            )
        else:
            committed = b_s.InputAudioBufferCommitted(
                event_id=self._event_id(), previous_item_id=previous, item_id=item_id
            )
        return [
            committed,
            *self._item_added_events(item, previous),
            *self._transcribe(item_id, audio),
        ]

    def _transcription_model(self) -> str | None:
        """The session's input transcription model, or None when transcription is off."""
        config: Any = None
        if self._ga:
            audio = self._ga_session().audio
            if isinstance(audio, ga_r.SessionAudioConfig) and isinstance(
                audio.input, ga_r.AudioInputConfig
            ):
                config = audio.input.transcription
        else:
            config = self._beta_session().input_audio_transcription
        if not isinstance(config, (ga_r.AudioTranscription, b_r.InputAudioTranscription)):
            return None
        return config.model if isinstance(config.model, str) else "whisper-1"

    def _transcribe(self, item_id: str, audio: bytes) -> list[Model]:
        """Input audio transcription of a committed item, when the session asks for it.

        Shapes as in the published examples: `.delta` pieces, then `.completed` with `usage`
        (`{"type": "tokens", ...}`, or `{"type": "duration", "seconds": ...}` for whisper-1, as
        openai-python's `UsageTranscriptTextUsageDuration`), or `.failed` with an error. The
        item events keep `"transcript": null`; the stored item gets the transcript.
        """
        model = self._transcription_model()
        if model is None:
            return []
        audio_ms = self._input_format().ms(len(audio))
        context = TranscriptionContext(
            dialect=self._dialect,
            item_id=item_id,
            audio_ms=audio_ms,
            model=model,
            index=self._transcriptions,
        )
        self._transcriptions += 1
        transcribe = getattr(self._responder, "transcribe", default_transcription)
        try:
            result = transcribe(context)
            if not isinstance(result, Transcription):
                result = Transcription(text=str(result))
        except Exception as exc:  # a responder bug fails the transcription, visibly
            self.responder_errors.append(exc)
            result = Transcription(error="responder_error")
        ids: dict[str, Any] = {"item_id": item_id, "content_index": 0}
        if result.error is not None:
            if self._ga:
                error: Any = ga_r.TranscriptionError(
                    type="transcription_error",
                    code=result.error,
                    message=result.error_message,
                    param=None,
                )
                failed: Model = ga_s.ConversationItemInputAudioTranscriptionFailed(
                    event_id=self._event_id(), error=error, **ids
                )
            else:
                error = b_r.TranscriptionError(
                    type="transcription_error",
                    code=result.error,
                    message=result.error_message,
                    param=None,
                )
                failed = b_s.ConversationItemInputAudioTranscriptionFailed(
                    event_id=self._event_id(), error=error, **ids
                )
            return [failed]
        events: list[Model] = []
        for piece in _split_words(result.text):
            cls = (
                ga_s.ConversationItemInputAudioTranscriptionDelta
                if self._ga
                else b_s.ConversationItemInputAudioTranscriptionDelta
            )
            events.append(cls(event_id=self._event_id(), delta=piece, **ids))
        audio_tokens = math.ceil(audio_ms * _INPUT_AUDIO_TOKENS_PER_S / 1000)
        text_tokens = _tokens(len(result.text))
        usage: Any
        if model == "whisper-1":
            duration_cls = (
                ga_r.TranscriptionUsageDuration if self._ga else b_r.TranscriptionUsageDuration
            )
            usage = duration_cls(seconds=round(audio_ms / 1000, 3))
        elif self._ga:
            usage = ga_r.TranscriptionUsageTokens(
                input_tokens=audio_tokens,
                input_token_details=InputTokenDetails(text_tokens=0, audio_tokens=audio_tokens),
                output_tokens=text_tokens,
                total_tokens=audio_tokens + text_tokens,
            )
        else:
            usage = b_r.TranscriptionUsageTokens(
                input_tokens=audio_tokens,
                input_token_details=b_r.TranscriptionInputTokenDetails(
                    text_tokens=0, audio_tokens=audio_tokens
                ),
                output_tokens=text_tokens,
                total_tokens=audio_tokens + text_tokens,
            )
        completed_cls = (
            ga_s.ConversationItemInputAudioTranscriptionCompleted
            if self._ga
            else b_s.ConversationItemInputAudioTranscriptionCompleted
        )
        events.append(
            completed_cls(event_id=self._event_id(), transcript=result.text, usage=usage, **ids)
        )
        index = self._index_of(item_id)
        if index is not None:
            item = self._items[index]
            parts = _content(item)
            if parts:
                parts[0] = _evolve(parts[0], transcript=result.text)
                self._items[index] = _evolve(item, content=parts)
        return events

    def _run_vad(self, data: bytes, fmt: _Format, td: Any) -> list[Model]:
        """Voice activity detection on RMS energy in 10 ms frames (server_vad semantics)."""
        if isinstance(td, (ga_r.ServerVAD, b_r.ServerVAD)):
            level = vad_level(td.threshold if isinstance(td.threshold, (int, float)) else 0.5)
            prefix_ms = td.prefix_padding_ms if isinstance(td.prefix_padding_ms, int) else 300
            silence_ms = td.silence_duration_ms if isinstance(td.silence_duration_ms, int) else 500
        else:  # semantic VAD: the fake judges the end of a turn by silence, per eagerness
            level = vad_level(0.5)
            prefix_ms = 300
            eagerness = getattr(td, "eagerness", "auto")
            silence_ms = {"low": 1500, "high": 250}.get(eagerness, 700)
        create_response = td.create_response is not False
        interrupt = td.interrupt_response is not False
        vad = self._vad
        frame = fmt.nbytes(_VAD_FRAME_MS)
        pending = vad.pending + data
        analysed_ms = self._appended_ms - fmt.ms(len(pending))
        events: list[Model] = []
        offset = 0
        while offset + frame <= len(pending):
            chunk = pending[offset : offset + frame]
            offset += frame
            frame_start = analysed_ms
            analysed_ms += _VAD_FRAME_MS
            speech = _rms(fmt.to_pcm16(chunk)) >= level
            if not vad.speaking:
                if not speech:
                    continue
                vad.speaking = True
                vad.silence_ms = 0.0
                self._activity += 1
                vad.start_ms = max(self._buffer_start_ms, frame_start - prefix_ms)
                vad.item_id = self._new_id("item")
                cls = (
                    ga_s.InputAudioBufferSpeechStarted
                    if self._ga
                    else b_s.InputAudioBufferSpeechStarted
                )
                events.append(
                    cls(
                        event_id=self._event_id(),
                        audio_start_ms=int(vad.start_ms),
                        item_id=vad.item_id,
                    )
                )
                if interrupt and self._active is not None:
                    events.extend(self._cancel(self._active, "turn_detected"))
                continue
            vad.silence_ms = 0.0 if speech else vad.silence_ms + _VAD_FRAME_MS
            if vad.silence_ms < silence_ms:
                continue
            # Speech ended: audio_end_ms includes the silence that ended it (API reference).
            end_ms = analysed_ms
            stop_cls = (
                ga_s.InputAudioBufferSpeechStopped
                if self._ga
                else b_s.InputAudioBufferSpeechStopped
            )
            events.append(
                stop_cls(event_id=self._event_id(), audio_end_ms=int(end_ms), item_id=vad.item_id)
            )
            start = fmt.nbytes(vad.start_ms - self._buffer_start_ms)
            end = min(len(self._buffer), fmt.nbytes(end_ms - self._buffer_start_ms))
            audio = bytes(self._buffer[start:end])
            del self._buffer[:end]
            self._buffer_start_ms = end_ms
            item_id = vad.item_id
            vad.speaking = False
            self._activity += 1
            vad.item_id = ""
            events.extend(self._commit(audio, item_id))
            if create_response and self._active is None:
                events.extend(self._start_response(None, None))
        vad.pending = pending[offset:]
        return events

    # --- responses -------------------------------------------------------------------------------

    def _output_format_now(self) -> _Format:
        if self._ga:
            audio = self._ga_session().audio
            if isinstance(audio, ga_r.SessionAudioConfig) and isinstance(
                audio.output, ga_r.AudioOutputConfig
            ):
                return _ga_format(audio.output.format)
            return _PCM16
        return _beta_format(self._beta_session().output_audio_format)

    def _on_response_create(self, event: Model, client_event_id: str | None) -> list[Model]:
        assert isinstance(event, (ga_c.ResponseCreate, b_c.ResponseCreate))
        params = None if event.response is UNSET else event.response
        if params is not None:
            self._validate_params(params)
        in_conversation = self._in_conversation(params)
        if self._active is not None:
            if in_conversation:
                raise _Reject(
                    "conversation_already_has_active_response",
                    "Conversation already has an active response in progress: "
                    f"{self._active.id}. Wait until the response is finished before creating "
                    "a new one.",
                )
            if len(self._queued) == self._queued.maxlen:
                raise _Reject("too_many_responses", "Too many out-of-band responses queued.")
            self._queued.append((params, client_event_id))
            return []
        return self._start_response(params, client_event_id)

    def _in_conversation(self, params: Model | None) -> bool:
        conversation = getattr(params, "conversation", UNSET)
        return conversation is UNSET or conversation == "auto"

    def _validate_params(self, params: Model) -> None:
        conversation = getattr(params, "conversation", UNSET)
        if conversation not in (UNSET, "auto", "none"):
            raise _Reject(
                "invalid_value",
                f"Invalid value: '{conversation}'. Supported values are: 'auto' and 'none'.",
                "response.conversation",
            )
        if isinstance(params, ga_r.ResponseCreateParams):
            _check_unknown_params(params, "response")
            if isinstance(params.output_modalities, list):
                self._check_ga_modalities("response.output_modalities", params.output_modalities)
            _check_int_range("response.max_output_tokens", params.max_output_tokens, 1, 4096)
            if isinstance(params.audio, ga_r.ResponseAudioConfig) and isinstance(
                params.audio.output, ga_r.ResponseAudioOutput
            ):
                _check_voice("response.audio.output.voice", params.audio.output.voice)
        elif isinstance(params, b_r.ResponseCreateParams):
            _check_unknown_params(params, "response")
            if isinstance(params.modalities, list):
                self._check_beta_modalities("response.modalities", params.modalities)
            _check_voice("response.voice", params.voice)
            _check_range("response.temperature", params.temperature, 0.6, 1.2)
            _check_int_range(
                "response.max_response_output_tokens", params.max_response_output_tokens, 1, 4096
            )
        for index, entry in enumerate(getattr(params, "input", None) or []):
            if isinstance(entry, (ga_r.ItemReference, b_r.ItemReference)):
                ref = entry.id if isinstance(entry.id, str) else ""
                if self._index_of(ref) is None:
                    raise _Reject(
                        "item_not_found",
                        f"Error creating response: the item with id '{ref}' does not exist.",
                        f"response.input[{index}].id",
                    )

    def _start_response(self, params: Model | None, client_event_id: str | None) -> list[Model]:
        """Make the response active; return `response.created` and `rate_limits.updated`."""
        context_items = self._context_items(params)
        instructions, tools = self._instructions_and_tools(params)
        context = self._segments(context_items, instructions, tools)
        input_usage = self._input_usage(context)
        if self._ga:
            session = self._ga_session()
            ga_params = params if isinstance(params, ga_r.ResponseCreateParams) else None
            modalities: list[Literal["text", "audio"]] = list(
                (ga_params.output_modalities if ga_params else UNSET)
                or session.output_modalities
                or ["audio"]
            )
            voice = self._ga_voice()
            out_format_model: Any = UNSET
            if isinstance(session.audio, ga_r.SessionAudioConfig) and isinstance(
                session.audio.output, ga_r.AudioOutputConfig
            ):
                out_format_model = session.audio.output.format
            if ga_params and isinstance(ga_params.audio, ga_r.ResponseAudioConfig):
                output = ga_params.audio.output
                if isinstance(output, ga_r.ResponseAudioOutput):
                    voice = voice if output.voice is UNSET else output.voice
                    if output.format is not UNSET:
                        out_format_model = output.format
            out_format = _ga_format(out_format_model)
            max_tokens = (
                ga_params.max_output_tokens
                if ga_params and ga_params.max_output_tokens is not UNSET
                else session.max_output_tokens
            )
            temperature: float | Unset | None = UNSET
            metadata = ga_params.metadata if ga_params else UNSET
        else:
            bsession = self._beta_session()
            b_params = params if isinstance(params, b_r.ResponseCreateParams) else None
            modalities = list(
                (b_params.modalities if b_params else UNSET)
                or bsession.modalities
                or ["text", "audio"]
            )
            voice = (b_params.voice if b_params else UNSET) or bsession.voice
            out_format_model = (
                b_params.output_audio_format if b_params else UNSET
            ) or bsession.output_audio_format
            out_format = _beta_format(out_format_model)
            max_tokens = bsession.max_response_output_tokens
            if b_params and b_params.max_response_output_tokens is not UNSET:
                max_tokens = b_params.max_response_output_tokens
            temperature = (b_params.temperature if b_params else UNSET) or bsession.temperature
            metadata = b_params.metadata if b_params else UNSET
        active = _Active(
            id=self._new_id("resp"),
            in_conversation=self._in_conversation(params),
            modalities=modalities,
            voice=voice,
            out_format=out_format,
            out_format_model=out_format_model,
            metadata=None if metadata is UNSET else metadata,
            max_output_tokens=UNSET if max_tokens is None else max_tokens,
            temperature=UNSET if temperature is None else temperature,
            input_usage=input_usage,
            context=context,
            pause_ms=0.0,
            items=context_items,
            params=params,
        )
        self._active = active
        self._responses += 1
        self._tokens_used += input_usage.text + input_usage.audio
        active.reply = self._ask_responder(active)
        created: Model
        if self._ga:
            created = ga_s.ResponseCreated(
                event_id=self._event_id(), response=self._ga_response(active, "in_progress")
            )
        else:
            created = b_s.ResponseCreated(
                event_id=self._event_id(), response=self._beta_response(active, "in_progress")
            )
        return [created, self._rate_limits(active.reply.rate_limits)]

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
        if self._ga:
            return ga_s.RateLimitsUpdated(event_id=self._event_id(), rate_limits=limits)
        return b_s.RateLimitsUpdated(event_id=self._event_id(), rate_limits=limits)

    def _context_items(self, params: Model | None) -> list[Model]:
        entries = getattr(params, "input", UNSET)
        if not isinstance(entries, list):
            return list(self._items)
        out: list[Model] = []
        for entry in entries:
            if isinstance(entry, (ga_r.ItemReference, b_r.ItemReference)):
                index = self._index_of(entry.id if isinstance(entry.id, str) else "")
                if index is not None:
                    out.append(self._items[index])
            else:
                out.append(entry)
        return out

    def _instructions_and_tools(self, params: Model | None) -> tuple[str, list[Any]]:
        instructions = getattr(params, "instructions", UNSET)
        if not isinstance(instructions, str):
            instructions = getattr(self._session, "instructions", "")
        tools = getattr(params, "tools", UNSET)
        if not isinstance(tools, list):
            tools = getattr(self._session, "tools", [])
        return (instructions if isinstance(instructions, str) else ""), list(tools or [])

    def _ask_responder(self, active: _Active) -> Reply:
        items, params = active.items, active.params
        last_text: str | None = None
        last_audio_ms: float | None = None
        last_kind: Literal["text", "audio"] | None = None
        in_fmt = self._input_format()
        for item in reversed(items):
            if getattr(item, "role", None) != "user":
                continue
            for part in _content(item):
                if isinstance(part, (ga_r.InputTextContent, b_r.InputTextContent)):
                    if last_text is None:
                        last_text = part.text if isinstance(part.text, str) else ""
                        last_kind = last_kind or "text"
                    break
                if isinstance(part, (ga_r.InputAudioContent, b_r.InputAudioContent)):
                    if last_audio_ms is None:
                        last_audio_ms = in_fmt.ms(len(part.audio_bytes))
                        last_kind = last_kind or "audio"
                    break
            if last_text is not None and last_audio_ms is not None:
                break
        context = ResponderContext(
            dialect=self._dialect,
            items=tuple(items),
            last_user_text=last_text,
            last_user_audio_ms=last_audio_ms,
            last_user_kind=last_kind,
            params=params,
            session=self._session,
            output_modalities=tuple(active.modalities),
            response_index=self._responses - 1,
        )
        try:
            reply = self._responder(context)
        except Exception as exc:  # a responder bug fails the response, visibly
            self.responder_errors.append(exc)
            reply = Reply(error="responder_error")
        active.pause_ms = reply.pause_ms
        return reply

    # --- response streaming ----------------------------------------------------------------------

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
        events: list[Model] = []
        if self._ga:
            events.append(
                ga_s.ResponseOutputItemAdded(
                    event_id=self._event_id(),
                    response_id=active.id,
                    output_index=out.index,
                    item=_ga_item(_strip_audio(item)),
                )
            )
        else:
            events.append(
                b_s.ResponseOutputItemAdded(
                    event_id=self._event_id(),
                    response_id=active.id,
                    output_index=out.index,
                    item=_beta_item(_strip_audio(item)),
                )
            )
        if active.in_conversation:
            previous = self._insert(item)
            shown = _strip_audio(item)
            if self._ga:
                events.append(
                    ga_s.ConversationItemAdded(
                        event_id=self._event_id(), previous_item_id=previous, item=_ga_item(shown)
                    )
                )
            else:
                events.append(
                    b_s.ConversationItemCreated(
                        event_id=self._event_id(),
                        previous_item_id=previous,
                        item=_beta_item(shown),
                    )
                )
        return out, events

    def _part(self, out: _Output, *, stored: bool = False) -> Any:
        """The output's content part as it stands inside the item (`item.content`)."""
        audio: str | Unset = UNSET
        if stored and out.audio:
            audio = base64.b64encode(out.audio).decode("ascii")
        if self._ga:
            if out.mode == "audio":
                return ga_r.OutputAudioContent(audio=audio, transcript=out.text)
            return ga_r.OutputTextContent(text=out.text)
        if out.mode == "audio":
            return b_r.AudioContent(audio=audio, transcript=out.text)
        return b_r.TextContent(text=out.text)

    def _event_part(self, out: _Output) -> Any:
        """The `part` of `response.content_part.added` / `.done`.

        Both dialects name it "text" / "audio" here, while a GA item names the same part
        "output_text" / "output_audio" in `item.content`: the published GA schema's enum for
        `part.type` is ["audio", "text"], its example is `{"type": "text", "text": ""}`,
        openai-python's `ResponseContentPartAddedEvent.Part.type` is `Literal["text", "audio"]`,
        and a captured live GA session sends `{"type": "audio", "transcript": ""}`.
        """
        if self._ga:
            if out.mode == "audio":
                return ga_r.AudioContent(transcript=out.text)
            return ga_r.TextContent(text=out.text)
        if out.mode == "audio":
            return b_r.AudioContent(transcript=out.text)
        return b_r.TextContent(text=out.text)

    def _output_item(self, active: _Active, out: _Output, *, stored: bool = False) -> Model:
        """The output item as it stands (with its audio when `stored`)."""
        status = out.status
        if out.kind == "function_call":
            if self._ga:
                return ga_r.FunctionCallItem(
                    id=out.item_id,
                    status=status,
                    call_id=out.call_id,
                    name=out.name,
                    arguments=out.arguments,
                )
            return b_r.FunctionCallItem(
                id=out.item_id,
                object="realtime.item",
                status=status,
                call_id=out.call_id,
                name=out.name,
                arguments=out.arguments,
            )
        content = [self._part(out, stored=stored)] if out.part_added else []
        if self._ga:
            return ga_r.MessageItem(
                id=out.item_id, status=status, role="assistant", content=content
            )
        return b_r.MessageItem(
            id=out.item_id, object="realtime.item", status=status, role="assistant", content=content
        )

    def _part_added(self, active: _Active, out: _Output) -> Model:
        out.part_added = True
        part = self._event_part(out)
        if self._ga:
            return ga_s.ResponseContentPartAdded(
                event_id=self._event_id(),
                response_id=active.id,
                item_id=out.item_id,
                output_index=out.index,
                content_index=0,
                part=part,
            )
        return b_s.ResponseContentPartAdded(
            event_id=self._event_id(),
            response_id=active.id,
            item_id=out.item_id,
            output_index=out.index,
            content_index=0,
            part=part,
        )

    def _delta(self, active: _Active, out: _Output, kind: str, delta: str) -> Model:
        common: dict[str, Any] = {
            "event_id": self._event_id(),
            "response_id": active.id,
            "item_id": out.item_id,
            "output_index": out.index,
            "content_index": 0,
            "delta": delta,
        }
        if kind == "text":
            return (
                ga_s.ResponseOutputTextDelta(**common)
                if self._ga
                else b_s.ResponseTextDelta(**common)
            )
        if kind == "audio":
            return (
                ga_s.ResponseOutputAudioDelta(**common)
                if self._ga
                else b_s.ResponseAudioDelta(**common)
            )
        return (
            ga_s.ResponseOutputAudioTranscriptDelta(**common)
            if self._ga
            else b_s.ResponseAudioTranscriptDelta(**common)
        )

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
        ids: dict[str, Any] = {
            "response_id": active.id,
            "item_id": out.item_id,
            "output_index": out.index,
            "content_index": 0,
        }
        if out.part_added and not out.part_done:
            out.part_done = True
            if out.mode == "audio":
                if self._ga:
                    events.append(ga_s.ResponseOutputAudioDone(event_id=self._event_id(), **ids))
                    events.append(
                        ga_s.ResponseOutputAudioTranscriptDone(
                            event_id=self._event_id(), transcript=out.text, **ids
                        )
                    )
                else:
                    events.append(b_s.ResponseAudioDone(event_id=self._event_id(), **ids))
                    events.append(
                        b_s.ResponseAudioTranscriptDone(
                            event_id=self._event_id(), transcript=out.text, **ids
                        )
                    )
            elif self._ga:
                events.append(
                    ga_s.ResponseOutputTextDone(event_id=self._event_id(), text=out.text, **ids)
                )
            else:
                events.append(b_s.ResponseTextDone(event_id=self._event_id(), text=out.text, **ids))
            part = self._event_part(out)
            if self._ga:
                events.append(
                    ga_s.ResponseContentPartDone(event_id=self._event_id(), part=part, **ids)
                )
            else:
                events.append(
                    b_s.ResponseContentPartDone(event_id=self._event_id(), part=part, **ids)
                )
        events.extend(self._close_output(active, out, status))
        return events

    def _close_output(
        self, active: _Active, out: _Output, status: Literal["completed", "incomplete"]
    ) -> list[Model]:
        out.done = True
        out.status = status
        stored = self._output_item(active, out, stored=True)
        shown = _strip_audio(stored)
        events: list[Model] = []
        if self._ga:
            events.append(
                ga_s.ResponseOutputItemDone(
                    event_id=self._event_id(),
                    response_id=active.id,
                    output_index=out.index,
                    item=_ga_item(shown),
                )
            )
        else:
            events.append(
                b_s.ResponseOutputItemDone(
                    event_id=self._event_id(),
                    response_id=active.id,
                    output_index=out.index,
                    item=_beta_item(shown),
                )
            )
        if active.in_conversation:
            self._replace(stored)
            if self._ga:
                index = self._index_of(out.item_id)
                previous = _item_id(self._items[index - 1]) if index else None
                events.append(
                    ga_s.ConversationItemDone(
                        event_id=self._event_id(),
                        previous_item_id=previous or None,
                        item=_ga_item(shown),
                    )
                )
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
            fields: dict[str, Any] = {
                "event_id": self._event_id(),
                "response_id": active.id,
                "item_id": out.item_id,
                "output_index": out.index,
                "call_id": out.call_id,
                "delta": piece,
            }
            events.append(
                ga_s.ResponseFunctionCallArgumentsDelta(**fields)
                if self._ga
                else b_s.ResponseFunctionCallArgumentsDelta(**fields)
            )
            yield events
            events = []
        done: Model
        if self._ga:
            done = ga_s.ResponseFunctionCallArgumentsDone(
                event_id=self._event_id(),
                response_id=active.id,
                item_id=out.item_id,
                output_index=out.index,
                call_id=out.call_id,
                name=out.name,
                arguments=out.arguments,
            )
        else:
            done = b_s.ResponseFunctionCallArgumentsDone(
                event_id=self._event_id(),
                response_id=active.id,
                item_id=out.item_id,
                output_index=out.index,
                call_id=out.call_id,
                arguments=out.arguments,
            )
        yield [*events, done, *self._close_output(active, out, "completed")]

    def _on_response_cancel(self, event: Model, client_event_id: str | None) -> list[Model]:
        assert isinstance(event, (ga_c.ResponseCancel, b_c.ResponseCancel))
        active = self._active
        if active is None or (event.response_id is not UNSET and event.response_id != active.id):
            raise _Reject(
                "response_cancel_not_active", "Cancellation failed: no active response found"
            )
        return self._cancel(active, "client_cancelled")

    def _cancel(
        self, active: _Active, reason: Literal["client_cancelled", "turn_detected"]
    ) -> list[Model]:
        events: list[Model] = []
        for out in active.outputs:
            if out.done:
                continue
            if out.kind == "message":
                events.extend(self._close_message(active, out, "incomplete"))
            else:
                events.extend(self._close_output(active, out, "incomplete"))
        events.extend(self._finish(active, "cancelled", reason=reason))
        return events

    def _finish(
        self,
        active: _Active,
        status: Literal["completed", "cancelled", "failed"],
        *,
        reason: Literal["client_cancelled", "turn_detected"] | None = None,
        error: tuple[str, str] | None = None,
    ) -> list[Model]:
        """End the response: `response.done` with its usage; start a queued response if any."""
        if self._active is active:
            self._active = None
            self._activity += 1
        active.steps = None
        usage = self._usage(active)
        self._tokens_used += (
            (usage.output_tokens or 0) if isinstance(usage.output_tokens, int) else 0
        )
        self._prefix = active.context + [
            self._segment(self._output_item(active, out, stored=True)) for out in active.outputs
        ]
        self._last_response_id = active.id
        details: Any = None
        if status == "cancelled":
            details = (ga_r.ResponseStatusDetails if self._ga else b_r.ResponseStatusDetails)(
                type="cancelled", reason=reason or "client_cancelled"
            )
        elif status == "failed" and error is not None:
            if self._ga:
                details = ga_r.ResponseStatusDetails(
                    type="failed", error=ga_r.ResponseStatusError(type=error[0], code=error[1])
                )
            else:
                details = b_r.ResponseStatusDetails(
                    type="failed", error=b_r.ResponseStatusError(type=error[0], code=error[1])
                )
        done: Model
        if self._ga:
            done = ga_s.ResponseDone(
                event_id=self._event_id(),
                response=self._ga_response(active, status, details=details, usage=usage),
            )
        else:
            done = b_s.ResponseDone(
                event_id=self._event_id(),
                response=self._beta_response(active, status, details=details, usage=usage),
            )
        events: list[Model] = [done]
        if self._queued and self._active is None:
            params, client_event_id = self._queued.popleft()
            events.extend(self._start_response(params, client_event_id))
        return events

    def _ga_response(
        self,
        active: _Active,
        status: Literal["completed", "cancelled", "failed", "in_progress"],
        *,
        details: Any = None,
        usage: Usage | None = None,
    ) -> ga_r.Response:
        output = [_ga_item(_strip_audio(self._output_item(active, out))) for out in active.outputs]
        audio = ga_r.ResponseAudioConfig(
            output=ga_r.ResponseAudioOutput(format=active.out_format_model, voice=active.voice)
        )
        return ga_r.Response(
            id=active.id,
            object="realtime.response",
            status=status,
            status_details=details,
            output=output,
            conversation_id=self._conversation_id if active.in_conversation else UNSET,
            output_modalities=list(active.modalities),
            max_output_tokens=active.max_output_tokens,
            audio=audio,
            usage=usage,
            metadata=active.metadata,
        )

    def _beta_response(
        self,
        active: _Active,
        status: Literal["completed", "cancelled", "failed", "in_progress"],
        *,
        details: Any = None,
        usage: Usage | None = None,
    ) -> b_r.Response:
        output = [
            _beta_item(_strip_audio(self._output_item(active, out))) for out in active.outputs
        ]
        return b_r.Response(
            id=active.id,
            object="realtime.response",
            status=status,
            status_details=details,
            output=output,
            metadata=active.metadata,
            usage=usage,
            conversation_id=self._conversation_id if active.in_conversation else UNSET,
            voice=active.voice,
            modalities=list(active.modalities),
            output_audio_format=active.out_format_model,
            temperature=active.temperature,
            max_output_tokens=active.max_output_tokens,
        )

    # --- usage -----------------------------------------------------------------------------------

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
            image_tokens=0 if self._ga else UNSET,
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
                image_tokens=0 if self._ga else UNSET,
                cached_tokens_details=cached_details,
            ),
            output_token_details=OutputTokenDetails(text_tokens=out_text, audio_tokens=out_audio),
        )
