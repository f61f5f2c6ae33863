"""Promise messages: the rep's own list, what happened when they closed one, and the heads-up DM."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.coach.outgoing import PromiseHeadsUp
from bot.coach.promises import ClosedPromise, PromiseView
from bot.i18n import _, command, ngettext
from bot.i18n.days import long_day, short_day
from bot.schedule.sender import Drawn, RenderContext
from bot.ui.text import BRAND_COLOUR, safe


def _when(view: PromiseView) -> str:
    if view.days_left < 0:
        late = -view.days_left
        return ngettext("**overdue by {count} day**", "**overdue by {count} days**", late).format(count=late)
    if view.days_left == 0:
        return _("due **today**")
    if view.days_left == 1:
        return _("due tomorrow")
    return ngettext("due {day} (in {count} day)", "due {day} (in {count} days)", view.days_left).format(
        day=short_day(view.due_on), count=view.days_left
    )


def promise_list_embed(promises: Sequence[PromiseView]) -> discord.Embed:
    embed = discord.Embed(title=_("Your open promises"), colour=BRAND_COLOUR)
    if not promises:
        embed.description = _("No open promises. {command} records one, so nothing you said slips.").format(
            command=command("promise add")
        )
        return embed
    lines = [f"`#{view.id}` **{safe(view.customer)}**: {safe(view.what)} · {_when(view)}" for view in promises]
    embed.description = "\n".join(lines)[:4000]
    embed.set_footer(text=_("Only you see your promises."))
    return embed


def closed_text(closed: ClosedPromise) -> str:
    view = closed.promise
    if closed.on_time and closed.touch is not None:
        points = closed.touch.points
        earned = (
            ngettext("+{count} point", "+{count} points", points).format(count=points)
            if points
            else _("no points (a cap applied)")
        )
        return _(
            "Kept, on time: **{customer}** got what you promised. Logged as a follow-up after delivery "
            "({earned}). That is how trust is built."
        ).format(customer=safe(view.customer), earned=earned)
    return _(
        "Kept, a little late: **{customer}** got what you promised. No points for late ones; "
        "next time, a heads-up before the date keeps their trust."
    ).format(customer=safe(view.customer))


def promised_text(view: PromiseView) -> str:
    return _(
        "Promise **#{id}** to **{customer}**, due {day}: {what}\n"
        "I'll give you a heads-up the morning before. {command} when it's kept."
    ).format(
        id=view.id,
        customer=safe(view.customer),
        day=long_day(view.due_on),
        what=safe(view.what),
        command=command("promise done"),
    )


def dropped_text(view: PromiseView) -> str:
    return _(
        "Dropped promise #{id} to **{customer}**. If they are waiting on it, telling them "
        "honestly now keeps the relationship: an honest expectation reset is a touch worth logging."
    ).format(id=view.id, customer=safe(view.customer))


async def draw_heads_up(heads_up: PromiseHeadsUp, context: RenderContext) -> Drawn:
    if heads_up.due_today:
        when = _("Heads-up ({server}): today is the day you promised **{customer}**: {what}")
    else:
        when = _("Heads-up ({server}): tomorrow is the day you promised **{customer}**: {what}")
    text = when.format(server=safe(context.guild_name), customer=safe(heads_up.customer), what=safe(heads_up.what))
    text += "\n" + _(
        "Keep it, and {command} logs the follow-up. If it can't happen, tell them before they have to ask."
    ).format(command=command("promise done", f"id:{heads_up.promise_id}"))
    return Drawn(content=text[:2000])
