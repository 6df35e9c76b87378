"""Per-dialect wire factories: the server events the engine sends, and the items inside them.

The engine picks one factory when a connection starts (`GaWire` or `BetaWire`) and builds every
outgoing event through it instead of branching on the dialect. `_Wire`'s class attributes are the
dialect table: for each role, the GA and the beta class (`_Both`), of which each factory reads
its own. `_Wire` builds the events from them, and a subclass overrides a method only where the
shapes differ: the `response` object, and the function call's `name` in
`response.function_call_arguments.done` (GA only). The response stream events GA renamed, and
the client events the engine handles, are looked up by the wire names of the dialect table of
the SDK (`events/_dialects.py`). Shapes: the published schemas and examples in
tests/fixtures/openai-spec/ and openai-python's `types.realtime` / `types.beta.realtime`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

from ..._types import UNSET, Unset
from ...events import _resources as ga_r
from ...events import _server as ga_s
from ...events._base import Model
from ...events._common import ErrorDetails, InputTokenDetails, RateLimit
from ...events._dialects import DialectSpec, ResponseStreamNames, dialect_spec
from ...events.beta import _resources as b_r
from ...events.beta import _server as b_s
from ._items import _beta_item, _ga_item

if TYPE_CHECKING:
    from ._streaming import _Active

__all__ = ["BetaWire", "GaWire"]

_T = TypeVar("_T")
_Make = Callable[..., Model]  # an event or resource class


class _Both(Generic[_T]):
    """One role's GA and beta values (mostly classes); each wire reads its own dialect's."""

    def __init__(self, ga: _T, beta: _T) -> None:
        self._values = (ga, beta)

    def __get__(self, wire: object, owner: type[_Wire]) -> _T:
        return self._values[owner.column]


_GA, _BETA = dialect_spec("ga"), dialect_spec("beta")


def _stream(spec: DialectSpec) -> ResponseStreamNames:
    assert spec.response is not None  # GA and beta have responses
    return spec.response


_GA_STREAM, _BETA_STREAM = _stream(_GA), _stream(_BETA)


def _event(ga_type: str, beta_type: str) -> _Both[_Make]:
    """A server event's GA and beta classes, by the wire names of the dialect table."""
    return _Both(_GA.server_classes[ga_type], _BETA.server_classes[beta_type])


_HANDLED = (
    "session.update",
    "conversation.item.create",
    "conversation.item.delete",
    "conversation.item.retrieve",
    "conversation.item.truncate",
    "input_audio_buffer.append",
    "input_audio_buffer.commit",
    "input_audio_buffer.clear",
    "response.create",
    "response.cancel",
    "output_audio_buffer.clear",
    "transcription_session.update",
)
"""The client events the engine handles (the same wire types in both dialects)."""


class _Wire(ABC):
    """Builds one dialect's server events; `event_id` gives each event its id.

    The class attributes are the dialect table: for each role, the GA and the beta class.
    """

    column: ClassVar[int]  # which of a `_Both`'s values: 0 GA, 1 beta

    client_events = _Both(
        tuple(_GA.client_classes[t] for t in _HANDLED),
        tuple(_BETA.client_classes[t] for t in _HANDLED),
    )
    item_fields = _Both({}, {"object": "realtime.item"})  # fields every beta item carries
    image_tokens = _Both[int | Unset](0, UNSET)  # GA counts them, beta has no such field

    item = _Both[Callable[[Model], Model]](_ga_item, _beta_item)
    """`item` checked to be one of the dialect's conversation items (TypeError if not)."""

    ErrorEvent = _Both[_Make](ga_s.ErrorEvent, b_s.ErrorEvent)
    SessionCreated = _Both[_Make](ga_s.SessionCreated, b_s.SessionCreated)
    SessionUpdated = _Both[_Make](ga_s.SessionUpdated, b_s.SessionUpdated)
    ItemAdded = _Both[_Make](ga_s.ConversationItemAdded, b_s.ConversationItemCreated)
    ItemDone = _Both[_Make | None](ga_s.ConversationItemDone, None)  # beta has no item.done
    ItemDeleted = _Both[_Make](ga_s.ConversationItemDeleted, b_s.ConversationItemDeleted)
    ItemRetrieved = _Both[_Make](ga_s.ConversationItemRetrieved, b_s.ConversationItemRetrieved)
    ItemTruncated = _Both[_Make](ga_s.ConversationItemTruncated, b_s.ConversationItemTruncated)
    BufferCleared = _Both[_Make](ga_s.InputAudioBufferCleared, b_s.InputAudioBufferCleared)
    BufferCommitted = _Both[_Make](ga_s.InputAudioBufferCommitted, b_s.InputAudioBufferCommitted)
    SpeechStarted = _Both[_Make](
        ga_s.InputAudioBufferSpeechStarted, b_s.InputAudioBufferSpeechStarted
    )
    SpeechStopped = _Both[_Make](
        ga_s.InputAudioBufferSpeechStopped, b_s.InputAudioBufferSpeechStopped
    )
    TranscriptionDelta = _Both[_Make](
        ga_s.ConversationItemInputAudioTranscriptionDelta,
        b_s.ConversationItemInputAudioTranscriptionDelta,
    )
    TranscriptionCompleted = _Both[_Make](
        ga_s.ConversationItemInputAudioTranscriptionCompleted,
        b_s.ConversationItemInputAudioTranscriptionCompleted,
    )
    TranscriptionFailed = _Both[_Make](
        ga_s.ConversationItemInputAudioTranscriptionFailed,
        b_s.ConversationItemInputAudioTranscriptionFailed,
    )
    TranscriptionError = _Both[_Make](ga_r.TranscriptionError, b_r.TranscriptionError)
    TranscriptionDuration = _Both[_Make](
        ga_r.TranscriptionUsageDuration, b_r.TranscriptionUsageDuration
    )
    TranscriptionTokens = _Both[_Make](ga_r.TranscriptionUsageTokens, b_r.TranscriptionUsageTokens)
    TranscriptionTokenDetails = _Both[_Make](InputTokenDetails, b_r.TranscriptionInputTokenDetails)
    RateLimitsUpdated = _Both[_Make](ga_s.RateLimitsUpdated, b_s.RateLimitsUpdated)
    ResponseCreated = _Both[_Make](ga_s.ResponseCreated, b_s.ResponseCreated)
    ResponseDone = _Both[_Make](ga_s.ResponseDone, b_s.ResponseDone)
    StatusDetails = _Both[_Make](ga_r.ResponseStatusDetails, b_r.ResponseStatusDetails)
    StatusError = _Both[_Make](ga_r.ResponseStatusError, b_r.ResponseStatusError)
    OutputItemAdded = _Both[_Make](ga_s.ResponseOutputItemAdded, b_s.ResponseOutputItemAdded)
    OutputItemDone = _Both[_Make](ga_s.ResponseOutputItemDone, b_s.ResponseOutputItemDone)
    PartAdded = _Both[_Make](ga_s.ResponseContentPartAdded, b_s.ResponseContentPartAdded)
    PartDone = _Both[_Make](ga_s.ResponseContentPartDone, b_s.ResponseContentPartDone)
    TextDelta = _event(_GA_STREAM.text_delta, _BETA_STREAM.text_delta)
    TextDone = _event(_GA_STREAM.text_done, _BETA_STREAM.text_done)
    AudioDelta = _event(_GA_STREAM.audio_delta, _BETA_STREAM.audio_delta)
    AudioDone = _event(_GA_STREAM.audio_done, _BETA_STREAM.audio_done)
    TranscriptDelta = _event(_GA_STREAM.transcript_delta, _BETA_STREAM.transcript_delta)
    TranscriptDone = _event(_GA_STREAM.transcript_done, _BETA_STREAM.transcript_done)
    ArgumentsDelta = _Both[_Make](
        ga_s.ResponseFunctionCallArgumentsDelta, b_s.ResponseFunctionCallArgumentsDelta
    )
    ArgumentsDone = _Both[_Make](
        ga_s.ResponseFunctionCallArgumentsDone, b_s.ResponseFunctionCallArgumentsDone
    )
    MessageItem = _Both[_Make](ga_r.MessageItem, b_r.MessageItem)
    FunctionCallItem = _Both[_Make](ga_r.FunctionCallItem, b_r.FunctionCallItem)
    InputAudioPart = _Both[_Make](ga_r.InputAudioContent, b_r.InputAudioContent)
    # A message's parts as they stand in `item.content`, and as the `part` of
    # `response.content_part.added` / `.done` (see `event_part`).
    TextPart = _Both[_Make](ga_r.OutputTextContent, b_r.TextContent)
    AudioPart = _Both[_Make](ga_r.OutputAudioContent, b_r.AudioContent)
    EventTextPart = _Both[_Make](ga_r.TextContent, b_r.TextContent)
    EventAudioPart = _Both[_Make](ga_r.AudioContent, b_r.AudioContent)

    def __init__(self, event_id: Callable[[], str]) -> None:
        self._event_id = event_id

    # --- items and parts -------------------------------------------------------------------------

    def message_item(self, item_id: str, status: str, role: str, content: list[Any]) -> Model:
        return self.MessageItem(
            id=item_id, status=status, role=role, content=content, **self.item_fields
        )

    def user_audio_item(self, item_id: str, audio: bytes) -> Model:
        # The live GA service sends `"transcript": null` in the item events of committed
        # audio (captured session, issue 10); the transcription arrives in its own events.
        part = self.InputAudioPart(audio=audio, transcript=None)
        return self.message_item(item_id, "completed", "user", [part])

    def function_call_item(
        self, item_id: str, status: str, call_id: str, name: str, arguments: str
    ) -> Model:
        return self.FunctionCallItem(
            id=item_id,
            status=status,
            call_id=call_id,
            name=name,
            arguments=arguments,
            **self.item_fields,
        )

    def content_part(self, mode: Literal["text", "audio"], text: str, audio: str | Unset) -> Any:
        """An output message's part as it stands inside the item (`item.content`)."""
        if mode == "audio":
            return self.AudioPart(audio=audio, transcript=text)
        return self.TextPart(text=text)

    def event_part(self, mode: Literal["text", "audio"], text: str) -> Any:
        """The `part` of `response.content_part.added` / `.done`.

        Both dialects name it "text" / "audio" here, while a GA item names the same part
        "output_text" / "output_audio" in `item.content`: the published GA schema's enum for
        `part.type` is ["audio", "text"], its example is `{"type": "text", "text": ""}`,
        openai-python's `ResponseContentPartAddedEvent.Part.type` is `Literal["text", "audio"]`,
        and a captured live GA session sends `{"type": "audio", "transcript": ""}`.
        """
        if mode == "audio":
            return self.EventAudioPart(transcript=text)
        return self.EventTextPart(text=text)

    # --- session, conversation and input audio events --------------------------------------------

    def error(self, details: ErrorDetails) -> Model:
        return self.ErrorEvent(event_id=self._event_id(), error=details)

    def session_created(self, session: Model) -> Model:
        return self.SessionCreated(event_id=self._event_id(), session=session)

    def session_updated(self, session: Model) -> Model:
        return self.SessionUpdated(event_id=self._event_id(), session=session)

    def item_opened(self, previous: str | None, item: Model) -> list[Model]:
        """An item entering the conversation (it may still grow): GA `conversation.item.added`,
        beta `conversation.item.created`."""
        added = self.ItemAdded(
            event_id=self._event_id(), previous_item_id=previous, item=self.item(item)
        )
        return [added]

    def item_closed(self, previous: str | None, item: Model) -> list[Model]:
        """A conversation item complete: GA `conversation.item.done` (beta has no such event)."""
        if self.ItemDone is None:
            return []
        done = self.ItemDone(
            event_id=self._event_id(), previous_item_id=previous, item=self.item(item)
        )
        return [done]

    def item_added(self, previous: str | None, item: Model) -> list[Model]:
        """A complete item added: GA `conversation.item.added` + `.done`, beta `.created`."""
        return [*self.item_opened(previous, item), *self.item_closed(previous, item)]

    def item_deleted(self, item_id: str) -> Model:
        return self.ItemDeleted(event_id=self._event_id(), item_id=item_id)

    def item_retrieved(self, item: Model) -> Model:
        return self.ItemRetrieved(event_id=self._event_id(), item=self.item(item))

    def item_truncated(self, item_id: str, content_index: int, audio_end_ms: int) -> Model:
        return self.ItemTruncated(
            event_id=self._event_id(),
            item_id=item_id,
            content_index=content_index,
            audio_end_ms=audio_end_ms,
        )

    def buffer_cleared(self) -> Model:
        return self.BufferCleared(event_id=self._event_id())

    def buffer_committed(self, previous: str | None, item_id: str) -> Model:
        return self.BufferCommitted(
            event_id=self._event_id(), previous_item_id=previous, item_id=item_id
        )

    def speech_started(self, audio_start_ms: int, item_id: str) -> Model:
        return self.SpeechStarted(
            event_id=self._event_id(), audio_start_ms=audio_start_ms, item_id=item_id
        )

    def speech_stopped(self, audio_end_ms: int, item_id: str) -> Model:
        return self.SpeechStopped(
            event_id=self._event_id(), audio_end_ms=audio_end_ms, item_id=item_id
        )

    # --- input audio transcription ---------------------------------------------------------------

    def transcription_failed(self, code: str, message: str, **ids: Any) -> Model:
        error = self.TranscriptionError(
            type="transcription_error", code=code, message=message, param=None
        )
        return self.TranscriptionFailed(event_id=self._event_id(), error=error, **ids)

    def transcription_delta(self, delta: str, **ids: Any) -> Model:
        return self.TranscriptionDelta(event_id=self._event_id(), delta=delta, **ids)

    def transcription_usage(self, model: str, seconds: float, audio: int, text: int) -> Any:
        """`{"type": "duration", ...}` for whisper-1, else `{"type": "tokens", ...}`."""
        if model == "whisper-1":
            return self.TranscriptionDuration(seconds=seconds)
        return self.TranscriptionTokens(
            input_tokens=audio,
            input_token_details=self.TranscriptionTokenDetails(text_tokens=0, audio_tokens=audio),
            output_tokens=text,
            total_tokens=audio + text,
        )

    def transcription_completed(self, transcript: str, usage: Any, **ids: Any) -> Model:
        return self.TranscriptionCompleted(
            event_id=self._event_id(), transcript=transcript, usage=usage, **ids
        )

    # --- responses -------------------------------------------------------------------------------

    def rate_limits(self, limits: Sequence[RateLimit]) -> Model:
        return self.RateLimitsUpdated(event_id=self._event_id(), rate_limits=limits)

    @abstractmethod
    def response(self, active: _Active, **fields: Any) -> Model:
        """The `response` object of `response.created` / `.done`: the `fields` both dialects
        share (id, status, output, usage...) and the dialect's own, from `active`."""

    def response_created(self, response: Model) -> Model:
        return self.ResponseCreated(event_id=self._event_id(), response=response)

    def response_done(self, response: Model) -> Model:
        return self.ResponseDone(event_id=self._event_id(), response=response)

    def cancelled(self, reason: str) -> Any:
        return self.StatusDetails(type="cancelled", reason=reason)

    def failed(self, error_type: str, code: str) -> Any:
        return self.StatusDetails(type="failed", error=self.StatusError(type=error_type, code=code))

    def output_item_added(self, response_id: str, output_index: int, item: Model) -> Model:
        return self.OutputItemAdded(
            event_id=self._event_id(),
            response_id=response_id,
            output_index=output_index,
            item=self.item(item),
        )

    def output_item_done(self, response_id: str, output_index: int, item: Model) -> Model:
        return self.OutputItemDone(
            event_id=self._event_id(),
            response_id=response_id,
            output_index=output_index,
            item=self.item(item),
        )

    def part_added(self, part: Any, **ids: Any) -> Model:
        return self.PartAdded(event_id=self._event_id(), part=part, **ids)

    def part_done(self, part: Any, **ids: Any) -> Model:
        return self.PartDone(event_id=self._event_id(), part=part, **ids)

    def delta(self, kind: Literal["text", "audio", "transcript"], **fields: Any) -> Model:
        cls = {"text": self.TextDelta, "audio": self.AudioDelta}.get(kind, self.TranscriptDelta)
        return cls(event_id=self._event_id(), **fields)

    def text_done(self, text: str, **ids: Any) -> Model:
        return self.TextDone(event_id=self._event_id(), text=text, **ids)

    def audio_done(self, transcript: str, **ids: Any) -> list[Model]:
        """`response.(output_)audio.done`, then the transcript's `.done`."""
        done = self.AudioDone(event_id=self._event_id(), **ids)
        return [done, self.TranscriptDone(event_id=self._event_id(), transcript=transcript, **ids)]

    def arguments_delta(self, **fields: Any) -> Model:
        return self.ArgumentsDelta(event_id=self._event_id(), **fields)

    def arguments_done(self, name: str, **fields: Any) -> Model:
        return self.ArgumentsDone(event_id=self._event_id(), **fields)


class GaWire(_Wire):
    """The GA dialect (`openai.types.realtime`)."""

    column = 0

    def response(self, active: _Active, **fields: Any) -> Model:
        audio = ga_r.ResponseAudioConfig(
            output=ga_r.ResponseAudioOutput(format=active.out_format_model, voice=active.voice)
        )
        return ga_r.Response(
            output_modalities=list(active.modalities),
            max_output_tokens=active.max_output_tokens,
            audio=audio,
            **fields,
        )

    def arguments_done(self, name: str, **fields: Any) -> Model:
        return self.ArgumentsDone(event_id=self._event_id(), name=name, **fields)


class BetaWire(_Wire):
    """The beta dialect (`openai.types.beta.realtime`)."""

    column = 1

    def response(self, active: _Active, **fields: Any) -> Model:
        return b_r.Response(
            voice=active.voice,
            modalities=list(active.modalities),
            output_audio_format=active.out_format_model,
            temperature=active.temperature,
            max_output_tokens=active.max_output_tokens,
            **fields,
        )
