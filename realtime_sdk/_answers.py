"""Static types of the Session's answers: dialect markers and narrowed answer types.

A `Session` is generic over its dialect (`Session[GADialect]`, the default; `Session[BetaDialect]`;
`Session[TranslationDialect]`), so that a send awaited with `wait=True` is typed with the exact
answer class of that dialect, and methods a dialect lacks do not type-check at all. The markers
exist for type checkers only: at run time the dialect is the constructor's `dialect=` argument.

The GA `session.updated` event carries either a realtime or a transcription session config
(`SessionUpdated.session: SessionConfig | TranscriptionSessionConfig`, as in the published GA
schema). The server answers a `session.update` with the kind it was given, so
`update_session(..., wait=True)` is typed with `RealtimeSessionUpdated` (or
`TranscriptionSessionConfigUpdated` for a transcription config): for type checkers these are
`SessionUpdated` with a narrowed `session` field; at run time both names are `SessionUpdated`
itself, so `isinstance` works with them.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Union

from .events import _resources as ga
from .events import _server as ga_server
from .events import translation as tr
from .events.beta import _resources as beta
from .events.beta import _server as beta_server

if sys.version_info >= (3, 13):  # pragma: no cover - depends on the interpreter
    from typing import TypeVar
else:  # pragma: no cover
    from typing_extensions import TypeVar

__all__ = [
    "AnySessionConfig",
    "BetaDelta",
    "BetaDialect",
    "ConvT",
    "ConversationDialect",
    "CreatedT",
    "DeltaT",
    "DialectT",
    "DoneT",
    "GADelta",
    "GADialect",
    "RealtimeSessionUpdated",
    "ResponseT",
    "TranscriptionSessionConfigUpdated",
    "TranslationDialect",
]


class ConversationDialect:
    """Base of the markers of the dialects that have a conversation (GA and beta): not translation."""


class GADialect(ConversationDialect):
    """Type marker of the GA dialect (`Session(dialect="ga")`, the default)."""


class BetaDialect(ConversationDialect):
    """Type marker of the beta dialect (`Session[BetaDialect](dialect="beta")`)."""


class TranslationDialect:
    """Type marker of translation sessions (`Session[TranslationDialect](dialect="translation")`)."""


DialectT = TypeVar("DialectT", default=GADialect, covariant=True)
"""The dialect parameter of `Session`; GA when not given.

Covariant (it only selects overloads), so that `Session[GADialect]` and `Session[BetaDialect]` are
`Session[ConversationDialect]`: a method typed `self: Session[ConversationDialect]` (the sends every
dialect with a conversation has, answered with the same class in both) takes both and refuses a
`Session[TranslationDialect]`.
"""

ConvT = ConversationDialect
"""The same self type under its older name (the `send` overloads of `_session.py` and `sync.py`).

Not a TypeVar: mypy (2.x) erases a TypeVar in an explicit self type before matching the receiver,
so `self: Session[T]` accepted a translation session whatever T's bound or constraints were.
"""

AnySessionConfig = Union[  # noqa: UP007
    ga.SessionConfig,
    ga.TranscriptionSessionConfig,
    beta.SessionConfig,
    tr.TranslationSessionConfig,
]
"""What `update_session` takes, in any dialect."""

if TYPE_CHECKING:

    class RealtimeSessionUpdated(ga_server.SessionUpdated):
        """`session.updated` answering a realtime `session.update` (GA)."""

        session: ga.SessionConfig

    class TranscriptionSessionConfigUpdated(ga_server.SessionUpdated):
        """`session.updated` answering a transcription `session.update` (GA)."""

        session: ga.TranscriptionSessionConfig

else:
    RealtimeSessionUpdated = ga_server.SessionUpdated
    TranscriptionSessionConfigUpdated = ga_server.SessionUpdated

# The answer types of ResponseHandle's type parameters, per dialect.
GADelta = Union[  # noqa: UP007
    ga_server.ResponseOutputTextDelta,
    ga_server.ResponseOutputAudioDelta,
    ga_server.ResponseOutputAudioTranscriptDelta,
]
"""A GA response's text, audio or transcript delta."""

BetaDelta = Union[  # noqa: UP007
    beta_server.ResponseTextDelta,
    beta_server.ResponseAudioDelta,
    beta_server.ResponseAudioTranscriptDelta,
]
"""A beta response's text, audio or transcript delta."""

# A ResponseHandle's type parameters: its `response.created` and `response.done` events, the
# response `done()` returns and the delta events `events()` yields. GA by default.
CreatedT = TypeVar("CreatedT", default=ga_server.ResponseCreated)
DoneT = TypeVar("DoneT", default=ga_server.ResponseDone)
ResponseT = TypeVar("ResponseT", default=ga.Response)
DeltaT = TypeVar("DeltaT", default=GADelta)
