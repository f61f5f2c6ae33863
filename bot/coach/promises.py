"""The promise tracker: what a rep told a customer they would do, and by when.

The essays behind Rapport tell of the rep who over-promised to get the deal over the line and burned the
brand. Keeping a promise on time earns relationship points and counts as a follow-up-after-delivery touch
for that customer; a late or dropped promise earns nothing and is never shown to anyone but the rep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.coach.clock import Clock
from bot.coach.customers import customer_name, ensure_customer
from bot.coach.dates import local_today, read_day
from bot.coach.errors import InvalidInput, NotFound
from bot.coach.kinds import TouchKind
from bot.coach.reps import ensure_rep, find_rep, rep_zone
from bot.coach.rollups import add_to_rollups
from bot.coach.touches import Recorded, TouchLog
from bot.db.engine import Database
from bot.db.models import Customer, Promise, Rep
from bot.i18n import N_, MarkedCommand

MAX_WHAT = 300
MAX_REASON = 300
MAX_AHEAD_DAYS = 365
ALREADY_CLOSED = {
    "kept": N_("That promise is already kept."),
    "late": N_("That promise is already kept, a little late."),
    "dropped": N_("That promise is already dropped."),
}


def parse_due(text: str, today: date) -> date:
    """When a promise is due: any day word (a bare weekday is the next one), today or later, within a year."""
    due = read_day(text, today, looking="future")
    if due < today:
        raise InvalidInput(N_("That day has passed: a promise is due today or later."))
    if (due - today).days > MAX_AHEAD_DAYS:
        raise InvalidInput(N_("A promise can be due at most a year ahead."))
    return due


@dataclass(frozen=True)
class PromiseView:
    id: int
    customer: str
    what: str
    due_on: date
    status: str
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.status == "open" and self.days_left < 0


@dataclass(frozen=True)
class ClosedPromise:
    promise: PromiseView
    on_time: bool
    touch: Recorded | None


def _view(promise: Promise, customer: str, today: date) -> PromiseView:
    return PromiseView(
        promise.id, customer, promise.what, promise.due_on, promise.status, (promise.due_on - today).days
    )


class PromiseBook:
    def __init__(self, db: Database, clock: Clock, touches: TouchLog) -> None:
        self._db = db
        self._clock = clock
        self._touches = touches

    async def _today(self, session: AsyncSession, guild_id: int, rep: Rep | None) -> date:
        return local_today(self._clock(), await rep_zone(session, guild_id, rep))

    async def add(self, guild_id: int, user_id: int, customer: str, what: str, due: str) -> PromiseView:
        name = customer_name(customer)
        text = " ".join(what.split())
        if not text:
            raise InvalidInput(N_("Say what you promised."))
        if len(text) > MAX_WHAT:
            raise InvalidInput(
                N_("Keep the promise to {limit} characters ({given} given)."), limit=MAX_WHAT, given=len(text)
            )
        async with self._db.write() as session:
            rep = await ensure_rep(session, guild_id, user_id)
            today = await self._today(session, guild_id, rep)
            due_on = parse_due(due, today)
            record, _created = await ensure_customer(session, rep.id, name)
            promise = Promise(
                rep_id=rep.id, customer_id=record.id, what=text, due_on=due_on, status="open", created_at=self._clock()
            )
            session.add(promise)
            await session.flush()
            return _view(promise, record.name, today)

    async def open(self, guild_id: int, user_id: int) -> list[PromiseView]:
        """Open promises, soonest (and overdue) first."""
        async with self._db.read() as session:
            rep = await find_rep(session, guild_id, user_id)
            if rep is None:
                return []
            today = await self._today(session, guild_id, rep)
            rows = await session.execute(
                select(Promise, Customer.name)
                .join(Customer, Customer.id == Promise.customer_id)
                .where(Promise.rep_id == rep.id, Promise.status == "open")
                .order_by(Promise.due_on, Promise.id)
            )
            return [_view(promise, name, today) for promise, name in rows]

    async def _own(self, session: AsyncSession, guild_id: int, user_id: int, promise_id: int) -> tuple[Rep, Promise]:
        rep = await find_rep(session, guild_id, user_id)
        promise = None if rep is None else await session.get(Promise, promise_id)
        if rep is None or promise is None or promise.rep_id != rep.id:
            raise NotFound(
                N_("You have no promise with that number. {command} shows yours."),
                command=MarkedCommand("promise list"),
            )
        if promise.status != "open":
            raise InvalidInput(ALREADY_CLOSED.get(promise.status, N_("That promise is already closed.")))
        return rep, promise

    async def done(self, guild_id: int, user_id: int, promise_id: int) -> ClosedPromise:
        """Mark a promise kept: on time it logs a follow-up touch (with its points); late it is only recorded."""
        async with self._db.write() as session:
            rep, promise = await self._own(session, guild_id, user_id, promise_id)
            today = await self._today(session, guild_id, rep)
            customer = await session.get_one(Customer, promise.customer_id)
            on_time = today <= promise.due_on
            promise.status = "kept" if on_time else "late"
            promise.closed_on = today
            touch = None
            if on_time:
                touch = await self._touches.record(
                    session,
                    guild_id,
                    user_id,
                    customer=customer.name,
                    kind=TouchKind.FOLLOW_UP,
                    note=f"Kept a promise: {promise.what}"[:500],
                )
                promise.touch_id = touch.touch_id
                await session.run_sync(add_to_rollups, rep_id=rep.id, day=today, guild_id=guild_id, promises_kept=1)
            return ClosedPromise(_view(promise, customer.name, today), on_time, touch)

    async def drop(self, guild_id: int, user_id: int, promise_id: int, reason: str) -> PromiseView:
        text = " ".join(reason.split())
        if len(text) > MAX_REASON:
            raise InvalidInput(N_("Keep the reason to {limit} characters."), limit=MAX_REASON)
        async with self._db.write() as session:
            rep, promise = await self._own(session, guild_id, user_id, promise_id)
            today = await self._today(session, guild_id, rep)
            promise.status, promise.reason, promise.closed_on = "dropped", text or None, today
            customer = await session.get_one(Customer, promise.customer_id)
            return _view(promise, customer.name, today)

    async def suggest(self, guild_id: int, user_id: int, typed: str) -> list[tuple[int, str]]:
        needle = typed.strip().casefold().lstrip("#")
        return [
            (view.id, f"#{view.id} {view.customer}: {view.what}"[:100])
            for view in await self.open(guild_id, user_id)
            if not needle or needle in f"{view.id} {view.customer} {view.what}".casefold()
        ][:25]

    async def kept_on_time(self, guild_id: int, start: date | None, end: date) -> int:
        """The team's promises kept on time in a period: a team figure, never a ranking."""
        closed = Promise.closed_on <= end if start is None else Promise.closed_on.between(start, end)
        async with self._db.read() as session:
            return await promises_kept(session, guild_id, closed)


async def promises_kept(session: AsyncSession, guild_id: int, closed: ColumnElement[bool]) -> int:
    """Promises the guild's reps kept on time, closed on the days `closed` keeps (a condition on `Promise`'s
    columns: the board's keeps each rep's own local days)."""
    query = (
        select(func.count())
        .select_from(Promise)
        .join(Rep, Rep.id == Promise.rep_id)
        .where(Rep.guild_id == guild_id, Promise.status == "kept", closed)
    )
    return int(await session.scalar(query) or 0)
