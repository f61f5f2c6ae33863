"""The baseline: a bare discord.py bot with the same `/touch log` command shape, answering a constant.

Same fake Discord, same load: what discord.py itself costs, so Rapport's figures can be read as ratios.
    DISCORD_TOKEN=... DISCORD_API_BASE_URL=... DISCORD_GATEWAY_URL=... python -m bench.bare_bot
"""

from __future__ import annotations

import asyncio
import os
import signal
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.ext import commands


def build() -> commands.Bot:
    intents = discord.Intents.none()
    intents.guilds = True
    bot = commands.Bot(
        command_prefix=commands.when_mentioned,
        intents=intents,
        member_cache_flags=discord.MemberCacheFlags.none(),
        max_messages=None,
        chunk_guilds_at_startup=False,
        help_command=None,
    )
    touch = app_commands.Group(name="touch", description="Log your customer touches", guild_only=True)

    async def names(_interaction: discord.Interaction[Any], _current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name="Acme", value="Acme")]

    @touch.command(name="log", description="Record a customer touch")
    @app_commands.autocomplete(customer=names)
    async def log(interaction: discord.Interaction[Any], customer: str, kind: str) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    bot.tree.add_command(touch)

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    return bot


async def main() -> None:
    discord.http.Route.BASE = os.environ["DISCORD_API_BASE_URL"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"])
    bot = build()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with bot:
        runner = asyncio.create_task(bot.start(os.environ["DISCORD_TOKEN"]))
        await stop.wait()
        await bot.close()
        await runner


if __name__ == "__main__":
    asyncio.run(main())
