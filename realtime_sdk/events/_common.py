"""Resources shared by every dialect: error details, token usage, rate limits, function tools."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from .._types import UNSET, Unset
from ._base import Model

__all__ = [
    "CachedTokensDetails",
    "ErrorDetails",
    "FunctionTool",
    "InputTokenDetails",
    "OutputTokenDetails",
    "RateLimit",
    "Usage",
]


@attrs.frozen(kw_only=True, repr=False)
class ErrorDetails(Model):
    """The `error` member of an `error` event.

    `event_id` names the client event that caused the error, which is how `wait=True` sends are
    matched to their failure.
    """

    type: str
    message: str
    code: str | Unset | None = UNSET
    param: str | Unset | None = UNSET
    event_id: str | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class CachedTokensDetails(Model):
    """How the cached input tokens split by modality."""

    text_tokens: int | Unset | None = UNSET
    audio_tokens: int | Unset | None = UNSET
    image_tokens: int | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class InputTokenDetails(Model):
    """Input tokens by modality; `cached_tokens` is a subset of the input tokens."""

    cached_tokens: int | Unset | None = UNSET
    text_tokens: int | Unset | None = UNSET
    audio_tokens: int | Unset | None = UNSET
    image_tokens: int | Unset | None = UNSET
    cached_tokens_details: CachedTokensDetails | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class OutputTokenDetails(Model):
    """Output tokens by modality."""

    text_tokens: int | Unset | None = UNSET
    audio_tokens: int | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class Usage(Model):
    """Token usage of one response, as billed (`response.done` carries it)."""

    total_tokens: int | Unset | None = UNSET
    input_tokens: int | Unset | None = UNSET
    output_tokens: int | Unset | None = UNSET
    input_token_details: InputTokenDetails | Unset | None = UNSET
    output_token_details: OutputTokenDetails | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class RateLimit(Model):
    """One entry of `rate_limits.updated`."""

    name: Literal["requests", "tokens"] | str | Unset | None = UNSET
    limit: int | Unset | None = UNSET
    remaining: int | Unset | None = UNSET
    reset_seconds: float | Unset | None = UNSET


@attrs.frozen(kw_only=True, repr=False)
class FunctionTool(Model):
    """A function the model may call; `parameters` is a JSON Schema object."""

    type: Literal["function"] | Unset | None = "function"
    name: str | Unset | None = UNSET
    description: str | Unset | None = UNSET
    parameters: dict[str, Any] | Unset | None = UNSET
