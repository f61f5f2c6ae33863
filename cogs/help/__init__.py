"""Help: what Rapport is for, and every command, read from the live command tree (`/help`)."""

from __future__ import annotations

from bot.client import RapportBot
from cogs.help.commands import Help


async def setup(bot: RapportBot) -> None:
    await bot.add_cog(Help(bot))
