"""Trends: how a team's relationship work moved week by week, for a lead coaching over a quarter.

Weeks are calendar weeks (Monday to Sunday) of the server's calendar, the current one included, so the series
ends today. Each rep's touches, answers and conversations count on the rep's own local day (what they did on
their Monday is in their Monday's week, wherever they are). Every figure comes from rows the domain already
keeps (touches, promises, quiz answers, role-plays): nothing is stored for trends.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.coach.clock import Clock
from bot.coach.dates import local_today
from bot.coach.kinds import TouchKind
from bot.coach.preferences import GuildConfig
from bot.coach.reports import text_cell
from bot.coach.reps import guild_settings
from bot.coach.zones import zone
from bot.db.engine import Database
from bot.db.models import Promise, QuizPresentation, Rep, RolePlay, Touch

DEFAULT_WEEKS = 12
MAX_WEEKS = 52
RECENT_WEEKS = 4  # observations compare the last four weeks with the four before
TEAM = 0  # the key of the team's series


@dataclass
class Week:
    """One week of one rep (or of the team)."""

    start: date
    touches: Counter[str] = field(default_factory=Counter)  # by kind
    customers: int = 0
    reengaged: int = 0
    promises_due: int = 0
    promises_kept_on_time: int = 0
    quiz_answered: int = 0
    quiz_listening: int = 0
    roleplays: int = 0
    roleplays_trust: int = 0

    @property
    def touch_count(self) -> int:
        return sum(self.touches.values())

    @property
    def accuracy(self) -> float | None:
        return None if not self.quiz_answered else self.quiz_listening / self.quiz_answered


@dataclass(frozen=True)
class TrendReport:
    weeks: tuple[date, ...]  # each week's Monday, oldest first
    series: dict[int, list[Week]]  # user id (TEAM: the team) -> one Week per week
    names: dict[int, str]  # user id -> display name as last seen
    observations: tuple[str, ...]
    subject: int  # TEAM, or the member the report is about


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "n/a"


class Trends:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def weekly(self, guild_id: int, weeks: int = DEFAULT_WEEKS, user_id: int | None = None) -> TrendReport:
        """`weeks` calendar weeks ending with this one, for the team and each rep (or only `user_id`, beside
        the team)."""
        weeks = max(1, min(weeks, MAX_WEEKS))
        async with self._db.read() as session:
            config = GuildConfig.of(await guild_settings(session, guild_id))
            today = local_today(self._clock(), zone(config.timezone))
            mondays = tuple(week_of(today) - timedelta(weeks=weeks - 1 - n) for n in range(weeks))
            reps = {rep.id: rep for rep in await session.scalars(select(Rep).where(Rep.guild_id == guild_id))}
            tally = _Tally({rep_id: rep.user_id for rep_id, rep in reps.items()})
            first = mondays[0]
            await _touches(session, guild_id, first, config.cold_after_days, tally)
            await _promises(session, guild_id, first, tally)
            await _quiz(session, guild_id, first, tally)
            await _roleplays(session, guild_id, first, tally)
        names = {rep.user_id: rep.display_name or str(rep.user_id) for rep in reps.values()}
        keys = {TEAM, *tally.series} if user_id is None else {TEAM, user_id}
        filled = {key: [tally.series[key].get(monday, Week(monday)) for monday in mondays] for key in keys}
        subject = TEAM if user_id is None else user_id
        return TrendReport(mondays, filled, names, observe(filled, subject, names), subject)


class _Tally:
    """Weeks being filled: the team's and each rep's (by user id)."""

    def __init__(self, users: dict[int, int]) -> None:
        self.users = users  # rep id -> user id
        self.series: dict[int, dict[date, Week]] = defaultdict(dict)

    def weeks(self, rep_id: int, day: date) -> list[tuple[int, Week]]:
        monday = week_of(day)
        return [(key, self.series[key].setdefault(monday, Week(monday))) for key in (TEAM, self.users[rep_id])]


async def _touches(session: AsyncSession, guild_id: int, first: date, cold_after: int, tally: _Tally) -> None:
    """Touches by kind, and the customers touched and re-engaged (touched after `cold_after` days without);
    customers are each rep's own, so the team's are told apart by rep."""
    rows = await session.execute(
        select(Touch.rep_id, Touch.local_date, Touch.kind, Touch.customer_id, Touch.gap_days)
        .join(Rep, Rep.id == Touch.rep_id)
        .where(Rep.guild_id == guild_id, Touch.local_date >= first)
    )
    customers: dict[tuple[int, date], set[int]] = defaultdict(set)
    reengaged: dict[tuple[int, date], set[int]] = defaultdict(set)
    for rep_id, day, kind, customer_id, gap in rows:
        for key, item in tally.weeks(rep_id, day):
            item.touches[kind] += 1
            customers[(key, item.start)].add(customer_id)
            if gap is not None and gap >= cold_after:
                reengaged[(key, item.start)].add(customer_id)
    for (key, monday), seen in customers.items():
        tally.series[key][monday].customers = len(seen)
        tally.series[key][monday].reengaged = len(reengaged.get((key, monday), ()))


async def _promises(session: AsyncSession, guild_id: int, first: date, tally: _Tally) -> None:
    """Promises by the week they were due: how many, and how many were kept by then."""
    rows = await session.execute(
        select(Promise.rep_id, Promise.due_on, Promise.status)
        .join(Rep, Rep.id == Promise.rep_id)
        .where(Rep.guild_id == guild_id, Promise.due_on >= first, Promise.status != "dropped")
    )
    for rep_id, due_on, status in rows:
        for _key, item in tally.weeks(rep_id, due_on):
            item.promises_due += 1
            item.promises_kept_on_time += status == "kept"


async def _quiz(session: AsyncSession, guild_id: int, first: date, tally: _Tally) -> None:
    listened = func.sum(case((QuizPresentation.correct.is_(True), 1), else_=0))
    rows = await session.execute(
        select(QuizPresentation.rep_id, QuizPresentation.answered_on, func.count(), listened)
        .join(Rep, Rep.id == QuizPresentation.rep_id)
        .where(Rep.guild_id == guild_id, QuizPresentation.answered_on >= first)
        .group_by(QuizPresentation.rep_id, QuizPresentation.answered_on)
    )
    for rep_id, day, answered, listening in rows:
        for _key, item in tally.weeks(rep_id, day):
            item.quiz_answered += int(answered)
            item.quiz_listening += int(listening or 0)


async def _roleplays(session: AsyncSession, guild_id: int, first: date, tally: _Tally) -> None:
    rows = await session.execute(
        select(RolePlay.rep_id, RolePlay.ended_on, RolePlay.outcome).where(
            RolePlay.guild_id == guild_id, RolePlay.ended_on >= first, RolePlay.outcome.in_(["trust", "cold"])
        )
    )
    for rep_id, day, outcome in rows:
        for _key, item in tally.weeks(rep_id, day or first):  # ended conversations always have a day
            item.roleplays += 1
            item.roleplays_trust += outcome == "trust"


def _sum(weeks: list[Week], attribute: str) -> int:
    return sum(getattr(item, attribute) for item in weeks)


def observe(series: dict[int, list[Week]], subject: int, names: dict[int, str]) -> tuple[str, ...]:
    """Three plain sentences from the figures: how touching moved lately, how the quiz went against the team,
    and how promises and practice went."""
    weeks = series.get(subject, [])
    team = series.get(TEAM, [])
    who = "The team" if subject == TEAM else names.get(subject, "They")
    recent, before = weeks[-RECENT_WEEKS:], weeks[-2 * RECENT_WEEKS : -RECENT_WEEKS]
    now, then = sum(item.touch_count for item in recent), sum(item.touch_count for item in before)
    if not before:
        touching = f"{who} logged {now} touches in {len(recent)} weeks."
    elif then == 0:
        touching = f"{who} logged {now} touches in the last {len(recent)} weeks, none in the {len(before)} before."
    else:
        change = (now - then) / then
        direction = "up" if change > 0.05 else "down" if change < -0.05 else "steady"
        touching = (
            f"Touches {direction}"
            + (f" {abs(change):.0%}" if direction != "steady" else "")
            + f" over the last {len(recent)} weeks: {now}, against {then} in the {len(before)} before."
        )
    answered, listening = _sum(recent, "quiz_answered"), _sum(recent, "quiz_listening")
    team_recent = team[-RECENT_WEEKS:]
    team_answered, team_listening = _sum(team_recent, "quiz_answered"), _sum(team_recent, "quiz_listening")
    if not answered:
        quiz = f"No quiz answers in the last {len(recent)} weeks: `/quiz start` or `/coach assign` a theme."
    elif subject == TEAM:
        quiz = f"Listening accuracy {_share(listening, answered)} over {len(recent)} weeks ({answered} answers)."
    else:
        quiz = (
            f"Listening accuracy {_share(listening, answered)} over {len(recent)} weeks, "
            f"team {_share(team_listening, team_answered)}."
        )
    due, kept = _sum(weeks, "promises_due"), _sum(weeks, "promises_kept_on_time")
    played, trusted = _sum(weeks, "roleplays"), _sum(weeks, "roleplays_trust")
    practice = f"Promises kept on time: {kept} of {due}" if due else "No promises due"
    practice += f"; role-plays ending in trust: {trusted} of {played}." if played else "; no role-play finished."
    return (touching, quiz, practice)


def trends_csv(report: TrendReport) -> str:
    """One row per week and person (the team first, as `team`): the figures the chart and observations use."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    kinds = [kind.value for kind in TouchKind]
    writer.writerow(
        ["week_start", "display_name", "user_id", "touches", *kinds, "customers_touched", "customers_reengaged",
         "promises_due", "promises_kept_on_time", "quiz_answered", "quiz_listening", "roleplays", "roleplays_trust"]
    )  # fmt: skip
    order = [TEAM, *sorted((key for key in report.series if key != TEAM), key=lambda key: report.names.get(key, ""))]
    for key in order:
        name = "team" if key == TEAM else text_cell(report.names.get(key, str(key)))
        for item in report.series[key]:
            writer.writerow(
                [item.start.isoformat(), name, "" if key == TEAM else key, item.touch_count,
                 *(item.touches.get(kind, 0) for kind in kinds), item.customers, item.reengaged, item.promises_due,
                 item.promises_kept_on_time, item.quiz_answered, item.quiz_listening, item.roleplays,
                 item.roleplays_trust]
            )  # fmt: skip
    return buffer.getvalue()
