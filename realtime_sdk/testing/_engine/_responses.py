"""Responses: `response.create` and `.cancel`, the responder's reply, `response.done`."""

from __future__ import annotations

from typing import Any, Literal

from ..._types import UNSET
from ...events import _client as ga_c
from ...events import _resources as ga_r
from ...events._base import Model
from ...events._common import Usage
from ...events.beta import _client as b_c
from ...events.beta import _resources as b_r
from .._responder import Reply, ResponderContext
from ._items import _content, _strip_audio
from ._rules import _Reject, _validate_params
from ._streaming import _Active, _StreamingLayer


class _ResponseLayer(_StreamingLayer):
    """The response lifecycle: created, queued, cancelled, done."""

    def _on_response_create(self, event: Model, client_event_id: str | None) -> list[Model]:
        assert isinstance(event, (ga_c.ResponseCreate, b_c.ResponseCreate))
        params = None if event.response is UNSET else event.response
        if params is not None:
            _validate_params(params, self._index_of)
        in_conversation = self._in_conversation(params)
        if self._active is not None:
            if in_conversation:
                raise _Reject(
                    "conversation_already_has_active_response",
                    "Conversation already has an active response in progress: "
                    f"{self._active.id}. Wait until the response is finished before creating "
                    "a new one.",
                )
            if len(self._queued) == self._queued.maxlen:
                raise _Reject("too_many_responses", "Too many out-of-band responses queued.")
            self._queued.append((params, client_event_id))
            return []
        return self._start_response(params, client_event_id)

    def _in_conversation(self, params: Model | None) -> bool:
        conversation = getattr(params, "conversation", UNSET)
        return conversation is UNSET or conversation == "auto"

    def _start_response(self, params: Model | None, client_event_id: str | None) -> list[Model]:
        """Make the response active; return `response.created` and `rate_limits.updated`."""
        context_items = self._context_items(params)
        instructions, tools = self._instructions_and_tools(params)
        context = self._segments(context_items, instructions, tools)
        input_usage = self._input_usage(context)
        settings = self._settings.for_response(self._session, params)
        active = _Active(
            id=self._new_id("resp"),
            in_conversation=self._in_conversation(params),
            modalities=settings.modalities,
            voice=settings.voice,
            out_format=settings.out_format,
            out_format_model=settings.out_format_model,
            metadata=None if settings.metadata is UNSET else settings.metadata,
            max_output_tokens=UNSET if settings.max_tokens is None else settings.max_tokens,
            temperature=UNSET if settings.temperature is None else settings.temperature,
            input_usage=input_usage,
            context=context,
            pause_ms=0.0,
            items=context_items,
            params=params,
        )
        self._active = active
        self._responses += 1
        self._tokens_used += input_usage.text + input_usage.audio
        active.reply = self._ask_responder(active)
        created = self._wire.response_created(self._response(active, "in_progress"))
        return [created, self._rate_limits(active.reply.rate_limits)]

    def _context_items(self, params: Model | None) -> list[Model]:
        entries = getattr(params, "input", UNSET)
        if not isinstance(entries, list):
            return list(self._items)
        out: list[Model] = []
        for entry in entries:
            if isinstance(entry, (ga_r.ItemReference, b_r.ItemReference)):
                index = self._index_of(entry.id if isinstance(entry.id, str) else "")
                if index is not None:
                    out.append(self._items[index])
            else:
                out.append(entry)
        return out

    def _instructions_and_tools(self, params: Model | None) -> tuple[str, list[Any]]:
        instructions = getattr(params, "instructions", UNSET)
        if not isinstance(instructions, str):
            instructions = getattr(self._session, "instructions", "")
        tools = getattr(params, "tools", UNSET)
        if not isinstance(tools, list):
            tools = getattr(self._session, "tools", [])
        return (instructions if isinstance(instructions, str) else ""), list(tools or [])

    def _ask_responder(self, active: _Active) -> Reply:
        items, params = active.items, active.params
        last_text: str | None = None
        last_audio_ms: float | None = None
        last_kind: Literal["text", "audio"] | None = None
        in_fmt = self._input_format()
        for item in reversed(items):
            if getattr(item, "role", None) != "user":
                continue
            for part in _content(item):
                if isinstance(part, (ga_r.InputTextContent, b_r.InputTextContent)):
                    if last_text is None:
                        last_text = part.text if isinstance(part.text, str) else ""
                        last_kind = last_kind or "text"
                    break
                if isinstance(part, (ga_r.InputAudioContent, b_r.InputAudioContent)):
                    if last_audio_ms is None:
                        last_audio_ms = in_fmt.ms(len(part.audio_bytes))
                        last_kind = last_kind or "audio"
                    break
            if last_text is not None and last_audio_ms is not None:
                break
        context = ResponderContext(
            dialect=self._dialect,
            items=tuple(items),
            last_user_text=last_text,
            last_user_audio_ms=last_audio_ms,
            last_user_kind=last_kind,
            params=params,
            session=self._session,
            output_modalities=tuple(active.modalities),
            response_index=self._responses - 1,
        )
        try:
            reply = self._responder(context)
        except Exception as exc:  # a responder bug fails the response, visibly
            self.responder_errors.append(exc)
            reply = Reply(error="responder_error")
        active.pause_ms = reply.pause_ms
        return reply

    def _on_response_cancel(self, event: Model, client_event_id: str | None) -> list[Model]:
        assert isinstance(event, (ga_c.ResponseCancel, b_c.ResponseCancel))
        active = self._active
        if active is None or (event.response_id is not UNSET and event.response_id != active.id):
            raise _Reject(
                "response_cancel_not_active", "Cancellation failed: no active response found"
            )
        return self._cancel(active, "client_cancelled")

    def _cancel(
        self, active: _Active, reason: Literal["client_cancelled", "turn_detected"]
    ) -> list[Model]:
        events: list[Model] = []
        for out in active.outputs:
            if out.done:
                continue
            if out.kind == "message":
                events.extend(self._close_message(active, out, "incomplete"))
            else:
                events.extend(self._close_output(active, out, "incomplete"))
        events.extend(self._finish(active, "cancelled", reason=reason))
        return events

    def _finish(
        self,
        active: _Active,
        status: Literal["completed", "cancelled", "failed"],
        *,
        reason: Literal["client_cancelled", "turn_detected"] | None = None,
        error: tuple[str, str] | None = None,
    ) -> list[Model]:
        """End the response: `response.done` with its usage; start a queued response if any."""
        if self._active is active:
            self._active = None
            self._activity += 1
        active.steps = None
        usage = self._usage(active)
        self._tokens_used += (
            (usage.output_tokens or 0) if isinstance(usage.output_tokens, int) else 0
        )
        self._prefix = active.context + [
            self._segment(self._output_item(active, out, stored=True)) for out in active.outputs
        ]
        self._last_response_id = active.id
        details: Any = None
        if status == "cancelled":
            details = self._wire.cancelled(reason or "client_cancelled")
        elif status == "failed" and error is not None:
            details = self._wire.failed(*error)
        response = self._response(active, status, details=details, usage=usage)
        events: list[Model] = [self._wire.response_done(response)]
        if self._queued and self._active is None:
            params, client_event_id = self._queued.popleft()
            events.extend(self._start_response(params, client_event_id))
        return events

    def _response(
        self,
        active: _Active,
        status: Literal["completed", "cancelled", "failed", "in_progress"],
        *,
        details: Any = None,
        usage: Usage | None = None,
    ) -> Model:
        """The response object as it stands (output items without their audio)."""
        output = [
            self._wire.item(_strip_audio(self._output_item(active, o))) for o in active.outputs
        ]
        return self._wire.response(
            active,
            id=active.id,
            object="realtime.response",
            status=status,
            status_details=details,
            output=output,
            conversation_id=self._conversation_id if active.in_conversation else UNSET,
            usage=usage,
            metadata=active.metadata,
        )
