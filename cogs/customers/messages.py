"""What `/customers ...` answers, and the weekly going-cold digest DM."""

from __future__ import annotations

import discord

from bot.coach.customers import CustomerOverview, RenameOutcome
from bot.coach.outgoing import ColdDigest
from bot.schedule.sender import Drawn, RenderContext
from bot.ui.pages import paginate
from bot.ui.text import BRAND_COLOUR, days_ago, plural, safe


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


async def draw_digest(digest: ColdDigest, context: RenderContext) -> Drawn:
    items = [f"- **{safe(item.name)}**: last touch {days_ago(item.days)}" for item in digest.cold]
    if digest.more:
        items.append("- ...and more: `/customers list filter:Cold only` shows them all.")
    embed = discord.Embed(
        title=f"Going cold in {context.guild_name}"[:256],
        description=(
            f"{plural(len(digest.cold), 'customer')} with no touch for {digest.cold_after_days}+ days, coldest "
            "first. A check-in with no ask is enough to warm one up.\n\n" + "\n".join(items)
        )[:4000],
        colour=BRAND_COLOUR,
    )
    return Drawn(embed=embed)
