"""Privacy: a rep takes a copy of, or erases, their own data in this server (`/privacy ...`)."""

from __future__ import annotations

from bot.client import RapportBot
from cogs.privacy.commands import Privacy


async def setup(bot: RapportBot) -> None:
    await bot.add_cog(Privacy(bot))
