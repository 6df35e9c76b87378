"""GA content parts: the input parts (text, audio, image, file) and the output parts of messages.

Part of the GA resources (`realtime_sdk.events._resources` gathers them).
"""

from __future__ import annotations

import functools
from typing import Literal, Union

import attrs

from .._types import UNSET, Unset
from ._base import AUDIO, Model, b64_if_bytes, decode_audio
from ._families import type_first

ImageDetail = Literal["auto", "low", "high", "original"]
"""How closely the model looks at an image (`auto` means `high`)."""


@attrs.frozen(kw_only=True, repr=False)
class PromptCacheBreakpoint(Model):
    """Marks a content part as a prompt cache breakpoint."""

    mode: Literal["explicit"] = "explicit"
    """Breakpoint mode, always `explicit`."""


@attrs.frozen(kw_only=True, repr=False)
class AudioPartBase(Model):
    """The fields an audio content part has after its `type`: the audio and its transcript.

    The user's `input_audio` and the assistant's `output_audio` (`audio` before GA) parts, GA and
    beta alike; each part class adds its `type` first (`type_first`).
    """

    audio: str | Unset | None = attrs.field(default=UNSET, converter=b64_if_bytes, metadata=AUDIO)
    """Base64 audio in the session's input (user) or output (assistant) format (raw bytes are
    encoded for you)."""
    # The live GA service sends `"transcript": null` for committed user audio not (yet) transcribed.
    transcript: str | Unset | None = UNSET
    """Transcript of the audio; `None` while not (yet) transcribed."""

    @functools.cached_property
    def audio_bytes(self) -> bytes:
        """The decoded audio (b"" when absent); decoded on first access only."""
        return decode_audio(self.audio, path="$.audio")


@attrs.frozen(kw_only=True, repr=False)
class InputTextContent(Model):
    """Text given to the model (user or system message, or a prompt variable)."""

    type: Literal["input_text"] | Unset | None = "input_text"
    """Type tag, always `input_text`."""
    text: str | Unset | None = UNSET
    """The text."""
    prompt_cache_breakpoint: PromptCacheBreakpoint | Unset | None = UNSET
    """Ends a reusable prompt prefix here, for prompt caching."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class InputAudioContent(AudioPartBase):
    """Audio given by the user: base64 audio (raw bytes accepted) and an optional transcript."""

    type: Literal["input_audio"] | Unset | None = "input_audio"
    """Type tag, always `input_audio`."""


@attrs.frozen(kw_only=True, repr=False)
class InputImageContent(Model):
    """An image given to the model, as a data URI (`image_url`) or an uploaded file id."""

    type: Literal["input_image"] | Unset | None = "input_image"
    """Type tag, always `input_image`."""
    image_url: str | Unset | None = UNSET
    """The image: a URL or a base64 data URL."""
    file_id: str | Unset | None = UNSET
    """Id of an uploaded image file."""
    detail: ImageDetail | Unset | None = UNSET
    """How closely the model looks at the image (default `auto`)."""
    prompt_cache_breakpoint: PromptCacheBreakpoint | Unset | None = UNSET
    """Ends a reusable prompt prefix here, for prompt caching."""


@attrs.frozen(kw_only=True, repr=False)
class InputFileContent(Model):
    """A file given as a prompt variable: uploaded file id, URL or inline data."""

    type: Literal["input_file"] | Unset | None = "input_file"
    """Type tag, always `input_file`."""
    file_id: str | Unset | None = UNSET
    """Id of an uploaded file."""
    filename: str | Unset | None = UNSET
    """Name of the file."""
    file_data: str | Unset | None = UNSET
    """Inline content of the file."""
    prompt_cache_breakpoint: PromptCacheBreakpoint | Unset | None = UNSET
    """Ends a reusable prompt prefix here, for prompt caching."""
    file_url: str | Unset | None = UNSET
    """URL of the file."""
    detail: Literal["auto", "low", "high"] | Unset | None = UNSET
    """Rendering detail of the file: `auto` (default), `low` or `high`."""


# --- content parts -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class OutputTextContent(Model):
    """Text written by the assistant."""

    type: Literal["output_text"] | Unset | None = "output_text"
    """Type tag, always `output_text`."""
    text: str | Unset | None = UNSET
    """The text."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class OutputAudioContent(AudioPartBase):
    """Audio spoken by the assistant (base64) and its transcript."""

    type: Literal["output_audio"] | Unset | None = "output_audio"
    """Type tag, always `output_audio`."""


@attrs.frozen(kw_only=True, repr=False)
class TextContent(Model):
    """A text part under its pre-GA name `text` (some GA servers still send it)."""

    type: Literal["text"] | Unset | None = "text"
    """Type tag, always `text`."""
    text: str | Unset | None = UNSET
    """The text."""


@attrs.frozen(kw_only=True, repr=False, field_transformer=type_first)
class AudioContent(AudioPartBase):
    """An audio part under its pre-GA name `audio` (some GA servers still send it)."""

    type: Literal["audio"] | Unset | None = "audio"
    """Type tag, always `audio`."""
    format: str | Unset | None = UNSET
    """Audio format name, as sent by pre-GA servers."""


ContentPart = Union[  # noqa: UP007
    InputTextContent,
    InputAudioContent,
    InputImageContent,
    OutputTextContent,
    OutputAudioContent,
    TextContent,
    AudioContent,
]
"""One part of a message's content."""
