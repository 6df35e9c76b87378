"""Test without a network or an API bill: a protocol-faithful fake Realtime server.

```python
from realtime_sdk.testing import FakeRealtimeServer, Reply, ScriptedResponder

async with FakeRealtimeServer(responder=ScriptedResponder([Reply(text="Hi!")])) as server:
    ...  # connect to server.url (or give server.base_url to a Session / openai-python)
```

`FakeRealtimeEngine` is the Sans-I/O core (client events in, server events out) for unit tests.
"""

from __future__ import annotations

from .._recording import Recorder as Recorder
from .._recording import RecordingError as RecordingError
from .._recording import RecordingTransport as RecordingTransport
from .._recording import record_to as record_to
from .._recording import redact_audio as redact_audio
from ._calls import CallRecord as CallRecord
from ._calls import FakeCallsAPI as FakeCallsAPI
from ._calls import serve_http as serve_http
from ._engine import DEFAULT_INSTRUCTIONS as DEFAULT_INSTRUCTIONS
from ._engine import VOICES as VOICES
from ._engine import FakeDialect as FakeDialect
from ._engine import FakeRealtimeEngine as FakeRealtimeEngine
from ._engine import ResponseStep as ResponseStep
from ._engine import vad_level as vad_level
from ._recfile import RecordedEvent as RecordedEvent
from ._recfile import RecordedMessage as RecordedMessage
from ._recfile import Recording as Recording
from ._recfile import RecordingHeader as RecordingHeader
from ._recfile import read_recording as read_recording
from ._recfile import read_recording_header as read_recording_header
from ._recfile import recorded_events as recorded_events
from ._replay import ReplayConnection as ReplayConnection
from ._replay import ReplayMismatch as ReplayMismatch
from ._replay import ReplayMismatchError as ReplayMismatchError
from ._replay import ReplayServer as ReplayServer
from ._responder import Disconnect as Disconnect
from ._responder import FunctionCall as FunctionCall
from ._responder import Reply as Reply
from ._responder import Responder as Responder
from ._responder import ResponderContext as ResponderContext
from ._responder import ScriptedResponder as ScriptedResponder
from ._responder import Tone as Tone
from ._responder import Transcription as Transcription
from ._responder import TranscriptionContext as TranscriptionContext
from ._responder import default_responder as default_responder
from ._responder import default_transcription as default_transcription
from ._server import ConnectionRecord as ConnectionRecord
from ._server import FakeRealtimeServer as FakeRealtimeServer
from ._server import Faults as Faults

__all__ = [
    "DEFAULT_INSTRUCTIONS",
    "VOICES",
    "CallRecord",
    "ConnectionRecord",
    "Disconnect",
    "FakeCallsAPI",
    "FakeDialect",
    "FakeRealtimeEngine",
    "FakeRealtimeServer",
    "Faults",
    "FunctionCall",
    "RecordedEvent",
    "RecordedMessage",
    "Recorder",
    "Recording",
    "RecordingError",
    "RecordingHeader",
    "RecordingTransport",
    "ReplayConnection",
    "ReplayMismatch",
    "ReplayMismatchError",
    "ReplayServer",
    "Reply",
    "Responder",
    "ResponderContext",
    "ResponseStep",
    "ScriptedResponder",
    "Tone",
    "Transcription",
    "TranscriptionContext",
    "default_responder",
    "default_transcription",
    "read_recording",
    "read_recording_header",
    "record_to",
    "recorded_events",
    "redact_audio",
    "serve_http",
    "vad_level",
]
