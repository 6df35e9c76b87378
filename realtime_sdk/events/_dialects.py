"""The dialect table: what differs between GA, beta and translation sessions, in one record each.

Code that must tell the dialects apart asks `dialect_spec(dialect)` (or walks `DIALECT_SPECS`)
instead of spelling wire names or branching on the dialect string itself:

```python
spec = dialect_spec(session.dialect)
if event.type == spec.output_audio_delta: ...
```

Sources of the wire names: the published GA and beta AsyncAPI schemas and examples in
`tests/fixtures/openai-spec/` (GA renamed the beta response stream events `response.text.*`,
`response.audio.*` and `response.audio_transcript.*` to `response.output_text.*`,
`response.output_audio.*` and `response.output_audio_transcript.*`, and the content part types
`text` / `audio` to `output_text` / `output_audio`), and openai-python's `types/realtime` (GA),
`types/beta/realtime` (beta) for the same names. Translation sessions are described by the
published translation guide (`session.*` events only; see `events/translation.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeGuard, get_args

import attrs

from . import _client as ga_client
from . import _resources as ga
from . import _server as ga_server
from . import translation as tr
from ._base import Model
from .beta import _client as beta_client
from .beta import _resources as beta
from .beta import _server as beta_server

__all__ = [
    "ANSWERS",
    "DIALECTS",
    "DIALECT_SPECS",
    "RESPONSE_STREAMS",
    "Dialect",
    "DialectSpec",
    "ItemClasses",
    "ResponseStreamNames",
    "dialect_spec",
    "is_dialect",
]

Dialect = Literal["ga", "beta", "translation"]
"""A protocol dialect: "ga" (the default), "beta" (pre-GA wire names) or "translation"."""

DIALECTS: tuple[Dialect, ...] = get_args(Dialect)
"""Every dialect, in the order the docs list them."""


def is_dialect(value: object) -> TypeGuard[Dialect]:
    """True when `value` names a dialect (`"ga"`, `"beta"` or `"translation"`)."""
    return value in DIALECTS


# Client event type -> the server event types that acknowledge it, in any dialect. Each dialect's
# `DialectSpec.answers` keeps the entries whose types exist in it (beta: `conversation.item.create`
# is answered by `conversation.item.created` only; GA also by `conversation.item.added`).
ANSWERS: Mapping[str, frozenset[str]] = {
    "session.update": frozenset({"session.updated"}),
    "transcription_session.update": frozenset({"transcription_session.updated"}),
    "conversation.item.create": frozenset({"conversation.item.added", "conversation.item.created"}),
    "conversation.item.delete": frozenset({"conversation.item.deleted"}),
    "conversation.item.truncate": frozenset({"conversation.item.truncated"}),
    "conversation.item.retrieve": frozenset({"conversation.item.retrieved"}),
    "input_audio_buffer.commit": frozenset({"input_audio_buffer.committed"}),
    "input_audio_buffer.clear": frozenset({"input_audio_buffer.cleared"}),
    "output_audio_buffer.clear": frozenset({"output_audio_buffer.cleared"}),
    "response.create": frozenset({"response.created"}),
    "response.cancel": frozenset({"response.done"}),
    "session.close": frozenset({"session.closed"}),
}


@attrs.frozen(kw_only=True)
class ResponseStreamNames:
    """The wire names of a response's streamed output in a conversation dialect (GA or beta)."""

    text_delta: str
    text_done: str
    audio_delta: str
    audio_done: str
    transcript_delta: str
    transcript_done: str
    text_part: str
    """The content part type that text deltas fill (`output_text` in GA, `text` in beta)."""
    audio_part: str
    """The content part type that audio and transcript deltas fill (`output_audio` / `audio`)."""

    @property
    def event_types(self) -> tuple[str, ...]:
        """The six stream event types: text, audio and transcript, delta then done."""
        return (
            self.text_delta,
            self.text_done,
            self.audio_delta,
            self.audio_done,
            self.transcript_delta,
            self.transcript_done,
        )

    @property
    def deltas(self) -> frozenset[str]:
        """The text, audio and transcript delta types."""
        return frozenset({self.text_delta, self.audio_delta, self.transcript_delta})

    @property
    def part_types(self) -> Mapping[str, str]:
        """Stream event type -> the content part type it fills."""
        text, audio = self.text_part, self.audio_part
        return {
            self.text_delta: text,
            self.text_done: text,
            self.audio_delta: audio,
            self.audio_done: audio,
            self.transcript_delta: audio,
            self.transcript_done: audio,
        }


@attrs.frozen(kw_only=True)
class ItemClasses:
    """The conversation item and content part classes of a conversation dialect (GA or beta)."""

    message: type[Model]
    function_call: type[Model]
    function_call_output: type[Model]
    content_parts: Mapping[str, type[Model]]
    """Content part type, as either dialect names it -> this dialect's class for it (beta has
    no `output_text` / `output_audio` parts: its `text` / `audio` classes stand for them)."""


@attrs.frozen(kw_only=True)
class DialectSpec:
    """Everything that differs between dialects, for one dialect. Get one with `dialect_spec()`."""

    name: Dialect
    client_union: Any
    """The `ClientEvent` union of the dialect's module (for type checkers and cattrs)."""
    server_union: Any
    """The `ServerEvent` union of the dialect's module."""
    client_events: tuple[type[Model], ...]
    """The client event classes, in the union's order."""
    server_events: tuple[type[Model], ...]
    """The server event classes, in the union's order."""
    client_classes: Mapping[str, type[Model]]
    """Client event type -> its class."""
    server_classes: Mapping[str, type[Model]]
    """Server event type -> its class."""
    session_config: type[Model]
    """The config `session.update` carries (`SessionConfig`, `TranslationSessionConfig`)."""
    response_params: type[Model] | None
    """The `response` of `response.create`; None when the dialect has no responses."""
    input_audio_append: str
    """The client event that appends input audio."""
    output_audio_delta: str
    """The server event that carries output audio (base64 in `delta`)."""
    response: ResponseStreamNames | None
    """The response stream's wire names; None for translation (no conversation, no responses)."""
    items: ItemClasses | None
    """The item and content part classes; None for translation."""
    to_ga: Mapping[str, str]
    """This dialect's server event types that GA spells differently -> the GA type (the
    canonical name). Empty for GA and translation."""
    answers: Mapping[str, frozenset[str]]
    """Client event type -> the server event types that answer it in this dialect."""

    @property
    def has_conversation(self) -> bool:
        """True for GA and beta: items, responses and the input audio buffer exist."""
        return self.response is not None

    def canonical_type(self, event_type: str) -> str:
        """The GA name of one of this dialect's server event types (itself when GA spells it so)."""
        return self.to_ga.get(event_type, event_type)


def _wire_type(cls: type[Model]) -> str:
    default: str = attrs.fields(cls).type.default
    return default


def _answers(
    sent: Mapping[str, object], received: Mapping[str, object]
) -> Mapping[str, frozenset[str]]:
    return {
        request: frozenset(answer for answer in answers if answer in received)
        for request, answers in ANSWERS.items()
        if request in sent and any(answer in received for answer in answers)
    }


def _items(resources: Any, own: ResponseStreamNames, other: ResponseStreamNames) -> ItemClasses:
    parts = {
        _wire_type(cls): cls
        for cls in (
            resources.InputTextContent,
            resources.TextContent,
            resources.InputAudioContent,
            resources.AudioContent,
            getattr(resources, "OutputTextContent", None),
            getattr(resources, "OutputAudioContent", None),
        )
        if cls is not None
    }
    parts.setdefault(other.text_part, parts[own.text_part])
    parts.setdefault(other.audio_part, parts[own.audio_part])
    return ItemClasses(
        message=resources.MessageItem,
        function_call=resources.FunctionCallItem,
        function_call_output=resources.FunctionCallOutputItem,
        content_parts=parts,
    )


def _spec(
    name: Dialect,
    client: Any,
    server: Any,
    *,
    session_config: type[Model],
    response_params: type[Model] | None,
    input_audio_append: str,
    output_audio_delta: str,
    response: ResponseStreamNames | None,
    items: ItemClasses | None,
    to_ga: Mapping[str, str],
) -> DialectSpec:
    client_events: tuple[type[Model], ...] = get_args(client.ClientEvent)
    server_events: tuple[type[Model], ...] = get_args(server.ServerEvent)
    client_classes = {_wire_type(cls): cls for cls in client_events}
    server_classes = {_wire_type(cls): cls for cls in server_events}
    return DialectSpec(
        name=name,
        client_union=client.ClientEvent,
        server_union=server.ServerEvent,
        client_events=client_events,
        server_events=server_events,
        client_classes=client_classes,
        server_classes=server_classes,
        session_config=session_config,
        response_params=response_params,
        input_audio_append=input_audio_append,
        output_audio_delta=output_audio_delta,
        response=response,
        items=items,
        to_ga=to_ga,
        answers=_answers(client_classes, server_classes),
    )


_GA_STREAM = ResponseStreamNames(
    text_delta="response.output_text.delta",
    text_done="response.output_text.done",
    audio_delta="response.output_audio.delta",
    audio_done="response.output_audio.done",
    transcript_delta="response.output_audio_transcript.delta",
    transcript_done="response.output_audio_transcript.done",
    text_part="output_text",
    audio_part="output_audio",
)
_BETA_STREAM = ResponseStreamNames(
    text_delta="response.text.delta",
    text_done="response.text.done",
    audio_delta="response.audio.delta",
    audio_done="response.audio.done",
    transcript_delta="response.audio_transcript.delta",
    transcript_done="response.audio_transcript.done",
    text_part="text",
    audio_part="audio",
)
_APPEND = "input_audio_buffer.append"

GA = _spec(
    "ga",
    ga_client,
    ga_server,
    session_config=ga.SessionConfig,
    response_params=ga.ResponseCreateParams,
    input_audio_append=_APPEND,
    output_audio_delta=_GA_STREAM.audio_delta,
    response=_GA_STREAM,
    items=_items(ga, _GA_STREAM, _BETA_STREAM),
    to_ga={},
)
BETA = _spec(
    "beta",
    beta_client,
    beta_server,
    session_config=beta.SessionConfig,
    response_params=beta.ResponseCreateParams,
    input_audio_append=_APPEND,
    output_audio_delta=_BETA_STREAM.audio_delta,
    response=_BETA_STREAM,
    items=_items(beta, _BETA_STREAM, _GA_STREAM),
    to_ga=dict(zip(_BETA_STREAM.event_types, _GA_STREAM.event_types, strict=True)),
)
TRANSLATION = _spec(
    "translation",
    tr,
    tr,
    session_config=tr.TranslationSessionConfig,
    response_params=None,
    input_audio_append="session.input_audio_buffer.append",
    output_audio_delta="session.output_audio.delta",
    response=None,
    items=None,
    to_ga={},
)

DIALECT_SPECS: Mapping[Dialect, DialectSpec] = {spec.name: spec for spec in (GA, BETA, TRANSLATION)}
"""Every dialect's record, by name."""

RESPONSE_STREAMS: tuple[ResponseStreamNames, ...] = tuple(
    spec.response for spec in DIALECT_SPECS.values() if spec.response is not None
)
"""The response stream names of the dialects that have responses (GA, then beta)."""


def dialect_spec(dialect: Dialect) -> DialectSpec:
    """The record of `dialect`; KeyError for a name that is not a dialect."""
    return DIALECT_SPECS[dialect]
