"""What `/touch ...` answers: the logged touch, the undone one, and the history pages."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.coach.touches import LoggedTouch, TouchEntry, UndoneTouch
from bot.i18n import N_, _, command, ngettext
from bot.ui.pages import paginate
from bot.ui.text import clip, days_ago, safe

NOTE_PREVIEW = 300
WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"))


def _points(points: int) -> str:
    return ngettext("+{count} point", "+{count} points", points).format(count=points)


def logged_touch(result: LoggedTouch) -> str:
    kind, customer = _(result.kind.short), safe(result.customer)
    if result.backdated:
        logged = _("Logged a **{kind}** with **{customer}** on {day}.")
    else:
        logged = _("Logged a **{kind}** with **{customer}**.")
    lines = [logged.format(kind=kind, customer=customer, day=result.local_date.isoformat())]
    reason = result.capped_reason.localized() if result.capped_reason else ""
    if result.points and reason:
        lines.append(_("{points}: {reason}.").format(points=_points(result.points), reason=reason))
    elif result.points:
        lines.append(_("{points}.").format(points=_points(result.points)))
    else:
        lines.append(_("No points this time: {reason}. It is still on your record.").format(reason=reason))
    if result.days_since_previous is None:
        lines.append(_("First touch with this customer. A relationship starts here."))
    else:
        lines.append(_("Last touch {when}.").format(when=days_ago(result.days_since_previous)))
    lines.append(
        ngettext("Streak: {count} day with a touch.", "Streak: {count} days with a touch.", result.streak).format(
            count=result.streak
        )
    )
    if result.frozen_recently:
        covered = ", ".join(_(WEEKDAYS[day.weekday()]) for day in result.frozen_recently)
        lines.append(_("A streak freeze covered {days}, so your streak lives on.").format(days=covered))
    if result.freezes:
        banked = ngettext(
            "-# {count} freeze banked (earned by a full work week of touches).",
            "-# {count} freezes banked (earned by a full work week of touches).",
            result.freezes,
        )
        lines.append(banked.format(count=result.freezes))
    return "\n".join(lines)


def undone_touch(result: UndoneTouch) -> str:
    text = ngettext(
        "Removed your **{kind}** with **{customer}** on {day} ({count} point).",
        "Removed your **{kind}** with **{customer}** on {day} ({count} points).",
        result.points,
    ).format(
        kind=_(result.kind.short),
        customer=safe(result.customer),
        day=result.local_date.isoformat(),
        count=result.points,
    )
    if result.customer_removed:
        text += " " + _("**{customer}** had no other touches, so it is off your list too.").format(
            customer=safe(result.customer)
        )
    return text


def _history_line(entry: TouchEntry) -> str:
    points = f"+{entry.points}" if entry.points else "0"
    line = f"`{entry.local_date.isoformat()}` **{safe(entry.customer)}**: {_(entry.kind.short)} ({points})"
    if entry.note:
        line += "\n> " + safe(clip(" ".join(entry.note.split()), NOTE_PREVIEW))
    return line


def history_pages(entries: Sequence[TouchEntry], *, days: int, customer: str | None) -> list[discord.Embed]:
    if customer:
        title = ngettext(
            "Your touches with {customer}, last {count} day", "Your touches with {customer}, last {count} days", days
        ).format(customer=clip(customer, 100), count=days)
    else:
        title = ngettext("Your touches, last {count} day", "Your touches, last {count} days", days).format(count=days)
    header = None
    if entries:
        touches = ngettext("{count} touch", "{count} touches", len(entries)).format(count=len(entries))
        header = _("{touches}, {points} points.").format(touches=touches, points=sum(e.points for e in entries))
    return paginate(
        title,
        [_history_line(entry) for entry in entries],
        header=header,
        empty=_("Nothing logged in this window. {command} records a touch.").format(command=command("touch log")),
    )
