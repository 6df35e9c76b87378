"""The blocking Session's typed send helpers (`realtime_sdk.sync.Session`), one per client event.

`SyncSends` is a mixin of `sync.Session` (`sync.py`): each method hands its arguments to the async
Session's method of the same name on the session's event loop (which checks them) and blocks for
the result. The overloads mirror the async ones (`_sends.py`): with `wait=True` the exact answer
class of the session's dialect; a method a dialect lacks has no overload for it. `send`,
`send_raw`, `append_audio` and `create_response` stay in `sync.py` with the rest of the Session;
the audio-buffer sends are in the base mixin `SyncAudioSends` (`_sync_audio_sends.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, overload

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
from ._sync_audio_sends import SyncAudioSends
from ._types import UNSET, Unset
from .events import _resources as ga
from .events import _server as ga_server
from .events import translation as tr
from .events.beta import _resources as beta
from .events.beta import _server as beta_server

__all__ = ["SyncSends"]


class SyncSends(SyncAudioSends[DialectT]):
    """The typed send helpers of `sync.Session` (a mixin: `sync.Session` provides what
    `SyncAudioSends` declares)."""

    @overload
    def update_session(
        self: SyncSends[GADialect],
        session: ga.SessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: Literal[True],
    ) -> RealtimeSessionUpdated: ...
    @overload
    def update_session(
        self: SyncSends[GADialect],
        session: ga.SessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def update_session(
        self: SyncSends[GADialect],
        session: ga.SessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: bool,
    ) -> RealtimeSessionUpdated | None: ...
    @overload
    def update_session(
        self: SyncSends[GADialect],
        session: ga.TranscriptionSessionConfig,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: Literal[True],
    ) -> TranscriptionSessionConfigUpdated: ...
    @overload
    def update_session(
        self: SyncSends[GADialect],
        session: ga.TranscriptionSessionConfig,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def update_session(
        self: SyncSends[GADialect],
        session: ga.TranscriptionSessionConfig,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: bool,
    ) -> TranscriptionSessionConfigUpdated | None: ...
    @overload
    def update_session(
        self: SyncSends[BetaDialect],
        session: beta.SessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: Literal[True],
    ) -> beta_server.SessionUpdated: ...
    @overload
    def update_session(
        self: SyncSends[BetaDialect],
        session: beta.SessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def update_session(
        self: SyncSends[BetaDialect],
        session: beta.SessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: bool,
    ) -> beta_server.SessionUpdated | None: ...
    @overload
    def update_session(
        self: SyncSends[TranslationDialect],
        session: tr.TranslationSessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: Literal[True],
    ) -> tr.SessionUpdated: ...
    @overload
    def update_session(
        self: SyncSends[TranslationDialect],
        session: tr.TranslationSessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def update_session(
        self: SyncSends[TranslationDialect],
        session: tr.TranslationSessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: bool,
    ) -> tr.SessionUpdated | None: ...
    def update_session(
        self,
        session: AnySessionConfig | None = None,
        *,
        instructions: str | Unset = UNSET,
        tools: Sequence[ga.ToolDefinition] | Unset = UNSET,
        tool_choice: ga.ToolChoice | str | Unset = UNSET,
        wait: bool = False,
    ) -> Any:
        """Send `session.update` (see `realtime_sdk.Session.update_session`)."""
        return self._call(
            self._async.update_session,
            session,
            instructions=instructions,
            tools=tools,
            tool_choice=tool_choice,
            wait=wait,
        )

    @overload
    def update_transcription_session(
        self: SyncSends[GADialect],
        session: ga.LegacyTranscriptionSessionConfig,
        *,
        wait: Literal[True],
    ) -> ga_server.TranscriptionSessionUpdated: ...
    @overload
    def update_transcription_session(
        self: SyncSends[GADialect],
        session: ga.LegacyTranscriptionSessionConfig,
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def update_transcription_session(
        self: SyncSends[GADialect],
        session: ga.LegacyTranscriptionSessionConfig,
        *,
        wait: bool,
    ) -> ga_server.TranscriptionSessionUpdated | None: ...
    @overload
    def update_transcription_session(
        self: SyncSends[BetaDialect],
        session: beta.TranscriptionSessionConfig,
        *,
        wait: Literal[True],
    ) -> beta_server.TranscriptionSessionUpdated: ...
    @overload
    def update_transcription_session(
        self: SyncSends[BetaDialect],
        session: beta.TranscriptionSessionConfig,
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def update_transcription_session(
        self: SyncSends[BetaDialect],
        session: beta.TranscriptionSessionConfig,
        *,
        wait: bool,
    ) -> beta_server.TranscriptionSessionUpdated | None: ...
    def update_transcription_session(
        self,
        session: ga.LegacyTranscriptionSessionConfig | beta.TranscriptionSessionConfig,
        *,
        wait: bool = False,
    ) -> Any:
        """Send `transcription_session.update`."""
        return self._call(self._async.update_transcription_session, session, wait=wait)

    @overload
    def create_item(
        self: SyncSends[GADialect],
        item: ga.Item,
        *,
        previous_item_id: str | Unset | None = UNSET,
        wait: Literal[True],
    ) -> ga_server.ConversationItemAdded | ga_server.ConversationItemCreated: ...
    @overload
    def create_item(
        self: SyncSends[GADialect],
        item: ga.Item,
        *,
        previous_item_id: str | Unset | None = UNSET,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def create_item(
        self: SyncSends[GADialect],
        item: ga.Item,
        *,
        previous_item_id: str | Unset | None = UNSET,
        wait: bool,
    ) -> ga_server.ConversationItemAdded | ga_server.ConversationItemCreated | None: ...
    @overload
    def create_item(
        self: SyncSends[BetaDialect],
        item: beta.ConversationItem,
        *,
        previous_item_id: str | Unset | None = UNSET,
        wait: Literal[True],
    ) -> beta_server.ConversationItemCreated: ...
    @overload
    def create_item(
        self: SyncSends[BetaDialect],
        item: beta.ConversationItem,
        *,
        previous_item_id: str | Unset | None = UNSET,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def create_item(
        self: SyncSends[BetaDialect],
        item: beta.ConversationItem,
        *,
        previous_item_id: str | Unset | None = UNSET,
        wait: bool,
    ) -> beta_server.ConversationItemCreated | None: ...
    def create_item(
        self,
        item: ga.Item | beta.ConversationItem,
        *,
        previous_item_id: str | Unset | None = UNSET,
        wait: bool = False,
    ) -> Any:
        """Send `conversation.item.create`; with wait=True return `conversation.item.added`/`created`."""
        return self._call(
            self._async.create_item, item, previous_item_id=previous_item_id, wait=wait
        )

    @overload
    def cancel_response(
        self: SyncSends[GADialect],
        response_id: str | Unset = UNSET,
        *,
        wait: Literal[True],
    ) -> ga_server.ResponseDone: ...
    @overload
    def cancel_response(
        self: SyncSends[GADialect],
        response_id: str | Unset = UNSET,
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def cancel_response(
        self: SyncSends[GADialect],
        response_id: str | Unset = UNSET,
        *,
        wait: bool,
    ) -> ga_server.ResponseDone | None: ...
    @overload
    def cancel_response(
        self: SyncSends[BetaDialect],
        response_id: str | Unset = UNSET,
        *,
        wait: Literal[True],
    ) -> beta_server.ResponseDone: ...
    @overload
    def cancel_response(
        self: SyncSends[BetaDialect],
        response_id: str | Unset = UNSET,
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def cancel_response(
        self: SyncSends[BetaDialect],
        response_id: str | Unset = UNSET,
        *,
        wait: bool,
    ) -> beta_server.ResponseDone | None: ...
    def cancel_response(
        self,
        response_id: str | Unset = UNSET,
        *,
        wait: bool = False,
    ) -> Any:
        """Send `response.cancel`; with wait=True return the cancelled response's `response.done`."""
        return self._call(self._async.cancel_response, response_id, wait=wait)

    @overload
    def truncate_item(
        self: SyncSends[ConversationDialect],
        item_id: str,
        *,
        audio_end_ms: int,
        content_index: int = 0,
        wait: Literal[True],
    ) -> ga_server.ConversationItemTruncated: ...
    @overload
    def truncate_item(
        self: SyncSends[ConversationDialect],
        item_id: str,
        *,
        audio_end_ms: int,
        content_index: int = 0,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def truncate_item(
        self: SyncSends[ConversationDialect],
        item_id: str,
        *,
        audio_end_ms: int,
        content_index: int = 0,
        wait: bool,
    ) -> ga_server.ConversationItemTruncated | None: ...
    def truncate_item(
        self,
        item_id: str,
        *,
        audio_end_ms: int,
        content_index: int = 0,
        wait: bool = False,
    ) -> Any:
        """Send `conversation.item.truncate` (cut assistant audio at what was played)."""
        return self._call(
            self._async.truncate_item,
            item_id,
            audio_end_ms=audio_end_ms,
            content_index=content_index,
            wait=wait,
        )

    @overload
    def delete_item(
        self: SyncSends[ConversationDialect],
        item_id: str,
        *,
        wait: Literal[True],
    ) -> ga_server.ConversationItemDeleted: ...
    @overload
    def delete_item(
        self: SyncSends[ConversationDialect],
        item_id: str,
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def delete_item(
        self: SyncSends[ConversationDialect],
        item_id: str,
        *,
        wait: bool,
    ) -> ga_server.ConversationItemDeleted | None: ...
    def delete_item(
        self,
        item_id: str,
        *,
        wait: bool = False,
    ) -> Any:
        """Send `conversation.item.delete`; with wait=True return `conversation.item.deleted`."""
        return self._call(self._async.delete_item, item_id, wait=wait)

    @overload
    def retrieve_item(
        self: SyncSends[GADialect],
        item_id: str,
        *,
        wait: Literal[True] = True,
    ) -> ga_server.ConversationItemRetrieved: ...
    @overload
    def retrieve_item(
        self: SyncSends[GADialect],
        item_id: str,
        *,
        wait: Literal[False],
    ) -> None: ...
    @overload
    def retrieve_item(
        self: SyncSends[GADialect],
        item_id: str,
        *,
        wait: bool,
    ) -> ga_server.ConversationItemRetrieved | None: ...
    @overload
    def retrieve_item(
        self: SyncSends[BetaDialect],
        item_id: str,
        *,
        wait: Literal[True] = True,
    ) -> beta_server.ConversationItemRetrieved: ...
    @overload
    def retrieve_item(
        self: SyncSends[BetaDialect],
        item_id: str,
        *,
        wait: Literal[False],
    ) -> None: ...
    @overload
    def retrieve_item(
        self: SyncSends[BetaDialect],
        item_id: str,
        *,
        wait: bool,
    ) -> beta_server.ConversationItemRetrieved | None: ...
    def retrieve_item(
        self,
        item_id: str,
        *,
        wait: bool = True,
    ) -> Any:
        """Send `conversation.item.retrieve`; by default wait for and return `...retrieved`."""
        return self._call(self._async.retrieve_item, item_id, wait=wait)

    @overload
    def close_session(
        self: SyncSends[TranslationDialect],
        *,
        wait: Literal[True],
    ) -> tr.SessionClosed: ...
    @overload
    def close_session(
        self: SyncSends[TranslationDialect],
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def close_session(
        self: SyncSends[TranslationDialect],
        *,
        wait: bool,
    ) -> tr.SessionClosed | None: ...
    def close_session(
        self,
        *,
        wait: bool = False,
    ) -> Any:
        """Translation sessions: send `session.close`; with wait=True return `session.closed`."""
        return self._call(self._async.close_session, wait=wait)
