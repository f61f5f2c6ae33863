"""Me: a rep's own settings (`/me settings`) and days away (`/me away`)."""

from __future__ import annotations

from bot.client import RapportBot
from cogs.me.commands import Me


async def setup(bot: RapportBot) -> None:
    await bot.add_cog(Me(bot))
