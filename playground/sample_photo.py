"""The sample photo customers can send: a small PNG of a (slightly squashed) cake, drawn here."""

from __future__ import annotations

import functools
import struct
import zlib

WIDTH, HEIGHT = 320, 240
Color = tuple[int, int, int]


def _pixel(x: int, y: int) -> Color:
    """The colour of one pixel: sky, table, plate, sponge, icing and a cherry."""
    if (x - 178) ** 2 + (y - 83) ** 2 <= 12**2:
        return (214, 40, 57) if (x - 174) ** 2 + (y - 79) ** 2 > 9 else (255, 160, 170)
    # The cake leans a little: its top edge drops to the right.
    top = 88 + (x - 90) // 12
    if 90 <= x <= 230 and top <= y <= 170:
        if y <= top + 22 or (y <= top + 34 and (x // 14) % 2 == 0):
            return (255, 182, 203)
        return (196, 132, 84) if (y - top) % 28 < 24 else (250, 236, 200)
    if ((x - 160) / 110) ** 2 + ((y - 174) / 18) ** 2 <= 1:
        return (245, 245, 250)
    if y > 150:
        return (186, 140, 99) if (x + y // 3) % 40 < 36 else (170, 126, 88)
    shade = 200 + y * 40 // 150
    return (min(shade, 255) - 40, min(shade, 255) - 10, 255)


@functools.cache
def sample_photo() -> bytes:
    """The PNG bytes."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(_pixel(x, y)) for x in range(WIDTH)) for y in range(HEIGHT)
    )
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
