"""GA server events about the audio buffers: `input_audio_buffer.*` and `output_audio_buffer.*`.

Part of the GA server events (`realtime_sdk.events._server` gathers them into `ServerEvent`).
"""

from __future__ import annotations

from typing import Literal

import attrs

from .._types import UNSET, Unset
from ._base import Model
from ._families import AfterItemEvent, ResponseEvent, ServerEventBase, type_first

# --- input audio buffer ------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class InputAudioBufferCleared(ServerEventBase):
    """The input audio buffer was cleared."""

    type: Literal["input_audio_buffer.cleared"] = "input_audio_buffer.cleared"
    """Event type, always `input_audio_buffer.cleared`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class InputAudioBufferCommitted(AfterItemEvent):
    """The input audio buffer became the user message item `item_id`."""

    type: Literal["input_audio_buffer.committed"] = "input_audio_buffer.committed"
    """Event type, always `input_audio_buffer.committed`."""
    item_id: str
    """Id of the user message item that will be created from the audio."""


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferDtmfEventReceived(Model):
    """A DTMF key (`event`, e.g. "9") was pressed on a phone call; `received_at` is Unix seconds."""

    type: Literal["input_audio_buffer.dtmf_event_received"] = (
        "input_audio_buffer.dtmf_event_received"
    )
    """Event type, always `input_audio_buffer.dtmf_event_received`."""
    # Lenient: the published example has no event_id.
    event_id: str | Unset | None = UNSET
    """Unique id of this server event (absent in some captures)."""
    event: str
    """The telephone key the user pressed."""
    received_at: int
    """When the server received the key press, Unix seconds (UTC)."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class InputAudioBufferSpeechStarted(ServerEventBase):
    """Turn detection heard the user start speaking (interrupt playback here)."""

    type: Literal["input_audio_buffer.speech_started"] = "input_audio_buffer.speech_started"
    """Event type, always `input_audio_buffer.speech_started`."""
    audio_start_ms: int
    """When speech started, in ms since the session's first buffered audio (includes prefix padding)."""
    item_id: str
    """Id of the user message item that will be created when speech stops."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class InputAudioBufferSpeechStopped(ServerEventBase):
    """Turn detection heard the user stop speaking."""

    type: Literal["input_audio_buffer.speech_stopped"] = "input_audio_buffer.speech_stopped"
    """Event type, always `input_audio_buffer.speech_stopped`."""
    audio_end_ms: int
    """When speech stopped, in ms since the session's first buffered audio (includes silence duration)."""
    item_id: str
    """Id of the user message item that will be created."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class InputAudioBufferTimeoutTriggered(ServerEventBase):
    """No speech was heard for the server VAD's `idle_timeout_ms`."""

    type: Literal["input_audio_buffer.timeout_triggered"] = "input_audio_buffer.timeout_triggered"
    """Event type, always `input_audio_buffer.timeout_triggered`."""
    audio_start_ms: int
    """Start of the buffered audio after the last response's playback, in ms."""
    audio_end_ms: int
    """Offset of the buffered audio when the idle timeout fired, in ms."""
    item_id: str
    """Id of the item created for the buffered audio."""


# --- output audio buffer (WebRTC / SIP) --------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class OutputAudioBufferCleared(ResponseEvent):
    """The output audio buffer was cleared (WebRTC / SIP)."""

    type: Literal["output_audio_buffer.cleared"] = "output_audio_buffer.cleared"
    """Event type, always `output_audio_buffer.cleared`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class OutputAudioBufferStarted(ResponseEvent):
    """The server started playing a response's audio (WebRTC / SIP)."""

    type: Literal["output_audio_buffer.started"] = "output_audio_buffer.started"
    """Event type, always `output_audio_buffer.started`."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class OutputAudioBufferStopped(ResponseEvent):
    """The server finished playing a response's audio (WebRTC / SIP)."""

    type: Literal["output_audio_buffer.stopped"] = "output_audio_buffer.stopped"
    """Event type, always `output_audio_buffer.stopped`."""
