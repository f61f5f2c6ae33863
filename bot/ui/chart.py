"""Charts drawn with Pillow: the weekly board's bars of relationship points, and the weekly trend of touches and
listening accuracy."""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence

from bot.i18n import _

WIDTH, ROW, MARGIN, LABEL = 760, 34, 20, 190
BACKGROUND, BAR, TEXT, MUTED = (255, 255, 255), (46, 139, 87), (33, 37, 41), (120, 120, 120)
LINE = (52, 101, 164)


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
        draw.text((MARGIN, top), _("No relationship points this week yet."), fill=MUTED, font=font)
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


def weekly_chart(title: str, weeks: Sequence[str], bars: Sequence[int], line: Sequence[float | None]) -> bytes:
    """PNG bytes: a bar per week (touches) and, over them, a line of a share from 0 to 100% (listening
    accuracy), with a legend; a week without a share leaves a gap in the line."""
    from PIL import Image, ImageDraw, ImageFont  # imported on first use, as above

    height, left, bottom, top = 360, 50, 50, 60
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=14)
    draw.text((MARGIN, MARGIN), title, fill=TEXT, font=font)
    bars_label, line_label = _("touches"), _("quiz listening accuracy (0-100%)")
    draw.rectangle((MARGIN, 42, MARGIN + 12, 52), fill=BAR)
    draw.text((MARGIN + 18, 38), bars_label, fill=MUTED, font=font)
    legend = max(MARGIN + 100, int(MARGIN + 18 + draw.textlength(bars_label, font=font) + 16))  # after its label
    draw.line((legend, 47, legend + 24, 47), fill=LINE, width=3)
    draw.text((legend + 30, 38), line_label, fill=MUTED, font=font)
    plot_height = height - top - bottom
    slot = (WIDTH - left - MARGIN) / max(len(weeks), 1)
    most = max(bars, default=0) or 1
    points: list[tuple[float, float] | None] = []
    for index, (label, value, share) in enumerate(zip(weeks, bars, line, strict=True)):
        x = left + index * slot
        bar = plot_height * value / most
        draw.rectangle((x + slot * 0.2, top + plot_height - bar, x + slot * 0.8, top + plot_height), fill=BAR)
        if value:
            draw.text((x + slot * 0.2, top + plot_height - bar - 16), str(value), fill=MUTED, font=font)
        draw.text((x + slot * 0.1, top + plot_height + 8), label, fill=MUTED, font=font)
        points.append(None if share is None else (x + slot / 2, top + plot_height * (1 - share)))
    for start, end in itertools.pairwise(points):
        if start is not None and end is not None:
            draw.line((*start, *end), fill=LINE, width=3)
    for point in points:
        if point is not None:
            draw.ellipse((point[0] - 4, point[1] - 4, point[0] + 4, point[1] + 4), fill=LINE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
