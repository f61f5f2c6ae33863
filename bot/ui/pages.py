"""Paginated embeds: pack lines into pages within Discord's limits, and a view to flip through them."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.i18n import N_, _
from bot.tree import edit, reply
from bot.ui.text import BRAND_COLOUR
from bot.ui.views import ExpiringView, Interaction

# Discord allows 4,096 characters in a description; keep headroom for the page footer and title.
DESCRIPTION_BUDGET = 3_900
MAX_LINES_PER_PAGE = 10
PAGER_TIMEOUT_SECONDS = 14 * 60  # an interaction token lasts 15 minutes


def paginate(title: str, lines: Sequence[str], *, empty: str, header: str | None = None) -> list[discord.Embed]:
    """Greedy packing of `lines` into embeds, at most 10 lines or the description budget per page."""
    chunks: list[list[str]] = []
    current: list[str] = []
    size = len(header or "")
    for line in lines:
        if current and (len(current) >= MAX_LINES_PER_PAGE or size + len(line) + 1 > DESCRIPTION_BUDGET):
            chunks.append(current)
            current, size = [], len(header or "")
        current.append(line)
        size += len(line) + 1
    if current:
        chunks.append(current)
    if not chunks:
        return [discord.Embed(title=title, description=empty, colour=BRAND_COLOUR)]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        body = "\n".join(chunk) if header is None else header + "\n\n" + "\n".join(chunk)
        embed = discord.Embed(title=title, description=body, colour=BRAND_COLOUR)
        if len(chunks) > 1:
            embed.set_footer(text=_("Page {number} of {count}").format(number=number, count=len(chunks)))
        pages.append(embed)
    return pages


class Pager(ExpiringView):
    """Previous / Next buttons over a fixed list of embeds, for the person who asked only."""

    not_yours = N_("These pages belong to someone else.")

    def __init__(self, pages: Sequence[discord.Embed], owner_id: int) -> None:
        super().__init__(timeout=PAGER_TIMEOUT_SECONDS, owner_id=owner_id)
        self.pages = list(pages)
        self.index = 0
        self.previous.label, self.next.label = _("Previous"), _("Next")
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    async def _show(self, interaction: Interaction, step: int) -> None:
        self.index = max(0, min(len(self.pages) - 1, self.index + step))
        self._sync_buttons()
        await edit(interaction, embed=self.pages[self.index], view=self)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: Interaction, _button: discord.ui.Button[Pager]) -> None:
        await self._show(interaction, -1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: Interaction, _button: discord.ui.Button[Pager]) -> None:
        await self._show(interaction, 1)


async def send_pages(interaction: Interaction, pages: Sequence[discord.Embed]) -> None:
    """Answer with the first page, and Previous / Next buttons when there is more than one."""
    if len(pages) <= 1:
        await reply(interaction, embed=pages[0])
        return
    pager = Pager(pages, interaction.user.id)
    pager.attach(interaction)
    await reply(interaction, embed=pages[0], view=pager)
