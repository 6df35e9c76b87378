"""Typed models of every Realtime event (GA at this level; `beta` and `translation` sub-modules)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .._deprecation import renamed_attribute as _renamed_attribute
from . import _client, _common, _resources, _server
from ._base import Model
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
from ._common import CachedTokensDetails as CachedTokensDetails
from ._common import ErrorDetails as ErrorDetails
from ._common import FunctionTool as FunctionTool
from ._common import InputTokenDetails as InputTokenDetails
from ._common import OutputTokenDetails as OutputTokenDetails
from ._common import RateLimit as RateLimit
from ._common import Usage as Usage
from ._resources import AudioContent as AudioContent
from ._resources import AudioFormat as AudioFormat
from ._resources import AudioInputConfig as AudioInputConfig
from ._resources import AudioOutputConfig as AudioOutputConfig
from ._resources import AudioTranscription as AudioTranscription
from ._resources import ClientSecretObject as ClientSecretObject
from ._resources import ContentPart as ContentPart
from ._resources import ConversationObject as ConversationObject
from ._resources import CustomVoice as CustomVoice
from ._resources import FunctionCallItem as FunctionCallItem
from ._resources import FunctionCallOutputItem as FunctionCallOutputItem
from ._resources import ImageDetail as ImageDetail
from ._resources import Include as Include
from ._resources import InputAudioContent as InputAudioContent
from ._resources import InputFileContent as InputFileContent
from ._resources import InputImageContent as InputImageContent
from ._resources import InputItem as InputItem
from ._resources import InputTextContent as InputTextContent
from ._resources import Item as Item
from ._resources import ItemReference as ItemReference
from ._resources import ItemStatus as ItemStatus
from ._resources import LegacyTranscriptionSessionConfig as LegacyTranscriptionSessionConfig
from ._resources import LogProb as LogProb
from ._resources import MCPApprovalRequestItem as MCPApprovalRequestItem
from ._resources import MCPApprovalResponseItem as MCPApprovalResponseItem
from ._resources import MCPCallError as MCPCallError
from ._resources import MCPCallItem as MCPCallItem
from ._resources import MCPHTTPError as MCPHTTPError
from ._resources import MCPListToolsItem as MCPListToolsItem
from ._resources import MCPListToolsTool as MCPListToolsTool
from ._resources import MCPProtocolError as MCPProtocolError
from ._resources import MCPRequireApprovalFilter as MCPRequireApprovalFilter
from ._resources import MCPTool as MCPTool
from ._resources import MCPToolExecutionError as MCPToolExecutionError
from ._resources import MCPToolFilter as MCPToolFilter
from ._resources import MessageItem as MessageItem
from ._resources import Modality as Modality
from ._resources import NoiseReduction as NoiseReduction
from ._resources import OutputAudioContent as OutputAudioContent
from ._resources import OutputTextContent as OutputTextContent
from ._resources import PCMAAudioFormat as PCMAAudioFormat
from ._resources import PCMAudioFormat as PCMAudioFormat
from ._resources import PCMUAudioFormat as PCMUAudioFormat
from ._resources import Prompt as Prompt
from ._resources import PromptCacheBreakpoint as PromptCacheBreakpoint
from ._resources import PromptVariable as PromptVariable
from ._resources import Reasoning as Reasoning
from ._resources import Response as Response
from ._resources import ResponseAudioConfig as ResponseAudioConfig
from ._resources import ResponseAudioOutput as ResponseAudioOutput
from ._resources import ResponseCreateParams as ResponseCreateParams
from ._resources import ResponseStatusDetails as ResponseStatusDetails
from ._resources import ResponseStatusError as ResponseStatusError
from ._resources import RetentionRatioTruncation as RetentionRatioTruncation
from ._resources import SemanticVAD as SemanticVAD
from ._resources import ServerVAD as ServerVAD
from ._resources import SessionAudioConfig as SessionAudioConfig
from ._resources import SessionConfig as SessionConfig
from ._resources import TextContent as TextContent
from ._resources import ToolChoice as ToolChoice
from ._resources import ToolChoiceFunction as ToolChoiceFunction
from ._resources import ToolChoiceMCP as ToolChoiceMCP
from ._resources import ToolDefinition as ToolDefinition
from ._resources import TracingConfig as TracingConfig
from ._resources import TranscriptionError as TranscriptionError
from ._resources import TranscriptionLanguage as TranscriptionLanguage
from ._resources import TranscriptionSessionAudioConfig as TranscriptionSessionAudioConfig
from ._resources import TranscriptionSessionConfig as TranscriptionSessionConfig
from ._resources import TranscriptionUsageDuration as TranscriptionUsageDuration
from ._resources import TranscriptionUsageTokens as TranscriptionUsageTokens
from ._resources import TruncationTokenLimits as TruncationTokenLimits
from ._resources import TurnDetection as TurnDetection
from ._resources import Voice as Voice
from ._server import SERVER_EVENTS as SERVER_EVENTS
from ._server import ConversationCreated as ConversationCreated
from ._server import ConversationItemAdded as ConversationItemAdded
from ._server import ConversationItemCreated as ConversationItemCreated
from ._server import ConversationItemDeleted as ConversationItemDeleted
from ._server import ConversationItemDone as ConversationItemDone
from ._server import (
    ConversationItemInputAudioTranscriptionCompleted as ConversationItemInputAudioTranscriptionCompleted,
)
from ._server import (
    ConversationItemInputAudioTranscriptionDelta as ConversationItemInputAudioTranscriptionDelta,
)
from ._server import (
    ConversationItemInputAudioTranscriptionFailed as ConversationItemInputAudioTranscriptionFailed,
)
from ._server import (
    ConversationItemInputAudioTranscriptionSegment as ConversationItemInputAudioTranscriptionSegment,
)
from ._server import ConversationItemRetrieved as ConversationItemRetrieved
from ._server import ConversationItemTruncated as ConversationItemTruncated
from ._server import ErrorEvent as ErrorEvent
from ._server import InputAudioBufferCleared as InputAudioBufferCleared
from ._server import InputAudioBufferCommitted as InputAudioBufferCommitted
from ._server import InputAudioBufferDtmfEventReceived as InputAudioBufferDtmfEventReceived
from ._server import InputAudioBufferSpeechStarted as InputAudioBufferSpeechStarted
from ._server import InputAudioBufferSpeechStopped as InputAudioBufferSpeechStopped
from ._server import InputAudioBufferTimeoutTriggered as InputAudioBufferTimeoutTriggered
from ._server import MCPListToolsCompleted as MCPListToolsCompleted
from ._server import MCPListToolsFailed as MCPListToolsFailed
from ._server import MCPListToolsInProgress as MCPListToolsInProgress
from ._server import OutputAudioBufferCleared as OutputAudioBufferCleared
from ._server import OutputAudioBufferStarted as OutputAudioBufferStarted
from ._server import OutputAudioBufferStopped as OutputAudioBufferStopped
from ._server import RateLimitsUpdated as RateLimitsUpdated
from ._server import ResponseContentPartAdded as ResponseContentPartAdded
from ._server import ResponseContentPartDone as ResponseContentPartDone
from ._server import ResponseCreated as ResponseCreated
from ._server import ResponseDone as ResponseDone
from ._server import ResponseFunctionCallArgumentsDelta as ResponseFunctionCallArgumentsDelta
from ._server import ResponseFunctionCallArgumentsDone as ResponseFunctionCallArgumentsDone
from ._server import ResponseMCPCallArgumentsDelta as ResponseMCPCallArgumentsDelta
from ._server import ResponseMCPCallArgumentsDone as ResponseMCPCallArgumentsDone
from ._server import ResponseMCPCallCompleted as ResponseMCPCallCompleted
from ._server import ResponseMCPCallFailed as ResponseMCPCallFailed
from ._server import ResponseMCPCallInProgress as ResponseMCPCallInProgress
from ._server import ResponseOutputAudioDelta as ResponseOutputAudioDelta
from ._server import ResponseOutputAudioDone as ResponseOutputAudioDone
from ._server import ResponseOutputAudioTranscriptDelta as ResponseOutputAudioTranscriptDelta
from ._server import ResponseOutputAudioTranscriptDone as ResponseOutputAudioTranscriptDone
from ._server import ResponseOutputItemAdded as ResponseOutputItemAdded
from ._server import ResponseOutputItemDone as ResponseOutputItemDone
from ._server import ResponseOutputTextDelta as ResponseOutputTextDelta
from ._server import ResponseOutputTextDone as ResponseOutputTextDone
from ._server import ServerEvent as ServerEvent
from ._server import SessionCreated as SessionCreated
from ._server import SessionUpdated as SessionUpdated
from ._server import TranscriptionSessionUpdated as TranscriptionSessionUpdated

if TYPE_CHECKING:
    from ._dialects import Dialect

# The names come from the modules that define them (each has the one list of its names; the event
# modules derive theirs from their unions), plus the two defined here.
__all__ = sorted(
    {
        *_client.__all__,
        *_common.__all__,
        *_resources.__all__,
        *_server.__all__,
        "UnknownEvent",
        "event_classes",
    }
)


@attrs.frozen(kw_only=True, repr=False)
class UnknownEvent(Model):
    """An event whose `type` this SDK does not know; kept whole so it can be forwarded unchanged."""

    type: str
    """The wire `type` as received."""
    raw: dict[str, Any] = attrs.field(factory=dict)
    """The decoded JSON object, every member included."""

    def __repr__(self) -> str:
        # The raw members may be large (audio) or sensitive: the repr names them only.
        return f"UnknownEvent(type={self.type!r}, members={sorted(self.raw)!r})"


def event_classes(
    dialect: Dialect, direction: Literal["client", "server"]
) -> tuple[type[Model], ...]:
    """The event classes of one dialect and direction, in the protocol's documented order."""
    module_name = {
        "ga": "realtime_sdk.events._{direction}",
        "beta": "realtime_sdk.events.beta._{direction}",
        "translation": "realtime_sdk.events.translation",
    }[dialect].format(direction=direction)
    module = importlib.import_module(module_name)
    classes: tuple[type[Model], ...] = getattr(module, f"{direction.upper()}_EVENTS")
    return classes


_RENAMED = {
    # Renamed in 0.1 so that no `events` name means something else than the same top-level name
    # (`realtime_sdk.Conversation`, `.ClientSecret`, `.Tool`); the old names work, with a warning, for one release.
    "ClientSecret": "ClientSecretObject",
    "Conversation": "ConversationObject",
    "Tool": "ToolDefinition",
}


def __getattr__(name: str) -> object:
    return _renamed_attribute(__name__, name, _RENAMED, globals())
