"""The blocking API, `realtime_sdk.sync.Session`, against the fake server (on its own loop thread)."""

from __future__ import annotations

import inspect
import queue
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from anyio.from_thread import start_blocking_portal

import realtime_sdk as rt
from realtime_sdk import events as ev
from realtime_sdk import sync
from realtime_sdk.testing import (
    FakeRealtimeServer,
    FunctionCall,
    Reply,
    ScriptedResponder,
)

TEXT = ev.ResponseCreateParams(output_modalities=["text"])


@pytest.fixture(params=["asyncio", "trio"])
def backend(request: pytest.FixtureRequest) -> str:
    """The event loop the sync Session runs on in its thread."""
    return str(request.param)


@pytest.fixture
def threads_before() -> Iterator[set[threading.Thread]]:
    """Fails the test when it leaves a thread behind (a portal not stopped, a worker not joined)."""
    before = set(threading.enumerate())
    yield before
    left = {t for t in set(threading.enumerate()) - before if t.is_alive()}
    assert not left, f"threads left running: {left}"


def _serve(**kwargs: Any) -> Any:
    """Start a FakeRealtimeServer on a loop in a thread of its own: (portal cm, server cm, server)."""
    stack = start_blocking_portal()
    portal = stack.__enter__()
    server_cm = portal.wrap_async_context_manager(FakeRealtimeServer(**kwargs))
    try:
        server = server_cm.__enter__()
    except BaseException:
        stack.__exit__(None, None, None)
        raise
    return stack, server_cm, server


@pytest.fixture
def server(threads_before: set[threading.Thread]) -> Iterator[FakeRealtimeServer]:
    stack, server_cm, srv = _serve()
    try:
        yield srv
    finally:
        server_cm.__exit__(None, None, None)
        stack.__exit__(None, None, None)


def test_typed_sends_handles_and_iteration(server: FakeRealtimeServer, backend: str) -> None:
    with sync.Session(model="m", base_url=server.base_url, backend=backend) as session:
        assert session.state is rt.SessionState.OPEN
        updated = session.update_session(instructions="Be brief.", wait=True)
        assert updated.session.instructions == "Be brief."
        added = session.create_item(ev.MessageItem.user_text("hello"), wait=True)
        assert isinstance(added, ev.ConversationItemAdded | ev.ConversationItemCreated)
        handle = session.create_response(TEXT)
        assert "".join(handle.text_deltas()) == "You said: hello"
        response = handle.done(timeout=10)
        assert response.status == "completed"
        assert handle.finished
        assert handle.done_event is not None
        assert handle.response_id == response.id
        seen = []
        for event in session:  # everything the handle saw is in the stream as well
            seen.append(event.type)
            if event.type == "response.done":
                break
        assert seen.count("response.output_text.delta") >= 1
        assert session.usage.totals.responses == 1
        assert session.created_event is not None
        assert session.server_session is not None
        assert session.model == "m"
    assert session.closed
    assert session.close_code == 1000


def test_two_threads_send_while_one_iterates(server: FakeRealtimeServer, backend: str) -> None:
    per_thread = 20
    errors: queue.Queue[BaseException] = queue.Queue()
    with sync.Session(model="m", base_url=server.base_url, backend=backend) as session:

        def sender(name: str) -> None:
            try:
                for i in range(per_thread):
                    session.create_item(ev.MessageItem.user_text(f"{name}-{i}"))
            except BaseException as exc:  # pragma: no cover - reported below
                errors.put(exc)

        threads = [threading.Thread(target=sender, args=(name,)) for name in ("a", "b")]
        for thread in threads:
            thread.start()
        texts: list[str] = []
        for event in session:
            if isinstance(event, ev.ConversationItemAdded):
                part = event.item.content[0]  # type: ignore[union-attr]
                texts.append(part.text)
                if len(texts) == 2 * per_thread:
                    break
        for thread in threads:
            thread.join(timeout=30)
            assert not thread.is_alive()
    assert errors.empty(), errors.get()
    assert sorted(texts) == sorted(f"{n}-{i}" for n in "ab" for i in range(per_thread))
    for name in "ab":  # each thread's events went out in the order it sent them
        mine = [t for t in texts if t.startswith(name)]
        assert mine == [f"{name}-{i}" for i in range(per_thread)]


def test_close_from_another_thread_ends_the_iteration(
    server: FakeRealtimeServer, backend: str
) -> None:
    session = sync.Session(model="m", base_url=server.base_url, backend=backend)
    session.connect()
    events: list[str] = []
    seen_item = threading.Event()

    def closer() -> None:
        session.create_item(ev.MessageItem.user_text("hi"))
        assert seen_item.wait(timeout=30)
        session.close()  # while the main thread waits in recv() for more

    thread = threading.Thread(target=closer)
    thread.start()
    for event in session:  # ends quietly once the other thread closed the session
        events.append(event.type)
        if event.type == "conversation.item.added":
            seen_item.set()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert "conversation.item.added" in events
    assert session.closed
    with pytest.raises(rt.ConnectionClosedOK):
        session.commit_audio()
    session.close()  # idempotent


def test_recv_timeout_loses_nothing(server: FakeRealtimeServer) -> None:
    with sync.Session(model="m", base_url=server.base_url) as session:

        def drain() -> None:  # read what the server sent on opening, until nothing comes
            for _ in range(100):
                session.recv(timeout=0.2)

        with pytest.raises(rt.RealtimeTimeoutError):
            drain()
        session.create_item(ev.MessageItem.user_text("hi"))
        assert session.recv(timeout=10).type == "conversation.item.added"


def test_errors_reach_the_calling_thread(server: FakeRealtimeServer) -> None:
    with sync.Session(model="m", base_url=server.base_url) as session:
        with pytest.raises(TypeError, match="create_item"):
            session.create_item("hello")  # type: ignore[call-overload]
        with pytest.raises(rt.UsageError, match="'nope'"):
            session.send({"type": "nope"})
        with pytest.raises(rt.ServerError):
            session.delete_item("no_such_item", wait=True)
        assert session.state is rt.SessionState.OPEN  # the session lives on


def test_calls_outside_the_with_block_are_refused(server: FakeRealtimeServer) -> None:
    session = sync.Session(model="m", base_url=server.base_url)
    with pytest.raises(rt.UsageError, match="not open"):
        session.commit_audio()
    with session:
        pass
    with pytest.raises(rt.UsageError, match="only once"):
        session.connect()


def test_a_failed_connect_leaves_no_thread(threads_before: set[threading.Thread]) -> None:
    stack, server_cm, srv = _serve(api_key="sk-right")
    try:
        session = sync.Session(model="m", base_url=srv.base_url, api_key="sk-wrong")
        with pytest.raises(rt.AuthenticationError):
            session.connect()
        assert session.closed
    finally:
        server_cm.__exit__(None, None, None)
        stack.__exit__(None, None, None)


def test_tool_follow_up_is_handed_over_as_a_blocking_handle(
    threads_before: set[threading.Thread],
) -> None:
    @rt.tool
    def get_weather(city: str) -> str:
        """Current weather.

        Args:
            city: the city.
        """
        return f"Sunny in {city}"

    responder = ScriptedResponder(
        [
            Reply(function_calls=[FunctionCall(name="get_weather", arguments={"city": "Paris"})]),
            Reply(text="It is sunny."),
        ]
    )
    handles: queue.Queue[sync.ResponseHandle] = queue.Queue()
    stack, server_cm, srv = _serve(responder=responder)
    try:
        with sync.Session(
            model="m",
            base_url=srv.base_url,
            tools=[get_weather],
            auto_tool_response=TEXT,
            on_tool_response=handles.put,
        ) as session:
            session.create_item(ev.MessageItem.user_text("Weather?"))
            session.create_response(TEXT).done(timeout=10)
            follow_up = handles.get(timeout=10)
            assert isinstance(follow_up, sync.ResponseHandle)
            assert follow_up.done(timeout=10).status == "completed"
            assert follow_up.text == "It is sunny."
    finally:
        server_cm.__exit__(None, None, None)
        stack.__exit__(None, None, None)


def test_constructor_takes_the_async_sessions_arguments() -> None:
    sync_params = dict(inspect.signature(sync.Session.__init__).parameters)
    async_params = dict(inspect.signature(rt.Session.__init__).parameters)
    assert sync_params.pop("backend").default == "asyncio"
    assert async_params.pop("transport").default is None  # one event loop's object: not here
    sync_params.pop("on_tool_response")  # given the blocking handle instead of the async one
    async_params.pop("on_tool_response")
    assert [(p.name, p.kind, p.default) for p in sync_params.values()] == [
        (p.name, p.kind, p.default) for p in async_params.values()
    ]
    with pytest.raises(rt.UsageError, match="backend"):
        sync.Session(backend="curio")


def test_an_exception_in_the_with_block_closes_the_session(
    server: FakeRealtimeServer, backend: str
) -> None:
    session = sync.Session(model="m", base_url=server.base_url, backend=backend)

    def app() -> None:
        with session:
            session.create_item(ev.MessageItem.user_text("hi"), wait=True)
            raise ValueError("app bug")

    with pytest.raises(ValueError, match="app bug"):
        app()
    assert session.closed  # and the `threads_before` fixture checks that its thread is gone
