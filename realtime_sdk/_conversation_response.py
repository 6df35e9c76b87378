"""A response's lifecycle as the conversation sees it (read-only view; see `_conversation.py`)."""

from __future__ import annotations

from typing import Any

from ._conversation_state import _format_of
from ._types import UNSET
from .events._base import Model
from .events._common import Usage

__all__ = ["ResponseState"]


class ResponseState:
    """One response's lifecycle: status, output items, usage and timestamps (read-only view)."""

    __slots__ = (
        "_conversation_id",
        "_created_at",
        "_done_at",
        "_format",
        "_id",
        "_output",
        "_response",
        "_status",
        "_status_details",
        "_usage",
    )

    def __init__(self, response_id: str, fmt: tuple[int, int]) -> None:
        self._id = response_id
        self._status = "in_progress"
        self._status_details: Model | None = None
        self._usage: Usage | None = None
        self._output: list[str] = []
        self._created_at: float | None = None
        self._done_at: float | None = None
        self._conversation_id: str | None = None
        self._format = fmt
        self._response: Model | None = None

    @property
    def id(self) -> str:
        """The response id."""
        return self._id

    @property
    def status(self) -> str:
        """`in_progress`, then `completed`, `cancelled`, `failed` or `incomplete`."""
        return self._status

    @property
    def done(self) -> bool:
        """True once `response.done` arrived."""
        return self._done_at is not None

    @property
    def status_details(self) -> Model | None:
        """Why the response ended as it did (`ResponseStatusDetails`), if the server said."""
        return self._status_details

    @property
    def usage(self) -> Usage | None:
        """The response's token usage (from `response.done`)."""
        return self._usage

    @property
    def output_item_ids(self) -> tuple[str, ...]:
        """The ids of the response's output items, in output order."""
        return tuple(self._output)

    @property
    def conversation_id(self) -> str | None:
        """The conversation the response adds to (None: out of band, or not said)."""
        return self._conversation_id

    @property
    def created_at(self) -> float | None:
        """Clock time of `response.created` (None when it never arrived)."""
        return self._created_at

    @property
    def done_at(self) -> float | None:
        """Clock time of `response.done` (None while in progress)."""
        return self._done_at

    @property
    def duration(self) -> float | None:
        """`done_at - created_at` when both are known."""
        if self._created_at is None or self._done_at is None:
            return None
        return self._done_at - self._created_at

    @property
    def response(self) -> Model | None:
        """The last `Response` model received (from `response.created` or `response.done`)."""
        return self._response

    # --- changed by the reducer -------------------------------------------------------------

    def _add_output(self, item_id: str) -> None:
        if item_id not in self._output:
            self._output.append(item_id)

    def _mark_created(self, at: float, status: str) -> None:
        self._created_at = at
        self._status = status

    def _mark_done(
        self, at: float, status: object, details: Model | None, usage: Usage | None
    ) -> None:
        self._done_at = at
        if isinstance(status, str):
            self._status = status
        self._status_details = details
        self._usage = usage

    def _take_fields(self, model: Any) -> None:
        """Take the response model's conversation id and output audio format."""
        self._response = model
        conversation_id = getattr(model, "conversation_id", UNSET)
        if isinstance(conversation_id, str) and conversation_id:
            self._conversation_id = conversation_id
        audio = getattr(model, "audio", None)
        fmt = _format_of(getattr(getattr(audio, "output", None), "format", None))
        fmt = fmt or _format_of(getattr(model, "output_audio_format", None))
        if fmt is not None:
            self._format = fmt

    def __repr__(self) -> str:
        return (
            f"ResponseState(id={self._id!r}, status={self._status!r}, "
            f"output_item_ids={self._output!r})"
        )
