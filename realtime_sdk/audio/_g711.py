"""G.711 mu-law and A-law, bit-exact with the ITU-T G.191 reference implementation."""

from __future__ import annotations

import array
import functools
import operator

from ._pcm import _FLIP_SIGN, _LITTLE_ENDIAN, BytesLike, _check_pcm16

# --------------------------------------------------------------------------------------------
# G.711
# --------------------------------------------------------------------------------------------
# The segment (chord) quantizers of ITU-T G.711 tables 1a/2a, with the 16-bit input mapping of the
# ITU-T G.191 Software Tool Library: a negative sample is one's-complemented (~x) before taking its
# magnitude, which makes the quantizer symmetric around zero.


def _ulaw_code(magnitude: int) -> int:
    """mu-law code of a positive sample whose 14-bit magnitude is `magnitude` (0..8191)."""
    biased = min(magnitude + 33, 0x1FFF)  # G.711 mu-law bias of 33, clipped to 13 bits
    segment = biased.bit_length() - 6  # 0..7
    code = (segment << 4) | ((biased >> (segment + 1)) & 0x0F)
    # Code words are sent inverted, with the sign bit set for positive samples.
    return code ^ 0xFF


def _ulaw_value(code: int) -> int:
    inverted = ~code & 0xFF
    segment = (inverted >> 4) & 0x07
    magnitude = ((((inverted & 0x0F) << 3) + 0x84) << segment) - 0x84
    return -magnitude if inverted & 0x80 else magnitude


def _alaw_code(magnitude: int) -> int:
    """A-law code of a positive sample whose 12-bit magnitude is `magnitude` (0..2047)."""
    segment = max(0, magnitude.bit_length() - 4)  # 0..7
    mantissa = (magnitude >> max(0, segment - 1)) & 0x0F
    return ((segment << 4) | mantissa | 0x80) ^ 0x55  # even bits inverted on the line


def _alaw_value(code: int) -> int:
    bits = code ^ 0x55
    segment = (bits >> 4) & 0x07
    magnitude = ((bits & 0x0F) << 4) + 8
    if segment:
        magnitude = (magnitude + 0x100) << (segment - 1)
    return magnitude if bits & 0x80 else -magnitude


@functools.lru_cache(maxsize=2)
def _encode_table(law: str) -> bytes:
    """The code for every 16-bit sample, indexed by the sample's unsigned bit pattern."""
    # A positive sample s quantizes through its top bits: magnitude s >> shift. A negative one
    # goes through ~s, so sample -1 - s has the code of s with the sign bit (0x80) cleared.
    code, shift = (_ulaw_code, 2) if law == "ulaw" else (_alaw_code, 4)
    per_magnitude = bytes(code(m) for m in range(0x8000 >> shift))
    step = 1 << shift
    positive = bytearray(0x8000)  # samples 0 .. 32767
    for k in range(step):
        positive[k::step] = per_magnitude
    negative = positive[::-1].translate(_FLIP_SIGN)  # samples -32768 .. -1
    return bytes(positive + negative)


@functools.lru_cache(maxsize=2)
def _decode_tables(law: str) -> tuple[bytes, bytes]:
    """`bytes.translate` tables giving the low and the high byte of each code's sample."""
    value = _ulaw_value if law == "ulaw" else _alaw_value
    words = [value(c) & 0xFFFF for c in range(256)]
    return bytes(w & 0xFF for w in words), bytes(w >> 8 for w in words)


def _encode(pcm16: BytesLike, law: str) -> bytes:
    _check_pcm16(pcm16)
    table = _encode_table(law)
    words = array.array("H")
    words.frombytes(pcm16)
    if not _LITTLE_ENDIAN:
        words.byteswap()
    if len(words) < 2:
        return bytes(table[w] for w in words)
    return bytes(operator.itemgetter(*words)(table))


def _decode(codes: BytesLike, law: str) -> bytes:
    low, high = _decode_tables(law)
    data = bytes(codes)
    out = bytearray(2 * len(data))
    out[0::2] = data.translate(low)
    out[1::2] = data.translate(high)
    return bytes(out)


def ulaw_encode(pcm16: BytesLike) -> bytes:
    """Encode PCM16 audio as G.711 mu-law (`audio/pcmu`), one byte per sample.

    Raises:
        AudioFormatError: `pcm16` has an odd length.
    """
    return _encode(pcm16, "ulaw")


def ulaw_decode(ulaw: BytesLike) -> bytes:
    """Decode G.711 mu-law bytes (`audio/pcmu`) to PCM16 audio (two bytes per input byte)."""
    return _decode(ulaw, "ulaw")


def alaw_encode(pcm16: BytesLike) -> bytes:
    """Encode PCM16 audio as G.711 A-law (`audio/pcma`), one byte per sample.

    Raises:
        AudioFormatError: `pcm16` has an odd length.
    """
    return _encode(pcm16, "alaw")


def alaw_decode(alaw: BytesLike) -> bytes:
    """Decode G.711 A-law bytes (`audio/pcma`) to PCM16 audio (two bytes per input byte)."""
    return _decode(alaw, "alaw")
