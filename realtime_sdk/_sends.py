"""The Session's typed send helpers: one method per client event, typed per dialect.

`TypedSends` is a mixin of `Session` (`_session.py`): each helper checks its arguments (a clear
`TypeError`/`UsageError` before anything is sent), builds the client event of the session's dialect
and hands it to `Session.send`. The overloads give a send awaited with `wait=True` the exact answer
class of the session's dialect (see `_answers.py`); a method a dialect lacks has no overload for it.
The audio-buffer sends are in the base mixin `AudioSends` (`_audio_sends.py`), which declares what
both use of the Session under `TYPE_CHECKING`; what only this one uses is declared here.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, cast, overload

import attrs

from . import _validate
from ._answers import (
    AnySessionConfig,
    BetaDialect,
    ConversationDialect,
    DialectT,
    GADialect,
    RealtimeSessionUpdated,
    TranscriptionSessionConfigUpdated,
    TranslationDialect,
)
from ._audio_sends import AudioSends
from ._codec import AnyServerEvent
from ._exceptions import UsageError
from ._responses import HANDLE_METADATA_KEY, BetaResponseHandle, ResponseHandle
from ._types import UNSET, Unset
from .events import _resources as ga
from .events import _server as ga_server
from .events import translation as tr
from .events._base import Model
from .events._dialects import dialect_spec
from .events.beta import _resources as beta
from .events.beta import _server as beta_server

if TYPE_CHECKING:
    from ._protocol import SessionProtocol
    from ._session import Session

__all__ = ["TypedSends"]

_Kinds = Mapping[str, tuple[type, ...]]
_AnyHandle = ResponseHandle[Any, Any, Any, Any]


def _members(union: Any) -> tuple[type, ...]:
    return tuple(typing.get_args(union)) or (union,)


# What each send method's model argument may be, per dialect (checked before anything is sent).
_KINDS: Mapping[str, _Kinds] = {
    "session": {
        "ga": (ga.SessionConfig, ga.TranscriptionSessionConfig),
        "beta": (beta.SessionConfig,),
        "translation": (tr.TranslationSessionConfig,),
    },
    "transcription_session": {
        "ga": (ga.LegacyTranscriptionSessionConfig,),
        "beta": (beta.TranscriptionSessionConfig,),
    },
    "item": {"ga": _members(ga.Item), "beta": _members(beta.ConversationItem)},
    "params": {"ga": (ga.ResponseCreateParams,), "beta": (beta.ResponseCreateParams,)},
}
_TOOL_CLASSES = _members(ga.ToolDefinition)


class TypedSends(AudioSends[DialectT]):
    """The typed send helpers of `Session` (a mixin: `Session` provides what is declared here)."""

    if TYPE_CHECKING:
        # Provided by Session (_session.py), besides what AudioSends declares.
        _client_classes: Mapping[str, type[Model]]  # wire type -> class
        _protocol: SessionProtocol
        _handle_buffer: int

    def _event(self, wire_type: str, **fields: Any) -> Model:
        cls = self._client_classes.get(wire_type)
        if cls is None:
            raise UsageError(f"{wire_type!r} does not exist in the {self.dialect} dialect")
        fields = {k: v for k, v in fields.items() if v is not UNSET}
        return cast(Model, cast(Any, cls)(event_id=self._next_event_id(), **fields))

    def _require_dialect_model(self, value: object, name: str, where: str, kinds: _Kinds) -> None:
        """TypeError unless `value` is one of this dialect's classes for `name` (see _KINDS)."""
        expected = kinds.get(self.dialect, ())
        if not isinstance(value, expected):
            names = " or ".join(t.__name__ for t in expected) or "nothing (not in this dialect)"
            if isinstance(value, Model) and type(value).__name__ in {t.__name__ for t in expected}:
                names += f" of the {self.dialect} dialect's module"
            raise TypeError(f"{where}: {name} must be {names}, got {_validate.describe(value)}")

    # Typed answers: each send awaited with `wait=True` returns the exact answer class of the
    # session's dialect (see _answers.py); a method a dialect lacks has no overload for it.

    @overload
    async def update_session(
        self: TypedSends[GADialect],
        session: ga.SessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: Literal[True],
    ) -> RealtimeSessionUpdated: ...
    @overload
    async def update_session(
        self: TypedSends[GADialect],
        session: ga.SessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def update_session(
        self: TypedSends[GADialect],
        session: ga.SessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: bool,
    ) -> RealtimeSessionUpdated | None: ...
    @overload
    async def update_session(
        self: TypedSends[GADialect],
        session: ga.TranscriptionSessionConfig,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: Literal[True],
    ) -> TranscriptionSessionConfigUpdated: ...
    @overload
    async def update_session(
        self: TypedSends[GADialect],
        session: ga.TranscriptionSessionConfig,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def update_session(
        self: TypedSends[GADialect],
        session: ga.TranscriptionSessionConfig,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: bool,
    ) -> TranscriptionSessionConfigUpdated | None: ...
    @overload
    async def update_session(
        self: TypedSends[BetaDialect],
        session: beta.SessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: Literal[True],
    ) -> beta_server.SessionUpdated: ...
    @overload
    async def update_session(
        self: TypedSends[BetaDialect],
        session: beta.SessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def update_session(
        self: TypedSends[BetaDialect],
        session: beta.SessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: bool,
    ) -> beta_server.SessionUpdated | None: ...
    @overload
    async def update_session(
        self: TypedSends[TranslationDialect],
        session: tr.TranslationSessionConfig | None = None,
        *,
        wait: Literal[True],
    ) -> tr.SessionUpdated: ...
    @overload
    async def update_session(
        self: TypedSends[TranslationDialect],
        session: tr.TranslationSessionConfig | None = None,
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def update_session(
        self: TypedSends[TranslationDialect],
        session: tr.TranslationSessionConfig | None = None,
        *,
        wait: bool,
    ) -> tr.SessionUpdated | None: ...
    async def update_session(
        self,
        session: AnySessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: bool = False,
    ) -> AnyServerEvent | None:
        """Send `session.update`; keywords are merged into `session` (or into an empty config).

        With `wait=True`, return the `session.updated` answer (GA: `RealtimeSessionUpdated`, whose
        `session` is the realtime `SessionConfig`).
        """
        where = "update_session()"
        if session is None:
            session = cast(Any, dialect_spec(self.dialect).session_config)()
        else:
            self._require_dialect_model(session, "session", where, _KINDS["session"])
        if instructions is not UNSET:
            _validate.require_str(instructions, "instructions", where)
        if tools is not UNSET:
            if isinstance(tools, (str, bytes, Mapping)) or not isinstance(tools, Sequence):
                raise TypeError(f"{where}: tools must be a list, got {_validate.describe(tools)}")
            for tool in tools:
                _validate.require(tool, _TOOL_CLASSES, "each of tools", where)
        if tool_choice is not UNSET and not isinstance(tool_choice, (str, Model)):
            raise TypeError(
                f"{where}: tool_choice must be str or a ToolChoice object, "
                f"got {_validate.describe(tool_choice)}"
            )
        changes: dict[str, Any] = {
            "instructions": instructions,
            "tools": UNSET if tools is UNSET else list(tools),
            "tool_choice": tool_choice,
        }
        changes = {k: v for k, v in changes.items() if v is not UNSET}
        if changes:
            try:
                session = attrs.evolve(cast(Any, session), **changes)
            except TypeError:
                names = ", ".join(sorted(changes))
                raise UsageError(
                    f"{type(session).__name__} has no {names} (the {self.dialect} dialect's "
                    "session settings): pass a session object instead"
                ) from None
        return await self.send(self._event("session.update", session=session), wait=wait)

    @overload
    async def update_transcription_session(
        self: TypedSends[GADialect],
        session: ga.LegacyTranscriptionSessionConfig,
        *,
        wait: Literal[True],
    ) -> ga_server.TranscriptionSessionUpdated: ...
    @overload
    async def update_transcription_session(
        self: TypedSends[GADialect],
        session: ga.LegacyTranscriptionSessionConfig,
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def update_transcription_session(
        self: TypedSends[GADialect],
        session: ga.LegacyTranscriptionSessionConfig,
        *,
        wait: bool,
    ) -> ga_server.TranscriptionSessionUpdated | None: ...
    @overload
    async def update_transcription_session(
        self: TypedSends[BetaDialect],
        session: beta.TranscriptionSessionConfig,
        *,
        wait: Literal[True],
    ) -> beta_server.TranscriptionSessionUpdated: ...
    @overload
    async def update_transcription_session(
        self: TypedSends[BetaDialect],
        session: beta.TranscriptionSessionConfig,
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def update_transcription_session(
        self: TypedSends[BetaDialect],
        session: beta.TranscriptionSessionConfig,
        *,
        wait: bool,
    ) -> beta_server.TranscriptionSessionUpdated | None: ...
    async def update_transcription_session(
        self,
        session: ga.LegacyTranscriptionSessionConfig | beta.TranscriptionSessionConfig,
        *,
        wait: bool = False,
    ) -> AnyServerEvent | None:
        """Send `transcription_session.update` (the flat pre-GA transcription settings)."""
        self._require_dialect_model(
            session, "session", "update_transcription_session()", _KINDS["transcription_session"]
        )
        event = self._event("transcription_session.update", session=session)
        return await self.send(event, wait=wait)

    @overload
    async def create_item(
        self: TypedSends[GADialect],
        item: ga.Item,
        *,
        previous_item_id: str | Unset | None = UNSET,
        wait: Literal[True],
    ) -> ga_server.ConversationItemAdded | ga_server.ConversationItemCreated: ...
    @overload
    async def create_item(
        self: TypedSends[GADialect],
        item: ga.Item,
        *,
        previous_item_id: str | Unset | None = UNSET,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def create_item(
        self: TypedSends[GADialect],
        item: ga.Item,
        *,
        previous_item_id: str | Unset | None = UNSET,
        wait: bool,
    ) -> ga_server.ConversationItemAdded | ga_server.ConversationItemCreated | None: ...
    @overload
    async def create_item(
        self: TypedSends[BetaDialect],
        item: beta.ConversationItem,
        *,
        previous_item_id: str | Unset | None = UNSET,
        wait: Literal[True],
    ) -> beta_server.ConversationItemCreated: ...
    @overload
    async def create_item(
        self: TypedSends[BetaDialect],
        item: beta.ConversationItem,
        *,
        previous_item_id: str | Unset | None = UNSET,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def create_item(
        self: TypedSends[BetaDialect],
        item: beta.ConversationItem,
        *,
        previous_item_id: str | Unset | None = UNSET,
        wait: bool,
    ) -> beta_server.ConversationItemCreated | None: ...
    async def create_item(
        self,
        item: ga.Item | beta.ConversationItem,
        *,
        previous_item_id: str | Unset | None = UNSET,
        wait: bool = False,
    ) -> AnyServerEvent | None:
        """Send `conversation.item.create`; with wait=True return `conversation.item.added`/`created`."""
        where = "create_item()"
        self._require_dialect_model(item, "item", where, _KINDS["item"])
        if previous_item_id is not UNSET and previous_item_id is not None:
            _validate.require_str(previous_item_id, "previous_item_id", where)
        event = self._event(
            "conversation.item.create", item=item, previous_item_id=previous_item_id
        )
        return await self.send(event, wait=wait)

    @overload
    async def create_response(
        self: TypedSends[GADialect],
        response: ga.ResponseCreateParams | Unset = UNSET,
        *,
        wait: bool = False,
    ) -> ResponseHandle: ...
    @overload
    async def create_response(
        self: TypedSends[BetaDialect],
        response: beta.ResponseCreateParams | Unset = UNSET,
        *,
        wait: bool = False,
    ) -> BetaResponseHandle: ...
    async def create_response(
        self,
        response: ga.ResponseCreateParams | beta.ResponseCreateParams | Unset = UNSET,
        *,
        wait: bool = False,
    ) -> _AnyHandle:
        """Send `response.create` and return a ResponseHandle for the response it starts.

        The handle streams this response's deltas, gives its final result (`await handle.done()`)
        and its latency. With `wait=True`, return once `response.created` arrived (ServerError if
        the server refused). The Session tags the request's `metadata` with
        `realtime_sdk_handle` to recognise its response exactly.
        """
        if "response.create" not in self._client_classes:
            raise UsageError(f"the {self.dialect} dialect has no response.create")
        if response is not UNSET:
            self._require_dialect_model(response, "response", "create_response()", _KINDS["params"])
        return await self._request_response(response, self._next_event_id(), wait=wait)

    async def _request_response(
        self, response: Any, event_id: str, *, wait: bool = False
    ) -> _AnyHandle:
        """Send a `response.create` tagged with `event_id`, and return its handle."""
        params: Any = response
        if params is UNSET:
            params = (dialect_spec(self.dialect).response_params or ga.ResponseCreateParams)()
        metadata = dict(params.metadata or {}) if isinstance(params.metadata, dict) else {}
        metadata[HANDLE_METADATA_KEY] = event_id
        params = attrs.evolve(params, metadata=metadata)
        event = cast(Any, self._client_classes["response.create"])(
            event_id=event_id, response=params
        )
        handle: _AnyHandle = ResponseHandle(
            cast("Session[Any]", self), event_id, self._handle_buffer
        )
        self._protocol.track_response(event_id, handle)
        try:
            await self.send(event, wait=wait)
        except BaseException as exc:
            self._protocol.untrack_response(event_id)
            handle._finish(None, exc if isinstance(exc, Exception) else None)
            raise
        return handle

    @overload
    async def cancel_response(
        self: TypedSends[GADialect],
        response_id: str | Unset = UNSET,
        *,
        wait: Literal[True],
    ) -> ga_server.ResponseDone: ...
    @overload
    async def cancel_response(
        self: TypedSends[GADialect],
        response_id: str | Unset = UNSET,
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def cancel_response(
        self: TypedSends[GADialect],
        response_id: str | Unset = UNSET,
        *,
        wait: bool,
    ) -> ga_server.ResponseDone | None: ...
    @overload
    async def cancel_response(
        self: TypedSends[BetaDialect],
        response_id: str | Unset = UNSET,
        *,
        wait: Literal[True],
    ) -> beta_server.ResponseDone: ...
    @overload
    async def cancel_response(
        self: TypedSends[BetaDialect],
        response_id: str | Unset = UNSET,
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def cancel_response(
        self: TypedSends[BetaDialect],
        response_id: str | Unset = UNSET,
        *,
        wait: bool,
    ) -> beta_server.ResponseDone | None: ...
    async def cancel_response(
        self, response_id: str | Unset = UNSET, *, wait: bool = False
    ) -> AnyServerEvent | None:
        """Send `response.cancel`; with wait=True return the cancelled response's `response.done`."""
        if response_id is not UNSET:
            _validate.require_str(response_id, "response_id", "cancel_response()")
        return await self.send(self._event("response.cancel", response_id=response_id), wait=wait)

    # The answers below are one class in both dialects (beta reuses the GA class).

    @overload
    async def truncate_item(
        self: TypedSends[ConversationDialect],
        item_id: str,
        *,
        audio_end_ms: int,
        content_index: int = 0,
        wait: Literal[True],
    ) -> ga_server.ConversationItemTruncated: ...
    @overload
    async def truncate_item(
        self: TypedSends[ConversationDialect],
        item_id: str,
        *,
        audio_end_ms: int,
        content_index: int = 0,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def truncate_item(
        self: TypedSends[ConversationDialect],
        item_id: str,
        *,
        audio_end_ms: int,
        content_index: int = 0,
        wait: bool,
    ) -> ga_server.ConversationItemTruncated | None: ...
    async def truncate_item(
        self, item_id: str, *, audio_end_ms: int, content_index: int = 0, wait: bool = False
    ) -> AnyServerEvent | None:
        """Send `conversation.item.truncate` (cut assistant audio at what was played)."""
        where = "truncate_item()"
        _validate.require_str(item_id, "item_id", where)
        _validate.require_int(audio_end_ms, "audio_end_ms", where)
        _validate.require_int(content_index, "content_index", where)
        event = self._event(
            "conversation.item.truncate",
            item_id=item_id,
            content_index=content_index,
            audio_end_ms=audio_end_ms,
        )
        return await self.send(event, wait=wait)

    @overload
    async def delete_item(
        self: TypedSends[ConversationDialect],
        item_id: str,
        *,
        wait: Literal[True],
    ) -> ga_server.ConversationItemDeleted: ...
    @overload
    async def delete_item(
        self: TypedSends[ConversationDialect],
        item_id: str,
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def delete_item(
        self: TypedSends[ConversationDialect],
        item_id: str,
        *,
        wait: bool,
    ) -> ga_server.ConversationItemDeleted | None: ...
    async def delete_item(self, item_id: str, *, wait: bool = False) -> AnyServerEvent | None:
        """Send `conversation.item.delete`; with wait=True return `conversation.item.deleted`."""
        _validate.require_str(item_id, "item_id", "delete_item()")
        return await self.send(self._event("conversation.item.delete", item_id=item_id), wait=wait)

    @overload
    async def retrieve_item(
        self: TypedSends[GADialect],
        item_id: str,
        *,
        wait: Literal[True] = True,
    ) -> ga_server.ConversationItemRetrieved: ...
    @overload
    async def retrieve_item(
        self: TypedSends[GADialect],
        item_id: str,
        *,
        wait: Literal[False],
    ) -> None: ...
    @overload
    async def retrieve_item(
        self: TypedSends[GADialect],
        item_id: str,
        *,
        wait: bool,
    ) -> ga_server.ConversationItemRetrieved | None: ...
    @overload
    async def retrieve_item(
        self: TypedSends[BetaDialect],
        item_id: str,
        *,
        wait: Literal[True] = True,
    ) -> beta_server.ConversationItemRetrieved: ...
    @overload
    async def retrieve_item(
        self: TypedSends[BetaDialect],
        item_id: str,
        *,
        wait: Literal[False],
    ) -> None: ...
    @overload
    async def retrieve_item(
        self: TypedSends[BetaDialect],
        item_id: str,
        *,
        wait: bool,
    ) -> beta_server.ConversationItemRetrieved | None: ...
    async def retrieve_item(self, item_id: str, *, wait: bool = True) -> AnyServerEvent | None:
        """Send `conversation.item.retrieve`; by default wait for and return `...retrieved`."""
        _validate.require_str(item_id, "item_id", "retrieve_item()")
        return await self.send(
            self._event("conversation.item.retrieve", item_id=item_id), wait=wait
        )

    @overload
    async def close_session(
        self: TypedSends[TranslationDialect],
        *,
        wait: Literal[True],
    ) -> tr.SessionClosed: ...
    @overload
    async def close_session(
        self: TypedSends[TranslationDialect],
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def close_session(
        self: TypedSends[TranslationDialect],
        *,
        wait: bool,
    ) -> tr.SessionClosed | None: ...
    async def close_session(self, *, wait: bool = False) -> AnyServerEvent | None:
        """Translation sessions: send `session.close`; with wait=True return `session.closed`."""
        return await self.send(self._event("session.close"), wait=wait)
