"""The touch log: record a touch, undo the last one, read the history, and the rep's streak."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Row,
    String,
    Update,
    and_,
    bindparam,
    cast,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from bot.coach.clock import Clock
from bot.coach.customers import CustomerName, add_customer, customer_name, find_customer, refresh_last_touch
from bot.coach.dates import local_today, moment_for, parse_when, recent_days
from bot.coach.errors import InvalidInput, NotFound, NothingToUndo
from bot.coach.kinds import TouchKind
from bot.coach.preferences import GuildConfig
from bot.coach.reps import find_rep, guild_settings, rep_zone
from bot.coach.rollups import add_to_rollups
from bot.coach.scoring import Award, award_for
from bot.coach.streaks import ReplayPoint, StreakState, replay_point, rule_key, streak_and_latest, streak_state
from bot.coach.zones import zone
from bot.db.engine import Database
from bot.db.models import Customer, DailyPoints, GuildSettings, Rep, Touch, table_of
from bot.db.upsert import insert_ignore
from bot.i18n import N_, Marked

MAX_NOTE_LENGTH = 500
UNDO_WINDOW = timedelta(hours=24)
MAX_HISTORY_DAYS = 90
# One rep's history is paginated in Discord; past this many rows the oldest are left out.
MAX_HISTORY_ROWS = 1000
# Each rep's streak replay is kept stored at the end of a day CHECKPOINT_LAG days before their today, where no
# change to their touch days can reach (a touch is logged at most 7 days back, an undo takes back one logged in
# the last 24 hours, and a time zone change moves today by up to 2 days), and moved there again once it is more
# than CHECKPOINT_HORIZON days behind: a log replays at most that many days, and moves it once in 11 days.
CHECKPOINT_LAG = 10
CHECKPOINT_HORIZON = 21


@dataclass(frozen=True)
class LoggedTouch:
    touch_id: int
    customer: str
    kind: TouchKind
    local_date: date
    backdated: bool
    points: int
    capped_reason: Marked | None
    previous_touch_on: date | None
    days_since_previous: int | None
    streak: int
    new_customer: bool
    freezes: int = 0
    frozen_recently: tuple[date, ...] = ()


@dataclass(frozen=True)
class Recorded:
    """What writing a touch decided, before the reply adds the streak."""

    touch_id: int
    rep_id: int
    touch_days: tuple[date, ...]  # the days the rep touched anyone after `since` (all without), this touch's included
    since: ReplayPoint | None  # the rep's stored streak replay, when it holds for this rule and this touch
    is_due: Callable[[date], bool]  # the rep's streak rule
    rule: int  # its `rule_key`
    customer: str
    kind: TouchKind
    local_date: date
    today: date
    points: int
    capped_reason: Marked | None
    previous_touch_on: date | None
    new_customer: bool


@dataclass(frozen=True)
class UndoneTouch:
    customer: str
    kind: TouchKind
    local_date: date
    points: int
    customer_removed: bool


@dataclass(frozen=True)
class TouchEntry:
    touch_id: int
    customer: str
    kind: TouchKind
    note: str | None
    local_date: date
    occurred_at: datetime
    points: int


# `/touch log`'s statements, built once with their values as parameters (see `bot/coach/reps.py`).
# Plain table statements: no ORM objects to build for rows only read once.
_REPS = table_of(Rep).c
_SETTINGS = table_of(GuildSettings)
_DAILY = table_of(DailyPoints).c
# The days the rep touched anyone since their stored streak replay (all of them without one), as one string:
# the reply's streak needs them, and read along with the rep they cost no statement of their own (B1). Read
# only after the stored replay, a log's cost does not grow with the rep's history (B1, 3 years of history).
_TOUCH_DAYS = (
    select(func.aggregate_strings(cast(_DAILY.day, String), ","))
    .where(
        _DAILY.rep_id == _REPS.id,
        _DAILY.touch_count > 0,
        _DAILY.day > func.coalesce(_REPS.streak_checkpoint_on, literal(date.min, Date)),
    )
    .scalar_subquery()
)
_CHECKPOINT = [
    _REPS.streak_checkpoint_on,
    _REPS.streak_checkpoint_rule,
    _REPS.streak_checkpoint_days,
    _REPS.streak_checkpoint_freezes,
    _REPS.streak_checkpoint_week_complete,
    _REPS.streak_checkpoint_week_had_due_day,
]
# The rep's columns and the guild's settings, whose columns (all None when the guild never changed a setting)
# keep their names for `GuildConfig.of`: the rep's own time zone is labelled.
_AUTHOR = (
    select(
        _REPS.id.label("rep_id"),
        _REPS.timezone.label("rep_timezone"),
        _REPS.away_from,
        _REPS.away_to,
        _TOUCH_DAYS.label("touch_days"),
        _REPS.guild_id,
        *_CHECKPOINT,
        *(column for column in _SETTINGS.c if column.name != "guild_id"),
    )
    .select_from(table_of(Rep).outerjoin(_SETTINGS, _SETTINGS.c.guild_id == _REPS.guild_id))
    .where(_REPS.guild_id == bindparam("guild_id"), _REPS.user_id == bindparam("user_id"))
)
_CUSTOMERS = table_of(Customer).c
_TOUCHES = table_of(Touch).c
_CUSTOMER_AND_SCORED_KINDS = (
    select(_CUSTOMERS.id, _CUSTOMERS.name, _CUSTOMERS.last_touched_on, _TOUCHES.kind)
    .outerjoin(
        table_of(Touch),
        and_(_TOUCHES.customer_id == _CUSTOMERS.id, _TOUCHES.local_date == bindparam("day"), _TOUCHES.points > 0),
    )
    .where(_CUSTOMERS.rep_id == bindparam("rep_id"), _CUSTOMERS.name_key == bindparam("name_key"))
)
_ALL_TOUCH_DAYS = select(_DAILY.day).where(_DAILY.rep_id == bindparam("rep_id"), _DAILY.touch_count > 0)
_REPLAY_FIELDS = ("on", "rule", "days", "freezes", "week_complete", "week_had_due_day")


def _moving(stored: str) -> Update:
    """The statement that stores a rep's replay point `stored` (`checkpoint` or `latest`)."""
    values: dict[str, Any] = {f"streak_{stored}_{name}": bindparam(name) for name in _REPLAY_FIELDS}
    return update(table_of(Rep)).where(_REPS.id == bindparam("rep_id")).values(**values)


_MOVE_CHECKPOINT = _moving("checkpoint")
_MOVE_LATEST = _moving("latest").values(streak_latest_touched=bindparam("touched"))
_INSERT_TOUCH = insert(table_of(Touch)).returning(_TOUCHES.id)
_MOVE_LAST_TOUCH = (
    update(table_of(Customer)).where(_CUSTOMERS.id == bindparam("customer_id")).values(last_touched_on=bindparam("day"))
)
_REENGAGE = (
    update(table_of(Customer))
    .where(_CUSTOMERS.id == bindparam("customer_id"))
    .values(last_touched_on=bindparam("day"), reengaged_on=bindparam("day"))
)


@dataclass(frozen=True)
class _Seen:
    """The customer a touch is for, as `/touch log` found (or created) them."""

    id: int
    name: str
    last_touched_on: date | None
    created: bool
    scored_kinds: list[str]


_WEEK_POINTS = select(func.coalesce(func.sum(_DAILY.points - _DAILY.quiz_points), 0)).where(
    _DAILY.rep_id == bindparam("rep_id"), _DAILY.day >= bindparam("monday"), _DAILY.day <= bindparam("sunday")
)


@dataclass(frozen=True)
class _Author:
    """The rep logging a touch and their guild's settings, as `/touch log` reads them."""

    rep_id: int
    timezone: str  # the rep's own, else the guild's
    guild: GuildConfig
    is_due: Callable[[date], bool]  # the rep's streak rule
    rule: int  # its `rule_key`
    checkpoint: ReplayPoint | None  # the stored streak replay, if any
    checkpoint_rule: int | None  # the rule it was replayed under
    touch_days: list[date]  # after the checkpoint (all of them without one), before this touch

    def streak_since(self, connection: Connection, day: date) -> tuple[ReplayPoint | None, list[date]]:
        """Where the streak's replay can start for a touch on `day`, and the touch days after that: the stored
        checkpoint when it was replayed under today's rule and this touch comes after it; otherwise every touch
        day (one more statement, once per rep after a change of rule)."""
        point = self.checkpoint
        if point is None:
            return None, self.touch_days
        if self.checkpoint_rule == self.rule and point.on < day:
            return point, self.touch_days
        return None, list(connection.scalars(_ALL_TOUCH_DAYS, {"rep_id": self.rep_id}))


def _checkpoint(row: Row[Any] | Rep) -> ReplayPoint | None:
    """The replay kept 10 to 21 days behind the rep's today, from their row (ORM or plain)."""
    return _point(
        row.streak_checkpoint_on,
        row.streak_checkpoint_days,
        row.streak_checkpoint_freezes,
        row.streak_checkpoint_week_complete,
        row.streak_checkpoint_week_had_due_day,
    )


def _latest(row: Row[Any] | Rep) -> ReplayPoint | None:
    """The replay at the end of the day before the rep's last log, from their row (ORM or plain)."""
    return _point(
        row.streak_latest_on,
        row.streak_latest_days,
        row.streak_latest_freezes,
        row.streak_latest_week_complete,
        row.streak_latest_week_had_due_day,
    )


def _point(
    on: date | None, days: int | None, freezes: int | None, complete: bool | None, had_due_day: bool | None
) -> ReplayPoint | None:
    if on is None or days is None or freezes is None or complete is None or had_due_day is None:
        return None
    return ReplayPoint(on, days, freezes, complete, had_due_day)


def _author(connection: Connection, guild_id: int, user_id: int, *, create: bool) -> _Author:
    """The rep (created on first use, when `create`) and their guild's settings, in one query and as plain
    rows: loading them as ORM objects cost a tenth of a log's time (bench B1)."""
    parameters = {"guild_id": guild_id, "user_id": user_id}
    row = connection.execute(_AUTHOR, parameters).first()
    if row is None:
        if not create:
            raise NotFound(N_("You don't use Rapport in that server yet; log your first touch there."))
        insert_ignore(connection, Rep, {**parameters, "preferences": {}}, ["guild_id", "user_id"])
        row = connection.execute(_AUTHOR, parameters).one()  # inserted or already there
    guild = GuildConfig.of(row)
    days = [date.fromisoformat(day) for day in row.touch_days.split(",")] if row.touch_days else []
    return _Author(
        rep_id=row.rep_id,
        timezone=row.rep_timezone or guild.timezone,
        guild=guild,
        is_due=guild.due_rule(row.away_from, row.away_to),
        rule=rule_key(guild.work_days, guild.holidays, row.away_from, row.away_to),
        checkpoint=_checkpoint(row),
        checkpoint_rule=row.streak_checkpoint_rule,
        touch_days=days,
    )


def _customer_and_scored_kinds(connection: Connection, rep_id: int, name: CustomerName, day: date) -> _Seen:
    """The customer (created when new) and the kinds that already scored with them on `day` (the per-day
    caps), read in one query: this is every `/touch log`'s path."""
    parameters = {"rep_id": rep_id, "name_key": name.key, "day": day}
    rows = connection.execute(_CUSTOMER_AND_SCORED_KINDS, parameters).all()
    created = not rows
    if created:
        add_customer(connection, rep_id, name)
        rows = connection.execute(_CUSTOMER_AND_SCORED_KINDS, parameters).all()  # inserted or already there
    first = rows[0]
    return _Seen(first.id, first.name, first.last_touched_on, created, [row.kind for row in rows if row.kind])


def _clean_note(note: str | None) -> str | None:
    cleaned = (note or "").strip()
    if len(cleaned) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            N_("Notes can be at most {limit} characters ({given} given)."), limit=MAX_NOTE_LENGTH, given=len(cleaned)
        )
    return cleaned or None


@dataclass(frozen=True)
class _Wanted:
    """A touch as the rep asked for it, its name and note already checked."""

    guild_id: int
    user_id: int
    customer: CustomerName
    kind: TouchKind
    note: str | None
    when: str | None
    from_dm: bool  # from the reminder DM: only for a rep who already uses Rapport in that guild

    @classmethod
    def checked(
        cls,
        guild_id: int,
        user_id: int,
        customer: str,
        kind: TouchKind,
        note: str | None,
        when: str | None,
        *,
        from_dm: bool = False,
    ) -> _Wanted:
        return cls(guild_id, user_id, customer_name(customer), kind, _clean_note(note), when, from_dm)


def _within_weekly_cap(connection: Connection, rep_id: int, day: date, award: Award, cap: int) -> Award:
    """A guild may cap the touch points one rep earns in a week (Monday to Sunday of `day`)."""
    monday = day - timedelta(days=day.weekday())
    earned = connection.scalar(_WEEK_POINTS, {"rep_id": rep_id, "monday": monday, "sunday": monday + timedelta(days=6)})
    room = max(cap - int(earned or 0), 0)
    if room >= award.points:
        return award
    if room == 0:
        return Award(0, Marked(N_("you reached this server's weekly cap of {cap} points"), {"cap": cap}))
    return Award(
        room, Marked(N_("only {room} more points fit this server's weekly cap of {cap}"), {"room": room, "cap": cap})
    )


def _streak(connection: Connection, recorded: Recorded) -> StreakState:
    """The streak after a touch, replayed from the rep's checkpoint; a checkpoint more than CHECKPOINT_HORIZON
    days behind (or none) is first moved to CHECKPOINT_LAG days behind, in the same transaction."""
    since, today = recorded.since, recorded.today
    if since is None or (today - since.on).days > CHECKPOINT_HORIZON:
        since = replay_point(recorded.touch_days, today - timedelta(days=CHECKPOINT_LAG), recorded.is_due, since)
        connection.execute(
            _MOVE_CHECKPOINT,
            {
                "rep_id": recorded.rep_id,
                "on": since.on,
                "rule": recorded.rule,
                "days": since.days,
                "freezes": since.freezes,
                "week_complete": since.week_complete,
                "week_had_due_day": since.week_had_due_day,
            },
        )
    state, latest = streak_and_latest(recorded.touch_days, today, recorded.is_due, since)
    connection.execute(
        _MOVE_LATEST,
        {
            "rep_id": recorded.rep_id,
            "on": latest.on,
            "rule": recorded.rule,
            "days": latest.days,
            "freezes": latest.freezes,
            "week_complete": latest.week_complete,
            "week_had_due_day": latest.week_had_due_day,
            "touched": today in recorded.touch_days,
        },
    )
    return state


async def streaks_of(
    session: AsyncSession, reps: Sequence[Rep | Row[Any]], guild: GuildConfig, today: date
) -> dict[int, int]:
    """Current streaks of many reps (by rep id; ORM rows or plain rows with their columns), from the daily
    rollup: each replayed from the rep's checkpoint
    when it holds (the rule it was replayed under is the rep's now, and it ends before `today`) and reading only
    the days after it, else from the first touch."""
    if not reps:
        return {}
    # A rep's rule depends on the guild's and on their away days alone: made once per distinct away days.
    made: dict[tuple[date | None, date | None], tuple[Callable[[date], bool], int]] = {}
    for rep in reps:
        away = (rep.away_from, rep.away_to)
        if away not in made:
            made[away] = guild.due_rule(*away), rule_key(guild.work_days, guild.holidays, *away)
    rules = {rep.id: made[rep.away_from, rep.away_to][0] for rep in reps}
    since: dict[int, ReplayPoint] = {}
    streaks: dict[int, int] = {}
    for rep in reps:
        rule = made[rep.away_from, rep.away_to][1]
        latest = _latest(rep)
        if latest is not None and latest.on < today and rep.streak_latest_rule == rule:
            last_log_day = [latest.on + timedelta(days=1)] if rep.streak_latest_touched else []
            streaks[rep.id] = streak_state(last_log_day, today, rules[rep.id], latest).days  # no day to read
            continue
        point = _checkpoint(rep)
        if point is not None and point.on < today and rep.streak_checkpoint_rule == rule:
            since[rep.id] = point
    reps = [rep for rep in reps if rep.id not in streaks]
    if not reps:
        return streaks
    days: dict[int, list[date]] = {rep.id: [] for rep in reps}
    touched = [DailyPoints.touch_count > 0, DailyPoints.day <= today]
    queries = []
    if since:
        queries.append(
            select(DailyPoints.rep_id, DailyPoints.day)
            .join(Rep, Rep.id == DailyPoints.rep_id)
            .where(DailyPoints.rep_id.in_(since), *touched, DailyPoints.day > Rep.streak_checkpoint_on)
        )
    if len(since) < len(reps):
        whole = [rep.id for rep in reps if rep.id not in since]
        queries.append(select(DailyPoints.rep_id, DailyPoints.day).where(DailyPoints.rep_id.in_(whole), *touched))
    for query in queries:
        for rep_id, day in await session.execute(query):
            days[rep_id].append(day)
    streaks.update({rep.id: streak_state(days[rep.id], today, rules[rep.id], since.get(rep.id)).days for rep in reps})
    return streaks


class TouchLog:
    """Write and read a rep's touches, keeping the daily points rollup in the same transaction."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def log(
        self,
        guild_id: int,
        user_id: int,
        *,
        customer: str,
        kind: TouchKind,
        note: str | None = None,
        when: str | None = None,
    ) -> LoggedTouch:
        return await self._db.run_write(self._logged, _Wanted.checked(guild_id, user_id, customer, kind, note, when))

    async def log_from_dm(
        self, guild_id: int, user_id: int, *, customer: str, kind: TouchKind, note: str | None = None
    ) -> LoggedTouch:
        """From the reminder DM: only for a rep who already uses Rapport in that guild."""
        wanted = _Wanted.checked(guild_id, user_id, customer, kind, note, None, from_dm=True)
        return await self._db.run_write(self._logged, wanted)

    def _logged(self, connection: Connection, wanted: _Wanted) -> LoggedTouch:
        """Record the touch and work out the streak for the reply, in one transaction run as one synchronous
        unit of work (`Database.run_write`) instead of a greenlet per statement, with the days the streak
        needs read along with the rep rather than in a second session or statement (each measured in
        `bench`, B1)."""
        recorded = self._record(connection, wanted)
        streak = _streak(connection, recorded)
        return LoggedTouch(
            touch_id=recorded.touch_id,
            customer=recorded.customer,
            kind=recorded.kind,
            local_date=recorded.local_date,
            backdated=recorded.local_date != recorded.today,
            points=recorded.points,
            capped_reason=recorded.capped_reason,
            previous_touch_on=recorded.previous_touch_on,
            days_since_previous=None
            if recorded.previous_touch_on is None
            else (recorded.today - recorded.previous_touch_on).days,
            streak=streak.days,
            new_customer=recorded.new_customer,
            freezes=streak.freezes,
            frozen_recently=tuple(day for day in streak.frozen if (recorded.today - day).days <= 7),
        )

    async def touched_on(self, guild_id: int, user_id: int, day: date) -> bool:
        async with self._db.read() as session:
            rep = await find_rep(session, guild_id, user_id)
            if rep is None:
                return False
            count = await session.scalar(
                select(DailyPoints.touch_count).where(DailyPoints.rep_id == rep.id, DailyPoints.day == day)
            )
            return bool(count)

    async def record(
        self,
        session: AsyncSession,
        guild_id: int,
        user_id: int,
        *,
        customer: str,
        kind: TouchKind,
        note: str | None = None,
        when: str | None = None,
    ) -> Recorded:
        """Log a touch inside the caller's write transaction (a kept promise logs its follow-up this way)."""
        wanted = _Wanted.checked(guild_id, user_id, customer, kind, note, when)

        def recorded_with_streak(held: Session) -> Recorded:
            recorded = self._record(held.connection(), wanted, held)
            _streak(held.connection(), recorded)  # keeps the rep's stored replays true, as every log does
            return recorded

        return await session.run_sync(recorded_with_streak)

    def _record(self, connection: Connection, wanted: _Wanted, held: Session | None = None) -> Recorded:
        """Plain table statements on `connection`; `held` is the caller's session, whose loaded customer is kept
        in step."""
        now, kind = self._clock(), wanted.kind
        author = _author(connection, wanted.guild_id, wanted.user_id, create=not wanted.from_dm)
        guild, rep_id = author.guild, author.rep_id
        tz = zone(author.timezone)
        today = local_today(now, tz)
        day = parse_when(wanted.when, today)
        since, touch_days = author.streak_since(connection, day)
        seen = _customer_and_scored_kinds(connection, rep_id, wanted.customer, day)
        previous = seen.last_touched_on
        award = award_for(kind, seen.scored_kinds, guild.weights)
        if award.points and guild.weekly_points_cap is not None:
            award = _within_weekly_cap(connection, rep_id, day, award, guild.weekly_points_cap)
        gap = None if previous is None or day < previous else (day - previous).days
        touch_id = connection.execute(
            _INSERT_TOUCH,
            {
                "rep_id": rep_id,
                "customer_id": seen.id,
                "kind": kind.value,
                "note": wanted.note,
                "occurred_at": moment_for(day, today, now, tz),
                "local_date": day,
                "logged_at": now,
                "points": award.points,
                "gap_days": gap,
            },
        ).scalar_one()
        if previous is None or day > previous:
            # A re-engagement (a gap of at least the threshold) is always the customer's latest touch as well.
            reengaged = gap is not None and gap >= guild.cold_after_days
            connection.execute(_REENGAGE if reengaged else _MOVE_LAST_TOUCH, {"customer_id": seen.id, "day": day})
            loaded = None if held is None else held.identity_map.get(identity_key(Customer, seen.id))
            if loaded is not None:  # the caller holds the customer (a kept promise): keep it true
                set_committed_value(loaded, "last_touched_on", day)
                if reengaged:
                    set_committed_value(loaded, "reengaged_on", day)
        add_to_rollups(connection, rep_id=rep_id, day=day, guild_id=wanted.guild_id, points=award.points, touch_count=1)
        return Recorded(
            touch_id=touch_id,
            rep_id=rep_id,
            touch_days=(*touch_days, day),
            since=since,
            is_due=author.is_due,
            rule=author.rule,
            customer=seen.name,
            kind=kind,
            local_date=day,
            today=today,
            points=award.points,
            capped_reason=award.capped_reason,
            previous_touch_on=previous,
            new_customer=seen.created,
        )

    async def undo(self, guild_id: int, user_id: int) -> UndoneTouch:
        """Remove the rep's most recently logged touch, if it was logged within the last 24 hours."""
        now = self._clock()
        async with self._db.write() as session:
            rep = await find_rep(session, guild_id, user_id)
            latest = None
            if rep is not None:
                latest = await session.scalar(
                    select(Touch)
                    .where(Touch.rep_id == rep.id)
                    .order_by(Touch.logged_at.desc(), Touch.id.desc())
                    .limit(1)
                )
            if rep is None or latest is None:
                raise NothingToUndo(N_("You have no touches to undo."))
            if now - latest.logged_at > UNDO_WINDOW:
                raise NothingToUndo(N_("Your last touch was logged more than 24 hours ago, so it stays."))
            if rep.streak_checkpoint_on is not None and latest.local_date <= rep.streak_checkpoint_on:
                rep.streak_checkpoint_on = None  # out of its reach but for a clock gone back: replay afresh
            rep.streak_latest_on = None  # the day it said was touched may be no more
            record = await session.get_one(Customer, latest.customer_id)
            name = record.name
            await session.delete(latest)
            await session.run_sync(
                add_to_rollups,
                rep_id=rep.id,
                day=latest.local_date,
                guild_id=guild_id,
                points=-latest.points,
                touch_count=-1,
            )
            await session.flush()
            cold_after_days = (await guild_settings(session, guild_id)).cold_after_days
            still_there = await refresh_last_touch(session, record, cold_after_days)
            return UndoneTouch(
                customer=name,
                kind=TouchKind(latest.kind),
                local_date=latest.local_date,
                points=latest.points,
                customer_removed=not still_there,
            )

    async def history(
        self, guild_id: int, user_id: int, *, customer: str | None = None, days: int = 14
    ) -> list[TouchEntry]:
        """The rep's touches over the last `days` local days, newest first."""
        if not 1 <= days <= MAX_HISTORY_DAYS:
            raise InvalidInput(N_("`days` must be between 1 and {most}."), most=MAX_HISTORY_DAYS)
        async with self._db.read() as session:
            rep = await find_rep(session, guild_id, user_id)
            if rep is None:
                return []
            today = local_today(self._clock(), await rep_zone(session, guild_id, rep))
            since = recent_days(today, days)[-1]
            query = (
                select(Touch, Customer.name)
                .join(Customer, Customer.id == Touch.customer_id)
                .where(Touch.rep_id == rep.id, Touch.local_date >= since)
            )
            if customer:
                record = await find_customer(session, rep.id, customer_name(customer))
                if record is None:
                    return []
                query = query.where(Touch.customer_id == record.id)
            rows = await session.execute(
                query.order_by(Touch.occurred_at.desc(), Touch.id.desc()).limit(MAX_HISTORY_ROWS)
            )
            return [
                TouchEntry(
                    touch_id=touch.id,
                    customer=name,
                    kind=TouchKind(touch.kind),
                    note=touch.note,
                    local_date=touch.local_date,
                    occurred_at=touch.occurred_at,
                    points=touch.points,
                )
                for touch, name in rows
            ]

    async def today(self, guild_id: int, user_id: int) -> date:
        """The rep's current local date (their zone, else the guild's)."""
        async with self._db.read() as session:
            rep = await find_rep(session, guild_id, user_id)
            return local_today(self._clock(), await rep_zone(session, guild_id, rep))

    async def streak(self, guild_id: int, user_id: int) -> int:
        async with self._db.read() as session:
            rep: Rep | None = await find_rep(session, guild_id, user_id)
            if rep is None:
                return 0
            today = local_today(self._clock(), await rep_zone(session, guild_id, rep))
            guild = GuildConfig.of(await guild_settings(session, guild_id))
            return (await streaks_of(session, [rep], guild, today))[rep.id]
