"""RapportBot: intents, start-up (database, domain, cogs, command sync) and shutdown."""

from __future__ import annotations

import asyncio
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
from bot.i18n.commands import CatalogueTranslator
from bot.metrics import NO_METRICS, Metrics
from bot.schedule.discord_sender import DiscordSender
from bot.schedule.drain import Drain
from bot.schedule.pacer import Pacer
from bot.schedule.scheduler import SHUTDOWN_GRACE_SECONDS, Scheduler
from bot.schedule.sender import Renderers
from bot.tree import RapportTree, command_done, member_rights

log = logging.getLogger(__name__)
CLOSING_SECONDS = 2.0  # of the shutdown grace, kept for closing the gateway, the HTTP session and the database

# One package per feature; each registers its commands, its buttons and forms, and the renderers of the
# scheduled messages it owns.
EXTENSIONS = (
    "cogs.touches",
    "cogs.customers",
    "cogs.promises",
    "cogs.quiz",
    "cogs.roleplay",
    "cogs.leaderboard",
    "cogs.me",
    "cogs.privacy",
    "cogs.coach",
    "cogs.welcome",
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
        metrics: Metrics = NO_METRICS,
        **client_options: Any,
    ) -> None:
        trace = metrics.http_trace()
        if trace is not None:
            client_options["http_trace"] = trace
        # Rapport has no voice: discord.py's warnings that the voice libraries are missing would only mislead.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents(),
            tree_cls=RapportTree,
            allowed_mentions=discord.AllowedMentions.none(),
            member_cache_flags=discord.MemberCacheFlags.none(),
            max_messages=None,
            chunk_guilds_at_startup=False,
            **client_options,
        )
        self.settings = settings
        self.database = database or Database(settings.database_url, pooler=settings.database_pooler)
        self.clock = clock
        self._coach: Coach | None = None
        self.foreground = Foreground()  # commands in flight; the outbox drain gives way to them
        self.renderers = Renderers()  # outbox kind -> the feature's renderer, filled as features load
        self.run_scheduler = run_scheduler
        self.scheduler: Scheduler | None = None
        self._heap_frozen = False
        self.metrics = metrics
        if isinstance(self.tree, RapportTree):
            self.tree.metrics = metrics
        metrics.watch(self)

    @property
    def has_coach(self) -> bool:
        """Whether `setup_hook` has built the coach yet."""
        return self._coach is not None

    @property
    def coach(self) -> Coach:
        if self._coach is None:
            raise RuntimeError("the coach is built in setup_hook; nothing may use it before")
        return self._coach

    async def setup_hook(self) -> None:
        # Runs once per process, before the gateway connects (on_ready fires again on every reconnect).
        await migrate.upgrade(self.database.engine)
        self._coach = Coach(self.database, self.clock, llm=self.settings.llm())
        tree = self.tree
        if isinstance(tree, RapportTree):
            tree.coach, tree.foreground = self._coach, self.foreground
        await self.tree.set_translator(CatalogueTranslator())
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        assert self.application_id is not None  # noqa: S101 - discord.py fetched it during login
        if self.syncs_commands:
            await sync_if_changed(self.tree, self.database, self.application_id)
        if self.run_scheduler:
            self.scheduler = Scheduler(
                self.coach,
                self.drain(self.settings.outbox_rate),
                lease_seconds=self.settings.scheduler_lease_seconds,
            )
            await self.scheduler.start()

    @property
    def syncs_commands(self) -> bool:
        """Commands are global: one process registers them, the one running shard 0 (or every shard), rather
        than each process of a sharded bot at every start."""
        shard_ids = getattr(self, "shard_ids", None)
        return shard_ids is None or 0 in shard_ids

    def drain(self, rate: float) -> Drain:
        """A drain delivering the outbox through this bot, paced at `rate` requests a second."""
        return Drain(
            self.coach, DiscordSender(self, Pacer(rate)), self.renderers, self.foreground, metrics=self.metrics
        )

    async def on_app_command_completion(self, interaction: discord.Interaction[RapportBot], command: Any) -> None:
        """A member the command itself made a rep (`interaction_check` found no row): check them in again now,
        so boards leave managers off from their first touch and their DMs read in their language. The command
        stays in flight until then, so shutdown waits for this write too."""
        try:
            if interaction.guild_id is not None and self._coach is not None and interaction.extras.get("new_member"):
                await self._coach.members.check_in(
                    interaction.guild_id, interaction.user.id, **member_rights(interaction)
                )
        except Exception:
            log.exception("could not note manager rights for user %s", interaction.user.id)
        finally:
            command_done(interaction)

    async def on_ready(self) -> None:
        log.info("connected as %s to %d guilds", self.user, len(self.guilds))
        if self._heap_frozen:
            return  # a reconnect: what was frozen is still frozen, and a second freeze would pin the garbage
        self._heap_frozen = True
        # What is alive now (guild caches, the command tree, compiled queries) lives as long as the process.
        # Move it out of the collector's way, so a full collection walks only what commands create: otherwise
        # a full collection in the middle of a burst of commands delays every answer in it (README, B1).
        gc.collect()
        gc.freeze()

    def wake_scheduler(self) -> None:
        """Something new is in the outbox: deliver it without waiting for the next poll."""
        if self.scheduler is not None:
            self.scheduler.wake()

    async def close(self) -> None:
        """Stop within the grace period in all: the scheduler and the commands in flight share it, leaving a
        moment to close the gateway, the HTTP session and the database."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SHUTDOWN_GRACE_SECONDS - CLOSING_SECONDS
        try:
            if self.scheduler is not None:
                await self.scheduler.stop(deadline - loop.time())
            # Commands in flight finish first: they still need the HTTP session to answer and the database
            # to write (a task cancelled mid-query at exit leaves a traceback from the connection pool).
            if not await self.foreground.settle(max(deadline - loop.time(), 0.0)):
                log.warning("stopping with %d commands still in flight", self.foreground.in_flight)
            await super().close()
            # Closed while still receiving its guilds (a stop within seconds of connecting), discord.py's task
            # that dispatches `ready` would wake after the close and fail on the loop it has let go of.
            ready_task = getattr(self._connection, "_ready_task", None)
            if ready_task is not None and not ready_task.done():
                ready_task.cancel()
        finally:
            if self._coach is not None:
                await self._coach.aclose()
            await self.database.dispose()


class ShardedRapportBot(RapportBot, commands.AutoShardedBot):
    """The bot `rapport run` starts: the shards `SHARD_COUNT` and `SHARD_IDS` name, or, with neither set, every
    shard Discord recommends (`GET /gateway/bot`) in this one process. Discord sends each guild's events to
    the connection of its shard only, so processes with disjoint shards each answer their own guilds."""

    def __init__(self, settings: Settings, **options: Any) -> None:
        shards = settings.shards()
        super().__init__(
            settings,
            shard_count=settings.shard_count,
            shard_ids=list(shards) if settings.shard_ids is not None and shards is not None else None,
            **options,
        )

    async def launch_shards(self) -> None:
        # discord.py takes the gateway's address from `/gateway/bot` when it asks for the shard count there,
        # which would bypass DISCORD_GATEWAY_URL (a proxy): ask for the count only, and keep the set address.
        if self.shard_count is None and self.settings.discord_gateway_url:
            self.shard_count = (await self.http.get_bot_gateway())[0]
        await super().launch_shards()
