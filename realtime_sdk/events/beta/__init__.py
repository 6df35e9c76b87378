"""Typed models of the pre-GA beta dialect (`response.text.delta`, `response.audio.delta`, ...).

Decode with `realtime_sdk._codec.decode_server_event(text, dialect="beta")`. The shared resources
(`Usage`, `RateLimit`, `ErrorDetails`, `FunctionTool`) come from `realtime_sdk.events._common`.
"""

from __future__ import annotations

from ..._deprecation import renamed_attribute as _renamed_attribute
from .. import _common
from .._common import CachedTokensDetails as CachedTokensDetails
from .._common import ErrorDetails as ErrorDetails
from .._common import FunctionTool as FunctionTool
from .._common import InputTokenDetails as InputTokenDetails
from .._common import OutputTokenDetails as OutputTokenDetails
from .._common import RateLimit as RateLimit
from .._common import Usage as Usage
from . import _client, _resources, _server
from ._client import CLIENT_EVENTS as CLIENT_EVENTS
from ._client import ClientEvent as ClientEvent
from ._client import ConversationItemCreate as ConversationItemCreate
from ._client import ConversationItemDelete as ConversationItemDelete
from ._client import ConversationItemRetrieve as ConversationItemRetrieve
from ._client import ConversationItemTruncate as ConversationItemTruncate
from ._client import InputAudioBufferAppend as InputAudioBufferAppend
from ._client import InputAudioBufferClear as InputAudioBufferClear
from ._client import InputAudioBufferCommit as InputAudioBufferCommit
from ._client import OutputAudioBufferClear as OutputAudioBufferClear
from ._client import ResponseCancel as ResponseCancel
from ._client import ResponseCreate as ResponseCreate
from ._client import SessionUpdate as SessionUpdate
from ._client import TranscriptionSessionUpdate as TranscriptionSessionUpdate
from ._resources import AudioContent as AudioContent
from ._resources import AudioFormat as AudioFormat
from ._resources import ClientSecretExpiry as ClientSecretExpiry
from ._resources import ClientSecretObject as ClientSecretObject
from ._resources import ContentPart as ContentPart
from ._resources import ConversationItem as ConversationItem
from ._resources import ConversationObject as ConversationObject
from ._resources import FunctionCallItem as FunctionCallItem
from ._resources import FunctionCallOutputItem as FunctionCallOutputItem
from ._resources import InputAudioContent as InputAudioContent
from ._resources import InputAudioTranscription as InputAudioTranscription
from ._resources import InputTextContent as InputTextContent
from ._resources import ItemReference as ItemReference
from ._resources import ItemReferenceContent as ItemReferenceContent
from ._resources import ItemStatus as ItemStatus
from ._resources import LogProb as LogProb
from ._resources import MessageItem as MessageItem
from ._resources import Modality as Modality
from ._resources import NoiseReduction as NoiseReduction
from ._resources import Response as Response
from ._resources import ResponseCreateParams as ResponseCreateParams
from ._resources import ResponseInputItem as ResponseInputItem
from ._resources import ResponseStatusDetails as ResponseStatusDetails
from ._resources import ResponseStatusError as ResponseStatusError
from ._resources import SemanticVAD as SemanticVAD
from ._resources import ServerVAD as ServerVAD
from ._resources import SessionConfig as SessionConfig
from ._resources import TextContent as TextContent
from ._resources import TracingConfiguration as TracingConfiguration
from ._resources import TranscriptionError as TranscriptionError
from ._resources import TranscriptionInputTokenDetails as TranscriptionInputTokenDetails
from ._resources import TranscriptionSessionConfig as TranscriptionSessionConfig
from ._resources import TranscriptionUsageDuration as TranscriptionUsageDuration
from ._resources import TranscriptionUsageTokens as TranscriptionUsageTokens
from ._resources import TurnDetection as TurnDetection
from ._resources import Voice as Voice
from ._server import SERVER_EVENTS as SERVER_EVENTS
from ._server import ConversationCreated as ConversationCreated
from ._server import ConversationItemCreated as ConversationItemCreated
from ._server import ConversationItemDeleted as ConversationItemDeleted
from ._server import (
    ConversationItemInputAudioTranscriptionCompleted as ConversationItemInputAudioTranscriptionCompleted,
)
from ._server import (
    ConversationItemInputAudioTranscriptionDelta as ConversationItemInputAudioTranscriptionDelta,
)
from ._server import (
    ConversationItemInputAudioTranscriptionFailed as ConversationItemInputAudioTranscriptionFailed,
)
from ._server import ConversationItemRetrieved as ConversationItemRetrieved
from ._server import ConversationItemTruncated as ConversationItemTruncated
from ._server import ErrorEvent as ErrorEvent
from ._server import InputAudioBufferCleared as InputAudioBufferCleared
from ._server import InputAudioBufferCommitted as InputAudioBufferCommitted
from ._server import InputAudioBufferSpeechStarted as InputAudioBufferSpeechStarted
from ._server import InputAudioBufferSpeechStopped as InputAudioBufferSpeechStopped
from ._server import OutputAudioBufferCleared as OutputAudioBufferCleared
from ._server import OutputAudioBufferStarted as OutputAudioBufferStarted
from ._server import OutputAudioBufferStopped as OutputAudioBufferStopped
from ._server import RateLimitsUpdated as RateLimitsUpdated
from ._server import ResponseAudioDelta as ResponseAudioDelta
from ._server import ResponseAudioDone as ResponseAudioDone
from ._server import ResponseAudioTranscriptDelta as ResponseAudioTranscriptDelta
from ._server import ResponseAudioTranscriptDone as ResponseAudioTranscriptDone
from ._server import ResponseContentPartAdded as ResponseContentPartAdded
from ._server import ResponseContentPartDone as ResponseContentPartDone
from ._server import ResponseCreated as ResponseCreated
from ._server import ResponseDone as ResponseDone
from ._server import ResponseFunctionCallArgumentsDelta as ResponseFunctionCallArgumentsDelta
from ._server import ResponseFunctionCallArgumentsDone as ResponseFunctionCallArgumentsDone
from ._server import ResponseOutputItemAdded as ResponseOutputItemAdded
from ._server import ResponseOutputItemDone as ResponseOutputItemDone
from ._server import ResponseTextDelta as ResponseTextDelta
from ._server import ResponseTextDone as ResponseTextDone
from ._server import ServerEvent as ServerEvent
from ._server import SessionCreated as SessionCreated
from ._server import SessionUpdated as SessionUpdated
from ._server import TranscriptionSessionUpdated as TranscriptionSessionUpdated

# The names come from the modules that define them (each has the one list of its names; the event
# modules derive theirs from their unions), with the resources every dialect shares.
__all__ = sorted({*_common.__all__, *_client.__all__, *_resources.__all__, *_server.__all__})

_RENAMED = {
    # Renamed with their GA counterparts in `realtime_sdk.events`; the old names work, with a warning, for one release.
    "ClientSecret": "ClientSecretObject",
    "Conversation": "ConversationObject",
}


def __getattr__(name: str) -> object:
    return _renamed_attribute(__name__, name, _RENAMED, globals())
