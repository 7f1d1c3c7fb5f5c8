#!/usr/bin/env python3
"""Draws the extension's icons (a shield with a check mark) as PNGs.

Run once when the icon changes; the PNGs are committed. Standard library
only, so it needs nothing installed.
"""
import struct
import sys
import zlib
from pathlib import Path

BLUE = (0x1F, 0x4E, 0x9C)
WHITE = (0xFF, 0xFF, 0xFF)


def inside_shield(x, y):
    # x, y in 0..1. Flat top, straight sides, then a point at the bottom.
    if y < 0.08 or y > 0.95:
        return False
    if y < 0.55:
        return 0.12 <= x <= 0.88
    half = 0.38 * (0.95 - y) / 0.40
    return abs(x - 0.5) <= half


def on_check(x, y, width):
    # Two strokes: (0.30,0.50)->(0.45,0.66) and (0.45,0.66)->(0.72,0.32).
    def near(ax, ay, bx, by):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        px, py = ax + t * dx, ay + t * dy
        return (x - px) ** 2 + (y - py) ** 2 <= width * width

    return near(0.30, 0.48, 0.45, 0.64) or near(0.45, 0.64, 0.72, 0.30)


def png(size):
    rows = []
    samples = 4
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            shield = check = 0
            for sj in range(samples):
                for si in range(samples):
                    x = (i + (si + 0.5) / samples) / size
                    y = (j + (sj + 0.5) / samples) / size
                    if inside_shield(x, y):
                        shield += 1
                        if on_check(x, y, 0.07):
                            check += 1
            n = samples * samples
            alpha = round(255 * shield / n)
            mix = check / shield if shield else 0
            colour = [round(b * (1 - mix) + w * mix) for b, w in zip(BLUE, WHITE)]
            row += bytes(colour + [alpha])
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "extension" / "icons")
    out.mkdir(parents=True, exist_ok=True)
    for size in (16, 32, 48, 96, 128):
        (out / f"icon-{size}.png").write_bytes(png(size))
