"""The leaderboard: relationship points on demand (`/leaderboard`) and the weekly board posted in the
channel. Points come from relationship actions and listening practice; never closes, never revenue."""

from __future__ import annotations

from bot.client import RapportBot
from bot.coach.outgoing import BoardPost
from cogs.leaderboard.commands import Leaderboard
from cogs.leaderboard.messages import draw_board


async def setup(bot: RapportBot) -> None:
    bot.renderers.register(BoardPost, draw_board)
    await bot.add_cog(Leaderboard(bot))


async def teardown(bot: RapportBot) -> None:
    bot.renderers.unregister(BoardPost)
