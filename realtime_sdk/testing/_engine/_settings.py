"""Per-dialect session settings: the defaults, `session.update` merged in, and what they say.

GA nests the audio settings (`audio.input.format`, `audio.output.voice`, ...) where beta keeps
them flat (`input_audio_format`, `voice`, ...); `GaSettings` and `BetaSettings` read and update a
`SessionConfig` of their dialect, so the engine asks one of them instead of branching on it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Literal, TypeVar

import attrs

from ..._types import UNSET, Unset
from ...events import _resources as ga_r
from ...events._base import Model
from ...events.beta import _resources as b_r
from ._audio import _PCM16, _beta_format, _Format, _ga_format
from ._defaults import _beta_default_session, _ga_default_session
from ._rules import (
    _check_beta_modalities,
    _check_ga_modalities,
    _check_int_range,
    _check_range,
    _check_unknown_params,
    _check_voice,
    _Reject,
)
from ._vad import _check_turn_detection, _fill_turn_detection

__all__ = ["BetaSettings", "GaSettings"]

_M = TypeVar("_M", bound=Model)


def _merge(old: _M, new: _M, merged: tuple[type[Model], ...]) -> _M:
    """`old` with every field `new` sets; nested models of the `merged` classes merge field-wise."""
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(new)):
        value = getattr(new, field.name)
        if field.name == "extra_fields":
            if value:
                changes["extra_fields"] = {**old.extra_fields, **value}
            continue
        if value is UNSET:
            continue
        current = getattr(old, field.name)
        if isinstance(value, merged) and type(current) is type(value):
            value = _merge(current, value, merged)
        changes[field.name] = value
    return attrs.evolve(old, **changes)


@attrs.frozen
class _ResponseSettings:
    """A response's settings: its `response.create` parameters over the session's."""

    modalities: list[Literal["text", "audio"]]
    voice: Any
    out_format: _Format
    out_format_model: Any
    max_tokens: int | Literal["inf"] | Unset | None
    temperature: float | Unset | None
    metadata: Any


class _Settings(ABC):
    """Reads and updates one dialect's `SessionConfig`."""

    @abstractmethod
    def default(self, session_id: str, model: str | None, expires_at: int) -> Model:
        """The session before any `session.update`."""

    @abstractmethod
    def updated(self, current: Model, new: Model, assistant_audio: bool) -> Model:
        """`current` with `new` merged in; raises `_Reject` for an invalid value."""

    @abstractmethod
    def input_format(self, session: Model) -> _Format: ...

    @abstractmethod
    def output_format(self, session: Model) -> _Format: ...

    @abstractmethod
    def turn_detection(self, session: Model) -> Any:
        """The turn detection settings, or None when it is off."""

    @abstractmethod
    def transcription(self, session: Model) -> Any:
        """The input audio transcription settings (None or UNSET when it is off)."""

    @abstractmethod
    def for_response(self, session: Model, params: Model | None) -> _ResponseSettings: ...


def _ga_config(session: Model) -> ga_r.SessionConfig:
    assert isinstance(session, ga_r.SessionConfig)
    return session


def _ga_audio(session: Model) -> ga_r.SessionAudioConfig | None:
    audio = _ga_config(session).audio
    return audio if isinstance(audio, ga_r.SessionAudioConfig) else None


def _ga_input(session: Model) -> ga_r.AudioInputConfig | None:
    audio = _ga_audio(session)
    return (
        audio.input
        if audio is not None and isinstance(audio.input, ga_r.AudioInputConfig)
        else None
    )


def _ga_output(session: Model) -> ga_r.AudioOutputConfig | None:
    audio = _ga_audio(session)
    return (
        audio.output
        if audio is not None and isinstance(audio.output, ga_r.AudioOutputConfig)
        else None
    )


class GaSettings(_Settings):
    """GA sessions: `audio.input` / `audio.output` nested, `output_modalities`."""

    default = staticmethod(_ga_default_session)

    def updated(self, current: Model, new: Model, assistant_audio: bool) -> Model:
        if not isinstance(new, ga_r.SessionConfig):
            raise _Reject(
                "invalid_value",
                "Invalid value: 'transcription'. A realtime session cannot become a "
                "transcription session.",
                "session.type",
            )
        _check_unknown_params(new, "session")
        if isinstance(new.output_modalities, list):
            _check_ga_modalities("session.output_modalities", new.output_modalities)
        _check_int_range("session.max_output_tokens", new.max_output_tokens, 1, 4096)
        audio = new.audio
        if isinstance(audio, ga_r.SessionAudioConfig):
            if isinstance(audio.output, ga_r.AudioOutputConfig):
                out = audio.output
                _check_voice("session.audio.output.voice", out.voice)
                _check_range("session.audio.output.speed", out.speed, 0.25, 1.5)
                voice = self._voice(current)
                if out.voice is not UNSET and out.voice != voice and assistant_audio:
                    raise _Reject(
                        "cannot_update_voice",
                        "Cannot update a conversation's voice if assistant audio is present.",
                        "session.audio.output.voice",
                    )
            if isinstance(audio.input, ga_r.AudioInputConfig):
                td = audio.input.turn_detection
                _check_turn_detection("session.audio.input.turn_detection", td)
                if td is not UNSET:
                    audio = attrs.evolve(
                        audio,
                        input=attrs.evolve(audio.input, turn_detection=_fill_turn_detection(td)),
                    )
        # Read-only fields are the server's to set.
        new = attrs.evolve(new, audio=audio, id=UNSET, object=UNSET, expires_at=UNSET)
        merged = (ga_r.SessionAudioConfig, ga_r.AudioInputConfig, ga_r.AudioOutputConfig)
        return _merge(_ga_config(current), new, merged)

    def _voice(self, session: Model) -> Any:
        output = _ga_output(session)
        return UNSET if output is None else output.voice

    def input_format(self, session: Model) -> _Format:
        inp = _ga_input(session)
        return _PCM16 if inp is None else _ga_format(inp.format)

    def output_format(self, session: Model) -> _Format:
        output = _ga_output(session)
        return _PCM16 if output is None else _ga_format(output.format)

    def turn_detection(self, session: Model) -> Any:
        inp = _ga_input(session)
        return None if inp is None or inp.turn_detection is UNSET else inp.turn_detection

    def transcription(self, session: Model) -> Any:
        inp = _ga_input(session)
        return None if inp is None else inp.transcription

    def for_response(self, session: Model, params: Model | None) -> _ResponseSettings:
        config = _ga_config(session)
        ga_params = params if isinstance(params, ga_r.ResponseCreateParams) else None
        modalities: list[Literal["text", "audio"]] = list(
            (ga_params.output_modalities if ga_params else UNSET)
            or config.output_modalities
            or ["audio"]
        )
        voice = self._voice(session)
        out_format_model: Any = UNSET
        output_config = _ga_output(session)
        if output_config is not None:
            out_format_model = output_config.format
        if ga_params and isinstance(ga_params.audio, ga_r.ResponseAudioConfig):
            output = ga_params.audio.output
            if isinstance(output, ga_r.ResponseAudioOutput):
                voice = voice if output.voice is UNSET else output.voice
                if output.format is not UNSET:
                    out_format_model = output.format
        max_tokens = (
            ga_params.max_output_tokens
            if ga_params and ga_params.max_output_tokens is not UNSET
            else config.max_output_tokens
        )
        return _ResponseSettings(
            modalities=modalities,
            voice=voice,
            out_format=_ga_format(out_format_model),
            out_format_model=out_format_model,
            max_tokens=max_tokens,
            temperature=UNSET,
            metadata=ga_params.metadata if ga_params else UNSET,
        )


def _beta_config(session: Model) -> b_r.SessionConfig:
    assert isinstance(session, b_r.SessionConfig)
    return session


class BetaSettings(_Settings):
    """Beta sessions: flat audio settings, `modalities`, `temperature`."""

    default = staticmethod(_beta_default_session)

    def updated(self, current: Model, new: Model, assistant_audio: bool) -> Model:
        if not isinstance(new, b_r.SessionConfig):
            raise TypeError(f"expected a beta SessionConfig, got {type(new).__name__}")
        _check_unknown_params(new, "session")
        if isinstance(new.modalities, list):
            _check_beta_modalities("session.modalities", new.modalities)
        _check_voice("session.voice", new.voice)
        changed = new.voice is not UNSET and new.voice != _beta_config(current).voice
        if changed and assistant_audio:
            raise _Reject(
                "cannot_update_voice",
                "Cannot update a conversation's voice if assistant audio is present.",
                "session.voice",
            )
        _check_range("session.temperature", new.temperature, 0.6, 1.2)
        _check_range("session.speed", new.speed, 0.25, 1.5)
        _check_int_range(
            "session.max_response_output_tokens", new.max_response_output_tokens, 1, 4096
        )
        _check_turn_detection("session.turn_detection", new.turn_detection)
        new = attrs.evolve(
            new,
            turn_detection=_fill_turn_detection(new.turn_detection),
            id=UNSET,
            object=UNSET,
            expires_at=UNSET,
            client_secret=UNSET,
        )
        return _merge(_beta_config(current), new, ())

    def input_format(self, session: Model) -> _Format:
        return _beta_format(_beta_config(session).input_audio_format)

    def output_format(self, session: Model) -> _Format:
        return _beta_format(_beta_config(session).output_audio_format)

    def turn_detection(self, session: Model) -> Any:
        td = _beta_config(session).turn_detection
        return None if td is UNSET else td

    def transcription(self, session: Model) -> Any:
        return _beta_config(session).input_audio_transcription

    def for_response(self, session: Model, params: Model | None) -> _ResponseSettings:
        config = _beta_config(session)
        b_params = params if isinstance(params, b_r.ResponseCreateParams) else None
        max_tokens = config.max_response_output_tokens
        if b_params and b_params.max_response_output_tokens is not UNSET:
            max_tokens = b_params.max_response_output_tokens
        out_format_model = (
            b_params.output_audio_format if b_params else UNSET
        ) or config.output_audio_format
        return _ResponseSettings(
            modalities=list(
                (b_params.modalities if b_params else UNSET)
                or config.modalities
                or ["text", "audio"]
            ),
            voice=(b_params.voice if b_params else UNSET) or config.voice,
            out_format=_beta_format(out_format_model),
            out_format_model=out_format_model,
            max_tokens=max_tokens,
            temperature=(b_params.temperature if b_params else UNSET) or config.temperature,
            metadata=b_params.metadata if b_params else UNSET,
        )
