"""The drain: sends what the outbox holds, in order, once.

- Once: a row is marked as sending just before its request. If the process dies after Discord accepted the
  message, the request times out, or the write that records it fails, the next attempt first looks for the
  message in the channel (by a fingerprint of what was sent) and records it instead of sending it again.
  Each send also carries the row id as its nonce, so within Discord's few minutes a resend returns the
  message already created; looking in the channel holds past that window.
- Database errors are outages, not verdicts: the row is tried again after a back-off, never failed for it.
- Commands first: before each message the drain waits for a moment with no command in flight (at most a
  second), so a long fan-out never slows the answers people are waiting for.
- A rep's DM channel id is stored on first use: one request per DM after that, not two.
- Together: DMs of the kinds that combine (`COMBINABLE`: the reminder and the going-cold digest) due for the
  same member in the same minute go out as one message, nonce of the first row, all rows marked in one write.
  After a hard kill the same rows form the same group again, so the resend still posts nothing new. A
  manager's nudge always stands alone.
- Language: a DM is drawn in the locale the rep's Discord last reported (stored as they use Rapport), else the
  server's preferred locale (`Sender.guild_locale`), else English; a channel post in the server's.
- DMs closed (50007): never retried; the rep is flagged and told on their next command. Rate limited: wait
  the time Discord gives. Transient failures: retry with backoff. Refused for good: fail, logged.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.coach import Coach
from bot.coach.outbox import Outgoing
from bot.coach.outgoing import COMBINABLE
from bot.db.errors import describe, is_transient
from bot.foreground import Foreground
from bot.i18n import _, using
from bot.metrics import (
    DATABASE,
    DMS_CLOSED,
    ERROR,
    FOUND,
    NO_METRICS,
    RATE_LIMITED,
    REFUSED_FOR_GOOD,
    SENT,
    TRANSIENT,
    Metrics,
)
from bot.schedule.sender import (
    DmsClosed,
    RateLimited,
    Refused,
    RenderContext,
    Renderers,
    Sender,
    SendFailure,
    Transient,
    combined,
)

log = logging.getLogger(__name__)


def _together_key(item: Outgoing) -> tuple[int, int, datetime] | None:
    """Rows with the same key go out as one DM; None: this row always goes alone."""
    if not item.to_dm or item.kind not in COMBINABLE:
        return None
    return item.guild_id, item.target_id, item.due_at.replace(second=0, microsecond=0)


def _unsettled(group: list[Outgoing], cancelled: set[int]) -> list[Outgoing]:
    """The rows of a group a failure applies to: all but those found no longer wanted."""
    return [item for item in group if item.id not in cancelled]


def together(batch: list[Outgoing], *, full: bool) -> list[list[Outgoing]]:
    """The batch as messages to send, in order: each row alone, except combinable DMs due for the same member
    in the same minute, which form one group. In a full batch, the group of the last row may go on in the next
    batch: it is left for that one, where it comes first and whole."""
    groups: list[list[Outgoing]] = []
    by_key: dict[tuple[int, int, datetime], list[Outgoing]] = {}
    for item in batch:
        key = _together_key(item)
        if key is None:
            groups.append([item])
        elif key in by_key:
            by_key[key].append(item)
        else:
            by_key[key] = [item]
            groups.append(by_key[key])
    last = _together_key(batch[-1]) if batch else None
    if full and last is not None and len(groups) > 1:
        groups.remove(by_key[last])
    return groups


class Drain:
    def __init__(
        self,
        coach: Coach,
        sender: Sender,
        renderers: Renderers,
        foreground: Foreground,
        *,
        metrics: Metrics = NO_METRICS,
    ) -> None:
        self.coach = coach
        self.metrics = metrics
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
            for group in together(batch, full=len(batch) >= limit):
                await self.foreground.gap()
                if self.stopping:
                    return sent
                sent += await self.deliver(group)
            if len(batch) < limit:
                return sent

    async def deliver(self, group: list[Outgoing]) -> int:
        """Draw the rows of one message (most often one row), send it, then record what became of each;
        returns 1 when a message went out."""
        outbox = self.coach.outbox
        first = group[0]
        kept: list[Outgoing] = []
        cancelled: set[int] = set()
        try:
            drawings = []
            # A DM reads in the rep's language, a channel post in the server's (English when unknown or without a
            # catalogue). The rows of a group are one member's DMs: one language.
            with using(self._locale(first)):
                context = RenderContext(
                    first.guild_id,
                    first.target_id,
                    self.sender.guild_name(first.guild_id) or _("your server"),
                    self.coach,
                    lambda user_ids: self.sender.member_names(first.guild_id, user_ids),
                )
                for item in group:
                    drawn = await self.renderers.draw(item.message(), context)
                    if drawn is None:
                        await outbox.cancel(item.id, item.guild_id)  # no longer wanted (the rep logged a touch)
                        cancelled.add(item.id)
                        continue
                    kept.append(item)
                    drawings.append(drawn)
            if not drawings:
                return 0
            channel_id = await self._dm_channel(first) if first.to_dm else first.target_id
            drawn = combined(drawings)
            # The first row carries the group's marks: when its send began (an earlier attempt may have reached
            # Discord: look before sending again) and the nonce, which finds a message created in the last minutes.
            if first.sending_since is not None and await self._found_already_sent(first, kept, channel_id):
                self.metrics.delivered(FOUND)
                return 0
            await outbox.mark_sending(first.id, self.sender.fingerprint(drawn))
            message_id = await self.sender.send(channel_id, drawn, dm=first.to_dm, nonce=f"rapport-{first.id}")
        except DmsClosed:
            self.metrics.delivered(DMS_CLOSED)
            for item in _unsettled(group, cancelled):
                await outbox.mark_blocked(item, item.target_id)
            log.info("DMs closed for user %s in guild %s; not retrying", first.target_id, first.guild_id)
            return 0
        except RateLimited as error:
            self.metrics.delivered(RATE_LIMITED)
            for item in _unsettled(group, cancelled):
                await outbox.mark_failed(item, str(error), retry_after=error.retry_after)
            log.warning("outbox %s (%s) rate limited; will retry", first.id, first.kind)
            return 0
        except Transient as error:
            self.metrics.delivered(TRANSIENT)
            for item in _unsettled(group, cancelled):
                await outbox.mark_failed(item, str(error))
            log.warning("outbox %s (%s): %s; will retry", first.id, first.kind, error)
            return 0
        except (Refused, SendFailure) as error:
            self.metrics.delivered(REFUSED_FOR_GOOD)
            for item in _unsettled(group, cancelled):
                await outbox.mark_failed(item, str(error), final=True)
            log.warning("outbox %s (%s) refused: %s", first.id, first.kind, error)
            return 0
        except Exception as error:
            if is_transient(error):
                # Our database, not the message: wait and try again, never give the message up for it.
                self.metrics.delivered(DATABASE)
                for item in _unsettled(group, cancelled):
                    await outbox.mark_interrupted(item, f"database: {describe(error)}")
                log.warning(
                    "outbox %s (%s): the database failed (%s); will retry", first.id, first.kind, describe(error)
                )
                return 0
            # A bug in drawing must not stop the queue behind it; the row keeps the reason.
            self.metrics.delivered(ERROR)
            log.exception("outbox %s (%s) could not be sent", first.id, first.kind)
            for item in _unsettled(group, cancelled):
                await outbox.mark_failed(item, f"error: {error!r}", final=True)
            return 0
        self.sent += 1
        self.metrics.delivered(SENT)
        try:
            await outbox.mark_sent([item.id for item in kept], message_id)
        except Exception as error:
            if not is_transient(error):
                raise
            # Sent, but not recorded: the first row still says a send began, so the group's next attempt finds
            # the message in the channel and records it instead of sending it again.
            for item in kept:
                await outbox.mark_interrupted(item, f"sent as {message_id}, not recorded: {describe(error)}")
            log.warning("outbox %s (%s) was sent but the database failed (%s)", first.id, first.kind, describe(error))
        return 1

    async def _found_already_sent(self, item: Outgoing, group: list[Outgoing], channel_id: int) -> bool:
        """An earlier attempt may have reached Discord (see `Outbox`): look for its message in the channel, and
        if it is there, record it as the group's rather than send it again."""
        assert item.sending_since is not None and item.sending_fingerprint is not None  # noqa: S101 - set together
        outbox = self.coach.outbox
        try:
            candidates = await self.sender.find_sent(channel_id, item.sending_fingerprint, item.sending_since)
        except Refused as error:
            # No right to read the channel's history (or it is gone): the resend's nonce is all that is left.
            log.warning(
                "outbox %s (%s): can't check for an earlier send (%s); sending again", item.id, item.kind, error
            )
            return False
        claimed = await outbox.recorded(candidates)
        unclaimed = [message_id for message_id in candidates if message_id not in claimed]
        if not unclaimed:
            return False
        await outbox.mark_sent([member.id for member in group], unclaimed[0])
        log.info(
            "outbox %s (%s) was delivered before, as message %s; not sending it again", item.id, item.kind, unclaimed[0]
        )
        return True

    def _locale(self, item: Outgoing) -> str | None:
        """The locale a row is drawn in: for a DM the recipient's as stored, else the server's preferred one."""
        return (item.locale if item.to_dm else None) or self.sender.guild_locale(item.guild_id)

    async def _dm_channel(self, item: Outgoing) -> int:
        stored = await self.coach.outbox.dm_channel(item.guild_id, item.target_id)
        if stored is not None:
            return stored
        channel_id = await self.sender.open_dm(item.target_id)
        await self.coach.outbox.remember_dm_channel(item.target_id, channel_id)
        return channel_id
