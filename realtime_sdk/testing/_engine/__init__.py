"""The fake Realtime server's engine, Sans-I/O: client events in, server events out.

`FakeRealtimeEngine` (`_core`) is built in layers, one module each, bottom up: `_base` (state, ids,
errors), `_session` (settings and `session.update`), `_billing` (usage, caching, rate limits),
`_conversation` (items), `_streaming` (a response's output as steps), `_responses` (the response
lifecycle), `_input_audio` (the buffer, VAD commits, transcription). Leaf modules hold what the
layers share: `_defaults`, `_rules`, `_vad`, `_audio` and `_items`.
"""

from __future__ import annotations

from ._core import FakeRealtimeEngine as FakeRealtimeEngine
from ._defaults import DEFAULT_INSTRUCTIONS as DEFAULT_INSTRUCTIONS
from ._defaults import VOICES as VOICES
from ._defaults import FakeDialect as FakeDialect
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
