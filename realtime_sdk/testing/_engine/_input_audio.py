"""The input audio buffer: append, commit, clear, turn detection, input transcription."""

from __future__ import annotations

from typing import Any

from ..._exceptions import EventDecodeError
from ...events import _client as ga_c
from ...events._base import Model
from ...events.beta import _client as b_c
from .._responder import Transcription, TranscriptionContext, default_transcription
from ._audio import _Format
from ._billing import _transcription_tokens
from ._items import _content, _evolve
from ._responses import _ResponseLayer
from ._rules import _Reject
from ._streaming import _split_words
from ._vad import _Turns, _Vad

_MIN_COMMIT_MS = 100.0  # the real server refuses to commit less than 100 ms of audio


class _InputAudioLayer(_ResponseLayer):
    """The input audio buffer and what commits it (the client, or server VAD)."""

    def _on_append(self, event: Model, client_event_id: str | None) -> list[Model]:
        assert isinstance(event, (ga_c.InputAudioBufferAppend, b_c.InputAudioBufferAppend))
        try:
            data = event.audio_bytes
        except EventDecodeError:
            raise _Reject("invalid_value", "Invalid 'audio': not valid base64.", "audio") from None
        fmt = self._input_format()
        if len(data) % fmt.width:
            raise _Reject(
                "invalid_value",
                f"Invalid 'audio': {len(data)} bytes is not a whole number of samples.",
                "audio",
            )
        if fmt.ms(len(self._buffer) + len(data)) > self._max_buffer_ms:
            raise _Reject(
                "input_audio_buffer_full",
                f"The input audio buffer holds at most {self._max_buffer_ms / 1000:.0f} seconds "
                "of audio; commit or clear it.",
                "audio",
            )
        self._buffer += data
        self._appended_ms += fmt.ms(len(data))
        td = self._turn_detection()
        if td is None:
            return []
        return self._run_vad(data, fmt, td)

    def _on_commit(self, event: Model, client_event_id: str | None) -> list[Model]:
        fmt = self._input_format()
        buffered_ms = fmt.ms(len(self._buffer))
        if buffered_ms < _MIN_COMMIT_MS:
            raise _Reject(
                "input_audio_buffer_commit_empty",
                "Error committing input audio buffer: buffer too small. Expected at least "
                f"100ms of audio, but buffer only has {buffered_ms:.2f}ms of audio.",
            )
        item_id = self._vad.item_id if self._vad.speaking else self._new_id("item")
        audio = bytes(self._buffer)
        self._reset_buffer()
        return self._commit(audio, item_id)

    def _on_clear(self, event: Model, client_event_id: str | None) -> list[Model]:
        self._reset_buffer()
        return [self._wire.buffer_cleared()]

    def _reset_buffer(self) -> None:
        self._buffer.clear()
        self._buffer_start_ms = self._appended_ms
        self._vad = _Vad()

    def _commit(self, audio: bytes, item_id: str) -> list[Model]:
        """Make `audio` a user message item: `input_audio_buffer.committed` and the item events."""
        item = self._wire.user_audio_item(item_id, audio)
        previous = self._insert(item)
        return [
            self._wire.buffer_committed(previous, item_id),
            *self._item_added_events(item, previous),
            *self._transcribe(item_id, audio),
        ]

    def _transcribe(self, item_id: str, audio: bytes) -> list[Model]:
        """Input audio transcription of a committed item, when the session asks for it.

        Shapes as in the published examples: `.delta` pieces, then `.completed` with `usage`
        (`{"type": "tokens", ...}`, or `{"type": "duration", "seconds": ...}` for whisper-1, as
        openai-python's `UsageTranscriptTextUsageDuration`), or `.failed` with an error. The
        item events keep `"transcript": null`; the stored item gets the transcript.
        """
        model = self._transcription_model()
        if model is None:
            return []
        audio_ms = self._input_format().ms(len(audio))
        context = TranscriptionContext(
            dialect=self._dialect,
            item_id=item_id,
            audio_ms=audio_ms,
            model=model,
            index=self._transcriptions,
        )
        self._transcriptions += 1
        transcribe = getattr(self._responder, "transcribe", default_transcription)
        try:
            result = transcribe(context)
            if not isinstance(result, Transcription):
                result = Transcription(text=str(result))
        except Exception as exc:  # a responder bug fails the transcription, visibly
            self.responder_errors.append(exc)
            result = Transcription(error="responder_error")
        ids: dict[str, Any] = {"item_id": item_id, "content_index": 0}
        if result.error is not None:
            return [self._wire.transcription_failed(result.error, result.error_message, **ids)]
        events = [self._wire.transcription_delta(p, **ids) for p in _split_words(result.text)]
        audio_tokens, text_tokens = _transcription_tokens(audio_ms, result.text)
        seconds = round(audio_ms / 1000, 3)
        usage = self._wire.transcription_usage(model, seconds, audio_tokens, text_tokens)
        events.append(self._wire.transcription_completed(result.text, usage, **ids))
        index = self._index_of(item_id)
        if index is not None:
            item = self._items[index]
            parts = _content(item)
            if parts:
                parts[0] = _evolve(parts[0], transcript=result.text)
                self._items[index] = _evolve(item, content=parts)
        return events

    def _run_vad(self, data: bytes, fmt: _Format, td: Any) -> list[Model]:
        """Turn detection on appended audio: `speech_started` (cancelling a response when
        `interrupt_response`), `speech_stopped`, the speech committed as a user item, and a
        response when `create_response`."""
        turns = _Turns.of(td)
        vad = self._vad
        events: list[Model] = []
        for boundary, at_ms in vad.feed(data, fmt, self._appended_ms, turns):
            if boundary == "started":
                self._activity += 1
                vad.start_ms = max(self._buffer_start_ms, at_ms - turns.prefix_ms)
                vad.item_id = self._new_id("item")
                events.append(self._wire.speech_started(int(vad.start_ms), vad.item_id))
                if turns.interrupt_response and self._active is not None:
                    events.extend(self._cancel(self._active, "turn_detected"))
                continue
            events.append(self._wire.speech_stopped(int(at_ms), vad.item_id))
            start = fmt.nbytes(vad.start_ms - self._buffer_start_ms)
            end = min(len(self._buffer), fmt.nbytes(at_ms - self._buffer_start_ms))
            audio = bytes(self._buffer[start:end])
            del self._buffer[:end]
            self._buffer_start_ms = at_ms
            item_id = vad.item_id
            self._activity += 1
            vad.item_id = ""
            events.extend(self._commit(audio, item_id))
            if turns.create_response and self._active is None:
                events.extend(self._start_response(None, None))
        return events
