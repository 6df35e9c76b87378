"""The fake Realtime server's engine, Sans-I/O: client events in, server events out.

`FakeRealtimeEngine` (`_core`) is built in layers, one module each, bottom up: `_base` (state,
ids, error events), `_session` (`session.update`, reading the settings), `_billing` (usage, the
prompt cache, rate limits), `_conversation` (items), `_streaming` (a response's output as steps),
`_responses` (the response lifecycle) and `_input_audio` (the buffer, turn detection's commits,
transcription). The dialect is chosen once, at start: `_wire` builds the GA or beta server
events, `_settings` reads and updates a GA or beta session. Leaf modules: `_defaults` (dialects,
voices, default sessions), `_rules` (parameter checks), `_vad` (turn detection), `_audio`
(encodings) and `_items` (item helpers).
"""

from __future__ import annotations

from ._core import FakeRealtimeEngine as FakeRealtimeEngine
from ._defaults import DEFAULT_INSTRUCTIONS as DEFAULT_INSTRUCTIONS
from ._defaults import FakeDialect as FakeDialect
from ._rules import VOICES as VOICES
from ._streaming import ResponseStep as ResponseStep
from ._vad import vad_level as vad_level

__all__ = [
    "DEFAULT_INSTRUCTIONS",
    "VOICES",
    "FakeDialect",
    "FakeRealtimeEngine",
    "ResponseStep",
    "vad_level",
]
