"""The 47 server events of the GA Realtime protocol (what the server sends).

This module holds the one list of them, the `ServerEvent` union (in the protocol's documented
order), and is their one namespace (the SDK refers to them as `ga_server.X`). The classes are
defined by family: `_server_conversation` (`conversation.*`), `_server_audio` (the input and
output audio buffers), `_server_responses` (`response.*`) and `_server_session` (`session.*`,
`error`, rate limits, MCP tool listing).
"""

from __future__ import annotations

from typing import Union, get_args

from ._base import Model
from ._server_audio import InputAudioBufferCleared as InputAudioBufferCleared
from ._server_audio import InputAudioBufferCommitted as InputAudioBufferCommitted
from ._server_audio import InputAudioBufferDtmfEventReceived as InputAudioBufferDtmfEventReceived
from ._server_audio import InputAudioBufferSpeechStarted as InputAudioBufferSpeechStarted
from ._server_audio import InputAudioBufferSpeechStopped as InputAudioBufferSpeechStopped
from ._server_audio import InputAudioBufferTimeoutTriggered as InputAudioBufferTimeoutTriggered
from ._server_audio import OutputAudioBufferCleared as OutputAudioBufferCleared
from ._server_audio import OutputAudioBufferStarted as OutputAudioBufferStarted
from ._server_audio import OutputAudioBufferStopped as OutputAudioBufferStopped
from ._server_conversation import ConversationCreated as ConversationCreated
from ._server_conversation import ConversationItemAdded as ConversationItemAdded
from ._server_conversation import ConversationItemCreated as ConversationItemCreated
from ._server_conversation import ConversationItemDeleted as ConversationItemDeleted
from ._server_conversation import ConversationItemDone as ConversationItemDone
from ._server_conversation import (
    ConversationItemInputAudioTranscriptionCompleted as ConversationItemInputAudioTranscriptionCompleted,
)
from ._server_conversation import (
    ConversationItemInputAudioTranscriptionDelta as ConversationItemInputAudioTranscriptionDelta,
)
from ._server_conversation import (
    ConversationItemInputAudioTranscriptionFailed as ConversationItemInputAudioTranscriptionFailed,
)
from ._server_conversation import (
    ConversationItemInputAudioTranscriptionSegment as ConversationItemInputAudioTranscriptionSegment,
)
from ._server_conversation import ConversationItemRetrieved as ConversationItemRetrieved
from ._server_conversation import ConversationItemTruncated as ConversationItemTruncated
from ._server_responses import ResponseContentPartAdded as ResponseContentPartAdded
from ._server_responses import ResponseContentPartDone as ResponseContentPartDone
from ._server_responses import ResponseCreated as ResponseCreated
from ._server_responses import ResponseDone as ResponseDone
from ._server_responses import (
    ResponseFunctionCallArgumentsDelta as ResponseFunctionCallArgumentsDelta,
)
from ._server_responses import (
    ResponseFunctionCallArgumentsDone as ResponseFunctionCallArgumentsDone,
)
from ._server_responses import ResponseMCPCallArgumentsDelta as ResponseMCPCallArgumentsDelta
from ._server_responses import ResponseMCPCallArgumentsDone as ResponseMCPCallArgumentsDone
from ._server_responses import ResponseMCPCallCompleted as ResponseMCPCallCompleted
from ._server_responses import ResponseMCPCallFailed as ResponseMCPCallFailed
from ._server_responses import ResponseMCPCallInProgress as ResponseMCPCallInProgress
from ._server_responses import ResponseOutputAudioDelta as ResponseOutputAudioDelta
from ._server_responses import ResponseOutputAudioDone as ResponseOutputAudioDone
from ._server_responses import (
    ResponseOutputAudioTranscriptDelta as ResponseOutputAudioTranscriptDelta,
)
from ._server_responses import (
    ResponseOutputAudioTranscriptDone as ResponseOutputAudioTranscriptDone,
)
from ._server_responses import ResponseOutputItemAdded as ResponseOutputItemAdded
from ._server_responses import ResponseOutputItemDone as ResponseOutputItemDone
from ._server_responses import ResponseOutputTextDelta as ResponseOutputTextDelta
from ._server_responses import ResponseOutputTextDone as ResponseOutputTextDone
from ._server_session import ErrorEvent as ErrorEvent
from ._server_session import MCPListToolsCompleted as MCPListToolsCompleted
from ._server_session import MCPListToolsFailed as MCPListToolsFailed
from ._server_session import MCPListToolsInProgress as MCPListToolsInProgress
from ._server_session import RateLimitsUpdated as RateLimitsUpdated
from ._server_session import SessionCreated as SessionCreated
from ._server_session import SessionUpdated as SessionUpdated
from ._server_session import TranscriptionSessionUpdated as TranscriptionSessionUpdated

ServerEvent = Union[  # noqa: UP007
    ConversationCreated,
    ConversationItemAdded,
    ConversationItemCreated,
    ConversationItemDeleted,
    ConversationItemDone,
    ConversationItemInputAudioTranscriptionCompleted,
    ConversationItemInputAudioTranscriptionDelta,
    ConversationItemInputAudioTranscriptionFailed,
    ConversationItemInputAudioTranscriptionSegment,
    ConversationItemRetrieved,
    ConversationItemTruncated,
    ErrorEvent,
    InputAudioBufferCleared,
    InputAudioBufferCommitted,
    InputAudioBufferDtmfEventReceived,
    InputAudioBufferSpeechStarted,
    InputAudioBufferSpeechStopped,
    InputAudioBufferTimeoutTriggered,
    MCPListToolsCompleted,
    MCPListToolsFailed,
    MCPListToolsInProgress,
    OutputAudioBufferCleared,
    OutputAudioBufferStarted,
    OutputAudioBufferStopped,
    RateLimitsUpdated,
    ResponseContentPartAdded,
    ResponseContentPartDone,
    ResponseCreated,
    ResponseDone,
    ResponseFunctionCallArgumentsDelta,
    ResponseFunctionCallArgumentsDone,
    ResponseMCPCallCompleted,
    ResponseMCPCallFailed,
    ResponseMCPCallInProgress,
    ResponseMCPCallArgumentsDelta,
    ResponseMCPCallArgumentsDone,
    ResponseOutputAudioDelta,
    ResponseOutputAudioDone,
    ResponseOutputAudioTranscriptDelta,
    ResponseOutputAudioTranscriptDone,
    ResponseOutputItemAdded,
    ResponseOutputItemDone,
    ResponseOutputTextDelta,
    ResponseOutputTextDone,
    SessionCreated,
    SessionUpdated,
    TranscriptionSessionUpdated,
]
"""Any GA server event; what `decode_server_event` returns for a known GA `type`."""

SERVER_EVENTS: tuple[type[Model], ...] = get_args(ServerEvent)
"""Every GA server event class, in the protocol's documented order."""

# The module exports its event classes (the one list of them is `ServerEvent`), the union and the tuple.
__all__ = sorted(["SERVER_EVENTS", "ServerEvent", *(cls.__name__ for cls in SERVER_EVENTS)])
