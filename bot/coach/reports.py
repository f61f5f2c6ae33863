"""Managers' reports and exports: what the team did, per rep, as numbers and CSV.

Notes stay private to the rep who wrote them: reports and exports carry customers, kinds, dates and points,
never notes.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select

from bot.coach.clock import Clock
from bot.coach.kinds import TouchKind
from bot.coach.leaderboard import Days, Period
from bot.coach.preferences import GuildConfig
from bot.coach.reps import guild_settings
from bot.db.engine import Database
from bot.db.models import Customer, Promise, QuizPresentation, Rep, Touch

# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str | None) -> str:
    """User text (a name, a customer) as a CSV cell a spreadsheet shows as written, never runs: a leading
    quote stops a formula, as OWASP recommends."""
    if not text:
        return ""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@dataclass
class RepReport:
    user_id: int
    display_name: str | None = None  # as last seen; None: never seen since names were kept
    touches_by_kind: Counter[str] = field(default_factory=Counter)
    points: int = 0
    customers_touched: int = 0
    cold_customers: int = 0  # as of the rep's own today
    promises_kept: int = 0  # kept on time, closed on one of the rep's days in the period
    quiz_answered: int = 0
    quiz_listening: int = 0
    reachable: bool = True

    @property
    def touches(self) -> int:
        return sum(self.touches_by_kind.values())


@dataclass(frozen=True)
class TeamReport:
    period: str
    start: date | None
    end: date
    reps: list[RepReport]

    @property
    def unreachable(self) -> list[int]:
        return [rep.user_id for rep in self.reps if not rep.reachable]


def report_csv(report: TeamReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    kinds = [kind.value for kind in TouchKind]
    writer.writerow(
        ["display_name", "user_id", "touches", *kinds, "points", "customers_touched", "cold_customers",
         "promises_kept_on_time", "quiz_answered", "quiz_listening", "quiz_accuracy", "dm_reachable"]
    )  # fmt: skip
    for rep in report.reps:
        accuracy = f"{rep.quiz_listening / rep.quiz_answered:.2f}" if rep.quiz_answered else ""
        writer.writerow(
            [text_cell(rep.display_name), rep.user_id, rep.touches,
             *(rep.touches_by_kind.get(kind, 0) for kind in kinds), rep.points, rep.customers_touched,
             rep.cold_customers, rep.promises_kept, rep.quiz_answered, rep.quiz_listening, accuracy,
             "yes" if rep.reachable else "no"]
        )  # fmt: skip
    return buffer.getvalue()


class Reports:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def team(self, guild_id: int, period: Period, member_id: int | None = None) -> TeamReport:
        async with self._db.read() as session:
            config = GuildConfig.of(await guild_settings(session, guild_id))
            now = self._clock()
            rep_query = select(Rep).where(Rep.guild_id == guild_id)
            if member_id is not None:
                rep_query = rep_query.where(Rep.user_id == member_id)
            reps = {rep.id: rep for rep in await session.scalars(rep_query.order_by(Rep.user_id))}
            reports = {
                rep_id: RepReport(
                    rep.user_id, rep.display_name, reachable=rep.dms_enabled and rep.dms_closed_at is None
                )
                for rep_id, rep in reps.items()
            }
            days = Days.ending_now(period, now, config.timezone, reps.values())  # each rep's own today
            start, end = days.start, days.end
            if not reps:
                return TeamReport(period, start, end, [])
            touch_filter = [Touch.rep_id.in_(reps), days.where(Touch.rep_id, Touch.local_date)]
            for rep_id, kind, count, points in await session.execute(
                select(Touch.rep_id, Touch.kind, func.count(), func.sum(Touch.points))
                .where(*touch_filter)
                .group_by(Touch.rep_id, Touch.kind)
            ):
                reports[rep_id].touches_by_kind[kind] = count
                reports[rep_id].points += int(points or 0)
            for rep_id, customers in await session.execute(
                select(Touch.rep_id, func.count(func.distinct(Touch.customer_id)))
                .where(*touch_filter)
                .group_by(Touch.rep_id)
            ):
                reports[rep_id].customers_touched = customers
            by_today: dict[date, list[int]] = {}
            for rep_id in reps:  # cold as of each rep's own today
                by_today.setdefault(days.window(rep_id)[1], []).append(rep_id)
            for today, group in by_today.items():
                cold_line = today - timedelta(days=config.cold_after_days)
                for rep_id, cold in await session.execute(
                    select(Customer.rep_id, func.count())
                    .where(Customer.rep_id.in_(group), Customer.last_touched_on <= cold_line)
                    .group_by(Customer.rep_id)
                ):
                    reports[rep_id].cold_customers = cold
            for rep_id, kept in await session.execute(
                select(Promise.rep_id, func.count())
                .where(
                    Promise.rep_id.in_(reps),
                    Promise.status == "kept",
                    days.where(Promise.rep_id, Promise.closed_on),
                )
                .group_by(Promise.rep_id)
            ):
                reports[rep_id].promises_kept = kept
            quiz_filter = [
                QuizPresentation.rep_id.in_(reps),
                days.where(QuizPresentation.rep_id, QuizPresentation.answered_on),
            ]
            for rep_id, answered, listening in await session.execute(
                select(
                    QuizPresentation.rep_id,
                    func.count(),
                    func.sum(case((QuizPresentation.correct.is_(True), 1), else_=0)),
                )
                .where(*quiz_filter)
                .group_by(QuizPresentation.rep_id)
            ):
                reports[rep_id].quiz_answered = answered
                reports[rep_id].quiz_listening = int(listening or 0)
        return TeamReport(period, start, end, list(reports.values()))

    async def touches_csv(self, guild_id: int) -> tuple[str, int]:
        """Every touch in the guild, oldest first, as CSV (no notes); and how many rows."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["local_date", "occurred_at_utc", "display_name", "user_id", "customer", "kind", "points"])
        rows = 0
        async with self._db.read() as session:
            result = await session.stream(
                select(
                    Touch.local_date,
                    Touch.occurred_at,
                    Rep.display_name,
                    Rep.user_id,
                    Customer.name,
                    Touch.kind,
                    Touch.points,
                )
                .join(Rep, Rep.id == Touch.rep_id)
                .join(Customer, Customer.id == Touch.customer_id)
                .where(Rep.guild_id == guild_id)
                .order_by(Touch.occurred_at, Touch.id)
            )
            async for local_date, occurred_at, name, user_id, customer, kind, points in result:
                writer.writerow(
                    [local_date.isoformat(), occurred_at.isoformat(), text_cell(name), user_id, text_cell(customer),
                     kind, points]
                )  # fmt: skip
                rows += 1
        return buffer.getvalue(), rows
