"""Promise messages: the rep's own list, what happened when they closed one, and the heads-up DM."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.coach.outgoing import PromiseHeadsUp
from bot.coach.promises import ClosedPromise, PromiseView
from bot.schedule.sender import Drawn, RenderContext
from bot.ui.text import BRAND_COLOUR, plural, safe


def _when(view: PromiseView) -> str:
    if view.days_left < 0:
        return f"**overdue by {plural(-view.days_left, 'day')}**"
    if view.days_left == 0:
        return "due **today**"
    if view.days_left == 1:
        return "due tomorrow"
    return f"due {view.due_on:%a %d %b} (in {view.days_left} days)"


def promise_list_embed(promises: Sequence[PromiseView]) -> discord.Embed:
    embed = discord.Embed(title="Your open promises", colour=BRAND_COLOUR)
    if not promises:
        embed.description = "No open promises. `/promise add` records one, so nothing you said slips."
        return embed
    lines = [f"`#{view.id}` **{safe(view.customer)}**: {safe(view.what)} · {_when(view)}" for view in promises]
    embed.description = "\n".join(lines)[:4000]
    embed.set_footer(text="Only you see your promises.")
    return embed


def closed_text(closed: ClosedPromise) -> str:
    view = closed.promise
    if closed.on_time and closed.touch is not None:
        earned = f"+{plural(closed.touch.points, 'point')}" if closed.touch.points else "no points (a cap applied)"
        return (
            f"Kept, on time: **{safe(view.customer)}** got what you promised. Logged as a follow-up after delivery "
            f"({earned}). That is how trust is built."
        )
    return (
        f"Kept, a little late: **{safe(view.customer)}** got what you promised. No points for late ones; "
        "next time, a heads-up before the date keeps their trust."
    )


def promised_text(view: PromiseView) -> str:
    return (
        f"Promise **#{view.id}** to **{safe(view.customer)}**, due {view.due_on:%A %d %B}: {safe(view.what)}\n"
        "I'll give you a heads-up the morning before. `/promise done` when it's kept."
    )


def dropped_text(view: PromiseView) -> str:
    return (
        f"Dropped promise #{view.id} to **{safe(view.customer)}**. If they are waiting on it, telling them "
        "honestly now keeps the relationship: an honest expectation reset is a touch worth logging."
    )


async def draw_heads_up(heads_up: PromiseHeadsUp, context: RenderContext) -> Drawn:
    when = "today" if heads_up.due_today else "tomorrow"
    return Drawn(
        content=(
            f"Heads-up ({safe(context.guild_name)}): {when} is the day you promised **{safe(heads_up.customer)}**: "
            f"{safe(heads_up.what)}\nKeep it, and `/promise done id:{heads_up.promise_id}` logs the follow-up. "
            "If it can't happen, tell them before they have to ask."
        )[:2000]
    )
