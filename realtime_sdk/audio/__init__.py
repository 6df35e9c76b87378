"""Audio helpers for the Realtime API's wire format: PCM16, little-endian, mono, 24 kHz by default.

Everything here is pure Python with no required dependency beyond the SDK's own:

- **base64 and sizes**: `pcm16_to_base64`, `base64_to_pcm16`, `duration_ms`, `bytes_for_ms`,
  `chunk`.
- **real-time pacing**: `Pacer` and `pace` send audio no faster than it plays, on asyncio and trio.
- **WAV files**: `read_wav`, `read_wav_info`, `write_wav` (stdlib `wave`; any integer PCM width,
  channel count and rate is converted to PCM16 mono at the rate you ask for).
- **resampling**: `resample` and the streaming `Resampler`; they use
  [soxr](https://pypi.org/project/soxr/) when it is installed (`pip install realtime-sdk[soxr]`)
  and a pure-Python windowed-sinc filter otherwise.
- **G.711**: `ulaw_encode` / `ulaw_decode` (`audio/pcmu`) and `alaw_encode` / `alaw_decode`
  (`audio/pcma`), bit-exact with the ITU-T G.191 reference implementation of G.711.

```python
from realtime_sdk import audio

pcm = audio.read_wav("hello.wav")            # PCM16 mono 24 kHz, whatever the file holds
async for frame in audio.pace(pcm, ms=20):   # 20 ms frames, sent in real time
    text = audio.pcm16_to_base64(frame)      # the `audio` of an input_audio_buffer.append event
    ...
```

The package's private modules follow these groups: `_pcm` (base64, sizes, sample conversions),
`_pace`, `_wav`, `_resample` and `_g711`.
"""

from __future__ import annotations

from .._exceptions import AudioFormatError as AudioFormatError
from ._g711 import alaw_decode as alaw_decode
from ._g711 import alaw_encode as alaw_encode
from ._g711 import ulaw_decode as ulaw_decode
from ._g711 import ulaw_encode as ulaw_encode
from ._pace import Pacer as Pacer
from ._pace import pace as pace
from ._pcm import DEFAULT_RATE as DEFAULT_RATE
from ._pcm import BytesLike as BytesLike
from ._pcm import base64_to_pcm16 as base64_to_pcm16
from ._pcm import bytes_for_ms as bytes_for_ms
from ._pcm import chunk as chunk
from ._pcm import duration_ms as duration_ms
from ._pcm import pcm16_to_base64 as pcm16_to_base64
from ._resample import ResampleBackend as ResampleBackend
from ._resample import Resampler as Resampler
from ._resample import resample as resample
from ._wav import WavInfo as WavInfo
from ._wav import WavSource as WavSource
from ._wav import read_wav as read_wav
from ._wav import read_wav_info as read_wav_info
from ._wav import write_wav as write_wav

__all__ = [
    "DEFAULT_RATE",
    "AudioFormatError",
    "BytesLike",
    "Pacer",
    "ResampleBackend",
    "Resampler",
    "WavInfo",
    "WavSource",
    "alaw_decode",
    "alaw_encode",
    "base64_to_pcm16",
    "bytes_for_ms",
    "chunk",
    "duration_ms",
    "pace",
    "pcm16_to_base64",
    "read_wav",
    "read_wav_info",
    "resample",
    "ulaw_decode",
    "ulaw_encode",
    "write_wav",
]
