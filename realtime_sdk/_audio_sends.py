"""The Session's audio-buffer sends: append to, commit and clear the input buffer; clear the output.

`AudioSends` is a mixin of `Session` through `TypedSends` (`_sends.py`), built on `EventSends`
(`_event_sends.py`, `send()` itself), and typed per dialect the same
way (a method a dialect lacks has no overload for it). `append_audio` is the hot send path: it
writes the JSON straight from the bytes, past the event classes. What the mixin uses of the Session
and of `TypedSends` is declared in the class body under `TYPE_CHECKING`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Literal, overload

from ._answers import BetaDialect, ConversationDialect, DialectT, GADialect
from ._codec import AnyServerEvent, encode_audio_append
from ._event_sends import EventSends
from ._exceptions import UsageError
from .events import _server as ga_server
from .events._dialects import dialect_spec
from .events.beta import _server as beta_server

if TYPE_CHECKING:
    from ._link import ResumableTransport
    from .events._base import Model

__all__ = ["AudioSends"]

logger = logging.getLogger("realtime_sdk")


class AudioSends(EventSends[DialectT]):
    """The audio-buffer sends of `Session` (a mixin: `Session` provides what is declared here)."""

    if TYPE_CHECKING:
        # Provided by Session (_session.py), and `_event` by TypedSends (_sends.py); `send()` and
        # the send checks by EventSends (_event_sends.py).
        _link: ResumableTransport | None

        def _event(self, wire_type: str, **fields: Any) -> Model: ...

    async def append_audio(self, audio: bytes | bytearray | memoryview) -> None:
        """Append raw audio (PCM16 mono at the session rate, or G.711 as configured) to the input
        buffer. The hot send path: the JSON is written straight from the bytes."""
        if not isinstance(audio, (bytes, bytearray, memoryview)):
            raise UsageError(f"append_audio takes bytes, got {type(audio).__name__}")
        transport = self._check_sendable()
        wire_type = dialect_spec(self.dialect).input_audio_append
        event_id = self._next_event_id()
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("sending %s %s (%d bytes of audio)", wire_type, event_id, len(audio))
        if self._link is not None:
            await self._link.send_audio(audio, event_id, wire_type)
            return
        await transport.send_text(encode_audio_append(audio, event_id, wire_type))

    @overload
    async def commit_audio(
        self: AudioSends[GADialect],
        *,
        wait: Literal[True],
    ) -> ga_server.InputAudioBufferCommitted: ...
    @overload
    async def commit_audio(
        self: AudioSends[GADialect],
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def commit_audio(
        self: AudioSends[GADialect],
        *,
        wait: bool,
    ) -> ga_server.InputAudioBufferCommitted | None: ...
    @overload
    async def commit_audio(
        self: AudioSends[BetaDialect],
        *,
        wait: Literal[True],
    ) -> beta_server.InputAudioBufferCommitted: ...
    @overload
    async def commit_audio(
        self: AudioSends[BetaDialect],
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def commit_audio(
        self: AudioSends[BetaDialect],
        *,
        wait: bool,
    ) -> beta_server.InputAudioBufferCommitted | None: ...
    async def commit_audio(self, *, wait: bool = False) -> AnyServerEvent | None:
        """Send `input_audio_buffer.commit`; with wait=True return `input_audio_buffer.committed`."""
        return await self.send(self._event("input_audio_buffer.commit"), wait=wait)

    # The answers below are one class in both dialects (beta reuses the GA class).

    @overload
    async def clear_audio(
        self: AudioSends[ConversationDialect],
        *,
        wait: Literal[True],
    ) -> ga_server.InputAudioBufferCleared: ...
    @overload
    async def clear_audio(
        self: AudioSends[ConversationDialect],
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def clear_audio(
        self: AudioSends[ConversationDialect],
        *,
        wait: bool,
    ) -> ga_server.InputAudioBufferCleared | None: ...
    async def clear_audio(self, *, wait: bool = False) -> AnyServerEvent | None:
        """Send `input_audio_buffer.clear`; with wait=True return `input_audio_buffer.cleared`."""
        return await self.send(self._event("input_audio_buffer.clear"), wait=wait)

    @overload
    async def clear_output_audio(
        self: AudioSends[ConversationDialect],
        *,
        wait: Literal[True],
    ) -> ga_server.OutputAudioBufferCleared: ...
    @overload
    async def clear_output_audio(
        self: AudioSends[ConversationDialect],
        *,
        wait: Literal[False] = False,
    ) -> None: ...
    @overload
    async def clear_output_audio(
        self: AudioSends[ConversationDialect],
        *,
        wait: bool,
    ) -> ga_server.OutputAudioBufferCleared | None: ...
    async def clear_output_audio(self, *, wait: bool = False) -> AnyServerEvent | None:
        """Send `output_audio_buffer.clear` (WebRTC/SIP playback); wait=True returns `...cleared`."""
        return await self.send(self._event("output_audio_buffer.clear"), wait=wait)
