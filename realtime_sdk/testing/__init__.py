"""Test without a network or an API bill: a protocol-faithful fake Realtime server.

```python
from realtime_sdk.testing import FakeRealtimeServer, Reply, ScriptedResponder

async with FakeRealtimeServer(responder=ScriptedResponder([Reply(text="Hi!")])) as server:
    ...  # connect to server.url (or give server.base_url to a Session / openai-python)
```

`FakeRealtimeEngine` is the Sans-I/O core (client events in, server events out) for unit tests.
"""

from __future__ import annotations

from ._engine import DEFAULT_INSTRUCTIONS as DEFAULT_INSTRUCTIONS
from ._engine import VOICES as VOICES
from ._engine import FakeDialect as FakeDialect
from ._engine import FakeRealtimeEngine as FakeRealtimeEngine
from ._engine import ResponseStep as ResponseStep
from ._engine import vad_level as vad_level
from ._responder import FunctionCall as FunctionCall
from ._responder import Reply as Reply
from ._responder import Responder as Responder
from ._responder import ResponderContext as ResponderContext
from ._responder import ScriptedResponder as ScriptedResponder
from ._responder import Tone as Tone
from ._responder import default_responder as default_responder
from ._server import ConnectionRecord as ConnectionRecord
from ._server import FakeRealtimeServer as FakeRealtimeServer
from ._server import Faults as Faults

__all__ = [
    "DEFAULT_INSTRUCTIONS",
    "VOICES",
    "ConnectionRecord",
    "FakeDialect",
    "FakeRealtimeEngine",
    "FakeRealtimeServer",
    "Faults",
    "FunctionCall",
    "Reply",
    "Responder",
    "ResponderContext",
    "ResponseStep",
    "ScriptedResponder",
    "Tone",
    "default_responder",
    "vad_level",
]
