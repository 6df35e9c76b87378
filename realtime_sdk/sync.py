"""A blocking API: `realtime_sdk.sync.Session`, for scripts and sync frameworks (Django, Flask).

```python
from realtime_sdk import events
from realtime_sdk.sync import Session

with Session(model="gpt-realtime") as session:
    session.update_session(instructions="Be brief.", wait=True)
    session.create_item(events.MessageItem.user_text("Hello!"))
    handle = session.create_response(events.ResponseCreateParams(output_modalities=["text"]))
    for text in handle.text_deltas():
        print(text, end="")
```

Each sync Session runs the async `realtime_sdk.Session` on an event loop in a thread of its own,
through anyio's blocking portal (`anyio.from_thread.start_blocking_portal`): every method submits a
call to that loop and blocks until it returns. Any number of threads may send at once (each call
is its own task on the loop, and the async Session's sends are task-safe); one thread at a time
iterates the events. Closing (the `with` block's end, or `close()`) closes the connection, stops
the loop and joins its thread.
"""

from __future__ import annotations

import functools
import os
import ssl
import threading
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
)
from contextlib import AbstractContextManager, ExitStack
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

import anyio
from anyio.from_thread import BlockingPortal, start_blocking_portal

from . import _session
from ._answers import (
    BetaDelta,
    BetaDialect,
    ConvT,
    CreatedT,
    DeltaT,
    DialectT,
    DoneT,
    GADialect,
    ResponseT,
    TranslationDialect,
)
from ._careful import UndecodableFrame
from ._codec import AnyServerEvent
from ._connect import ApiKeyProvider, TokenProvider
from ._conversation import Conversation
from ._exceptions import ConnectionClosedOK, RealtimeTimeoutError, UsageError
from ._interruption import PlaybackTracker
from ._options import DeprecatedOptions, Limits, Timeouts, grouped_options
from ._protocol import SessionState
from ._proxy import PROXY_FROM_ENV, ProxySetting
from ._reconnect import Reconnect, SessionResumed
from ._responses import ResponseHandle as AsyncResponseHandle
from ._sync_sends import SyncSends
from ._tools import Tool, ToolRegistry
from ._types import UNSET, Unset
from ._usage import UsageMeter
from .events import _client as ga_client
from .events import _resources as ga
from .events import _server as ga_server
from .events import translation as tr
from .events._base import Model
from .events._dialects import Dialect
from .events.beta import _client as beta_client
from .events.beta import _resources as beta
from .events.beta import _server as beta_server

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

__all__ = ["BetaResponseHandle", "ResponseHandle", "Session"]

_T = TypeVar("_T")


class _Bridge:
    """Blocking calls into the session's portal: refused before it opens, and once it has closed
    with the session's close error (as the async Session's sends do)."""

    def __init__(self, closed_error: Callable[[], BaseException]) -> None:
        self.portal: BlockingPortal | None = None
        self.opened = False
        self._closed_error = closed_error

    def call(self, func: Callable[[], Awaitable[_T]]) -> _T:
        portal = self.portal
        if portal is None:
            if self.opened:
                raise self._closed_error()
            raise UsageError("the session is not open: use `with Session(...) as session`")
        try:
            return portal.call(func)
        except RuntimeError:
            if self.portal is None:  # the portal stopped under this call: the session closed
                raise self._closed_error() from None
            raise


class _BlockingIterator(Iterator[_T]):
    """A blocking iterator over an async iterator that lives on the portal's loop."""

    def __init__(self, bridge: _Bridge, source: AsyncIterator[_T]) -> None:
        self._bridge = bridge
        self._source = source

    def __iter__(self) -> _BlockingIterator[_T]:
        return self

    def __next__(self) -> _T:
        try:
            return self._bridge.call(self._source.__anext__)
        except StopAsyncIteration:
            raise StopIteration from None


class ResponseHandle(Generic[CreatedT, DoneT, ResponseT, DeltaT]):
    """A response requested with `Session.create_response()`: the blocking view of
    `realtime_sdk.ResponseHandle` (same attributes; its waits and iterators block)."""

    def __init__(
        self, bridge: _Bridge, handle: AsyncResponseHandle[CreatedT, DoneT, ResponseT, DeltaT]
    ) -> None:
        self._bridge = bridge
        self.async_handle = handle
        """The async handle (use it only on the session's event loop)."""

    def __repr__(self) -> str:
        return repr(self.async_handle).replace("<ResponseHandle", "<sync.ResponseHandle", 1)

    @property
    def event_id(self) -> str:
        """The event_id of the `response.create` that asked for this response."""
        return self.async_handle.event_id

    @property
    def response_id(self) -> str | None:
        """The server's id, once `response.created` has arrived (else None)."""
        return self.async_handle.response_id

    @property
    def created(self) -> CreatedT | None:
        """The `response.created` event, once received."""
        return self.async_handle.created

    @property
    def text(self) -> str:
        """The text received so far."""
        return self.async_handle.text

    @property
    def transcript(self) -> str:
        """The audio transcript received so far."""
        return self.async_handle.transcript

    @property
    def audio_ms(self) -> float:
        """Milliseconds of output audio received so far."""
        return self.async_handle.audio_ms

    @property
    def finished(self) -> bool:
        """True once the response is done (or failed to start)."""
        return self.async_handle.finished

    @property
    def done_event(self) -> DoneT | None:
        """The `response.done` event once received, else None."""
        return self.async_handle.done_event

    def done(self, timeout: float | None = None) -> ResponseT:
        """Block until `response.done` and return its typed `response`.

        Raises RealtimeTimeoutError after `timeout` seconds (None: no limit), ServerError when the
        server refused the request, ConnectionClosed when the connection ended first.
        """
        handle = self.async_handle

        async def wait() -> ResponseT:
            with anyio.move_on_after(timeout):
                return await handle.done()
            raise RealtimeTimeoutError(f"{handle!r}: not done within {timeout} s")

        return self._bridge.call(wait)

    def cancel(self) -> None:
        """Cancel this response (`response.cancel`) and block until it is done."""
        self._bridge.call(self.async_handle.cancel)

    def events(self) -> Iterator[DeltaT]:
        """Every text, audio and transcript delta event of this response, in order, until done."""
        return _BlockingIterator(self._bridge, self.async_handle.events())

    def text_deltas(self) -> Iterator[str]:
        """The text of this response as it streams (transcript deltas for audio)."""
        return _BlockingIterator(self._bridge, self.async_handle.text_deltas())

    def transcript_deltas(self) -> Iterator[str]:
        """The transcript of this response's audio as it streams."""
        return _BlockingIterator(self._bridge, self.async_handle.transcript_deltas())

    def audio_chunks(self) -> Iterator[bytes]:
        """The output audio of this response as it streams, decoded."""
        return _BlockingIterator(self._bridge, self.async_handle.audio_chunks())


BetaResponseHandle = ResponseHandle[
    beta_server.ResponseCreated, beta_server.ResponseDone, beta.Response, BetaDelta
]
"""The blocking ResponseHandle of a beta session."""


class Session(SyncSends[DialectT]):
    """A Realtime session with blocking methods, usable as `with Session(...) as session:`.

    The constructor takes the arguments of `realtime_sdk.Session` (but `transport`, which belongs
    to one event loop), plus `backend`: the event loop the session runs on in its thread,
    "asyncio" (default) or "trio". `on_tool_response` is called on that loop's thread with a
    blocking `ResponseHandle`: hand it to another thread rather than block there.

    Generic over the dialect like the async Session: `Session[BetaDialect](dialect="beta")`.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        api_key: str | ApiKeyProvider | None = None,
        base_url: str | None = None,
        dialect: Dialect | Literal["auto"] = "ga",
        organization: str | None = None,
        project: str | None = None,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, str] | None = None,
        call_id: str | None = None,
        azure_endpoint: str | None = None,
        azure_deployment: str | None = None,
        api_version: str | None = None,
        token_provider: TokenProvider | None = None,
        allow_insecure: bool = False,
        ssl_context: ssl.SSLContext | None = None,
        proxy: ProxySetting = PROXY_FROM_ENV,
        timeouts: Timeouts | None = None,
        limits: Limits | None = None,
        compression: bool = True,
        interrupt_on_speech: bool = False,
        playback: PlaybackTracker | None = None,
        clear_output_audio_on_interrupt: bool = False,
        tools: ToolRegistry | Iterable[Tool[..., Any] | Callable[..., Any]] | None = None,
        auto_tool_response: bool | ga.ResponseCreateParams | beta.ResponseCreateParams = True,
        on_tool_response: Callable[[ResponseHandle[Any, Any, Any, Any]], object] | None = None,
        conversation: bool | Conversation = False,
        reconnect: bool | Reconnect = False,
        record: str | os.PathLike[str] | None = None,
        strict: bool = False,
        backend: str = "asyncio",
        **deprecated: Unpack[DeprecatedOptions],
    ) -> None:
        timeouts, limits = grouped_options("sync.Session", timeouts, limits, deprecated)
        if backend not in ("asyncio", "trio"):
            raise UsageError(f"backend must be 'asyncio' or 'trio', got {backend!r}")
        self._backend = backend
        self._bridge = _Bridge(self._closed_error)
        bridge = self._bridge
        on_response: Callable[[Any], object] | None = None
        if on_tool_response is not None:
            callback = on_tool_response

            def on_response(handle: Any) -> object:
                return callback(ResponseHandle(bridge, handle))

        self._async: _session.Session[Any] = _session.Session(
            model,
            api_key=api_key,
            base_url=base_url,
            dialect=dialect,
            organization=organization,
            project=project,
            headers=headers,
            query=query,
            call_id=call_id,
            azure_endpoint=azure_endpoint,
            azure_deployment=azure_deployment,
            api_version=api_version,
            token_provider=token_provider,
            allow_insecure=allow_insecure,
            ssl_context=ssl_context,
            proxy=proxy,
            timeouts=timeouts,
            limits=limits,
            compression=compression,
            interrupt_on_speech=interrupt_on_speech,
            playback=playback,
            clear_output_audio_on_interrupt=clear_output_audio_on_interrupt,
            tools=tools,
            auto_tool_response=auto_tool_response,
            on_tool_response=on_response,
            conversation=conversation,
            reconnect=reconnect,
            record=record,
            strict=strict,
        )
        self._lock = threading.Lock()
        self._stack: ExitStack | None = None
        self._entered = False

    def __repr__(self) -> str:
        return repr(self._async).replace("<Session", "<sync.Session", 1)

    def _closed_error(self) -> BaseException:
        error = getattr(self._async, "_close_error", None)
        return error if isinstance(error, BaseException) else ConnectionClosedOK(1000, "closed")

    @property
    def async_session(self) -> _session.Session[DialectT]:
        """The async Session underneath (use it only on its event loop, e.g. from tools)."""
        return self._async

    @property
    def model(self) -> str | None:
        """The model given to the constructor."""
        return self._async.model

    @property
    def usage(self) -> UsageMeter:
        """Token usage of every `response.done` of this session, with cost (`usage.cost()`)."""
        return self._async.usage

    @property
    def conversation(self) -> Conversation | None:
        """The conversation as the server's events describe it, when `conversation=` is set."""
        return self._async.conversation

    @property
    def tools(self) -> ToolRegistry | None:
        """The tools the model may call, run automatically (see `tools=`)."""
        return self._async.tools

    @property
    def server_session(self) -> Model | None:
        """The server's view of the session: from session.created, kept current by updates."""
        return self._async.server_session

    @property
    def created_event(self) -> AnyServerEvent | None:
        """The `session.created` event the server sent when the session opened."""
        return self._async.created_event

    @property
    def dropped_events(self) -> int:
        """Events dropped from the buffer while nobody read the session's stream."""
        return self._async.dropped_events

    @property
    def reconnects(self) -> int:
        """How many times the session has moved to a new connection (`reconnect=`)."""
        return self._async.reconnects

    @property
    def dialect(self) -> str:
        """The dialect: "ga", "beta" or "translation"."""
        return self._async.dialect

    @property
    def state(self) -> SessionState:
        """The lifecycle state: NEW, CONNECTING, OPEN, CLOSING or CLOSED."""
        return self._async.state

    @property
    def closed(self) -> bool:
        """True once the connection is closed (by either side)."""
        return self._async.closed

    @property
    def close_code(self) -> int | None:
        """The WebSocket close code once closed, else None."""
        return self._async.close_code

    # --- lifecycle -------------------------------------------------------------------------------

    def __enter__(self) -> Self:
        self.connect()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def connect(self) -> None:
        """Start the event loop thread, connect, and wait for `session.created` (what `with`
        does on entering). A Session connects once."""
        with self._lock:
            if self._entered:
                raise UsageError(
                    "a Session can be entered only once; create a new Session to reconnect"
                )
            self._entered = True
            stack = ExitStack()
            try:
                portal = stack.enter_context(
                    start_blocking_portal(self._backend, name="realtime_sdk.sync")
                )
                cm: AbstractContextManager[Any] = portal.wrap_async_context_manager(self._async)
                stack.enter_context(cm)
            except BaseException:
                stack.close()
                raise
            self._bridge.portal = portal
            self._bridge.opened = True
            self._stack = stack

    def close(self) -> None:
        """Close the connection, stop the event loop and join its thread; idempotent, from any
        thread (calls blocked in other threads then raise ConnectionClosedOK)."""
        with self._lock:
            stack, self._stack = self._stack, None
            if stack is None:
                return
            self._bridge.portal = None  # new calls fail fast; calls under way end with the close
            stack.close()

    # --- receiving -------------------------------------------------------------------------------

    def recv(
        self, timeout: float | None = None
    ) -> AnyServerEvent | UndecodableFrame | SessionResumed:
        """The next server event, blocking; RealtimeTimeoutError after `timeout` seconds (None:
        no limit; nothing is lost by a timeout). Raises like `realtime_sdk.Session.recv`."""
        session = self._async

        async def receive() -> AnyServerEvent | UndecodableFrame | SessionResumed:
            with anyio.move_on_after(timeout):
                return await session.recv()
            raise RealtimeTimeoutError(f"no server event within {timeout} s")

        return self._bridge.call(receive)

    def __iter__(self) -> Iterator[AnyServerEvent | UndecodableFrame | SessionResumed]:
        """Iterate the server events, blocking; ends quietly on a normal close."""
        while True:
            try:
                yield self.recv()
            except ConnectionClosedOK:
                return

    # --- sending ---------------------------------------------------------------------------------

    def _call(self, func: Callable[..., Awaitable[_T]], *args: Any, **kwargs: Any) -> _T:
        return self._bridge.call(functools.partial(func, *args, **kwargs))

    # send(event, wait=True): the answer class of the event's type in the session's dialect.
    @overload
    def send(
        self: Session[GADialect], event: ga_client.SessionUpdate, *, wait: Literal[True]
    ) -> ga_server.SessionUpdated: ...
    @overload
    def send(
        self: Session[GADialect],
        event: ga_client.TranscriptionSessionUpdate,
        *,
        wait: Literal[True],
    ) -> ga_server.TranscriptionSessionUpdated: ...
    @overload
    def send(
        self: Session[GADialect], event: ga_client.ConversationItemCreate, *, wait: Literal[True]
    ) -> ga_server.ConversationItemAdded | ga_server.ConversationItemCreated: ...
    @overload
    def send(
        self: Session[GADialect], event: ga_client.ConversationItemRetrieve, *, wait: Literal[True]
    ) -> ga_server.ConversationItemRetrieved: ...
    @overload
    def send(
        self: Session[GADialect], event: ga_client.InputAudioBufferCommit, *, wait: Literal[True]
    ) -> ga_server.InputAudioBufferCommitted: ...
    @overload
    def send(
        self: Session[GADialect], event: ga_client.ResponseCreate, *, wait: Literal[True]
    ) -> ga_server.ResponseCreated: ...
    @overload
    def send(
        self: Session[GADialect], event: ga_client.ResponseCancel, *, wait: Literal[True]
    ) -> ga_server.ResponseDone: ...
    @overload
    def send(
        self: Session[BetaDialect], event: beta_client.SessionUpdate, *, wait: Literal[True]
    ) -> beta_server.SessionUpdated: ...
    @overload
    def send(
        self: Session[BetaDialect],
        event: beta_client.TranscriptionSessionUpdate,
        *,
        wait: Literal[True],
    ) -> beta_server.TranscriptionSessionUpdated: ...
    @overload
    def send(
        self: Session[BetaDialect],
        event: beta_client.ConversationItemCreate,
        *,
        wait: Literal[True],
    ) -> beta_server.ConversationItemCreated: ...
    @overload
    def send(
        self: Session[BetaDialect],
        event: ga_client.ConversationItemRetrieve,
        *,
        wait: Literal[True],
    ) -> beta_server.ConversationItemRetrieved: ...
    @overload
    def send(
        self: Session[BetaDialect], event: ga_client.InputAudioBufferCommit, *, wait: Literal[True]
    ) -> beta_server.InputAudioBufferCommitted: ...
    @overload
    def send(
        self: Session[BetaDialect], event: beta_client.ResponseCreate, *, wait: Literal[True]
    ) -> beta_server.ResponseCreated: ...
    @overload
    def send(
        self: Session[BetaDialect], event: ga_client.ResponseCancel, *, wait: Literal[True]
    ) -> beta_server.ResponseDone: ...
    @overload
    def send(
        self: Session[ConvT], event: ga_client.ConversationItemDelete, *, wait: Literal[True]
    ) -> ga_server.ConversationItemDeleted: ...
    @overload
    def send(
        self: Session[ConvT], event: ga_client.ConversationItemTruncate, *, wait: Literal[True]
    ) -> ga_server.ConversationItemTruncated: ...
    @overload
    def send(
        self: Session[ConvT], event: ga_client.InputAudioBufferClear, *, wait: Literal[True]
    ) -> ga_server.InputAudioBufferCleared: ...
    @overload
    def send(
        self: Session[ConvT], event: ga_client.OutputAudioBufferClear, *, wait: Literal[True]
    ) -> ga_server.OutputAudioBufferCleared: ...
    @overload
    def send(
        self: Session[TranslationDialect], event: tr.SessionUpdate, *, wait: Literal[True]
    ) -> tr.SessionUpdated: ...
    @overload
    def send(
        self: Session[TranslationDialect], event: tr.SessionClose, *, wait: Literal[True]
    ) -> tr.SessionClosed: ...
    @overload
    def send(self, event: Model | Mapping[str, Any], *, wait: Literal[True]) -> AnyServerEvent: ...
    @overload
    def send(self, event: Model | Mapping[str, Any], *, wait: Literal[False] = False) -> None: ...
    @overload
    def send(self, event: Model | Mapping[str, Any], *, wait: bool) -> AnyServerEvent | None: ...
    def send(self, event: Model | Mapping[str, Any], *, wait: bool = False) -> Any:
        """Send any client event (an object or a dict in the wire layout); see
        `realtime_sdk.Session.send`."""
        return self._call(self._async.send, event, wait=wait)

    def send_raw(self, text: str) -> None:
        """Send text as-is (no validation, no event_id)."""
        self._call(self._async.send_raw, text)

    def append_audio(self, audio: bytes | bytearray | memoryview) -> None:
        """Append raw audio to the input buffer (see `realtime_sdk.Session.append_audio`)."""
        self._call(self._async.append_audio, audio)

    @overload
    def create_response(
        self: Session[GADialect],
        response: ga.ResponseCreateParams | Unset = UNSET,
        *,
        wait: bool = False,
    ) -> ResponseHandle: ...
    @overload
    def create_response(
        self: Session[BetaDialect],
        response: beta.ResponseCreateParams | Unset = UNSET,
        *,
        wait: bool = False,
    ) -> BetaResponseHandle: ...
    def create_response(
        self,
        response: ga.ResponseCreateParams | beta.ResponseCreateParams | Unset = UNSET,
        *,
        wait: bool = False,
    ) -> ResponseHandle[Any, Any, Any, Any]:
        """Send `response.create` and return a blocking ResponseHandle for its response."""
        handle = self._call(self._async.create_response, response, wait=wait)
        return ResponseHandle(self._bridge, handle)
