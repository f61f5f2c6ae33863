"""A rep's customers: names, who is going cold, autocomplete, rename and merge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, delete, func, not_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.coach.clock import Clock
from bot.coach.dates import local_today
from bot.coach.errors import InvalidInput, NotFound
from bot.coach.reps import find_rep, guild_settings, rep_zone
from bot.coach.rollups import add_to_rollups
from bot.db.engine import Database
from bot.db.models import Customer, Promise, Rep, Touch
from bot.db.upsert import Executor, insert_ignore
from bot.i18n import N_

MAX_NAME_LENGTH = 100
MAX_AUTOCOMPLETE_CHOICES = 25


@dataclass(frozen=True)
class CustomerName:
    display: str
    key: str


def customer_name(text: str) -> CustomerName:
    """Trim, collapse inner whitespace, and fold case for matching; refuse empty or overlong names."""
    display = " ".join(text.split())
    if not display:
        raise InvalidInput(N_("A customer needs a name."))
    if len(display) > MAX_NAME_LENGTH:
        raise InvalidInput(
            N_("Customer names can be at most {limit} characters ({given} given)."),
            limit=MAX_NAME_LENGTH,
            given=len(display),
        )
    return CustomerName(display=display, key=display.casefold())


async def find_customer(session: AsyncSession, rep_id: int, name: CustomerName) -> Customer | None:
    return await session.scalar(select(Customer).where(Customer.rep_id == rep_id, Customer.name_key == name.key))


def add_customer(executor: Executor, rep_id: int, name: CustomerName) -> None:
    """Create the customer unless the rep already has one by that name (safe when two commands race)."""
    insert_ignore(
        executor, Customer, {"rep_id": rep_id, "name": name.display, "name_key": name.key}, ["rep_id", "name_key"]
    )


async def ensure_customer(session: AsyncSession, rep_id: int, name: CustomerName) -> tuple[Customer, bool]:
    """The customer, created when new; the flag says whether it was."""
    found = await find_customer(session, rep_id, name)
    if found is not None:
        return found, False
    await session.run_sync(add_customer, rep_id, name)
    created = await find_customer(session, rep_id, name)
    assert created is not None  # noqa: S101 - inserted or already there, in this transaction
    return created, True


async def refresh_last_touch(session: AsyncSession, customer: Customer, cold_after_days: int) -> bool:
    """Recompute `last_touched_on` and `reengaged_on` (under the guild's `cold_after_days`) from the touches;
    delete the customer if none are left.

    Returns whether the customer still exists.
    """
    latest = await session.scalar(select(func.max(Touch.local_date)).where(Touch.customer_id == customer.id))
    if latest is None:
        # Its promises go with it, so the days they were kept on count them no more.
        kept = await session.execute(
            select(Promise.closed_on, func.count())
            .where(Promise.customer_id == customer.id, Promise.status == "kept", Promise.closed_on.is_not(None))
            .group_by(Promise.closed_on)
        )
        guild_id = (await session.execute(select(Rep.guild_id).where(Rep.id == customer.rep_id))).scalar_one()
        for day, count in kept:
            if day is not None:  # always, for a kept promise (the column allows none for open ones)
                await session.run_sync(
                    add_to_rollups, rep_id=customer.rep_id, day=day, guild_id=guild_id, promises_kept=-count
                )
        await session.delete(customer)
        return False
    customer.last_touched_on = latest
    customer.reengaged_on = await session.scalar(
        select(func.max(Touch.local_date)).where(Touch.gap_days >= cold_after_days, Touch.customer_id == customer.id)
    )
    return True


async def restamp_reengaged(session: AsyncSession, guild_id: int, cold_after_days: int) -> None:
    """Recompute every `reengaged_on` of a guild's customers under a new `cold_after_days` (a setting changed).
    One statement; it reads each customer's touches, so a guild with a million takes a second or two."""
    latest = (
        select(func.max(Touch.local_date))
        .where(Touch.gap_days >= cold_after_days, Touch.customer_id == Customer.id)
        .scalar_subquery()
    )
    await session.execute(
        update(Customer)
        .where(Customer.rep_id.in_(select(Rep.id).where(Rep.guild_id == guild_id)))
        .values(reengaged_on=latest)
    )


@dataclass(frozen=True)
class CustomerStatus:
    name: str
    last_touched_on: date | None
    days_since: int | None
    cold: bool


@dataclass(frozen=True)
class CustomerOverview:
    customers: list[CustomerStatus]
    cold_after_days: int
    total: int
    cold_count: int


@dataclass(frozen=True)
class RenameOutcome:
    """What `rename` did, or, with `needs_merge`, what confirming would do."""

    old_name: str
    new_name: str
    needs_merge: bool = False
    merged: bool = False
    touches_moved: int = 0


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class CustomerBook:
    """Read and reshape a rep's customer list."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def overview(self, guild_id: int, user_id: int, *, only_cold: bool = False) -> CustomerOverview:
        """Every customer with days since the last touch, coldest first."""
        async with self._db.read() as session:
            settings = await guild_settings(session, guild_id)
            rep = await find_rep(session, guild_id, user_id)
            if rep is None:
                return CustomerOverview([], settings.cold_after_days, 0, 0)
            today = local_today(self._clock(), await rep_zone(session, guild_id, rep))
            rows = await session.scalars(
                select(Customer)
                .where(Customer.rep_id == rep.id)
                .order_by(Customer.last_touched_on.asc().nulls_first(), Customer.name_key)
            )
            statuses = []
            for customer in rows:
                days = None if customer.last_touched_on is None else (today - customer.last_touched_on).days
                cold = days is None or days >= settings.cold_after_days
                statuses.append(CustomerStatus(customer.name, customer.last_touched_on, days, cold))
        cold_count = sum(status.cold for status in statuses)
        shown = [status for status in statuses if status.cold] if only_cold else statuses
        return CustomerOverview(shown, settings.cold_after_days, len(statuses), cold_count)

    async def suggest(self, guild_id: int, user_id: int, typed: str) -> list[str]:
        """Autocomplete: the rep's own customers, prefix matches first, then substring matches.

        With nothing typed yet, the most recently touched come first. Prefix matches come from the
        (rep, name_key) index in name order and stop at 25, so a short prefix that matches thousands of
        names costs no sort; substring matches are looked for only when fewer than 25 prefixes matched.
        """
        needle = " ".join(typed.split()).casefold()
        async with self._db.read() as session:
            rep = await find_rep(session, guild_id, user_id)
            if rep is None:
                return []
            mine = select(Customer.name).where(Customer.rep_id == rep.id)
            if not needle:
                recent = mine.order_by(Customer.last_touched_on.desc().nulls_last(), Customer.name_key)
                return list(await session.scalars(recent.limit(MAX_AUTOCOMPLETE_CHOICES)))
            escaped = _escape_like(needle)
            if self._db.is_sqlite:
                # name_key is case-folded and SQLite compares it bytewise: a range is a prefix, on the index.
                prefix = and_(Customer.name_key >= needle, Customer.name_key < needle + "\U0010ffff")
            else:
                prefix = Customer.name_key.like(f"{escaped}%", escape="\\")
            names = list(
                await session.scalars(mine.where(prefix).order_by(Customer.name_key).limit(MAX_AUTOCOMPLETE_CHOICES))
            )
            room = MAX_AUTOCOMPLETE_CHOICES - len(names)
            if room:
                inner = mine.where(Customer.name_key.like(f"%{escaped}%", escape="\\"), not_(prefix)).order_by(
                    Customer.name_key
                )
                names += list(await session.scalars(inner.limit(room)))
            return names

    async def rename(self, guild_id: int, user_id: int, old: str, new: str, *, merge: bool = False) -> RenameOutcome:
        """Rename a customer. Onto another existing customer it merges, but only when `merge` is set."""
        old_name, new_name = customer_name(old), customer_name(new)
        async with self._db.write() as session:
            rep = await find_rep(session, guild_id, user_id)
            source = None if rep is None else await find_customer(session, rep.id, old_name)
            if rep is None or source is None:
                raise NotFound(N_("You have no customer called **{customer}**."), customer=old_name.display)
            if new_name.key == source.name_key:
                previous, source.name = source.name, new_name.display
                return RenameOutcome(previous, new_name.display)
            target = await find_customer(session, rep.id, new_name)
            if target is None:
                previous = source.name
                source.name, source.name_key = new_name.display, new_name.key
                return RenameOutcome(previous, new_name.display)
            moving = await session.scalar(select(func.count()).where(Touch.customer_id == source.id)) or 0
            if not merge:
                return RenameOutcome(source.name, target.name, needs_merge=True, touches_moved=moving)
            await session.execute(update(Touch).where(Touch.customer_id == source.id).values(customer_id=target.id))
            # Its promises move too: deleting the merged name must not take them (and their record) with it.
            await session.execute(update(Promise).where(Promise.customer_id == source.id).values(customer_id=target.id))
            previous = source.name
            await session.execute(delete(Customer).where(Customer.id == source.id))
            cold_after_days = (await guild_settings(session, guild_id)).cold_after_days
            await refresh_last_touch(session, target, cold_after_days)
            return RenameOutcome(previous, target.name, merged=True, touches_moved=moving)
