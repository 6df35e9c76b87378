"""GA server events about the audio buffers: `input_audio_buffer.*` and `output_audio_buffer.*`.

Part of the GA server events (`realtime_sdk.events._server` gathers them into `ServerEvent`).
"""

from __future__ import annotations

from typing import Literal

import attrs

from .._types import UNSET, Unset
from ._base import Model

# --- input audio buffer ------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferCleared(Model):
    """The input audio buffer was cleared."""

    type: Literal["input_audio_buffer.cleared"] = "input_audio_buffer.cleared"
    """Event type, always `input_audio_buffer.cleared`."""
    event_id: str
    """Unique id of this server event."""


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferCommitted(Model):
    """The input audio buffer became the user message item `item_id`."""

    type: Literal["input_audio_buffer.committed"] = "input_audio_buffer.committed"
    """Event type, always `input_audio_buffer.committed`."""
    event_id: str
    """Unique id of this server event."""
    previous_item_id: str | Unset | None = UNSET
    """Id of the item before this one (`None` when it comes first)."""
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


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferSpeechStarted(Model):
    """Turn detection heard the user start speaking (interrupt playback here)."""

    type: Literal["input_audio_buffer.speech_started"] = "input_audio_buffer.speech_started"
    """Event type, always `input_audio_buffer.speech_started`."""
    event_id: str
    """Unique id of this server event."""
    audio_start_ms: int
    """When speech started, in ms since the session's first buffered audio (includes prefix padding)."""
    item_id: str
    """Id of the user message item that will be created when speech stops."""


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferSpeechStopped(Model):
    """Turn detection heard the user stop speaking."""

    type: Literal["input_audio_buffer.speech_stopped"] = "input_audio_buffer.speech_stopped"
    """Event type, always `input_audio_buffer.speech_stopped`."""
    event_id: str
    """Unique id of this server event."""
    audio_end_ms: int
    """When speech stopped, in ms since the session's first buffered audio (includes silence duration)."""
    item_id: str
    """Id of the user message item that will be created."""


@attrs.frozen(kw_only=True, repr=False)
class InputAudioBufferTimeoutTriggered(Model):
    """No speech was heard for the server VAD's `idle_timeout_ms`."""

    type: Literal["input_audio_buffer.timeout_triggered"] = "input_audio_buffer.timeout_triggered"
    """Event type, always `input_audio_buffer.timeout_triggered`."""
    event_id: str
    """Unique id of this server event."""
    audio_start_ms: int
    """Start of the buffered audio after the last response's playback, in ms."""
    audio_end_ms: int
    """Offset of the buffered audio when the idle timeout fired, in ms."""
    item_id: str
    """Id of the item created for the buffered audio."""


# --- output audio buffer (WebRTC / SIP) --------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class OutputAudioBufferCleared(Model):
    """The output audio buffer was cleared (WebRTC / SIP)."""

    type: Literal["output_audio_buffer.cleared"] = "output_audio_buffer.cleared"
    """Event type, always `output_audio_buffer.cleared`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response whose audio this is."""


@attrs.frozen(kw_only=True, repr=False)
class OutputAudioBufferStarted(Model):
    """The server started playing a response's audio (WebRTC / SIP)."""

    type: Literal["output_audio_buffer.started"] = "output_audio_buffer.started"
    """Event type, always `output_audio_buffer.started`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response whose audio this is."""


@attrs.frozen(kw_only=True, repr=False)
class OutputAudioBufferStopped(Model):
    """The server finished playing a response's audio (WebRTC / SIP)."""

    type: Literal["output_audio_buffer.stopped"] = "output_audio_buffer.stopped"
    """Event type, always `output_audio_buffer.stopped`."""
    event_id: str
    """Unique id of this server event."""
    response_id: str
    """Id of the response whose audio this is."""
