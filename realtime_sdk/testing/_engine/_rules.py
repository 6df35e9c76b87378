"""The server's parameter rules: the checks of `session.update` and `response.create` values."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..._types import UNSET, Unset
from ...events import _resources as ga_r
from ...events._base import Model
from ...events.beta import _resources as b_r

VOICES: tuple[str, ...] = (
    "alloy",
    "ash",
    "ballad",
    "coral",
    "echo",
    "sage",
    "shimmer",
    "verse",
    "marin",
    "cedar",
)
"""The voice names the fake server accepts (others give an `invalid_value` error)."""


class _Reject(Exception):
    """A client event the server refuses; becomes an `error` event."""

    def __init__(
        self,
        code: str,
        message: str,
        param: str | None = None,
        *,
        type: str = "invalid_request_error",
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.param = param
        self.type = type


def _range_error(param: str, value: float, low: float, high: float) -> _Reject | None:
    if value < low:
        return _Reject(
            "decimal_below_min_value",
            f"Invalid '{param}': decimal below minimum value. Expected a value >= {low}, "
            f"but got {value} instead.",
            param,
        )
    if value > high:
        return _Reject(
            "decimal_above_max_value",
            f"Invalid '{param}': decimal above maximum value. Expected a value <= {high}, "
            f"but got {value} instead.",
            param,
        )
    return None


def _check_range(param: str, value: float | Unset | None, low: float, high: float) -> None:
    if isinstance(value, (int, float)):
        error = _range_error(param, value, low, high)
        if error is not None:
            raise error


def _check_int_range(param: str, value: int | str | Unset | None, low: int, high: int) -> None:
    if isinstance(value, int) and not low <= value <= high:
        word = "below minimum" if value < low else "above maximum"
        code = "integer_below_min_value" if value < low else "integer_above_max_value"
        bound = f">= {low}" if value < low else f"<= {high}"
        raise _Reject(
            code,
            f"Invalid '{param}': integer {word} value. Expected a value {bound}, "
            f"but got {value} instead.",
            param,
        )


def _check_voice(param: str, voice: object) -> None:
    if isinstance(voice, str) and voice not in VOICES:
        shown = ", ".join(f"'{v}'" for v in VOICES[:-1]) + f", and '{VOICES[-1]}'"
        raise _Reject(
            "invalid_value",
            f"Invalid value: '{voice}'. Supported values are: {shown}.",
            param,
        )


def _check_unknown_params(model: Model, path: str) -> None:
    for name in model.extra_fields:
        raise _Reject("unknown_parameter", f"Unknown parameter: '{path}.{name}'.", f"{path}.{name}")


def _check_ga_modalities(param: str, modalities: Sequence[str]) -> None:
    if list(modalities) not in (["text"], ["audio"]):
        raise _Reject(
            "invalid_value",
            f"Invalid modalities: {list(modalities)}. Supported combinations are: "
            "['text'] and ['audio'].",
            param,
        )


def _check_beta_modalities(param: str, modalities: Sequence[str]) -> None:
    if sorted(modalities) not in (["text"], ["audio", "text"]):
        raise _Reject(
            "invalid_value",
            f"Invalid modalities: {list(modalities)}. Supported combinations are: "
            "['text'] and ['audio', 'text'].",
            param,
        )


def _validate_params(params: Model, index_of: Callable[[str], int | None]) -> None:
    conversation = getattr(params, "conversation", UNSET)
    if conversation not in (UNSET, "auto", "none"):
        raise _Reject(
            "invalid_value",
            f"Invalid value: '{conversation}'. Supported values are: 'auto' and 'none'.",
            "response.conversation",
        )
    if isinstance(params, ga_r.ResponseCreateParams):
        _check_unknown_params(params, "response")
        if isinstance(params.output_modalities, list):
            _check_ga_modalities("response.output_modalities", params.output_modalities)
        _check_int_range("response.max_output_tokens", params.max_output_tokens, 1, 4096)
        if isinstance(params.audio, ga_r.ResponseAudioConfig) and isinstance(
            params.audio.output, ga_r.ResponseAudioOutput
        ):
            _check_voice("response.audio.output.voice", params.audio.output.voice)
    elif isinstance(params, b_r.ResponseCreateParams):
        _check_unknown_params(params, "response")
        if isinstance(params.modalities, list):
            _check_beta_modalities("response.modalities", params.modalities)
        _check_voice("response.voice", params.voice)
        _check_range("response.temperature", params.temperature, 0.6, 1.2)
        _check_int_range(
            "response.max_response_output_tokens", params.max_response_output_tokens, 1, 4096
        )
    for index, entry in enumerate(getattr(params, "input", None) or []):
        if isinstance(entry, (ga_r.ItemReference, b_r.ItemReference)):
            ref = entry.id if isinstance(entry.id, str) else ""
            if index_of(ref) is None:
                raise _Reject(
                    "item_not_found",
                    f"Error creating response: the item with id '{ref}' does not exist.",
                    f"response.input[{index}].id",
                )
