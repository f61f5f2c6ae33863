"""Boards of relationship actions for a period: points from the daily rollup (touches + quiz), customers
touched and re-engaged, streaks, and the best listener. Never closes, never revenue."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import case, func, select

from bot.coach.clock import Clock
from bot.coach.dates import local_today, zone
from bot.coach.reps import guild_settings
from bot.coach.settings import GuildConfig
from bot.coach.touches import rep_streak
from bot.db.engine import Database
from bot.db.models import DailyPoints, QuizPresentation, Rep, Touch

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

    def to_payload(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"] = self.start.isoformat() if self.start else None
        data["end"] = self.end.isoformat()
        return data

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
        )


def period_bounds(period: Period, today: date) -> tuple[date | None, date]:
    """The last 7 days, the last 30 days, or everything, ending today."""
    if period == "week":
        return today - timedelta(days=6), today
    if period == "month":
        return today - timedelta(days=29), today
    return None, today


class Leaderboard:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def for_period(self, guild_id: int, period: Period, *, caller_id: int | None = None) -> Board:
        async with self._db.read() as session:
            config = GuildConfig.of(await guild_settings(session, guild_id))
        today = local_today(self._clock(), zone(config.timezone))
        start, end = period_bounds(period, today)
        return await self.between(guild_id, start, end, period=period, caller_id=caller_id)

    async def between(
        self, guild_id: int, start: date | None, end: date, *, period: str, caller_id: int | None = None
    ) -> Board:
        """The board over local days `start`..`end` (inclusive; `start` None means from the beginning)."""
        async with self._db.read() as session:
            config = GuildConfig.of(await guild_settings(session, guild_id))
            day_filter = [DailyPoints.guild_id == guild_id, DailyPoints.day <= end]
            if start is not None:
                day_filter.append(DailyPoints.day >= start)
            totals = list(
                await session.execute(
                    select(Rep.id, Rep.user_id, func.sum(DailyPoints.points).label("points"))
                    .join(Rep, Rep.id == DailyPoints.rep_id)
                    .where(*day_filter)
                    .group_by(Rep.id, Rep.user_id)
                    .having(func.sum(DailyPoints.points) > 0)
                    .order_by(func.sum(DailyPoints.points).desc(), Rep.user_id)
                )
            )
            touch_filter = [Rep.guild_id == guild_id, Touch.local_date <= end]
            if start is not None:
                touch_filter.append(Touch.local_date >= start)
            reached = {
                rep_id: (customers, reengaged)
                for rep_id, customers, reengaged in await session.execute(
                    select(
                        Touch.rep_id,
                        func.count(func.distinct(Touch.customer_id)),
                        func.count(
                            func.distinct(
                                case((Touch.gap_days >= config.cold_after_days, Touch.customer_id), else_=None)
                            )
                        ),
                    )
                    .join(Rep, Rep.id == Touch.rep_id)
                    .where(*touch_filter)
                    .group_by(Touch.rep_id)
                )
            }
            quiz_filter = [Rep.guild_id == guild_id, QuizPresentation.answered_on <= end]
            if start is not None:
                quiz_filter.append(QuizPresentation.answered_on >= start)
            listeners = list(
                await session.execute(
                    select(
                        Rep.user_id,
                        func.sum(case((QuizPresentation.correct.is_(True), 1), else_=0)),
                        func.count(),
                    )
                    .join(Rep, Rep.id == QuizPresentation.rep_id)
                    .where(*quiz_filter, QuizPresentation.answered_at.is_not(None))
                    .group_by(Rep.user_id)
                )
            )
            wanted = {rep_id for rep_id, _user, _points in totals[:TOP]}
            caller_rep = next((rep_id for rep_id, user, _p in totals if user == caller_id), None)
            if caller_rep is not None:
                wanted.add(caller_rep)
            streaks = {}
            for rep_id in wanted:
                rep = await session.get_one(Rep, rep_id)
                streaks[rep_id] = (await rep_streak(session, rep, config, end)).days
        rows = []
        caller_row = None
        for rank, (rep_id, user_id, points) in enumerate(totals, start=1):
            customers, reengaged = reached.get(rep_id, (0, 0))
            row = BoardRow(rank, user_id, int(points), customers, reengaged, streaks.get(rep_id, 0))
            if rank <= TOP:
                rows.append(row)
            if user_id == caller_id:
                caller_row = row
        longest = max(((streaks[r], u) for r, u, _p in totals if r in streaks and streaks[r] > 0), default=None)
        qualified = [
            (int(correct) / answered, int(correct), user)
            for user, correct, answered in listeners
            if answered >= MIN_QUIZ_ANSWERS_FOR_LISTENER
        ]
        best = max(qualified, default=None)
        best_listener = None
        if best is not None:
            answered_count = next(answered for user, _c, answered in listeners if user == best[2])
            best_listener = (best[2], best[1], answered_count)
        return Board(
            period=period,
            start=start,
            end=end,
            rows=rows,
            reps_counted=len(totals),
            team_points=sum(int(points) for _r, _u, points in totals),
            team_customers=sum(customers for customers, _ in reached.values()),
            team_reengaged=sum(reengaged for _, reengaged in reached.values()),
            longest_streak=None if longest is None else (longest[1], longest[0]),
            best_listener=best_listener,
            caller=caller_row,
        )
