"""The conversation keeps audio as the base64 it arrived in: what it reports stays what decoding
every delta on arrival would give (stored prefix, counts, limits, truncation, invalid deltas)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from realtime_sdk._conversation import Conversation
from realtime_sdk._conversation_state import base64_size
from realtime_sdk.events import _resources as ga_r
from realtime_sdk.events import _server as ga_s
from realtime_sdk.events.beta import _server as b_s

WIDTH = 2  # PCM16: the stored prefix is cut at whole samples


def decoded_size(text: str) -> int | None:
    """What the event's `audio_bytes` accepts: `b64decode(validate=True)`, or None."""
    try:
        return len(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError):
        return None


base64ish = st.text(
    alphabet=st.sampled_from(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n -_é"
    ),
    max_size=24,
)


@given(st.one_of(base64ish, st.binary(max_size=40).map(lambda b: base64.b64encode(b).decode())))
@settings(max_examples=400, deadline=None)
def test_base64_size_never_calls_invalid_text_valid(text: str) -> None:
    size = base64_size(text)
    if size is not None:  # None only means "decode it to find out"
        assert size == decoded_size(text)


def test_base64_size_knows_plain_base64_without_decoding() -> None:
    for raw in (b"", b"a", b"ab", b"abc", bytes(range(256))):
        assert base64_size(base64.b64encode(raw).decode()) == len(raw)
    for text in ("QQ", "QQ=", "Q===", "QQ=A", "QUJD\n", "QU-D", "QUJ\u00e9", "QUJD===="):
        assert base64_size(text) is None


def delta(item_id: str, data: str, *, beta: bool = False) -> object:
    cls = b_s.ResponseAudioDelta if beta else ga_s.ResponseOutputAudioDelta
    return cls(
        event_id="e",
        response_id="r",
        item_id=item_id,
        output_index=0,
        content_index=0,
        delta=data,
    )


def conversation_with_item(item_id: str = "i", **limits: Any) -> Conversation:
    conv = Conversation(**limits)
    conv.apply(ga_s.ResponseCreated(event_id="e", response=ga_r.Response(id="r")))
    item = ga_r.MessageItem(id=item_id, role="assistant", content=[ga_r.OutputAudioContent()])
    conv.apply(
        ga_s.ResponseOutputItemAdded(event_id="e", response_id="r", output_index=0, item=item)
    )
    return conv


chunks = st.lists(st.binary(max_size=64), max_size=12)


def stored_within(chunks: list[bytes], limit: int) -> tuple[bytes, bool]:
    """The documented rule: a delta that fits is stored whole; the first one that does not is
    stored up to the limit in whole samples, and nothing after it. (stored, limit reached)"""
    stored = b""
    for chunk in chunks:
        room = limit - len(stored)
        if len(chunk) > room:
            return stored + chunk[: max(0, room - room % WIDTH)], True
        stored += chunk
    return stored, False


@given(chunks=chunks, limit=st.integers(min_value=0, max_value=400), truncate_ms=st.integers(0, 8))
@settings(max_examples=150, deadline=None)
def test_stored_audio_is_the_decoded_prefix_within_the_limit(
    chunks: list[bytes], limit: int, truncate_ms: int
) -> None:
    conv = conversation_with_item(max_audio_bytes_per_item=limit)
    for chunk in chunks:
        conv.apply(delta("i", base64.b64encode(chunk).decode()))
    item = conv.get("i")
    assert item is not None
    received = b"".join(chunks)
    kept, full = stored_within(chunks, limit)
    assert item.audio == kept
    assert item.content[0].audio == kept
    assert item.content[0].audio_bytes_received == len(received)
    assert item.audio_truncated_storage == full
    assert item.audio_duration_ms == len(received) / WIDTH * 1000 / 24_000
    # Truncation cuts what is stored and what is counted at the played position.
    conv.apply(
        ga_s.ConversationItemTruncated(
            event_id="e", item_id="i", content_index=0, audio_end_ms=truncate_ms
        )
    )
    keep = truncate_ms * 24 * WIDTH
    assert item.audio == kept[:keep]
    assert item.content[0].audio_bytes_received == min(len(received), keep)
    # Snapshots carry the stored audio as base64.
    snapshot: Any = item.to_item("ga")
    audio = snapshot.content[0].audio
    assert (base64.b64decode(audio) if isinstance(audio, str) else b"") == kept[:keep]


def test_the_total_limit_drops_the_oldest_stored_audio_first() -> None:
    conv = Conversation(max_audio_bytes_total=10)
    conv.apply(ga_s.ResponseCreated(event_id="e", response=ga_r.Response(id="r")))
    for n, item_id in enumerate(("a", "b")):
        item = ga_r.MessageItem(id=item_id, role="assistant", content=[ga_r.OutputAudioContent()])
        conv.apply(
            ga_s.ResponseOutputItemAdded(event_id="e", response_id="r", output_index=n, item=item)
        )
    conv.apply(delta("a", base64.b64encode(b"aaaaaa").decode()))
    conv.apply(delta("b", base64.b64encode(b"bbbbbb").decode()))
    a, b = conv.get("a"), conv.get("b")
    assert a is not None
    assert b is not None
    assert (a.audio, a.audio_truncated_storage) == (b"", True)
    assert (b.audio, b.audio_truncated_storage) == (b"bbbbbb", False)
    conv.apply(delta("b", base64.b64encode(b"cccccc").decode()))  # b alone is now too big
    assert (b.audio, b.audio_truncated_storage) == (b"bbbbbbcccc", True)
    assert b.content[0].audio_bytes_received == 12


def test_invalid_and_odd_deltas_are_judged_as_on_arrival() -> None:
    conv = conversation_with_item()
    conv.apply(delta("i", "QQ=="))  # valid, padded: b"A"
    conv.apply(delta("i", "not base64!"))  # invalid: an anomaly, not stored, not counted
    conv.apply(delta("i", ""))  # empty: nothing
    conv.apply(delta("i", "QkM=", beta=True))  # beta name, same item: b"BC"
    item = conv.get("i")
    assert item is not None
    assert item.audio == b"ABC"
    assert item.content[0].audio_bytes_received == 3
    assert [a.kind for a in conv.anomalies] == ["invalid_audio"]


def test_a_conversation_that_stores_no_audio_still_counts_it() -> None:
    conv = conversation_with_item(max_audio_bytes_per_item=0, max_audio_bytes_total=0)
    for _ in range(3):
        conv.apply(delta("i", base64.b64encode(bytes(480)).decode()))
    item = conv.get("i")
    assert item is not None
    assert item.audio == b""
    assert item.audio_truncated_storage
    assert item.audio_duration_ms == 30.0
