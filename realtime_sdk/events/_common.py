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
    """Kind of error, e.g. `invalid_request_error` or `server_error`."""
    message: str
    """Human-readable error message."""
    code: str | Unset | None = UNSET
    """Error code, if any."""
    param: str | Unset | None = UNSET
    """Parameter the error relates to, if any."""
    event_id: str | Unset | None = UNSET
    """Id of the client event that caused the error, if any."""


@attrs.frozen(kw_only=True, repr=False)
class CachedTokensDetails(Model):
    """How the cached input tokens split by modality."""

    text_tokens: int | Unset | None = UNSET
    """Cached text tokens."""
    audio_tokens: int | Unset | None = UNSET
    """Cached audio tokens."""
    image_tokens: int | Unset | None = UNSET
    """Cached image tokens."""


@attrs.frozen(kw_only=True, repr=False)
class InputTokenDetails(Model):
    """Input tokens by modality; `cached_tokens` is a subset of the input tokens."""

    cached_tokens: int | Unset | None = UNSET
    """Input tokens served from the cache."""
    text_tokens: int | Unset | None = UNSET
    """Text input tokens."""
    audio_tokens: int | Unset | None = UNSET
    """Audio input tokens."""
    image_tokens: int | Unset | None = UNSET
    """Image input tokens."""
    cached_tokens_details: CachedTokensDetails | Unset | None = UNSET
    """The cached tokens by modality."""


@attrs.frozen(kw_only=True, repr=False)
class OutputTokenDetails(Model):
    """Output tokens by modality."""

    text_tokens: int | Unset | None = UNSET
    """Text output tokens."""
    audio_tokens: int | Unset | None = UNSET
    """Audio output tokens."""


@attrs.frozen(kw_only=True, repr=False)
class Usage(Model):
    """Token usage of one response, as billed (`response.done` carries it)."""

    total_tokens: int | Unset | None = UNSET
    """Input plus output tokens."""
    input_tokens: int | Unset | None = UNSET
    """Input tokens, text and audio, cached included."""
    output_tokens: int | Unset | None = UNSET
    """Output tokens, text and audio."""
    input_token_details: InputTokenDetails | Unset | None = UNSET
    """The input tokens by modality, and how many were cached."""
    output_token_details: OutputTokenDetails | Unset | None = UNSET
    """The output tokens by modality."""


@attrs.frozen(kw_only=True, repr=False)
class RateLimit(Model):
    """One entry of `rate_limits.updated`."""

    name: Literal["requests", "tokens"] | str | Unset | None = UNSET
    """Which limit: `requests` or `tokens`."""
    limit: int | Unset | None = UNSET
    """The limit's maximum."""
    remaining: int | Unset | None = UNSET
    """How much is left before the limit is reached."""
    reset_seconds: float | Unset | None = UNSET
    """Seconds until the limit resets."""


@attrs.frozen(kw_only=True, repr=False)
class FunctionTool(Model):
    """A function the model may call; `parameters` is a JSON Schema object."""

    type: Literal["function"] | Unset | None = "function"
    """Type tag, always `function`."""
    name: str | Unset | None = UNSET
    """Name of the function."""
    description: str | Unset | None = UNSET
    """What the function does and when to call it, for the model."""
    parameters: dict[str, Any] | Unset | None = UNSET
    """JSON Schema of the function's arguments."""
