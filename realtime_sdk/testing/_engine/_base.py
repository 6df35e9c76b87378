"""The engine's state, ids and error events: the base of its layers."""

from __future__ import annotations

import random
import string
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs
import orjson

from ..._exceptions import EventDecodeError
from ...events._base import Model
from ...events._common import ErrorDetails
from .._responder import Responder
from ._defaults import FakeDialect
from ._rules import _Reject

if TYPE_CHECKING:
    from ._billing import _Segment
    from ._settings import _Settings
    from ._streaming import _Active
    from ._vad import _Vad
    from ._wire import _Wire


_ID_CHARS = string.ascii_letters + string.digits


class _EngineBase:
    """The engine's state (set by `FakeRealtimeEngine.__init__`), ids and error events."""

    _dialect: FakeDialect
    _wire: _Wire  # builds the dialect's server events
    _settings: _Settings  # reads and updates the dialect's session
    _rng: random.Random
    _responder: Responder
    _max_items: int
    _max_buffer_ms: float
    _conversation_id: str
    _items: list[Model]
    _buffer: bytearray
    _buffer_start_ms: float  # session audio time of the buffer's first byte
    _appended_ms: float  # all audio appended in the session
    _vad: _Vad
    _active: _Active | None
    _queued: deque[tuple[Model | None, str | None]]
    _responses: int
    _tokens_used: int
    _prefix: list[_Segment]  # context processed by the last response
    _assistant_audio: bool
    _last_response_id: str | None
    _transcriptions: int
    _activity: int  # bumped whenever the idle timeout's timer restarts
    max_session_duration: float | None
    responder_errors: deque[BaseException]
    _session: Model
    _handlers: dict[type[Model], Callable[[Any, str | None], list[Model]]]

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
        return self._wire.error(details)

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
