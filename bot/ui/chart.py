"""The weekly board's chart: a horizontal bar chart of relationship points, drawn with Pillow."""

from __future__ import annotations

import io
from collections.abc import Sequence

WIDTH, ROW, MARGIN, LABEL = 760, 34, 20, 190
BACKGROUND, BAR, TEXT, MUTED = (255, 255, 255), (46, 139, 87), (33, 37, 41), (120, 120, 120)


def bar_chart(title: str, bars: Sequence[tuple[str, int]]) -> bytes:
    """PNG bytes: one labelled bar per (name, points), longest first as given."""
    from PIL import Image, ImageDraw, ImageFont  # only a chart needs Pillow: imported on first use, not at start

    height = MARGIN * 3 + ROW * max(len(bars), 1) + 20
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=16)
    draw.text((MARGIN, MARGIN), title, fill=TEXT, font=font)
    top = MARGIN * 2 + 10
    most = max((points for _name, points in bars), default=0) or 1
    span = WIDTH - LABEL - MARGIN * 3 - 40
    if not bars:
        draw.text((MARGIN, top), "No relationship points this week yet.", fill=MUTED, font=font)
    for index, (name, points) in enumerate(bars):
        y = top + index * ROW
        label = name if len(name) <= 22 else name[:21] + "…"
        draw.text((MARGIN, y + 6), label, fill=TEXT, font=font)
        length = max(int(span * points / most), 2)
        draw.rectangle((LABEL, y + 4, LABEL + length, y + ROW - 6), fill=BAR)
        draw.text((LABEL + length + 8, y + 6), str(points), fill=MUTED, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
