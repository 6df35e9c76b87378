"""The blocking Session's audio-buffer sends: commit and clear the input buffer, clear the output.

`SyncAudioSends` is a mixin of `sync.Session` through `SyncSends` (`_sync_sends.py`), mirroring the
async `AudioSends` (`_audio_sends.py`): each method hands its arguments to the async Session's method
of the same name and blocks for the result. `append_audio` stays in `sync.py`. What the mixin uses of
`sync.Session` is declared in the class body under `TYPE_CHECKING`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

from ._answers import BetaDialect, ConversationDialect, DialectT, GADialect
from .events import _server as ga_server
from .events.beta import _server as beta_server

if TYPE_CHECKING:
    from . import _session

__all__ = ["SyncAudioSends"]

_T = TypeVar("_T")


class SyncAudioSends(Generic[DialectT]):
    """The audio-buffer sends of `sync.Session` (a mixin: `sync.Session` provides what is declared
    here)."""

    if TYPE_CHECKING:
        # Provided by sync.Session (sync.py).
        _async: _session.Session[Any]

        def _call(self, func: Callable[..., Awaitable[_T]], *args: Any, **kwargs: Any) -> _T: ...

    @overload
    def commit_audio(
        self: SyncAudioSends[GADialect],
        *,
        wait: Literal[True],
    ) -> ga_server.InputAudioBufferCommitted: ...
    @overload
    def commit_audio(
        self: SyncAudioSends[GADialect],
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def commit_audio(
        self: SyncAudioSends[GADialect],
        *,
        wait: bool,
    ) -> ga_server.InputAudioBufferCommitted | None: ...
    @overload
    def commit_audio(
        self: SyncAudioSends[BetaDialect],
        *,
        wait: Literal[True],
    ) -> beta_server.InputAudioBufferCommitted: ...
    @overload
    def commit_audio(
        self: SyncAudioSends[BetaDialect],
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def commit_audio(
        self: SyncAudioSends[BetaDialect],
        *,
        wait: bool,
    ) -> beta_server.InputAudioBufferCommitted | None: ...
    def commit_audio(
        self,
        *,
        wait: bool = False,
    ) -> Any:
        """Send `input_audio_buffer.commit`; with wait=True return `input_audio_buffer.committed`."""
        return self._call(self._async.commit_audio, wait=wait)

    @overload
    def clear_audio(
        self: SyncAudioSends[ConversationDialect],
        *,
        wait: Literal[True],
    ) -> ga_server.InputAudioBufferCleared: ...
    @overload
    def clear_audio(
        self: SyncAudioSends[ConversationDialect],
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def clear_audio(
        self: SyncAudioSends[ConversationDialect],
        *,
        wait: bool,
    ) -> ga_server.InputAudioBufferCleared | None: ...
    def clear_audio(
        self,
        *,
        wait: bool = False,
    ) -> Any:
        """Send `input_audio_buffer.clear`; with wait=True return `input_audio_buffer.cleared`."""
        return self._call(self._async.clear_audio, wait=wait)

    @overload
    def clear_output_audio(
        self: SyncAudioSends[ConversationDialect],
        *,
        wait: Literal[True],
    ) -> ga_server.OutputAudioBufferCleared: ...
    @overload
    def clear_output_audio(
        self: SyncAudioSends[ConversationDialect],
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    def clear_output_audio(
        self: SyncAudioSends[ConversationDialect],
        *,
        wait: bool,
    ) -> ga_server.OutputAudioBufferCleared | None: ...
    def clear_output_audio(
        self,
        *,
        wait: bool = False,
    ) -> Any:
        """Send `output_audio_buffer.clear`; with wait=True return `output_audio_buffer.cleared`."""
        return self._call(self._async.clear_output_audio, wait=wait)
