"""The drain: sends what the outbox holds, in order, once.

- Once: each send carries the outbox row id as its nonce, so if the process dies after Discord accepted a
  message but before the row was marked sent, the resend returns the message already created instead of
  posting it twice.
- Commands first: before each message the drain waits for a moment with no command in flight (at most a
  second), so a long fan-out never slows the answers people are waiting for.
- A rep's DM channel id is stored on first use: one request per DM after that, not two.
- DMs closed (50007): never retried; the rep is flagged and told on their next command. Rate limited: wait
  the time Discord gives. Transient failures: retry with backoff. Refused for good: fail, logged.
"""

from __future__ import annotations

import logging

from bot.coach import Coach
from bot.coach.outbox import Outgoing
from bot.foreground import Foreground
from bot.schedule.sender import (
    DmsClosed,
    RateLimited,
    Refused,
    RenderContext,
    Renderers,
    Sender,
    SendFailure,
    Transient,
)

log = logging.getLogger(__name__)


class Drain:
    def __init__(self, coach: Coach, sender: Sender, renderers: Renderers, foreground: Foreground) -> None:
        self.coach = coach
        self.sender = sender
        self.renderers = renderers
        self.foreground = foreground
        self.sent = 0
        self.stopping = False  # set on shutdown: finish the message in hand, start no other

    async def run_once(self, limit: int = 200, *, expire: bool = True) -> int:
        """Send every row due now (in batches); returns how many were sent. Rows too old to send are marked
        stale first (the scheduler asks for that on its tick, not on every poll: it is a write)."""
        outbox = self.coach.outbox
        if expire:
            await outbox.expire_stale()
        sent = 0
        while True:
            batch = await outbox.due(limit)
            if not batch:
                return sent
            for item in batch:
                await self.foreground.gap()
                if self.stopping:
                    return sent
                sent += await self.deliver(item)
            if len(batch) < limit:
                return sent

    async def deliver(self, item: Outgoing) -> int:
        """Draw and send one row, then record what became of it; returns 1 when a message went out."""
        outbox = self.coach.outbox
        try:
            context = RenderContext(
                item.guild_id,
                item.target_id,
                self.sender.guild_name(item.guild_id) or "your server",
                self.coach,
                lambda user_ids: self.sender.member_names(item.guild_id, user_ids),
            )
            drawn = await self.renderers.draw(item.message(), context)
            if drawn is None:
                await outbox.cancel(item.id, item.guild_id)  # no longer wanted (the rep logged a touch)
                return 0
            channel_id = await self._dm_channel(item) if item.to_dm else item.target_id
            message_id = await self.sender.send(channel_id, drawn, dm=item.to_dm, nonce=f"rapport-{item.id}")
        except DmsClosed:
            await outbox.mark_blocked(item, item.target_id)
            log.info("DMs closed for user %s in guild %s; not retrying", item.target_id, item.guild_id)
            return 0
        except RateLimited as error:
            await outbox.mark_failed(item, str(error), retry_after=error.retry_after)
            log.warning("outbox %s (%s) rate limited; will retry", item.id, item.kind)
            return 0
        except Transient as error:
            await outbox.mark_failed(item, str(error))
            log.warning("outbox %s (%s): %s; will retry", item.id, item.kind, error)
            return 0
        except (Refused, SendFailure) as error:
            await outbox.mark_failed(item, str(error), final=True)
            log.warning("outbox %s (%s) refused: %s", item.id, item.kind, error)
            return 0
        except Exception as error:
            # A bug in drawing must not stop the queue behind it; the row keeps the reason.
            log.exception("outbox %s (%s) could not be sent", item.id, item.kind)
            await outbox.mark_failed(item, f"error: {error!r}", final=True)
            return 0
        await outbox.mark_sent(item.id, message_id)
        self.sent += 1
        return 1

    async def _dm_channel(self, item: Outgoing) -> int:
        stored = await self.coach.outbox.dm_channel(item.guild_id, item.target_id)
        if stored is not None:
            return stored
        channel_id = await self.sender.open_dm(item.target_id)
        await self.coach.outbox.remember_dm_channel(item.target_id, channel_id)
        return channel_id
