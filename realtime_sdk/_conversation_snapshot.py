"""Typed snapshots of conversation items: an `ItemState` as a GA or beta item model.

`ItemState.to_item()` and `Conversation.to_items()` call `to_item` here. GA and beta items differ
in their content part classes (GA `OutputTextContent` / `OutputAudioContent`, beta `TextContent` /
`AudioContent`) and in what they leave out (only GA user audio carries `"transcript": null`), as
in the published GA and beta schemas (tests/fixtures/openai-spec/).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any, Literal

from ._exceptions import ConfigurationError
from ._types import UNSET, Unset
from .events import _resources as ga
from .events._base import Model
from .events.beta import _resources as beta

if TYPE_CHECKING:
    from ._conversation_state import ContentPartState, ItemState

__all__ = ["to_item"]


def to_item(
    item: ItemState, dialect: Literal["ga", "beta"] = "ga", *, include_audio: bool = True
) -> Model | None:
    """The item as a typed model of `dialect` (`MessageItem`, `FunctionCallItem`...).

    Items of types this reducer does not model (MCP items) are returned as last received
    when they are of the requested dialect, else None.
    """
    if dialect == "ga":
        return _to_ga(item, include_audio)
    if dialect == "beta":
        return _to_beta(item, include_audio)
    raise ConfigurationError(f"dialect must be 'ga' or 'beta', got {dialect!r}")


def _audio_b64(part: ContentPartState, include: bool) -> str | Unset:
    if include and part._audio_size:
        return base64.b64encode(part._decoded()).decode("ascii")
    return UNSET


def _to_ga(item: ItemState, include_audio: bool) -> Model | None:
    status: Any = item._status
    if item._type == "message":
        content: list[ga.ContentPart] = []
        for p in item._parts:
            ga_part = _ga_part(p, include_audio)
            if ga_part is not None:
                content.append(ga_part)
        role: Any = item._role if item._role in ("user", "assistant", "system") else "assistant"
        return ga.MessageItem(
            id=item._id, object=item._object, status=status, role=role, content=content
        )
    if item._type == "function_call":
        return ga.FunctionCallItem(
            id=item._id,
            object=item._object,
            status=status,
            call_id=item._call_id if item._call_id is not None else UNSET,
            name=item._name or "",
            arguments=item.arguments or "",
        )
    if item._type == "function_call_output":
        return ga.FunctionCallOutputItem(
            id=item._id,
            object=item._object,
            status=status,
            call_id=item._call_id or "",
            output=item._output or "",
        )
    return item._model if item._model is not None and _is_ga(item._model) else None


def _ga_part(p: ContentPartState, include_audio: bool) -> Any:
    transcript: Any = p._transcript
    if isinstance(transcript, list):
        transcript = "".join(transcript)
    t = p._type
    if transcript is None and t != "input_audio":
        # Only GA user audio carries `"transcript": null` (as the live service sends it).
        transcript = UNSET
    text: Any = p.text if p._text is not None else UNSET
    if t in ("input_text", "input_image") and p._model is not None and _is_ga(p._model):
        return p._model  # as the server echoed it (events never change it)
    if t == "input_text":
        return ga.InputTextContent(text=text)
    if t == "output_text":
        return ga.OutputTextContent(text=text)
    if t == "text":
        return ga.TextContent(text=text)
    if t == "input_audio":
        return ga.InputAudioContent(audio=_audio_b64(p, include_audio), transcript=transcript)
    if t == "output_audio":
        return ga.OutputAudioContent(audio=_audio_b64(p, include_audio), transcript=transcript)
    if t == "audio":
        return ga.AudioContent(audio=_audio_b64(p, include_audio), transcript=transcript)
    return p._model if p._model is not None and _is_ga(p._model) else None


def _to_beta(item: ItemState, include_audio: bool) -> Model | None:
    status: Any = item._status
    if item._type == "message":
        content: list[beta.ContentPart] = []
        for p in item._parts:
            beta_part = _beta_part(p, include_audio)
            if beta_part is not None:
                content.append(beta_part)
        role: Any = item._role if item._role is not None else UNSET
        return beta.MessageItem(
            id=item._id, object=item._object, status=status, role=role, content=content
        )
    if item._type == "function_call":
        return beta.FunctionCallItem(
            id=item._id,
            object=item._object,
            status=status,
            call_id=item._call_id if item._call_id is not None else UNSET,
            name=item._name if item._name is not None else UNSET,
            arguments=UNSET if item._arguments is None else "".join(item._arguments),
        )
    if item._type == "function_call_output":
        return beta.FunctionCallOutputItem(
            id=item._id,
            object=item._object,
            status=status,
            call_id=item._call_id if item._call_id is not None else UNSET,
            output=item._output if item._output is not None else UNSET,
        )
    return item._model if item._model is not None and not _is_ga(item._model) else None


def _beta_part(p: ContentPartState, include_audio: bool) -> Any:
    transcript: Any = p._transcript
    if isinstance(transcript, list):
        transcript = "".join(transcript)
    t = p._type
    text: Any = p.text if p._text is not None else UNSET
    if t == "input_text" and p._model is not None and not _is_ga(p._model):
        return p._model  # as the server echoed it (events never change it)
    if t == "input_text":
        return beta.InputTextContent(text=text)
    if t in ("output_text", "text"):
        return beta.TextContent(text=text)
    if t == "input_audio":
        return beta.InputAudioContent(audio=_audio_b64(p, include_audio), transcript=transcript)
    if t in ("output_audio", "audio"):
        return beta.AudioContent(
            audio=_audio_b64(p, include_audio),
            transcript=UNSET if transcript is None else transcript,
        )
    return p._model if p._model is not None and not _is_ga(p._model) else None


def _is_ga(model: Model) -> bool:
    return not type(model).__module__.startswith("realtime_sdk.events.beta")
