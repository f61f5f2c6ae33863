"""Messages for the touch log and the customer list."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.coach.customers import CustomerOverview, RenameOutcome
from bot.coach.touches import LoggedTouch, TouchEntry, UndoneTouch
from bot.render.pages import paginate
from bot.render.text import clip, days_ago, plural, safe

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


def customer_pages(overview: CustomerOverview, *, only_cold: bool) -> list[discord.Embed]:
    title = "Customers going cold" if only_cold else "Your customers, coldest first"
    lines = []
    for status in overview.customers:
        since = "never touched" if status.days_since is None else f"last touch {days_ago(status.days_since)}"
        marker = "🥶 " if status.cold else ""
        lines.append(f"{marker}**{safe(status.name)}**: {since}")
    header = (
        f"{plural(overview.total, 'customer')}, {overview.cold_count} cold "
        f"(no touch for {overview.cold_after_days}+ days)."
    )
    empty = (
        f"Nobody has gone {overview.cold_after_days} days without a touch. Nice work."
        if only_cold and overview.total
        else "No customers yet. `/touch log` adds one with its first touch."
    )
    return paginate(title, lines, header=header if lines else None, empty=empty)


def renamed(outcome: RenameOutcome) -> str:
    if outcome.merged:
        return (
            f"Merged **{safe(outcome.old_name)}** into **{safe(outcome.new_name)}** "
            f"({plural(outcome.touches_moved, 'touch')} moved)."
        )
    return f"Renamed **{safe(outcome.old_name)}** to **{safe(outcome.new_name)}**."


def merge_question(outcome: RenameOutcome) -> str:
    return (
        f"You already have a customer called **{safe(outcome.new_name)}**. Merge "
        f"**{safe(outcome.old_name)}** into it? Its {plural(outcome.touches_moved, 'touch')} move over and "
        f"**{safe(outcome.old_name)}** disappears. This cannot be undone."
    )
