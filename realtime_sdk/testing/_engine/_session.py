"""The session layer: `session.update`, and the settings the other layers read."""

from __future__ import annotations

from typing import Any

from ...events import _resources as ga_r
from ...events._base import Model
from ...events.beta import _resources as b_r
from ._audio import _Format
from ._base import _EngineBase


class _SessionLayer(_EngineBase):
    """Session settings: `session.update`, and reading the current settings."""

    def _on_session_update(self, event: Model, client_event_id: str | None) -> list[Model]:
        new = getattr(event, "session", None)
        assert isinstance(new, Model)
        self._session = self._updated_session(new)
        self._activity += 1
        return [self._wire.session_updated(self._session)]

    def _updated_session(self, new: Model) -> Model:
        """The session with `new` merged in; raises `_Reject` for an invalid value."""
        return self._settings.updated(self._session, new, self._assistant_audio)

    def _input_format(self) -> _Format:
        return self._settings.input_format(self._session)

    def _output_format_now(self) -> _Format:
        return self._settings.output_format(self._session)

    def _turn_detection(self) -> Any:
        return self._settings.turn_detection(self._session)

    def _transcription_model(self) -> str | None:
        """The session's input transcription model, or None when transcription is off."""
        config = self._settings.transcription(self._session)
        if not isinstance(config, (ga_r.AudioTranscription, b_r.InputAudioTranscription)):
            return None
        return config.model if isinstance(config.model, str) else "whisper-1"
