"""Session continuity without I/O: the reconnect policy, what triggers a reconnect, when to rotate.

The Session (the I/O shell) asks these pieces what to do; none of them awaits:

* `Reconnect`: the application's knobs (attempts, backoff, rotation, restore budget, gap audio);
* `reconnect_reason` / `is_permanent`: which losses are worth a new connection, which errors are
  final;
* `RotationSchedule` and `ActivityTracker`: when a proactive rotation is due, and whether the
  conversation is at a quiet point;
* `PendingAudio`: the input audio a new connection must receive (appended since the last commit,
  and during the gap);
* `SessionResumed`: the notice the application's event stream gets after every reconnect.

Protocol facts used here:

* A GA session lasts at most 60 minutes. At the limit the server sends an `error` event with
  `code: "session_expired"` ("Your session hit the maximum duration of 60 minutes.") and closes
  with 1001 (captures in livekit/agents#1122 and #2341, pollen-robotics/reachy_mini_conversation_app
  #134). `session.created` carries `expires_at` in Unix seconds (OpenAI API reference, Realtime
  session object; openai/openai-realtime-api-beta#23 shows it on the wire).
* Close codes (RFC 6455 section 7.4.1 and the IANA registry): 1001 going away, 1006 no close frame,
  1011 internal error, 1012 service restart, 1013 try again later, 1014 bad gateway.
"""

from __future__ import annotations

import math
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, Final, Literal

import attrs

from ._exceptions import (
    ConfigurationError,
    ConnectError,
    ConnectionClosed,
    RealtimeHandshakeError,
    RealtimeTimeoutError,
)

if TYPE_CHECKING:
    from ._conversation import ItemState

__all__ = [
    "DEFAULT_SESSION_LIFETIME",
    "ActivityTracker",
    "GapAudioPolicy",
    "PendingAudio",
    "Reconnect",
    "ResumeReason",
    "RotationSchedule",
    "SessionResumed",
    "SummarizeHook",
    "describe_loss",
    "is_permanent",
    "is_session_expired",
    "reconnect_reason",
]

DEFAULT_SESSION_LIFETIME: Final = 3600.0
"""How long a session lives when `session.created` has no `expires_at`: the GA cap of 60 minutes."""

GapAudioPolicy = Literal["buffer", "drop"]
"""What `append_audio` does while there is no connection: keep it (bounded) to replay, or drop it."""

ResumeReason = Literal["connection_lost", "going_away", "session_expired", "rotation"]
"""Why the session reconnected: an abnormal close, a 1001 close, the server's `session_expired`
error, or a proactive rotation before `expires_at`."""

SummarizeHook = Callable[[Sequence["ItemState"]], "str | Awaitable[str | None] | None"]
"""Called with the conversation items left out of a restore (oldest first); returns the text of
one system message that replaces them (or None for no message). May be a coroutine function."""

_MAX_EXPONENT: Final = 64  # backoff growth stops long before this; avoids float overflow


def _positive(name: str, value: float, *, zero: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise ConfigurationError(f"Reconnect {name} must be a number, got {value!r}")
    if value < 0 or (value == 0 and not zero) or math.isinf(value):
        kind = "zero or more" if zero else "more than zero"
        raise ConfigurationError(f"Reconnect {name} must be finite and {kind}, got {value!r}")


@attrs.frozen(kw_only=True)
class Reconnect:
    """How a Session survives lost connections and the session time limit (`reconnect=`).

    Attributes:
        max_attempts: connection attempts per outage before giving up (the last error is raised).
        initial_delay, max_delay, multiplier: backoff before attempt n is a uniformly random time
            in [0, min(max_delay, initial_delay * multiplier ** (n - 1))) seconds ("full
            jitter"), so that many clients dropped together do not reconnect together.
        rotate_before: seconds before the session's `expires_at` from which a proactive rotation
            starts, at the first quiet point; None: no proactive rotation (the session still
            reconnects after the server's `session_expired`).
        force_before: seconds before `expires_at` at which the rotation happens even without a
            quiet point (a response in progress is then cut, as the server would cut it).
        restore_items: at most this many conversation items are re-created on a new connection,
            newest first; None: no count limit.
        restore_tokens: at most about this many tokens of items (estimated at 4 characters per
            token) are re-created; None: no token limit.
        summarize: called with the items that were left out (see `SummarizeHook`); its text is
            sent as one system message before the restored items.
        gap_audio: "buffer" keeps audio appended while disconnected (and the audio sent since
            the last commit) to replay on the new connection; "drop" drops it, counted in
            `SessionResumed.audio_dropped_bytes`.
        gap_audio_limit: bytes of input audio kept for the replay (the newest are kept).
            The default holds 10 seconds of 24 kHz PCM16.
        random: the random source of the jitter, returning floats in [0, 1) (for tests).
    """

    max_attempts: int = 6
    initial_delay: float = 0.25
    max_delay: float = 8.0
    multiplier: float = 2.0
    rotate_before: float | None = 120.0
    force_before: float = 10.0
    restore_items: int | None = 100
    restore_tokens: int | None = 16_000
    summarize: SummarizeHook | None = attrs.field(default=None, eq=False)
    gap_audio: GapAudioPolicy = "buffer"
    gap_audio_limit: int = 10 * 24_000 * 2
    random: Callable[[], float] = attrs.field(default=random.random, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        for name in ("max_attempts", "gap_audio_limit"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigurationError(
                    f"Reconnect {name} must be an int of at least 1, got {value!r}"
                )
        for name in ("restore_items", "restore_tokens"):
            value = getattr(self, name)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value < 0
            ):
                raise ConfigurationError(
                    f"Reconnect {name} must be None or an int of 0 or more, got {value!r}"
                )
        _positive("initial_delay", self.initial_delay, zero=True)
        _positive("max_delay", self.max_delay, zero=True)
        _positive("multiplier", self.multiplier)
        if self.multiplier < 1:
            raise ConfigurationError(
                f"Reconnect multiplier must be at least 1, got {self.multiplier!r}"
            )
        if self.max_delay < self.initial_delay:
            raise ConfigurationError(
                f"Reconnect max_delay ({self.max_delay}) is less than initial_delay "
                f"({self.initial_delay})"
            )
        _positive("force_before", self.force_before, zero=True)
        if self.rotate_before is not None:
            _positive("rotate_before", self.rotate_before)
            if self.force_before >= self.rotate_before:
                raise ConfigurationError(
                    f"Reconnect force_before ({self.force_before}) must be less than "
                    f"rotate_before ({self.rotate_before})"
                )
        if self.gap_audio not in ("buffer", "drop"):
            raise ConfigurationError(
                f"Reconnect gap_audio must be 'buffer' or 'drop', got {self.gap_audio!r}"
            )
        if self.summarize is not None and not callable(self.summarize):
            raise ConfigurationError("Reconnect summarize must be callable")
        if not callable(self.random):
            raise ConfigurationError("Reconnect random must be callable")

    def delay(self, attempt: int) -> float:
        """The backoff before connection attempt `attempt` (1 for the first) of an outage."""
        if attempt < 1:
            raise ConfigurationError(f"attempt numbers start at 1, got {attempt}")
        exponent = min(attempt - 1, _MAX_EXPONENT)
        cap = min(self.max_delay, self.initial_delay * self.multiplier**exponent)
        fraction = self.random()
        if not 0.0 <= fraction < 1.0:
            raise ConfigurationError(f"Reconnect random returned {fraction!r}, not in [0, 1)")
        return fraction * cap


# --- triggers ----------------------------------------------------------------------------------

# Abnormal closes after which the same request may well succeed again (RFC 6455 7.4.1, IANA).
_TRANSIENT_CLOSE_CODES: Final = frozenset({1006, 1011, 1012, 1013, 1014})
# Handshake refusals worth retrying: timeouts, rate limits and server-side failures.
_TRANSIENT_STATUSES: Final = frozenset({408, 425, 429, 500, 502, 503, 504})


def is_session_expired(event: object) -> bool:
    """True for the server's `error` event announcing the end of the session's lifetime."""
    if getattr(event, "type", None) != "error":
        return False
    return getattr(getattr(event, "error", None), "code", None) == "session_expired"


def reconnect_reason(exc: BaseException, *, expired: bool = False) -> ResumeReason | None:
    """Why a lost connection should be replaced, or None when it must not be.

    `exc` is what ended the connection; `expired` is True once the server sent `session_expired`
    on it (its close, with any code, is then the end of the session's lifetime). Never reconnect
    after a normal close (1000) that was not an expiry, or a close for a protocol or policy
    violation (1002, 1003, 1007, 1008, 1009, 1010): a new connection would end the same way.
    """
    if not isinstance(exc, ConnectionClosed):
        return None
    if expired:
        return "session_expired"
    if exc.code == 1001:
        return "going_away"
    if exc.code in _TRANSIENT_CLOSE_CODES:
        return "connection_lost"
    return None


def is_permanent(exc: BaseException) -> bool:
    """True when a failed connection attempt must not be retried (the SDK gives up at once).

    Handshake refusals are permanent except for 408, 425, 429 and 500/502/503/504 (401 and 403
    mean the credentials are wrong, 404 the model or deployment); a refused or dropped TCP
    connection, a timeout and a transient close are not. Anything else (an error from the
    application's credential provider, a rejected restore) is permanent.
    """
    if isinstance(exc, RealtimeHandshakeError):
        return exc.status_code not in _TRANSIENT_STATUSES
    if isinstance(exc, (ConnectError, RealtimeTimeoutError)):
        return False
    if isinstance(exc, ConnectionClosed):
        return reconnect_reason(exc) is None
    return True


# --- proactive rotation ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RotationSchedule:
    """When a connection should be replaced before the server ends it (monotonic seconds).

    From `soft` on, the rotation happens at the first quiet point; at `hard` it happens anyway.
    `expires` is when the server will end the session.
    """

    soft: float
    hard: float
    expires: float

    @classmethod
    def for_session(
        cls,
        expires_at: object,
        policy: Reconnect,
        *,
        now: float,
        wall_now: float | None = None,
    ) -> RotationSchedule | None:
        """The schedule of a session created at monotonic time `now`; None without rotation.

        `expires_at` is the Unix time from `session.created` (anything else, or a time already
        past or more than a day away on this machine's clock, means the documented 60 minutes).
        """
        if policy.rotate_before is None:
            return None
        wall = time.time() if wall_now is None else wall_now
        lifetime = DEFAULT_SESSION_LIFETIME
        if isinstance(expires_at, (int, float)) and not isinstance(expires_at, bool):
            remaining = float(expires_at) - wall
            if 0 < remaining <= 86_400:
                lifetime = remaining
        expires = now + lifetime
        return cls(
            soft=expires - policy.rotate_before,
            hard=expires - policy.force_before,
            expires=expires,
        )

    def due(self, now: float, *, quiet: bool) -> Literal["quiet", "forced"] | None:
        """Whether to rotate now: at a quiet point past `soft`, or regardless past `hard`."""
        if now >= self.hard:
            return "forced"
        if now >= self.soft and quiet:
            return "quiet"
        return None

    def next_check(self, now: float) -> float:
        """Seconds until the schedule next needs a look (0 once past `soft`)."""
        return max(0.0, self.soft - now)


class ActivityTracker:
    """Whether the conversation is at a quiet point, from the server events and the app's audio.

    Quiet means: no response in progress, the user not speaking (`speech_started` without its
    `speech_stopped`), and no input audio waiting to be committed. With turn detection on, audio
    in the input buffer is silence until the server says speech started, so it does not count.
    """

    def __init__(self) -> None:
        self._responses: set[str] = set()
        self._speaking = False
        self._uncommitted = False
        self._turn_detection = False

    @property
    def quiet(self) -> bool:
        """True at a quiet point (see the class docs)."""
        if self._responses or self._speaking:
            return False
        return self._turn_detection or not self._uncommitted

    @property
    def responding(self) -> bool:
        """True while a response is in progress."""
        return bool(self._responses)

    def audio_appended(self) -> None:
        """The application appended input audio."""
        self._uncommitted = True

    def reset(self) -> None:
        """A new connection: nothing in progress on it yet."""
        self._responses.clear()
        self._speaking = False
        self._uncommitted = False

    def observe(self, event: object) -> None:
        """Take one server event into account (GA or beta names)."""
        event_type = getattr(event, "type", None)
        if event_type == "response.created":
            response_id = getattr(getattr(event, "response", None), "id", None)
            self._responses.add(response_id if isinstance(response_id, str) else "")
        elif event_type == "response.done":
            response_id = getattr(getattr(event, "response", None), "id", None)
            self._responses.discard(response_id if isinstance(response_id, str) else "")
        elif event_type == "input_audio_buffer.speech_started":
            self._speaking = True
        elif event_type == "input_audio_buffer.speech_stopped":
            self._speaking = False
        elif event_type in ("input_audio_buffer.committed", "input_audio_buffer.cleared"):
            self._uncommitted = False
        elif event_type in ("session.created", "session.updated"):
            session = getattr(event, "session", None)
            audio_input = getattr(getattr(session, "audio", None), "input", None)
            turn_detection = getattr(audio_input, "turn_detection", None)
            if turn_detection is None:  # beta layout, or none in the GA layout
                turn_detection = getattr(session, "turn_detection", None)
            self._turn_detection = _is_model(turn_detection)


def _is_model(value: object) -> bool:
    from .events._base import Model

    return isinstance(value, Model)


# --- input audio across connections ------------------------------------------------------------


class PendingAudio:
    """The input audio a replacement connection must receive, bounded to `limit` bytes.

    While connected, `sent` keeps the audio appended since the last commit: the server held it in
    its input buffer, and a new connection starts with an empty one. While disconnected, `held`
    keeps the application's appends (policy "buffer") or counts them as dropped ("drop"). `take`
    returns the chunks to replay, oldest first, and resets. When more than `limit` bytes arrive,
    the oldest are dropped and counted.
    """

    def __init__(self, limit: int, policy: GapAudioPolicy = "buffer") -> None:
        self._limit = limit
        self._policy = policy
        self._chunks: deque[bytes] = deque()
        self._size = 0
        self.dropped_bytes = 0
        """Bytes dropped since the last `take` (beyond the limit, or by the "drop" policy)."""

    def __len__(self) -> int:
        return self._size

    def sent(self, chunk: bytes | bytearray | memoryview) -> None:
        """Audio appended on a live connection (kept until the server commits or clears it)."""
        self._keep(bytes(chunk), count_drops=False)

    def committed(self) -> None:
        """The server committed or cleared its input buffer: nothing sent so far is pending."""
        self._chunks.clear()
        self._size = 0

    def held(self, chunk: bytes | bytearray | memoryview) -> None:
        """Audio appended while there is no connection."""
        if self._policy == "drop":
            self.dropped_bytes += len(chunk)
            return
        self._keep(bytes(chunk), count_drops=True)

    def take(self, *, replay: bool = True) -> tuple[list[bytes], int]:
        """The chunks to send on the new connection and the bytes dropped; resets the buffer.

        With `replay=False` (policy "drop" after a lost connection) nothing is replayed and what
        was pending counts as dropped.
        """
        chunks = list(self._chunks)
        dropped = self.dropped_bytes
        if not replay:
            dropped += self._size
            chunks = []
        self._chunks.clear()
        self._size = 0
        self.dropped_bytes = 0
        return chunks, dropped

    def _keep(self, chunk: bytes, *, count_drops: bool) -> None:
        if not chunk:
            return
        self._chunks.append(chunk)
        self._size += len(chunk)
        while self._size > self._limit:
            oldest = self._chunks[0]
            excess = self._size - self._limit
            if len(oldest) <= excess:
                self._chunks.popleft()
                cut = len(oldest)
            else:
                cut = excess - excess % 2  # keep whole PCM16 samples
                cut = cut or excess
                self._chunks[0] = oldest[cut:]
            self._size -= cut
            if count_drops:
                self.dropped_bytes += cut


# --- the notice --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SessionResumed:
    """In the event stream after every reconnect: the session continues on a new connection.

    Not a wire event: the server never sends it and it cannot be encoded
    (`encode_client_event` / `to_dict` raise EventEncodeError). Match it like an event:
    `case realtime_sdk.SessionResumed(items_dropped=n):`.

    Attributes:
        reason: why the old connection was replaced (see `ResumeReason`).
        reconnects: how many times the session has reconnected, this time included.
        attempts: connection attempts this reconnect took (1 when the first succeeded).
        downtime: seconds without a usable connection (0.0 for a rotation: the new connection
            was ready before the old one was closed).
        items_restored: conversation items re-created on the new connection.
        items_dropped: items that could not be re-created or did not fit the budget.
        summarized: True when the summarise hook replaced the dropped items with a message.
        audio_replayed_bytes: input audio sent again on the new connection.
        audio_dropped_bytes: input audio that was appended but never reached a server.
        requests_failed: `wait=True` sends and response handles failed with
            ConnectionInterrupted because the old connection went away under them.
        cause: what ended the old connection, in words (no secrets).
    """

    type: ClassVar[Literal["realtime_sdk.session_resumed"]] = "realtime_sdk.session_resumed"
    """Not a wire type: a name for logs, distinct from every server event's."""
    _realtime_sdk_notice: ClassVar[bool] = True

    reason: ResumeReason
    reconnects: int
    attempts: int
    downtime: float
    items_restored: int = 0
    items_dropped: int = 0
    summarized: bool = False
    audio_replayed_bytes: int = 0
    audio_dropped_bytes: int = 0
    requests_failed: int = 0
    cause: str = ""


def describe_loss(exc: BaseException | None) -> str:
    """A short description of what ended a connection, for logs and `SessionResumed.cause`."""
    if exc is None:
        return "rotation before the session expired"
    if isinstance(exc, ConnectionClosed):
        return f"closed with code {exc.code}" + (f" ({exc.reason})" if exc.reason else "")
    return f"{type(exc).__name__}: {exc}"
