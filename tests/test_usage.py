"""UsageMeter: per-response usage and session totals from response.done; cost from price tables."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import attrs
import orjson
import pytest

from realtime_sdk._codec import encode_server_event
from realtime_sdk._exceptions import ConfigurationError
from realtime_sdk._usage import (
    DEFAULT_PRICES,
    TOKEN_FIELDS,
    ModelPrices,
    PriceTable,
    ResponseUsage,
    UsageMeter,
    UsageTotals,
    cost_of,
)
from realtime_sdk.events._base import Model
from realtime_sdk.testing import FakeRealtimeEngine, Reply, ScriptedResponder, Tone

DIALECTS = ["ga", "beta"]
LONG_INSTRUCTIONS = "Answer briefly and politely, in the language of the user. " * 20


def _session(dialect: str) -> list[Model]:
    """A session with several responses (text and audio, cached prefixes); every server event."""
    replies = [Reply(text=f"answer number {n}", audio=Tone(ms=300 + 100 * n)) for n in range(4)]
    engine = FakeRealtimeEngine(dialect=dialect, responder=ScriptedResponder(replies), seed=3)  # type: ignore[arg-type]
    events = engine.start()
    session: dict[str, Any] = {"instructions": LONG_INSTRUCTIONS}
    if dialect == "ga":
        session["type"] = "realtime"
    events += engine.handle(orjson.dumps({"type": "session.update", "session": session}))
    for n in range(4):
        item = {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": f"question {n}"}],
        }
        events += engine.handle(orjson.dumps({"type": "conversation.item.create", "item": item}))
        if n % 2:
            mode = {"output_modalities": ["text"]} if dialect == "ga" else {"modalities": ["text"]}
            events += engine.handle(orjson.dumps({"type": "response.create", "response": mode}))
        else:
            events += engine.handle(orjson.dumps({"type": "response.create"}))
    assert "error" not in [getattr(e, "type", "") for e in events]
    return events


def _done_usages(events: list[Model]) -> list[Any]:
    return [
        e.response.usage  # type: ignore[attr-defined]
        for e in events
        if getattr(e, "type", "") == "response.done"
    ]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_totals_equal_the_sum_of_response_done_usages(dialect: str) -> None:
    events = _session(dialect)
    usages = _done_usages(events)
    assert len(usages) == 4
    meter = UsageMeter()
    counted = [r for r in map(meter.observe, events) if r is not None]
    assert len(counted) == 4

    totals = meter.totals
    assert totals.responses == 4
    assert totals.input_tokens == sum(u.input_tokens for u in usages)
    assert totals.output_tokens == sum(u.output_tokens for u in usages)
    assert totals.total_tokens == sum(u.total_tokens for u in usages)
    details = [u.input_token_details for u in usages]
    assert totals.input_text_tokens == sum(d.text_tokens for d in details)
    assert totals.input_audio_tokens == sum(d.audio_tokens for d in details)
    assert totals.cached_tokens == sum(d.cached_tokens for d in details)
    assert totals.cached_text_tokens == sum(d.cached_tokens_details.text_tokens for d in details)
    assert totals.cached_audio_tokens == sum(d.cached_tokens_details.audio_tokens for d in details)
    out = [u.output_token_details for u in usages]
    assert totals.output_text_tokens == sum(d.text_tokens for d in out)
    assert totals.output_audio_tokens == sum(d.audio_tokens for d in out)
    # The session exercises every counter the fake server reports.
    assert totals.cached_tokens > 0
    assert totals.output_audio_tokens > 0
    assert totals.input_audio_tokens > 0

    ids = [e.response.id for e in events if getattr(e, "type", "") == "response.done"]  # type: ignore[attr-defined]
    assert [r.response_id for r in meter.records] == ids
    assert all(r.status == "completed" for r in meter.records)
    first = meter.get(ids[0])
    assert first is not None
    assert first.total_tokens == usages[0].total_tokens


@pytest.mark.parametrize("dialect", DIALECTS)
def test_raw_metering_equals_typed_metering(dialect: str) -> None:
    events = _session(dialect)
    typed = UsageMeter()
    from_bytes = UsageMeter()
    from_text = UsageMeter()
    from_dicts = UsageMeter()
    for event in events:
        typed.observe(event)
        data = encode_server_event(event)
        from_bytes.observe_raw(data)
        from_text.observe_raw(data.decode())
        from_dicts.observe_raw(orjson.loads(data))
    assert typed.totals.responses == 4
    assert from_bytes.totals == typed.totals
    assert from_text.totals == typed.totals
    assert from_dicts.totals == typed.totals
    assert from_bytes.records == typed.records


def test_raw_metering_ignores_other_and_malformed_messages() -> None:
    meter = UsageMeter()
    assert meter.observe_raw(b'{"type":"response.output_text.delta","delta":"hi"}') is None
    # Mentions the type in a string but is not a response.done:
    assert (
        meter.observe_raw('{"type":"response.output_text.delta","delta":"\\"response.done\\""}')
        is None
    )
    assert meter.observe_raw(b'{"type":"response.done", broken') is None
    assert meter.observe_raw(b'["response.done"]') is None
    assert meter.observe_raw('{"type":"response.done","response":{"id":"r"}}') is None
    assert meter.observe_raw(memoryview(b'{"type":"response.done"}')) is None
    assert meter.totals == UsageTotals()
    record = meter.observe_raw(
        memoryview(
            b'{"type": "response.done", "response": {"id": "r1", "status": "cancelled",'
            b' "usage": {"total_tokens": 7, "input_tokens": 5, "output_tokens": 2,'
            b' "input_token_details": {"text_tokens": 5, "audio_tokens": true},'
            b' "output_token_details": {"text_tokens": 2}}}}'
        )
    )
    assert record == ResponseUsage(
        response_id="r1",
        status="cancelled",
        total_tokens=7,
        input_tokens=5,
        output_tokens=2,
        input_text_tokens=5,
        output_text_tokens=2,
    )


def test_cached_tokens_without_split_are_attributed_text_first() -> None:
    meter = UsageMeter()
    record = meter.observe_raw(
        {
            "type": "response.done",
            "response": {
                "id": "r",
                "usage": {
                    "input_tokens": 300,
                    "input_token_details": {
                        "text_tokens": 100,
                        "audio_tokens": 200,
                        "cached_tokens": 164,
                    },
                },
            },
        }
    )
    assert record is not None
    assert (record.cached_text_tokens, record.cached_audio_tokens) == (100, 64)


def test_observe_is_cheap_for_other_events_and_ignores_responses_without_usage() -> None:
    meter = UsageMeter()
    assert meter.observe(object()) is None
    events = _session("ga")
    done: Any = next(e for e in events if getattr(e, "type", "") == "response.done")
    no_usage = attrs.evolve(done, response=attrs.evolve(done.response, usage=None))
    assert meter.observe(no_usage) is None
    assert meter.totals.responses == 0


def test_bounded_per_response_history() -> None:
    events = _session("ga")
    meter = UsageMeter(max_records=2)
    for event in events:
        meter.observe(event)
    ids = [e.response.id for e in events if getattr(e, "type", "") == "response.done"]  # type: ignore[attr-defined]
    assert [r.response_id for r in meter.records] == ids[-2:]
    assert len(meter) == 2
    assert meter.totals.responses == 4
    assert meter.totals.total_tokens == sum(u.total_tokens for u in _done_usages(events))
    assert meter.get(ids[0]) is None
    meter.reset()
    assert meter.totals == UsageTotals()
    assert meter.records == ()


# --- cost --------------------------------------------------------------------------------------

TABLE = PriceTable(
    {
        "my-model": ModelPrices(
            text_input="2",
            cached_text_input="0.5",
            audio_input=30,
            cached_audio_input=Decimal("1.5"),
            image_input=4,
            cached_image_input="0.25",
            text_output=8.0,
            audio_output="60",
        ),
        "no-images": ModelPrices(
            text_input=1,
            cached_text_input=1,
            audio_input=1,
            cached_audio_input=1,
            text_output=1,
            audio_output=1,
        ),
    },
    as_of=datetime.date(2025, 1, 2),
)

USAGE = ResponseUsage(
    response_id="r",
    input_tokens=3500,
    output_tokens=700,
    total_tokens=4200,
    input_text_tokens=1000,
    input_audio_tokens=2000,
    input_image_tokens=500,
    cached_tokens=1600,
    cached_text_tokens=400,
    cached_audio_tokens=1000,
    cached_image_tokens=200,
    output_text_tokens=200,
    output_audio_tokens=500,
)


def test_cost_arithmetic_with_a_custom_table() -> None:
    cost = cost_of(USAGE, TABLE, model="my-model")
    assert cost.model == "my-model"
    assert cost.currency == "USD"
    assert cost.breakdown() == {
        "text_input": Decimal("0.0012"),  # (1000 - 400) * 2 / 1M
        "cached_text_input": Decimal("0.0002"),  # 400 * 0.5 / 1M
        "audio_input": Decimal("0.03"),  # (2000 - 1000) * 30 / 1M
        "cached_audio_input": Decimal("0.0015"),  # 1000 * 1.5 / 1M
        "image_input": Decimal("0.0012"),  # (500 - 200) * 4 / 1M
        "cached_image_input": Decimal("0.00005"),  # 200 * 0.25 / 1M
        "text_output": Decimal("0.0016"),  # 200 * 8 / 1M
        "audio_output": Decimal("0.03"),  # 500 * 60 / 1M
    }
    assert cost.total == Decimal("0.06575")
    assert cost.unpriced == ()


def test_unpriced_categories_are_reported() -> None:
    cost = cost_of(USAGE, TABLE, model="no-images")
    assert cost.image_input == 0
    assert cost.cached_image_input == 0
    assert cost.unpriced == ("image_input", "cached_image_input")
    assert cost.total == Decimal("0.0037")  # 3700 priced tokens at $1 / 1M


@pytest.mark.parametrize("dialect", DIALECTS)
def test_meter_cost_equals_sum_of_response_costs(dialect: str) -> None:
    meter = UsageMeter(model="my-model")
    for event in _session(dialect):
        meter.observe(event)
    per_response = sum(
        (cost_of(r, TABLE, model="my-model").total for r in meter.records), Decimal(0)
    )
    assert meter.cost(TABLE).total == per_response > 0
    assert meter.cost(TABLE, model="no-images").model == "no-images"


def test_model_prices_can_be_passed_directly() -> None:
    cost = cost_of(USAGE, TABLE["my-model"])
    assert cost.total == Decimal("0.06575")


def test_model_name_matching() -> None:
    assert DEFAULT_PRICES.resolve("gpt-realtime-2025-08-28")[0] == "gpt-realtime"
    assert DEFAULT_PRICES.resolve("gpt-realtime-mini-2025-10-06")[0] == "gpt-realtime-mini"
    assert (
        DEFAULT_PRICES.resolve("gpt-4o-realtime-preview-2024-12-17")[0] == "gpt-4o-realtime-preview"
    )
    assert (
        DEFAULT_PRICES.resolve("gpt-4o-mini-realtime-preview-2024-12-17")[0]
        == "gpt-4o-mini-realtime-preview"
    )
    assert DEFAULT_PRICES.resolve("GPT-Realtime")[0] == "gpt-realtime"
    assert "gpt-realtime-2025-08-28" in DEFAULT_PRICES
    assert "gpt-5" not in DEFAULT_PRICES
    with pytest.raises(ConfigurationError, match="no price for model 'gpt-5'"):
        DEFAULT_PRICES.resolve("gpt-5")
    # A dated entry of its own wins over the undated one.
    special = ModelPrices(
        text_input=9,
        cached_text_input=9,
        audio_input=9,
        cached_audio_input=9,
        text_output=9,
        audio_output=9,
    )
    table = DEFAULT_PRICES.updated({"gpt-realtime-2025-08-28": special})
    assert table["gpt-realtime-2025-08-28"] is special
    assert table["gpt-realtime"] is DEFAULT_PRICES["gpt-realtime"]
    assert table.as_of == DEFAULT_PRICES.as_of


def test_cost_needs_a_model() -> None:
    with pytest.raises(ConfigurationError, match="model"):
        UsageMeter().cost()


def test_default_table_is_dated_and_covers_the_realtime_models() -> None:
    assert DEFAULT_PRICES.as_of == datetime.date(2026, 11, 24)
    assert set(DEFAULT_PRICES.models) >= {
        "gpt-realtime",
        "gpt-realtime-mini",
        "gpt-4o-realtime-preview",
        "gpt-4o-mini-realtime-preview",
    }
    # One minute of speech each way on gpt-realtime: 600 audio tokens in, 1200 out.
    usage = UsageTotals(responses=1, input_audio_tokens=600, output_audio_tokens=1200)
    assert cost_of(usage, model="gpt-realtime").total == Decimal("0.0960")


def test_totals_fields_match_the_token_fields() -> None:
    fields = [f for f in attrs.fields(UsageTotals) if f.name != "responses"]
    assert tuple(f.name for f in fields) == TOKEN_FIELDS


def test_invalid_max_records() -> None:
    with pytest.raises(ConfigurationError):
        UsageMeter(max_records=-1)
