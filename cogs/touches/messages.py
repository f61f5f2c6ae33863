"""What `/touch ...` answers: the logged touch, the undone one, and the history pages."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.coach.touches import LoggedTouch, TouchEntry, UndoneTouch
from bot.ui.pages import paginate
from bot.ui.text import clip, days_ago, plural, safe

NOTE_PREVIEW = 300


def logged_touch(result: LoggedTouch) -> str:
    when = f" on {result.local_date.isoformat()}" if result.backdated else ""
    lines = [f"Logged a **{result.kind.short}** with **{safe(result.customer)}**{when}."]
    if result.points and result.capped_reason:
        lines.append(f"+{plural(result.points, 'point')}: {result.capped_reason}.")
    elif result.points:
        lines.append(f"+{plural(result.points, 'point')}.")
    else:
        lines.append(f"No points this time: {result.capped_reason}. It is still on your record.")
    if result.days_since_previous is None:
        lines.append("First touch with this customer. A relationship starts here.")
    else:
        lines.append(f"Last touch {days_ago(result.days_since_previous)}.")
    lines.append(f"Streak: {plural(result.streak, 'day')} with a touch.")
    if result.frozen_recently:
        covered = ", ".join(f"{day:%A}" for day in result.frozen_recently)
        lines.append(f"A streak freeze covered {covered}, so your streak lives on.")
    if result.freezes:
        lines.append(f"-# {plural(result.freezes, 'freeze')} banked (earned by a full work week of touches).")
    return "\n".join(lines)


def undone_touch(result: UndoneTouch) -> str:
    text = (
        f"Removed your **{result.kind.short}** with **{safe(result.customer)}** on "
        f"{result.local_date.isoformat()} ({plural(result.points, 'point')})."
    )
    if result.customer_removed:
        text += f" **{safe(result.customer)}** had no other touches, so it is off your list too."
    return text


def _history_line(entry: TouchEntry) -> str:
    points = f"+{entry.points}" if entry.points else "0"
    line = f"`{entry.local_date.isoformat()}` **{safe(entry.customer)}**: {entry.kind.short} ({points})"
    if entry.note:
        line += "\n> " + safe(clip(" ".join(entry.note.split()), NOTE_PREVIEW))
    return line


def history_pages(entries: Sequence[TouchEntry], *, days: int, customer: str | None) -> list[discord.Embed]:
    scope = f" with {clip(customer, 100)}" if customer else ""
    title = f"Your touches{scope}, last {plural(days, 'day')}"
    header = f"{plural(len(entries), 'touch')}, {sum(e.points for e in entries)} points." if entries else None
    return paginate(
        title,
        [_history_line(entry) for entry in entries],
        header=header,
        empty="Nothing logged in this window. `/touch log` records a touch.",
    )
