"""The drain: sends what the outbox holds, evenly paced, once.

- Pacing: every REST request the drain makes waits for its slot, evenly spaced at `OUTBOX_RATE` per second
  for the whole bot (default 45; Discord's ceiling is 50). discord.py does not pace the global limit itself
  and its own retries bypass any wrapper, so the drain keeps headroom. Interaction responses never wait here.
- Once: each send carries the outbox row id as `nonce` (discord.py then sets `enforce_nonce`), so if the
  process dies after Discord accepted a message but before the row was marked sent, the resend returns the
  message already created instead of posting it twice.
- A rep's DM channel id is stored on first use: one request per DM after that, not two.
- 403 with code 50007 (DMs closed): never retried; the rep is flagged and told on their next command.
  429: wait `retry_after`. 5xx and network errors: retry with backoff. Other 4xx: fail, logged.
"""

from __future__ import annotations

import asyncio
import io
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import aiohttp
import discord
from sqlalchemy import select, update

from bot.coach.outbox import Outgoing
from bot.db.models import Rep
from bot.render import scheduled
from bot.render.dm_actions import reminder_view
from bot.render.team_quiz import team_post_embed, team_post_view

if TYPE_CHECKING:
    from bot.client import RapportBot

log = logging.getLogger(__name__)

DMS_CLOSED = 50007


class Pacer:
    """Evenly spaced slots: at most `rate` acquisitions a second, never in bursts."""

    def __init__(
        self,
        rate: float,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.interval = 1.0 / rate
        self._monotonic = monotonic
        self._sleep = sleep
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            now = self._monotonic()
            slot = max(now, self._next)
            self._next = slot + self.interval
            if slot > now:
                await self._sleep(slot - now)


class Drain:
    def __init__(self, bot: RapportBot, pacer: Pacer) -> None:
        self.bot = bot
        self.pacer = pacer
        self.sent = 0
        self.stopping = False  # set on shutdown: finish the message in hand, start no other

    @property
    def outbox(self) -> Any:
        return self.bot.coach.outbox

    async def run_once(self, limit: int = 200, *, expire: bool = True) -> int:
        """Send every row due now (in batches); returns how many were sent. Rows too old to send are marked
        stale first (the scheduler asks for that on its tick, not on every poll: it is a write)."""
        if expire:
            await self.outbox.expire_stale()
        sent = 0
        while True:
            batch = await self.outbox.due(limit)
            if not batch:
                return sent
            for item in batch:
                await self.bot.foreground.gap()  # commands first: a fan-out must not slow their answers
                if self.stopping:
                    return sent
                sent += await self.deliver(item)
            if len(batch) < limit:
                return sent

    async def deliver(self, item: Outgoing) -> int:
        if item.kind == "reminder" and await self._already_touched(item):
            await self.outbox.cancel(item.id, item.guild_id)  # they logged a touch since: nothing to remind
            return 0
        try:
            channel_id = item.target_id if item.target == "channel" else await self._dm_channel(item)
            message = await self._send(item, channel_id)
        except discord.Forbidden as error:
            if item.target == "dm" and error.code == DMS_CLOSED:
                await self.outbox.mark_blocked(item, item.target_id)
                log.info("DMs closed for user %s in guild %s; not retrying", item.target_id, item.guild_id)
            else:
                await self.outbox.mark_failed(item, f"403 {error.code}: {error.text}", final=True)
                log.warning("outbox %s (%s) refused: %s", item.id, item.kind, error)
            return 0
        except discord.NotFound as error:
            await self.outbox.mark_failed(item, f"404 {error.code}: {error.text}", final=True)
            log.warning("outbox %s (%s): target gone: %s", item.id, item.kind, error)
            return 0
        except discord.HTTPException as error:
            retry_after = _retry_after(error) if error.status == 429 else None
            final = 400 <= error.status < 500 and error.status != 429
            await self.outbox.mark_failed(
                item, f"{error.status} {error.code}: {error.text}", retry_after=retry_after, final=final
            )
            log.warning(
                "outbox %s (%s) failed with %s; %s",
                item.id,
                item.kind,
                error.status,
                "giving up" if final else "will retry",
            )
            return 0
        except (aiohttp.ClientError, TimeoutError) as error:
            await self.outbox.mark_failed(item, f"network: {error!r}")
            log.warning("outbox %s (%s): network error %r; will retry", item.id, item.kind, error)
            return 0
        except Exception as error:
            # A bug in rendering must not stop the queue behind it; the row keeps the reason.
            log.exception("outbox %s (%s) could not be sent", item.id, item.kind)
            await self.outbox.mark_failed(item, f"error: {error!r}", final=True)
            return 0
        await self.outbox.mark_sent(item.id, message.id)
        self.sent += 1
        return 1

    async def _already_touched(self, item: Outgoing) -> bool:
        day = item.payload.get("day")
        if not day:
            return False
        return bool(await self.bot.coach.touches.touched_on(item.guild_id, item.target_id, date.fromisoformat(day)))

    async def _dm_channel(self, item: Outgoing) -> int:
        db = self.bot.coach.db
        async with db.read() as session:
            stored = await session.scalar(
                select(Rep.dm_channel_id).where(Rep.guild_id == item.guild_id, Rep.user_id == item.target_id)
            )
        if stored:
            return int(stored)
        await self.pacer.wait()
        data = await self.bot.http.start_private_message(item.target_id)
        channel_id = int(data["id"])
        async with db.write() as session:
            await session.execute(update(Rep).where(Rep.user_id == item.target_id).values(dm_channel_id=channel_id))
        return channel_id

    async def _render(self, item: Outgoing) -> dict[str, Any]:
        guild = self.bot.get_guild(item.guild_id)
        guild_name = guild.name if guild else "your server"
        if item.kind == "reminder":
            return {**scheduled.reminder(item.payload, guild_name), "view": reminder_view(item.guild_id)}
        if item.kind == "digest":
            return scheduled.digest(item.payload, guild_name)
        if item.kind == "nudge":
            return scheduled.nudge(item.payload, guild_name)
        if item.kind == "promise":
            return scheduled.promise(item.payload, guild_name)
        if item.kind == "team_quiz":
            post = await self.bot.coach.team_quiz.post(int(item.payload["post_id"]))
            if post is None:
                raise ValueError("the team quiz post or its scenario is gone")
            return {"embed": team_post_embed(post), "view": team_post_view(post)}
        if item.kind == "leaderboard":
            names = await self._names(guild, [row["user_id"] for row in item.payload.get("rows", [])])
            return scheduled.board_post(item.payload, names)
        raise ValueError(f"unknown outbox kind {item.kind!r}")

    async def _names(self, guild: discord.Guild | None, user_ids: list[int]) -> dict[int, str]:
        names: dict[int, str] = {}
        if guild is None:
            return names
        for user_id in user_ids:
            member = guild.get_member(user_id)
            if member is None:
                await self.pacer.wait()
                try:
                    member = await guild.fetch_member(user_id)
                except discord.HTTPException:
                    continue
            names[user_id] = member.display_name
        return names

    async def _send(self, item: Outgoing, channel_id: int) -> discord.Message:
        rendered = await self._render(item)
        channel = self.bot.get_partial_messageable(
            channel_id, type=discord.ChannelType.private if item.target == "dm" else discord.ChannelType.text
        )
        kwargs: dict[str, Any] = {"allowed_mentions": discord.AllowedMentions.none(), "nonce": f"rapport-{item.id}"}
        if "content" in rendered:
            kwargs["content"] = rendered["content"]
        if "embed" in rendered:
            kwargs["embed"] = rendered["embed"]
        if "view" in rendered:
            kwargs["view"] = rendered["view"]
        if "file" in rendered:
            filename, data = rendered["file"]
            kwargs["file"] = discord.File(io.BytesIO(data), filename=filename)
        await self.pacer.wait()
        return await channel.send(**kwargs)


def _retry_after(error: discord.HTTPException) -> float | None:
    value = getattr(error.response, "headers", {}).get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
