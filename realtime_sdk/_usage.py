"""Token metering and cost: per-response usage, running session totals, and a dated price table.

`UsageMeter` reads the `usage` of every `response.done` (the only server event that carries billed
tokens) from any event stream: typed GA or beta events (`observe`), or the raw wire text a relay
forwards (`observe_raw`). Every other event costs one attribute comparison.

```python
meter = UsageMeter(model="gpt-realtime")
async for event in session:
    meter.observe(event)
print(meter.totals.total_tokens, meter.cost().total)  # Decimal USD
```

Money is `decimal.Decimal`: prices are quoted in decimal dollars per million tokens, and Decimal
keeps `tokens * price / 1_000_000` exact, so per-response costs add up to the session cost to the
last digit (binary floats drift, and rounding is a decision for the caller's invoice, not ours).
"""

from __future__ import annotations

import datetime
import re
from collections import deque
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs
import orjson

from ._exceptions import ConfigurationError

__all__ = [
    "DEFAULT_PRICES",
    "TOKEN_FIELDS",
    "Cost",
    "ModelPrices",
    "PriceTable",
    "ResponseUsage",
    "UsageMeter",
    "UsageTotals",
    "cost_of",
]

_MILLION: Final = Decimal(1_000_000)
_ZERO: Final = Decimal(0)
_DATED_SUFFIX: Final = re.compile(r"-\d{4}-\d{2}-\d{2}$")


# --- usage records -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _TokenCounts:
    """The token counters shared by `ResponseUsage` and `UsageTotals`: the one list of them."""

    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0
    input_text_tokens: int = 0
    input_audio_tokens: int = 0
    input_image_tokens: int = 0
    cached_tokens: int = 0
    cached_text_tokens: int = 0
    cached_audio_tokens: int = 0
    cached_image_tokens: int = 0
    output_text_tokens: int = 0
    output_audio_tokens: int = 0


TOKEN_FIELDS: Final[tuple[str, ...]] = tuple(field.name for field in attrs.fields(_TokenCounts))
"""The token counters of `ResponseUsage` and `UsageTotals`, in a fixed order."""


def _own_fields_first(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """Keep a record's own fields before the inherited counters (in its repr, as before the base existed)."""
    own = [f for f in fields if f.name not in TOKEN_FIELDS]
    return own + [f for f in fields if f.name in TOKEN_FIELDS]


@attrs.frozen(kw_only=True, field_transformer=_own_fields_first)
class ResponseUsage(_TokenCounts):
    """The billed tokens of one response (from its `response.done`).

    `cached_*` tokens are part of the input counts (`cached_text_tokens` <= `input_text_tokens`).
    A missing counter is 0. When a server reports `cached_tokens` without the per-modality split,
    the cached tokens are attributed to text first, then audio, then image.
    """

    response_id: str | None
    status: str | None = None


@attrs.frozen(kw_only=True, field_transformer=_own_fields_first)
class UsageTotals(_TokenCounts):
    """Token counters summed over every metered response of a session (`responses` of them)."""

    responses: int = 0


def _get(obj: Any, name: str) -> Any:
    """A member of a JSON object (dict) or an attribute of a typed model (None when absent)."""
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _count(obj: Any, name: str) -> int:
    value = _get(obj, name)
    # bool is an int subclass: a JSON `true` is not a token count.
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return 0


def _usage_record(response_id: str | None, status: str | None, usage: Any) -> ResponseUsage:
    """Read a `usage` object (typed `Usage` or JSON dict) leniently: odd values count as 0."""
    inp = _get(usage, "input_token_details")
    out = _get(usage, "output_token_details")
    cached_details = _get(inp, "cached_tokens_details") if inp is not None else None
    text = _count(inp, "text_tokens") if inp is not None else 0
    audio = _count(inp, "audio_tokens") if inp is not None else 0
    image = _count(inp, "image_tokens") if inp is not None else 0
    cached = _count(inp, "cached_tokens") if inp is not None else 0
    if cached_details is not None:
        c_text = _count(cached_details, "text_tokens")
        c_audio = _count(cached_details, "audio_tokens")
        c_image = _count(cached_details, "image_tokens")
        cached = cached or c_text + c_audio + c_image
    else:  # no split given: attribute the cached tokens to text, then audio, then image
        left = cached
        c_text = min(left, text)
        left -= c_text
        c_audio = min(left, audio)
        left -= c_audio
        c_image = min(left, image)
    return ResponseUsage(
        response_id=response_id,
        status=status,
        input_tokens=_count(usage, "input_tokens"),
        output_tokens=_count(usage, "output_tokens"),
        total_tokens=_count(usage, "total_tokens"),
        input_text_tokens=text,
        input_audio_tokens=audio,
        input_image_tokens=image,
        cached_tokens=cached,
        cached_text_tokens=c_text,
        cached_audio_tokens=c_audio,
        cached_image_tokens=c_image,
        output_text_tokens=_count(out, "text_tokens") if out is not None else 0,
        output_audio_tokens=_count(out, "audio_tokens") if out is not None else 0,
    )


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


class UsageMeter:
    """Meters billed tokens per response and for the whole session, from any event stream.

    Args:
        model: the model name used by `cost()` when none is passed (e.g. "gpt-realtime").
        max_records: how many per-response records to keep (the oldest are dropped; the totals
            keep counting every response).

    Feed it every server event: `observe(event)` for typed events of any dialect,
    `observe_raw(message)` for wire text/bytes or a decoded JSON dict (a relay). Only
    `response.done` events with a `usage` are counted; both return the new `ResponseUsage`, or
    None when the event was not counted.
    """

    def __init__(self, *, model: str | None = None, max_records: int = 1000) -> None:
        if max_records < 0:
            raise ConfigurationError(f"max_records must be >= 0, got {max_records}")
        self.model = model
        """The model priced by `cost()` by default."""
        self._records: deque[ResponseUsage] = deque(maxlen=max_records)
        self._responses = 0
        self._totals = dict.fromkeys(TOKEN_FIELDS, 0)

    def observe(self, event: object) -> ResponseUsage | None:
        """Count a typed server event if it is a `response.done` with usage (cheap otherwise)."""
        if getattr(event, "type", None) != "response.done":
            return None
        response = getattr(event, "response", None)
        usage = getattr(response, "usage", None)
        if usage is None or not hasattr(usage, "input_tokens"):  # None or UNSET: nothing billed
            return None
        return self._add(
            _usage_record(
                _str_or_none(getattr(response, "id", None)),
                _str_or_none(getattr(response, "status", None)),
                usage,
            )
        )

    def observe_raw(
        self, message: str | bytes | bytearray | memoryview | Mapping[str, Any]
    ) -> ResponseUsage | None:
        """Count a raw server message (wire JSON text/bytes, or a decoded JSON object).

        Text is parsed only when it contains `"response.done"`; malformed JSON is ignored (a relay
        forwards it anyway), as are messages of any other type.
        """
        obj: Any
        if isinstance(message, Mapping):
            obj = message
        else:
            if isinstance(message, str):
                if '"response.done"' not in message:
                    return None
            else:
                if isinstance(message, memoryview):
                    message = message.tobytes()
                if b'"response.done"' not in message:
                    return None
            try:
                obj = orjson.loads(message)
            except orjson.JSONDecodeError:
                return None
            if not isinstance(obj, dict):
                return None
        if obj.get("type") != "response.done":
            return None
        response = obj.get("response")
        if not isinstance(response, Mapping):
            return None
        usage = response.get("usage")
        if not isinstance(usage, Mapping):
            return None
        return self._add(
            _usage_record(
                _str_or_none(response.get("id")), _str_or_none(response.get("status")), usage
            )
        )

    def _add(self, record: ResponseUsage) -> ResponseUsage:
        self._records.append(record)
        self._responses += 1
        totals = self._totals
        for name in TOKEN_FIELDS:
            totals[name] += getattr(record, name)
        return record

    @property
    def totals(self) -> UsageTotals:
        """Running totals over every metered response of the session."""
        return UsageTotals(responses=self._responses, **self._totals)

    @property
    def records(self) -> tuple[ResponseUsage, ...]:
        """The last `max_records` per-response records, oldest first."""
        return tuple(self._records)

    def __iter__(self) -> Iterator[ResponseUsage]:
        return iter(tuple(self._records))

    def __len__(self) -> int:
        return len(self._records)

    def get(self, response_id: str) -> ResponseUsage | None:
        """The kept record of a response (None if unknown or already dropped)."""
        for record in reversed(self._records):
            if record.response_id == response_id:
                return record
        return None

    def reset(self) -> None:
        """Forget every record and zero the totals."""
        self._records.clear()
        self._responses = 0
        self._totals = dict.fromkeys(TOKEN_FIELDS, 0)

    def cost(self, prices: PriceTable | None = None, *, model: str | None = None) -> Cost:
        """The cost of the session totals for `model` (default: the meter's `model`).

        `prices` defaults to `DEFAULT_PRICES`; an unknown model raises ConfigurationError.
        """
        return cost_of(self.totals, prices, model=model or self.model)

    def __repr__(self) -> str:
        return (
            f"UsageMeter(model={self.model!r}, responses={self._responses}, "
            f"total_tokens={self._totals['total_tokens']})"
        )


# --- prices and cost ---------------------------------------------------------------------------


def _decimal(value: Decimal | int | str | float) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))  # 0.4 means 0.4, not its binary approximation
    return Decimal(value)


def _optional_decimal(value: Decimal | int | str | float | None) -> Decimal | None:
    return None if value is None else _decimal(value)


@attrs.frozen(kw_only=True)
class ModelPrices:
    """One model's prices in USD per 1M tokens, by category.

    Numbers may be given as Decimal, int, str or float (floats are read by their shortest repr).
    `image_input` / `cached_image_input` are None for models that take no images; image tokens
    are then reported as unpriced by `Cost`. `note` says where the figures came from.
    """

    text_input: Decimal = attrs.field(converter=_decimal)
    cached_text_input: Decimal = attrs.field(converter=_decimal)
    audio_input: Decimal = attrs.field(converter=_decimal)
    cached_audio_input: Decimal = attrs.field(converter=_decimal)
    text_output: Decimal = attrs.field(converter=_decimal)
    audio_output: Decimal = attrs.field(converter=_decimal)
    image_input: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    cached_image_input: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    note: str = ""


class PriceTable:
    """Prices per model name, with the date they were taken.

    Lookup (`table[model]`, `resolve(model)`) tries the exact name, then the name without a dated
    snapshot suffix, so `gpt-realtime-2025-08-28` is priced as `gpt-realtime` unless the table has
    its own entry for that snapshot.
    """

    def __init__(
        self,
        prices: Mapping[str, ModelPrices],
        *,
        as_of: datetime.date | None = None,
        source: str = "",
        currency: str = "USD",
    ) -> None:
        self._prices = dict(prices)
        self.as_of = as_of
        """The day the figures were taken (None: unknown)."""
        self.source = source
        """Where the figures come from."""
        self.currency = currency

    def resolve(self, model: str) -> tuple[str, ModelPrices]:
        """The table's entry for `model`: (the matched name, its prices)."""
        for name in (model, model.lower()):
            if name in self._prices:
                return name, self._prices[name]
            undated = _DATED_SUFFIX.sub("", name)
            if undated in self._prices:
                return undated, self._prices[undated]
        raise ConfigurationError(
            f"no price for model {model!r}; known models: {', '.join(sorted(self._prices))}"
        )

    def __getitem__(self, model: str) -> ModelPrices:
        return self.resolve(model)[1]

    def __contains__(self, model: object) -> bool:
        if not isinstance(model, str):
            return False
        try:
            self.resolve(model)
        except ConfigurationError:
            return False
        return True

    @property
    def models(self) -> tuple[str, ...]:
        """The model names the table prices."""
        return tuple(self._prices)

    def updated(
        self, prices: Mapping[str, ModelPrices], *, as_of: datetime.date | None = None
    ) -> PriceTable:
        """A copy with `prices` added or replaced (e.g. a negotiated rate, a new model)."""
        return PriceTable(
            {**self._prices, **prices},
            as_of=as_of or self.as_of,
            source=self.source,
            currency=self.currency,
        )

    def __repr__(self) -> str:
        return f"PriceTable(models={list(self._prices)!r}, as_of={self.as_of!r})"


@attrs.frozen(kw_only=True)
class Cost:
    """A cost broken down by category (Decimal, in `currency`), and its `total`.

    `unpriced` names categories that had tokens but no price in the table (counted as 0).
    """

    model: str
    currency: str
    text_input: Decimal
    cached_text_input: Decimal
    audio_input: Decimal
    cached_audio_input: Decimal
    image_input: Decimal
    cached_image_input: Decimal
    text_output: Decimal
    audio_output: Decimal
    total: Decimal
    unpriced: tuple[str, ...] = ()

    def breakdown(self) -> dict[str, Decimal]:
        """The per-category amounts, by category name."""
        return {name: getattr(self, name) for name in _CATEGORIES}


_CATEGORIES: Final = (
    "text_input",
    "cached_text_input",
    "audio_input",
    "cached_audio_input",
    "image_input",
    "cached_image_input",
    "text_output",
    "audio_output",
)


def cost_of(
    usage: UsageTotals | ResponseUsage,
    prices: PriceTable | ModelPrices | None = None,
    *,
    model: str | None = None,
) -> Cost:
    """The cost of some usage: cached input tokens at the cached rates, the rest at full rates.

    `prices` is a `PriceTable` (default `DEFAULT_PRICES`, looked up by `model`) or one model's
    `ModelPrices`.
    """
    if isinstance(prices, ModelPrices):
        name, rates = model or "", prices
        currency = "USD"
    else:
        table = DEFAULT_PRICES if prices is None else prices
        if not model:
            raise ConfigurationError("cost needs a model name (pass model=... or set meter.model)")
        name, rates = table.resolve(model)
        currency = table.currency
    # Cached tokens are a subset of the input tokens of their modality (API reference, usage).
    tokens = {
        "text_input": max(0, usage.input_text_tokens - usage.cached_text_tokens),
        "cached_text_input": usage.cached_text_tokens,
        "audio_input": max(0, usage.input_audio_tokens - usage.cached_audio_tokens),
        "cached_audio_input": usage.cached_audio_tokens,
        "image_input": max(0, usage.input_image_tokens - usage.cached_image_tokens),
        "cached_image_input": usage.cached_image_tokens,
        "text_output": usage.output_text_tokens,
        "audio_output": usage.output_audio_tokens,
    }
    amounts: dict[str, Decimal] = {}
    unpriced: list[str] = []
    for category, count in tokens.items():
        rate: Decimal | None = getattr(rates, category)
        if rate is None:
            if count:
                unpriced.append(category)
            amounts[category] = _ZERO
        else:
            amounts[category] = count * rate / _MILLION
    return Cost(
        model=name,
        currency=currency,
        total=sum(amounts.values(), _ZERO),
        unpriced=tuple(unpriced),
        **amounts,
    )


_OPENAI_MODEL_PAGES = "https://developers.openai.com/api/docs/models/"

DEFAULT_PRICES: Final = PriceTable(
    {
        "gpt-realtime": ModelPrices(
            text_input="4",
            cached_text_input="0.40",
            audio_input="32",
            cached_audio_input="0.40",
            image_input="5",
            cached_image_input="0.50",
            text_output="16",
            audio_output="64",
            note=(
                "Audio figures as announced with gpt-realtime (Aug 2025); text and image figures "
                "as listed for the same tier on the gpt-realtime-1.5 model page."
            ),
        ),
        "gpt-realtime-mini": ModelPrices(
            text_input="0.60",
            cached_text_input="0.06",
            audio_input="10",
            cached_audio_input="0.30",
            image_input="0.80",
            cached_image_input="0.08",
            text_output="2.40",
            audio_output="20",
            note=(
                "Text input confirmed on the OpenAI model pages; the other figures are those of "
                "the gpt-realtime-2.1-mini page, assumed equal for gpt-realtime-mini (unconfirmed)."
            ),
        ),
        "gpt-4o-realtime-preview": ModelPrices(
            text_input="5",
            cached_text_input="2.50",
            audio_input="40",
            cached_audio_input="2.50",
            text_output="20",
            audio_output="80",
            note="gpt-4o-realtime-preview model page (2024-12-17 and later snapshots).",
        ),
        "gpt-4o-mini-realtime-preview": ModelPrices(
            text_input="0.60",
            cached_text_input="0.30",
            audio_input="10",
            cached_audio_input="0.30",
            text_output="2.40",
            audio_output="20",
            note="gpt-4o-mini-realtime-preview model page.",
        ),
    },
    as_of=datetime.date(2026, 11, 24),
    source=_OPENAI_MODEL_PAGES,
)
"""OpenAI list prices (USD per 1M tokens) **as of 2026-11-24** (see `DEFAULT_PRICES.as_of`).

Prices change: check the figures against https://developers.openai.com/api/docs/pricing before
relying on them, and pass your own `PriceTable` (or `DEFAULT_PRICES.updated({...})`) for other
models, snapshots or negotiated rates. Each entry's `note` says where its figures came from.
"""
