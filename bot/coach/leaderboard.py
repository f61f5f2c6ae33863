"""Boards of relationship actions for a period: points from the daily rollup (touches + quiz), customers
touched and re-engaged, streaks, and the best listener. Never closes, never revenue."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal, TypeVar

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.coach.clock import Clock
from bot.coach.dates import local_today
from bot.coach.preferences import GuildConfig
from bot.coach.reps import guild_settings
from bot.coach.timing import local_instant
from bot.coach.touches import streaks_of
from bot.coach.zones import zone
from bot.db.engine import Database
from bot.db.models import Customer, DailyPoints, Rep, Touch, WeeklyPoints

Period = Literal["week", "month", "all"]
TOP = 10
MIN_QUIZ_ANSWERS_FOR_LISTENER = 3


@dataclass(frozen=True)
class BoardRow:
    rank: int
    user_id: int
    points: int
    customers: int
    reengaged: int
    streak: int


_Title = TypeVar("_Title", tuple[int, int], tuple[int, int, int])


def _unless_held_by(title: _Title | None, user_id: int) -> _Title | None:
    """A board title (user id first), or none when it is this member's."""
    return None if title is not None and title[0] == user_id else title


@dataclass(frozen=True)
class Board:
    period: str
    start: date | None
    end: date
    rows: list[BoardRow]
    reps_counted: int
    team_points: int
    team_customers: int
    team_reengaged: int
    longest_streak: tuple[int, int] | None  # (user id, days)
    best_listener: tuple[int, int, int] | None  # (user id, listening answers, answers)
    caller: BoardRow | None = None
    most_improved: tuple[int, int] | None = None  # (user id, points gained over the period before)
    most_reengaged: tuple[int, int] | None = None  # (user id, customers re-engaged)
    promises_kept: int = 0
    caller_private: bool = False  # the caller has points but the board does not show them (their rank is theirs)
    caller_manager: bool = False  # ... because managers are off this server's board, not by their own setting

    def to_payload(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"] = self.start.isoformat() if self.start else None
        data["end"] = self.end.isoformat()
        return data

    def naming(self, user_id: int) -> bool:
        """Whether the board shows this member anywhere: a row, a title, or as the caller."""
        return self != self.without(user_id)

    def without(self, user_id: int) -> Board:
        """The board as if it never named this member (`/privacy delete`): their row and titles go, the rows
        below move up a rank (unless someone shared theirs); the team's totals stay, as they name no one."""
        gone = [row.rank for row in self.rows if row.user_id == user_id]
        kept = [row for row in self.rows if row.user_id != user_id]
        if gone and not any(row.rank == gone[0] for row in kept):
            kept = [replace(row, rank=row.rank - 1) if row.rank > gone[0] else row for row in kept]
        return replace(
            self,
            rows=kept,
            longest_streak=_unless_held_by(self.longest_streak, user_id),
            best_listener=_unless_held_by(self.best_listener, user_id),
            most_improved=_unless_held_by(self.most_improved, user_id),
            most_reengaged=_unless_held_by(self.most_reengaged, user_id),
            caller=None if self.caller is not None and self.caller.user_id == user_id else self.caller,
        )

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> Board:
        rows = [BoardRow(**row) for row in data["rows"]]
        caller = BoardRow(**data["caller"]) if data.get("caller") else None
        return cls(
            period=data["period"],
            start=date.fromisoformat(data["start"]) if data["start"] else None,
            end=date.fromisoformat(data["end"]),
            rows=rows,
            reps_counted=data["reps_counted"],
            team_points=data["team_points"],
            team_customers=data["team_customers"],
            team_reengaged=data["team_reengaged"],
            longest_streak=tuple(data["longest_streak"]) if data["longest_streak"] else None,
            best_listener=tuple(data["best_listener"]) if data["best_listener"] else None,
            caller=caller,
            most_improved=tuple(data["most_improved"]) if data.get("most_improved") else None,
            most_reengaged=tuple(data["most_reengaged"]) if data.get("most_reengaged") else None,
            promises_kept=data.get("promises_kept", 0),
            caller_private=data.get("caller_private", False),
            caller_manager=data.get("caller_manager", False),
        )


def period_bounds(period: Period, today: date) -> tuple[date | None, date]:
    """The last 7 days, the last 30 days, or everything, ending today."""
    if period == "week":
        return today - timedelta(days=6), today
    if period == "month":
        return today - timedelta(days=29), today
    return None, today


Window = tuple[date | None, date]


def _within(day: Any, window: Window) -> ColumnElement[bool]:
    start, end = window
    return and_(day <= end) if start is None else and_(day >= start, day <= end)


@dataclass(frozen=True)
class Days:
    """Which local days a board or report counts, rep by rep.

    Each rep's touches count on their own local day. A period that ends now ends on each rep's own today: a rep
    on Tokyo time in a New York server has her Tuesday while the server is still on Monday, and her Tuesday's
    touches count at once. A closed calendar week is the same days for everyone, so it closes for everyone at
    the same instant. `own` holds only the reps whose days differ from the server's (`start`..`end`)."""

    start: date | None
    end: date
    own: dict[int, Window] = field(default_factory=dict)

    @classmethod
    def ending_now(cls, period: Period, now: datetime, guild_zone: str, reps: Iterable[Any]) -> Days:
        """The period ending today, each rep's today in their own zone (`reps`: rows with `id`, `timezone`)."""
        today = local_today(now, zone(guild_zone))
        start, end = period_bounds(period, today)
        own: dict[int, Window] = {}
        for rep in reps:
            if rep.timezone and rep.timezone != guild_zone:
                theirs = local_today(now, zone(rep.timezone))
                if theirs != today:
                    own[rep.id] = period_bounds(period, theirs)
        return cls(start, end, own)

    def window(self, rep_id: int) -> Window:
        return self.own.get(rep_id, (self.start, self.end))

    def shifted(self, days: int) -> Days:
        """The same span `days` earlier (the period before, for "most improved")."""
        back = timedelta(days=days)

        def earlier(window: Window) -> Window:
            start, end = window
            return (None if start is None else start - back), end - back

        start, end = earlier((self.start, self.end))
        return Days(start, end, {rep_id: earlier(window) for rep_id, window in self.own.items()})

    def each(self, rep_id: Any, condition: Callable[[Window], ColumnElement[bool] | None]) -> ColumnElement[bool]:
        """`condition` for each window, each for its own reps (a window whose condition is None adds nothing)."""
        parts = []
        base = condition((self.start, self.end))
        if base is not None:
            parts.append(and_(rep_id.not_in(list(self.own)), base) if self.own else base)
        by_window: dict[Window, list[int]] = {}
        for rep, window in self.own.items():
            by_window.setdefault(window, []).append(rep)
        for window, reps in by_window.items():
            theirs = condition(window)
            if theirs is not None:
                parts.append(and_(rep_id.in_(reps), theirs))
        return or_(*parts) if parts else false()

    def after(self, rep_id: Any, day: Any) -> ColumnElement[bool]:
        """The condition that a local-day column falls after each rep's own last day."""
        return self.each(rep_id, lambda window: and_(day > window[1]))

    def where(self, rep_id: Any, day: Any) -> ColumnElement[bool]:
        """The condition on a rep-id column and a local-day column that keeps each rep's own days."""
        return self.each(rep_id, lambda window: _within(day, window))


def weeks_and_edges(window: Window) -> tuple[Window | None, list[Window]]:
    """A window's whole calendar weeks (the first and last Monday, for the weekly rollup), and the days before
    and after them (for the daily one)."""
    start, end = window
    last_sunday = end - timedelta(days=(end.weekday() + 1) % 7)
    first_monday = None if start is None else start + timedelta(days=-start.weekday() % 7)
    if first_monday is not None and first_monday > last_sunday - timedelta(days=6):
        return None, [window]
    edges: list[Window] = []
    if start is not None and first_monday is not None and start < first_monday:
        edges.append((start, first_monday - timedelta(days=1)))
    if last_sunday < end:
        edges.append((last_sunday + timedelta(days=1), end))
    return (first_monday, last_sunday - timedelta(days=6)), edges


def last_board_day(now: datetime, config: GuildConfig) -> date:
    """The day of the most recent weekly board (its time passed): the posted board covers the seven days
    before it."""
    tz = zone(config.timezone)
    day = local_today(now, tz)
    day -= timedelta(days=(day.weekday() - config.leaderboard_weekday) % 7)
    if local_instant(day, config.leaderboard_time, tz) > now:
        day -= timedelta(days=7)
    return day


def board_week(board_day: date) -> tuple[date, date]:
    """The calendar week a board posted on `board_day` shows: the seven days before it."""
    return board_day - timedelta(days=7), board_day - timedelta(days=1)


class Leaderboard:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def for_period(
        self, guild_id: int, period: Period, *, caller_id: int | None = None, weeks_ago: int = 0
    ) -> Board:
        """The board for the last 7 or 30 days or all time, each rep's days ending on their own today; with
        `weeks_ago` (a week board), the calendar week the weekly board showed that many boards ago."""
        now = self._clock()
        async with self._db.read() as session:
            config = GuildConfig.of(await guild_settings(session, guild_id))
            reps = await _board_reps(session, guild_id)
            if period == "week" and weeks_ago:
                start, end = board_week(last_board_day(now, config) - timedelta(weeks=weeks_ago - 1))
                days = Days(start, end)
            else:
                days = Days.ending_now(period, now, config.timezone, reps.values())
            return await self._tallied(session, guild_id, config, reps, days, period, caller_id)

    async def _points(self, session: AsyncSession, guild_id: int, days: Days) -> dict[int, int]:
        return {rep_id: sums[0] for rep_id, sums in (await rolled_sums(session, guild_id, days, "points")).items()}

    async def _points_and_answers(
        self, session: AsyncSession, guild_id: int, days: Days
    ) -> tuple[dict[int, int], list[tuple[int, int, int]], int]:
        """From the rollups: points per rep; (rep id, listening answers, answers) in the quiz; and the
        promises kept on time."""
        rolled = await rolled_sums(
            session, guild_id, days, "points", "quiz_listening", "quiz_answered", "promises_kept"
        )
        points = {rep_id: total for rep_id, (total, _, _, _) in rolled.items()}
        listeners = [
            (rep_id, listening, answered) for rep_id, (_, listening, answered, _) in rolled.items() if answered
        ]
        return points, listeners, sum(kept for _, _, _, kept in rolled.values())

    async def between(
        self, guild_id: int, start: date | None, end: date, *, period: str, caller_id: int | None = None
    ) -> Board:
        """The board over local days `start`..`end` (inclusive; `start` None means from the beginning), the
        same days for every rep: a calendar week, as the weekly board shows it."""
        return await self.counted(guild_id, Days(start, end), period=period, caller_id=caller_id)

    async def counted(self, guild_id: int, days: Days, *, period: str, caller_id: int | None = None) -> Board:
        """The board over `days`.

        Everyone counts in the team totals; only reps who chose a public board (and managers only when the
        guild includes them) are ranked and named. A private rep still sees their own rank.
        """
        async with self._db.read() as session:
            config = GuildConfig.of(await guild_settings(session, guild_id))
            reps = await _board_reps(session, guild_id)
            return await self._tallied(session, guild_id, config, reps, days, period, caller_id)

    async def _tallied(
        self,
        session: AsyncSession,
        guild_id: int,
        config: GuildConfig,
        reps: dict[int, Any],
        days: Days,
        period: str,
        caller_id: int | None,
    ) -> Board:
        start, end = days.start, days.end
        points, listeners, kept = await self._points_and_answers(session, guild_id, days)
        earlier: dict[int, int] = {}
        if start is not None:
            earlier = await self._points(session, guild_id, days.shifted((end - start).days + 1))
        reached = await _reached(session, guild_id, days, config.cold_after_days)

        def left_off_as_manager(rep_id: int) -> bool:
            return reps[rep_id].is_manager and not config.board_includes_managers

        def shown(rep_id: int) -> bool:
            return reps[rep_id].board_visibility == "public" and not left_off_as_manager(rep_id)

        ranked = sorted(
            (rep_id for rep_id, total in points.items() if total > 0 and shown(rep_id)),
            key=lambda rep_id: (-points[rep_id], reps[rep_id].user_id),
        )
        caller_rep = next((rep_id for rep_id, rep in reps.items() if rep.user_id == caller_id), None)
        wanted = set(ranked) | ({caller_rep} if caller_rep is not None else set())
        by_today: dict[date, list[Any]] = {}
        for rep_id in wanted:  # a streak runs to the rep's own last day of the period
            by_today.setdefault(days.window(rep_id)[1], []).append(reps[rep_id])
        streaks: dict[int, int] = {}
        for today, group in by_today.items():
            streaks.update(await streaks_of(session, group, config, today))

        users = {rep_id: rep.user_id for rep_id, rep in reps.items()}

        def row(rep_id: int, rank: int) -> BoardRow:
            customers, reengaged = reached.get(rep_id, (0, 0))
            return BoardRow(rank, users[rep_id], points.get(rep_id, 0), customers, reengaged, streaks.get(rep_id, 0))

        caller_row, caller_private, caller_manager = None, False, False
        if caller_rep is not None and caller_rep in ranked:
            caller_row = row(caller_rep, ranked.index(caller_rep) + 1)
        elif caller_rep is not None and points.get(caller_rep, 0) > 0:  # not shown: ranked among those shown
            ahead = sum(1 for rep_id in ranked if points[rep_id] > points[caller_rep])
            caller_row, caller_private = row(caller_rep, ahead + 1), True
            caller_manager = left_off_as_manager(caller_rep)
        return Board(
            period=period,
            start=start,
            end=end,
            rows=[row(rep_id, rank) for rank, rep_id in enumerate(ranked[:TOP], start=1)],
            reps_counted=sum(1 for total in points.values() if total > 0),
            team_points=sum(points.values()),
            team_customers=sum(customers for customers, _ in reached.values()),
            team_reengaged=sum(reengaged for _, reengaged in reached.values()),
            longest_streak=_top({users[r]: streaks.get(r, 0) for r in ranked}),
            best_listener=_best_listener(
                [(users[rep_id], correct, answered) for rep_id, correct, answered in listeners if shown(rep_id)]
            ),
            caller=caller_row,
            most_improved=_top({users[r]: points[r] - earlier.get(r, 0) for r in ranked} if earlier else {}),
            most_reengaged=_top({users[r]: reached.get(r, (0, 0))[1] for r in ranked}),
            promises_kept=kept,
            caller_private=caller_private,
            caller_manager=caller_manager,
        )


# What a board reads of each rep: who they are, whether they are shown, and what their streak needs (as plain
# rows: loading 500 reps as ORM objects, every JSON column decoded, was a fifth of a week board's time).
_BOARD_REPS = select(
    Rep.id,
    Rep.user_id,
    Rep.board_visibility,
    Rep.is_manager,
    Rep.timezone,
    Rep.away_from,
    Rep.away_to,
    Rep.streak_checkpoint_on,
    Rep.streak_checkpoint_rule,
    Rep.streak_checkpoint_days,
    Rep.streak_checkpoint_freezes,
    Rep.streak_checkpoint_week_complete,
    Rep.streak_checkpoint_week_had_due_day,
    Rep.streak_latest_on,
    Rep.streak_latest_rule,
    Rep.streak_latest_days,
    Rep.streak_latest_freezes,
    Rep.streak_latest_week_complete,
    Rep.streak_latest_week_had_due_day,
    Rep.streak_latest_touched,
)


async def _board_reps(session: AsyncSession, guild_id: int) -> dict[int, Any]:
    return {rep.id: rep for rep in await session.execute(_BOARD_REPS.where(Rep.guild_id == guild_id))}


def _top(scores: dict[int, int]) -> tuple[int, int] | None:
    """(user id, score) of the highest positive score; ties go to the higher user id, as before."""
    best = max(((score, user_id) for user_id, score in scores.items() if score > 0), default=None)
    return None if best is None else (best[1], best[0])


def _best_listener(listeners: list[tuple[int, int, int]]) -> tuple[int, int, int] | None:
    """(user id, listening answers, answers) of the best quiz accuracy among those with enough answers."""
    qualified = [
        (correct / answered, correct, user_id, answered)
        for user_id, correct, answered in listeners
        if answered >= MIN_QUIZ_ANSWERS_FOR_LISTENER
    ]
    best = max(qualified, default=None)
    return None if best is None else (best[2], best[1], best[3])


async def rolled_sums(session: AsyncSession, guild_id: int, days: Days, *counters: str) -> dict[int, list[int]]:
    """Per rep, the sums of the rollups' `counters` over their days: whole calendar weeks from the weekly
    rollup, the days around them from the daily one."""
    sums: dict[int, list[int]] = {}
    for model, kept in (
        (WeeklyPoints, days.each(WeeklyPoints.rep_id, lambda window: _weeks_within(WeeklyPoints.week, window))),
        (DailyPoints, days.each(DailyPoints.rep_id, lambda window: _edges_within(DailyPoints.day, window))),
    ):
        columns = [func.sum(getattr(model, counter)) for counter in counters]
        rows = await session.execute(
            select(model.rep_id, *columns).where(model.guild_id == guild_id, kept).group_by(model.rep_id)
        )
        for rep_id, *values in rows:
            tally = sums.setdefault(rep_id, [0] * len(counters))
            for index, value in enumerate(values):
                tally[index] += int(value or 0)
    return sums


def _weeks_within(week: Any, window: Window) -> ColumnElement[bool] | None:
    weeks, _ = weeks_and_edges(window)
    return None if weeks is None else _within(week, weeks)


def _edges_within(day: Any, window: Window) -> ColumnElement[bool] | None:
    _, edges = weeks_and_edges(window)
    return or_(*(_within(day, edge) for edge in edges)) if edges else None


async def _reached(
    session: AsyncSession, guild_id: int, days: Days, cold_after_days: int
) -> dict[int, tuple[int, int]]:
    """Per rep: customers touched, and customers re-engaged (touched after `cold_after_days` without).

    Read from each customer's last touch and last re-engagement (`Customer.last_touched_on`, `reengaged_on`):
    a customer last touched within the rep's days was touched in them, and one whose last re-engagement falls
    in them was re-engaged in them. Only a customer touched again after the days (a closed calendar week, or a
    rep ahead of the days) needs its touches looked at, one index lookup each."""
    guild_reps = select(Rep.id).where(Rep.guild_id == guild_id)
    counted: dict[int, list[int]] = {}
    rows = await session.execute(
        select(
            Customer.rep_id,
            func.count(),
            func.sum(case((days.where(Customer.rep_id, Customer.reengaged_on), 1), else_=0)),
        )
        .where(Customer.rep_id.in_(guild_reps), days.where(Customer.rep_id, Customer.last_touched_on))
        .group_by(Customer.rep_id)
    )
    for rep_id, touched, reengaged in rows:
        counted[rep_id] = [touched, int(reengaged or 0)]
    in_days = days.where(Customer.rep_id, Touch.local_date)
    touched_in_days = select(Touch.id).where(Touch.customer_id == Customer.id, in_days).exists()
    reengaged_in_days = (
        select(Touch.id).where(Touch.customer_id == Customer.id, in_days, Touch.gap_days >= cold_after_days).exists()
    )
    later = await session.execute(
        select(Customer.rep_id, touched_in_days, reengaged_in_days).where(
            Customer.rep_id.in_(guild_reps), days.after(Customer.rep_id, Customer.last_touched_on)
        )
    )
    for rep_id, touched, reengaged in later:
        if touched:
            tally = counted.setdefault(rep_id, [0, 0])
            tally[0] += 1
            tally[1] += bool(reengaged)
    return {rep_id: (touched, reengaged) for rep_id, (touched, reengaged) in counted.items()}
