"""The outbox: every DM or channel post Rapport owes, as a row with a unique key.

Planning writes rows with `INSERT ... ON CONFLICT DO NOTHING` on the key (rep or channel, kind, local date or
period), so planning twice never sends twice. The drain claims due rows in order and records what became of
each; retry decisions are pure functions here so they can be tested with a fake clock.

Exactly once: a row is marked as sending (the time, and a fingerprint of the message) just before its
request. Until it is marked sent, its message may exist in Discord whatever this process saw (it died, the
request timed out, or the write after it failed), so the drain looks for it in the channel before sending
again; Discord's nonce deduplication alone lasts only a few minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, case, func, select, update

from bot.coach.clock import Clock
from bot.coach.members import SettledMembers
from bot.coach.outgoing import Message, OutboxKind, Target, from_json, to_json
from bot.coach.timing import STALE_AFTER
from bot.db.engine import Database
from bot.db.models import OutboxMessage, Rep
from bot.db.upsert import insert_ignore

PENDING, SENT, FAILED, STALE, BLOCKED, CANCELLED = "pending", "sent", "failed", "stale", "blocked", "cancelled"
MAX_ATTEMPTS = 8
FIRST_BACKOFF = timedelta(seconds=10)
MAX_BACKOFF = timedelta(hours=1)


@dataclass(frozen=True)
class Depth:
    """How many messages of one kind wait in the outbox: all pending ones, and those whose time has come."""

    kind: str
    pending: int
    due: int


@dataclass(frozen=True)
class Outgoing:
    """A row to deliver, detached from the session."""

    id: int
    key: str
    guild_id: int
    kind: str
    target: str
    target_id: int
    payload: dict[str, Any]
    due_at: datetime
    attempts: int
    sending_since: datetime | None = None  # a send began then and was never seen through: look before resending
    sending_fingerprint: str | None = None
    # For a DM: the locale the recipient's Discord last reported (their rep row's), None when unknown.
    locale: str | None = None

    def message(self) -> Message:
        """What the row holds (raises `UnreadableMessage` for a row no release wrote)."""
        return from_json(self.kind, self.payload)

    @property
    def to_dm(self) -> bool:
        return self.target == "dm"


@dataclass(frozen=True)
class Planned:
    """A message to add to the outbox unless a row with its key exists."""

    message: Message
    key: str
    guild_id: int
    target_id: int
    due_at: datetime | None = None
    created_by: int | None = None


@dataclass(frozen=True)
class Retry:
    at: datetime | None  # None: give up


def retry_after_failure(attempts: int, now: datetime, retry_after: float | None = None) -> Retry:
    """When to try again after a failed send: Discord's `retry_after` when given, else exponential backoff."""
    if attempts >= MAX_ATTEMPTS:
        return Retry(None)
    if retry_after is not None:
        return Retry(now + timedelta(seconds=max(retry_after, 0.0)))
    delay = min(FIRST_BACKOFF * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)
    return Retry(now + delay)


def _outgoing(row: OutboxMessage, locale: str | None = None) -> Outgoing:
    return Outgoing(
        row.id,
        row.key,
        row.guild_id,
        row.kind,
        row.target,
        row.target_id,
        dict(row.payload),
        row.due_at,
        row.attempts,
        row.sending_since,
        row.sending_fingerprint,
        locale,
    )


def _mark_sending(connection: Connection, message_id: int, since: datetime, fingerprint: str) -> None:
    connection.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(sending_since=since, sending_fingerprint=fingerprint)
    )


class Outbox:
    def __init__(self, db: Database, clock: Clock, members: SettledMembers | None = None) -> None:
        self._db = db
        self._clock = clock
        self._members = members or SettledMembers()

    async def enqueue(
        self,
        message: Message,
        *,
        key: str,
        guild_id: int,
        target_id: int,
        due_at: datetime | None = None,
        created_by: int | None = None,
    ) -> bool:
        """Add a message for a member's DMs or a channel (its kind says which) unless one with this key exists;
        returns whether it was added."""
        [added] = await self.enqueue_all([Planned(message, key, guild_id, target_id, due_at, created_by)])
        return added

    async def enqueue_all(self, planned: list[Planned]) -> list[bool]:
        """Add several messages in one transaction (each unless its key exists): the drain sees all of them or
        none, so messages due together for one rep can go out as one. Returns, for each, whether it was added."""
        if not planned:
            return []
        added = []
        async with self._db.write() as session:
            for item in planned:
                before = await session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == item.key))
                if before is not None:
                    added.append(False)
                    continue
                due = item.due_at or self._clock()
                await session.run_sync(
                    insert_ignore,
                    OutboxMessage,
                    {
                        "key": item.key,
                        "guild_id": item.guild_id,
                        "kind": item.message.kind.value,
                        "target": item.message.target.value,
                        "target_id": item.target_id,
                        "payload": to_json(item.message),
                        "due_at": due,
                        "next_attempt_at": due,
                        "status": PENDING,
                        "attempts": 0,
                        "created_by": item.created_by,
                        "created_at": self._clock(),
                    },
                    ["key"],
                )
                added.append(True)
        return added

    async def expire_stale(self) -> int:
        """Mark pending rows more than 6 hours past due as stale: after downtime, old news is not sent."""
        cutoff = self._clock() - STALE_AFTER
        async with self._db.write() as session:
            result = await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.status == PENDING, OutboxMessage.due_at < cutoff)
                .values(status=STALE, last_error="not sent within 6 hours of its due time")
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def due(self, limit: int = 200) -> list[Outgoing]:
        """Pending rows whose time has come, oldest due first; a DM with its recipient's locale, read in the same
        query (the drain draws it in that language)."""
        now = self._clock()
        recipient = and_(
            OutboxMessage.target == Target.DM,
            Rep.guild_id == OutboxMessage.guild_id,
            Rep.user_id == OutboxMessage.target_id,
        )
        async with self._db.read() as session:
            rows = await session.execute(
                select(OutboxMessage, Rep.locale)
                .outerjoin(Rep, recipient)
                .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now)
                .order_by(OutboxMessage.due_at, OutboxMessage.id)
                .limit(limit)
            )
            return [_outgoing(row, locale) for row, locale in rows]

    async def mark_sending(self, message_id: int, fingerprint: str) -> None:
        """The send is about to be made: from now on the message may exist in Discord whatever becomes of
        this process. One plain statement on the write path: the drain does this before every message."""
        await self._db.run_write(_mark_sending, message_id, self._clock(), fingerprint)

    async def recorded(self, discord_message_ids: Sequence[int]) -> set[int]:
        """Which of these Discord messages another row already records as its own: a message found while
        looking for a row's lost send must not be claimed twice (two rows may draw the same text)."""
        if not discord_message_ids:
            return set()
        async with self._db.read() as session:
            found = await session.scalars(
                select(OutboxMessage.message_id).where(OutboxMessage.message_id.in_(discord_message_ids))
            )
            return {int(message_id) for message_id in found if message_id is not None}

    async def mark_interrupted(self, item: Outgoing, error: str) -> None:
        """Our database failed mid-delivery: try again after the first back-off, and count no attempt. An
        outage of ours must never use up a message's tries; a row that stays unsendable ends as stale, 6
        hours past due. Whether the send happened is left to `sending_since`."""
        next_attempt = self._clock() + FIRST_BACKOFF
        async with self._db.write() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == item.id, OutboxMessage.status == PENDING)
                .values(next_attempt_at=next_attempt, last_error=error[:500])
            )

    async def mark_sent(self, message_id: int | list[int], discord_message_id: int) -> None:
        """Rows went out (several: combined into one Discord message), in one write."""
        ids = message_id if isinstance(message_id, list) else [message_id]
        async with self._db.write() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids))
                .values(status=SENT, sent_at=self._clock(), message_id=discord_message_id, last_error=None)
            )

    async def mark_failed(
        self, item: Outgoing, error: str, *, retry_after: float | None = None, final: bool = False
    ) -> None:
        """Record a failed attempt; retry later unless `final` or out of attempts."""
        now = self._clock()
        attempts = item.attempts + 1
        plan = Retry(None) if final else retry_after_failure(attempts, now, retry_after)
        values: dict[str, Any] = {"attempts": attempts, "last_error": error[:500]}
        if plan.at is None:
            values["status"] = FAILED
        else:
            values["next_attempt_at"] = plan.at
        async with self._db.write() as session:
            await session.execute(update(OutboxMessage).where(OutboxMessage.id == item.id).values(**values))

    async def mark_blocked(self, item: Outgoing, rep_user_id: int) -> None:
        """The rep's DMs are closed: this row is not retried, and the rep is flagged to be told."""
        now = self._clock()
        async with self._db.write() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == item.id)
                .values(status=BLOCKED, attempts=item.attempts + 1, last_error="the member's DMs are closed (50007)")
            )
            await session.execute(
                update(Rep)
                .where(Rep.guild_id == item.guild_id, Rep.user_id == rep_user_id, Rep.dms_closed_at.is_(None))
                .values(dms_closed_at=now, dms_closed_told=False)
            )
        self._members.forget(item.guild_id, rep_user_id)  # their next command must say so

    async def cancel(self, message_id: int, guild_id: int) -> bool:
        async with self._db.write() as session:
            result = await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == message_id,
                    OutboxMessage.guild_id == guild_id,
                    OutboxMessage.status == PENDING,
                )
                .values(status=CANCELLED)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def depth(self) -> list[Depth]:
        """What waits to be sent, by kind (one grouped read over the status index; for the operator's metrics).
        Kinds with nothing pending are left out."""
        now = self._clock()
        async with self._db.read() as session:
            rows = await session.execute(
                select(
                    OutboxMessage.kind,
                    func.count(),
                    func.sum(case((OutboxMessage.next_attempt_at <= now, 1), else_=0)),
                )
                .where(OutboxMessage.status == PENDING)
                .group_by(OutboxMessage.kind)
                .order_by(OutboxMessage.kind)
            )
            return [Depth(kind, int(pending), int(due or 0)) for kind, pending, due in rows]

    async def pending(self, guild_id: int, kind: OutboxKind) -> list[Outgoing]:
        async with self._db.read() as session:
            rows = await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.guild_id == guild_id, OutboxMessage.kind == kind, OutboxMessage.status == PENDING)
                .order_by(OutboxMessage.due_at, OutboxMessage.id)
            )
            return [_outgoing(row) for row in rows]

    async def dm_channel(self, guild_id: int, user_id: int) -> int | None:
        """The member's DM channel, when a send already opened it: a DM then costs one request, not two."""
        async with self._db.read() as session:
            stored = await session.scalar(
                select(Rep.dm_channel_id).where(Rep.guild_id == guild_id, Rep.user_id == user_id)
            )
        return int(stored) if stored else None

    async def remember_dm_channel(self, user_id: int, channel_id: int) -> None:
        """A DM channel is the user's, whatever the server: every rep row of theirs learns it."""
        async with self._db.write() as session:
            await session.execute(update(Rep).where(Rep.user_id == user_id).values(dm_channel_id=channel_id))
