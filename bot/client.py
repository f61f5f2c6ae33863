"""RapportBot: intents, start-up (database, domain, cogs, command sync) and shutdown."""

from __future__ import annotations

import gc
import logging
from typing import Any

import discord
from discord.ext import commands

from bot.coach import Coach
from bot.coach.clock import Clock, system_clock
from bot.command_sync import sync_if_changed
from bot.config import Settings
from bot.db import migrate
from bot.db.engine import Database
from bot.foreground import Foreground
from bot.scheduler import SHUTDOWN_GRACE_SECONDS, Scheduler
from bot.tree import RapportTree, command_done, member_rights

log = logging.getLogger(__name__)

EXTENSIONS = (
    "cogs.touches",
    "cogs.promises",
    "cogs.quiz",
    "cogs.leaderboard",
    "cogs.settings",
    "cogs.privacy",
    "cogs.manager",
    "cogs.help",
)


def intents() -> discord.Intents:
    """Slash commands need no privileged intent; `guilds` keeps the guild and channel cache."""
    chosen = discord.Intents.none()
    chosen.guilds = True
    return chosen


class RapportBot(commands.Bot):
    """The bot. Tests build it with their own database and clock; `rapport run` with the settings'."""

    def __init__(
        self,
        settings: Settings,
        *,
        database: Database | None = None,
        clock: Clock = system_clock,
        run_scheduler: bool = True,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents(),
            tree_cls=RapportTree,
            allowed_mentions=discord.AllowedMentions.none(),
            member_cache_flags=discord.MemberCacheFlags.none(),
            max_messages=None,
            chunk_guilds_at_startup=False,
        )
        self.settings = settings
        self.database = database or Database(settings.database_url)
        self.clock = clock
        self._coach: Coach | None = None
        self.foreground = Foreground()  # commands in flight; the outbox drain gives way to them
        self.scheduler = Scheduler(self, rate=settings.outbox_rate) if run_scheduler else None

    @property
    def coach(self) -> Coach:
        if self._coach is None:
            raise RuntimeError("the coach is built in setup_hook; nothing may use it before")
        return self._coach

    async def setup_hook(self) -> None:
        # Runs once per process, before the gateway connects (on_ready fires again on every reconnect).
        await migrate.upgrade(self.database.engine)
        self._coach = Coach(self.database, self.clock)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        assert self.application_id is not None  # noqa: S101 - discord.py fetched it during login
        await sync_if_changed(self.tree, self.database, self.application_id)
        if self.scheduler is not None:
            await self.scheduler.start()

    async def on_app_command_completion(self, interaction: discord.Interaction[Any], command: Any) -> None:
        """A member the command itself made a rep (`interaction_check` found no row): note their manager rights
        now, so boards leave managers off from their first touch. The command stays in flight until then, so
        shutdown waits for this write too."""
        try:
            if interaction.guild_id is not None and self._coach is not None and interaction.extras.get("new_member"):
                await self._coach.settings.note_manager(
                    interaction.guild_id, interaction.user.id, **member_rights(interaction)
                )
        except Exception:
            log.exception("could not note manager rights for user %s", interaction.user.id)
        finally:
            command_done(interaction)

    async def on_ready(self) -> None:
        log.info("connected as %s to %d guilds", self.user, len(self.guilds))
        # What is alive now (guild caches, the command tree, compiled queries) lives as long as the process.
        # Move it out of the collector's way, so a full collection walks only what commands create: otherwise
        # one took ~70 ms in the middle of a burst of commands (bench B1).
        gc.collect()
        gc.freeze()

    def wake_scheduler(self) -> None:
        """Something new is in the outbox: deliver it without waiting for the next poll."""
        if self.scheduler is not None:
            self.scheduler.wake()

    async def close(self) -> None:
        try:
            if self.scheduler is not None:
                await self.scheduler.stop()
            # Commands in flight finish first: they still need the HTTP session to answer and the database
            # to write (a task cancelled mid-query at exit leaves a traceback from the connection pool).
            if not await self.foreground.settle(SHUTDOWN_GRACE_SECONDS):
                log.warning("stopping with %d commands still in flight", self.foreground.in_flight)
            await super().close()
        finally:
            await self.database.dispose()
