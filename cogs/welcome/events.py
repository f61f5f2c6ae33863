"""The welcome when Rapport joins a server: to the system channel when Rapport may post there, else a DM to the
server's owner (without the audit log, which needs a permission Rapport does not ask for, the owner is the one
person known to be able to set it up). Either way it reads in the server's language (`preferred_locale`), as
every channel post does."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.client import RapportBot
from bot.i18n import using
from cogs.welcome.messages import joined

log = logging.getLogger(__name__)


class Welcome(commands.Cog):
    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        with using(guild.preferred_locale.value):
            welcome = joined()
        channel = guild.system_channel
        me = guild.me
        if channel is not None and me is not None:
            allowed = channel.permissions_for(me)
            if allowed.view_channel and allowed.send_messages:
                try:
                    await channel.send(welcome)
                    return
                except discord.HTTPException:
                    log.warning("could not post the welcome in %s's system channel; trying the owner", guild.id)
        try:
            owner = await self.bot.fetch_user(guild.owner_id) if guild.owner_id else None
            if owner is not None:
                await owner.send(f"**{discord.utils.escape_markdown(guild.name)}**: {welcome}"[:2000])
        except discord.HTTPException:
            log.info("no welcome for guild %s: no postable system channel and the owner's DMs are closed", guild.id)
