"""The session settings: reading them, and merging a `session.update` in."""

from __future__ import annotations

from typing import Any, TypeVar

import attrs

from ..._types import UNSET
from ...events import _resources as ga_r
from ...events import _server as ga_s
from ...events._base import Model
from ...events.beta import _resources as b_r
from ...events.beta import _server as b_s
from ._audio import _PCM16, _beta_format, _Format, _ga_format
from ._base import _EngineBase
from ._rules import (
    _check_beta_modalities,
    _check_ga_modalities,
    _check_int_range,
    _check_range,
    _check_unknown_params,
    _check_voice,
    _Reject,
)
from ._vad import _check_turn_detection, _fill_beta_turn_detection, _fill_ga_turn_detection

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


class _SessionLayer(_EngineBase):
    """Session settings: accessors, and `session.update`."""

    def _ga_session(self) -> ga_r.SessionConfig:
        assert isinstance(self._session, ga_r.SessionConfig)
        return self._session

    def _beta_session(self) -> b_r.SessionConfig:
        assert isinstance(self._session, b_r.SessionConfig)
        return self._session

    def _on_session_update(self, event: Model, client_event_id: str | None) -> list[Model]:
        new = getattr(event, "session", None)
        assert isinstance(new, Model)
        self._session = self._updated_session(new)
        self._activity += 1
        if self._ga:
            return [ga_s.SessionUpdated(event_id=self._event_id(), session=self._ga_session())]
        return [b_s.SessionUpdated(event_id=self._event_id(), session=self._beta_session())]

    def _updated_session(self, new: Model) -> Model:
        """The session with `new` merged in; raises `_Reject` for an invalid value."""
        if self._ga:
            if not isinstance(new, ga_r.SessionConfig):
                raise _Reject(
                    "invalid_value",
                    "Invalid value: 'transcription'. A realtime session cannot become a "
                    "transcription session.",
                    "session.type",
                )
            return self._ga_updated(new)
        if not isinstance(new, b_r.SessionConfig):
            raise TypeError(f"expected a beta SessionConfig, got {type(new).__name__}")
        return self._beta_updated(new)

    def _ga_updated(self, new: ga_r.SessionConfig) -> Model:
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
                current = self._ga_voice()
                if out.voice is not UNSET and out.voice != current and self._assistant_audio:
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
                        input=attrs.evolve(audio.input, turn_detection=_fill_ga_turn_detection(td)),
                    )
        # Read-only fields are the server's to set.
        new = attrs.evolve(new, audio=audio, id=UNSET, object=UNSET, expires_at=UNSET)
        merged = (ga_r.SessionAudioConfig, ga_r.AudioInputConfig, ga_r.AudioOutputConfig)
        return _merge(self._ga_session(), new, merged)

    def _beta_updated(self, new: b_r.SessionConfig) -> Model:
        _check_unknown_params(new, "session")
        if isinstance(new.modalities, list):
            _check_beta_modalities("session.modalities", new.modalities)
        _check_voice("session.voice", new.voice)
        changed = new.voice is not UNSET and new.voice != self._beta_session().voice
        if changed and self._assistant_audio:
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
            turn_detection=_fill_beta_turn_detection(new.turn_detection),
            id=UNSET,
            object=UNSET,
            expires_at=UNSET,
            client_secret=UNSET,
        )
        return _merge(self._beta_session(), new, ())

    def _ga_voice(self) -> Any:
        audio = self._ga_session().audio
        if isinstance(audio, ga_r.SessionAudioConfig) and isinstance(
            audio.output, ga_r.AudioOutputConfig
        ):
            return audio.output.voice
        return UNSET

    def _input_format(self) -> _Format:
        if self._ga:
            audio = self._ga_session().audio
            if isinstance(audio, ga_r.SessionAudioConfig) and isinstance(
                audio.input, ga_r.AudioInputConfig
            ):
                return _ga_format(audio.input.format)
            return _PCM16
        return _beta_format(self._beta_session().input_audio_format)

    def _turn_detection(self) -> Any:
        if self._ga:
            audio = self._ga_session().audio
            if isinstance(audio, ga_r.SessionAudioConfig) and isinstance(
                audio.input, ga_r.AudioInputConfig
            ):
                td = audio.input.turn_detection
                return None if td is UNSET else td
            return None
        beta_td = self._beta_session().turn_detection
        return None if beta_td is UNSET else beta_td

    def _transcription_model(self) -> str | None:
        """The session's input transcription model, or None when transcription is off."""
        config: Any = None
        if self._ga:
            audio = self._ga_session().audio
            if isinstance(audio, ga_r.SessionAudioConfig) and isinstance(
                audio.input, ga_r.AudioInputConfig
            ):
                config = audio.input.transcription
        else:
            config = self._beta_session().input_audio_transcription
        if not isinstance(config, (ga_r.AudioTranscription, b_r.InputAudioTranscription)):
            return None
        return config.model if isinstance(config.model, str) else "whisper-1"

    def _output_format_now(self) -> _Format:
        if self._ga:
            audio = self._ga_session().audio
            if isinstance(audio, ga_r.SessionAudioConfig) and isinstance(
                audio.output, ga_r.AudioOutputConfig
            ):
                return _ga_format(audio.output.format)
            return _PCM16
        return _beta_format(self._beta_session().output_audio_format)
