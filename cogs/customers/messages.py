"""What `/customers ...` answers, and the weekly going-cold digest DM."""

from __future__ import annotations

import discord

from bot.coach.customers import CustomerOverview, RenameOutcome
from bot.coach.outgoing import ColdDigest
from bot.i18n import _, command, ngettext
from bot.schedule.sender import Drawn, RenderContext
from bot.ui.pages import paginate
from bot.ui.text import BRAND_COLOUR, days_ago, safe


def _touches(count: int) -> str:
    return ngettext("{count} touch", "{count} touches", count).format(count=count)


def customer_pages(overview: CustomerOverview, *, only_cold: bool) -> list[discord.Embed]:
    title = _("Customers going cold") if only_cold else _("Your customers, coldest first")
    lines = []
    for status in overview.customers:
        if status.days_since is None:
            since = _("never touched")
        else:
            since = _("last touch {when}").format(when=days_ago(status.days_since))
        marker = "🥶 " if status.cold else ""
        lines.append(f"{marker}**{safe(status.name)}**: {since}")
    header = ngettext(
        "{count} customer, {cold} cold (no touch for {days}+ days).",
        "{count} customers, {cold} cold (no touch for {days}+ days).",
        overview.total,
    ).format(count=overview.total, cold=overview.cold_count, days=overview.cold_after_days)
    if only_cold and overview.total:
        empty = _("Nobody has gone {days} days without a touch. Nice work.").format(days=overview.cold_after_days)
    else:
        empty = _("No customers yet. {command} adds one with its first touch.").format(command=command("touch log"))
    return paginate(title, lines, header=header if lines else None, empty=empty)


def renamed(outcome: RenameOutcome) -> str:
    if outcome.merged:
        return _("Merged **{old}** into **{new}** ({touches} moved).").format(
            old=safe(outcome.old_name), new=safe(outcome.new_name), touches=_touches(outcome.touches_moved)
        )
    return _("Renamed **{old}** to **{new}**.").format(old=safe(outcome.old_name), new=safe(outcome.new_name))


def merge_question(outcome: RenameOutcome) -> str:
    return _(
        "You already have a customer called **{new}**. Merge **{old}** into it? Its {touches} move over and "
        "**{old}** disappears. This cannot be undone."
    ).format(old=safe(outcome.old_name), new=safe(outcome.new_name), touches=_touches(outcome.touches_moved))


async def draw_digest(digest: ColdDigest, context: RenderContext) -> Drawn:
    items = [
        "- " + _("**{customer}**: last touch {when}").format(customer=safe(item.name), when=days_ago(item.days))
        for item in digest.cold
    ]
    if digest.more:
        items.append(
            "- "
            + _("...and more: {command} shows them all.").format(
                command=command("customers list", "filter:" + _("Cold only"))
            )
        )
    intro = ngettext(
        "{count} customer with no touch for {days}+ days, coldest first. A check-in with no ask is enough to warm "
        "one up.",
        "{count} customers with no touch for {days}+ days, coldest first. A check-in with no ask is enough to warm "
        "one up.",
        len(digest.cold),
    ).format(count=len(digest.cold), days=digest.cold_after_days)
    embed = discord.Embed(
        title=_("Going cold in {server}").format(server=context.guild_name)[:256],
        description=(intro + "\n\n" + "\n".join(items))[:4000],
        colour=BRAND_COLOUR,
    )
    return Drawn(embed=embed)
