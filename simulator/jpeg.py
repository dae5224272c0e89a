"""Small, valid baseline JPEGs drawn from a few numbers, for the simulated Prison API's images.

A greyscale picture of 8x8 blocks, each one flat shade: every block is its DC coefficient alone (a
quantisation table of ones makes the shade exact), so the encoder is a few lines and any decoder
shows the picture. Deterministic: the same shades give the same bytes.
"""

from __future__ import annotations

import struct

# Huffman tables as JPEG's DHT segment holds them: how many codes of each length 1..16, then the symbols.
DC_BITS = (0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)  # the standard luminance DC table (ITU T.81 K.3)
DC_SYMBOLS = tuple(range(12))
AC_BITS = (0, 2) + (0,) * 14  # two codes of length 2: end of block, and one unused
AC_SYMBOLS = (0x00, 0x01)
END_OF_BLOCK = 0x00


def _codes(bits: tuple[int, ...], symbols: tuple[int, ...]) -> dict[int, tuple[int, int]]:
    """symbol -> (code, length): the canonical codes the table defines (T.81 C.2)."""
    codes: dict[int, tuple[int, int]] = {}
    code, k = 0, 0
    for length, count in enumerate(bits, start=1):
        for _ in range(count):
            codes[symbols[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class _Bits:
    def __init__(self) -> None:
        self.out = bytearray()
        self.value = 0
        self.count = 0

    def put(self, value: int, length: int) -> None:
        for shift in range(length - 1, -1, -1):
            self.value = (self.value << 1) | ((value >> shift) & 1)
            self.count += 1
            if self.count == 8:
                self.out.append(self.value)
                if self.value == 0xFF:  # a 0xFF in entropy-coded data is followed by a stuffed zero
                    self.out.append(0)
                self.value, self.count = 0, 0

    def flush(self) -> bytes:
        if self.count:
            self.put((1 << (8 - self.count)) - 1, 8 - self.count)  # padded with ones
        return bytes(self.out)


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", 0xFF00 | marker, len(payload) + 2) + payload


def blocks_jpeg(columns: int, shades: list[int]) -> bytes:
    """A JPEG `columns` blocks wide (8 pixels each), as many rows as `shades` fills: one shade (0 black to
    255 white) per block, left to right, top to bottom."""
    if columns < 1 or not shades or len(shades) % columns:
        raise ValueError("shades must fill whole rows of blocks")
    rows = len(shades) // columns
    dc_codes, ac_codes = _codes(DC_BITS, DC_SYMBOLS), _codes(AC_BITS, AC_SYMBOLS)
    bits = _Bits()
    previous = 0
    for shade in shades:
        dc = 8 * (min(max(shade, 0), 255) - 128)  # the block's DCT DC coefficient, quantised by 1
        diff, previous = dc - previous, dc
        size = abs(diff).bit_length()
        bits.put(*dc_codes[size])
        if size:
            bits.put(diff if diff > 0 else diff + (1 << size) - 1, size)
        bits.put(*ac_codes[END_OF_BLOCK])
    scan = bits.flush()
    jfif = b"JFIF\x00" + struct.pack(">BBBHHBB", 1, 1, 0, 1, 1, 0, 0)
    quantisation = b"\x00" + bytes([1] * 64)
    frame = struct.pack(">BHHB", 8, rows * 8, columns * 8, 1) + b"\x01\x11\x00"
    dc_table = b"\x00" + bytes(DC_BITS) + bytes(DC_SYMBOLS)
    ac_table = b"\x10" + bytes(AC_BITS) + bytes(AC_SYMBOLS)
    start_of_scan = b"\x01\x01\x00\x00\x3f\x00"
    return (
        b"\xff\xd8"
        + _segment(0xE0, jfif)
        + _segment(0xDB, quantisation)
        + _segment(0xC0, frame)
        + _segment(0xC4, dc_table)
        + _segment(0xC4, ac_table)
        + _segment(0xDA, start_of_scan)
        + scan
        + b"\xff\xd9"
    )
