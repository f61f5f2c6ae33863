"""Assignments: a manager asks a rep to practise a quiz theme or a role-play persona, by a day or not. The rep
gets a DM with a button that starts it (and a heads-up the day before it is due); it is done when they have
answered `QUIZ_ANSWERS_TO_COMPLETE` scenarios of the theme, or finished a conversation with the persona, and
the result shows in `/me settings`, `/coach report` and `/coach trends`.

Completion is recorded inside the quiz's and role-play's own write (`complete_in`), so an answer and the
assignment it completes land together."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.coach.clock import Clock
from bot.coach.dates import local_instant, local_today, read_day
from bot.coach.errors import InvalidInput
from bot.coach.outbox import Outbox
from bot.coach.outgoing import Message, QuizAssignment
from bot.coach.reps import ensure_rep, find_rep
from bot.coach.scenarios import ScenarioBook
from bot.coach.settings import SettingsBook
from bot.coach.zones import zone
from bot.db.engine import Database
from bot.db.models import Assignment, QuizPresentation, Rep
from bot.i18n import N_

QUIZ, ROLEPLAY = "quiz", "roleplay"
QUIZ_ANSWERS_TO_COMPLETE = 3
MAX_AHEAD_DAYS = 90
HEADS_UP_AT = time(9, 0)  # the day before it is due, the rep's time
MAX_OPEN = 20  # open assignments one rep may hold in a server


@dataclass(frozen=True)
class Assigned:
    id: int
    kind: str
    subject: str
    title: str
    due: date | None
    completed_at: datetime | None
    result: str | None


def _assigned(row: Assignment) -> Assigned:
    return Assigned(row.id, row.kind, row.subject, row.title, row.due, row.completed_at, row.result)


@dataclass(frozen=True)
class GuildAssigned:
    user_id: int
    assigned: Assigned


def due_day(text: str | None, today: date) -> date | None:
    """The due day a manager typed (any day word, looking ahead), within `MAX_AHEAD_DAYS`."""
    due_on = None if not text else read_day(text, today, looking="future")
    if due_on is not None and not today <= due_on <= today + timedelta(days=MAX_AHEAD_DAYS):
        raise InvalidInput(N_("The due day should be between today and {days} days ahead."), days=MAX_AHEAD_DAYS)
    return due_on


async def record(
    session: AsyncSession,
    *,
    guild_id: int,
    user_id: int,
    kind: str,
    subject: str,
    title: str,
    manager_id: int,
    now: datetime,
    due: date | None,
) -> Assignment:
    """Store an assignment in the caller's unit of work (the role-play desk's assignment uses it too)."""
    rep = await ensure_rep(session, guild_id, user_id)
    held = await session.scalar(
        select(func.count()).where(Assignment.rep_id == rep.id, Assignment.completed_at.is_(None))
    )
    if (held or 0) >= MAX_OPEN:
        raise InvalidInput(
            N_("They already have {count} open assignments here; let them finish some first."), count=MAX_OPEN
        )
    row = Assignment(
        guild_id=guild_id,
        rep_id=rep.id,
        kind=kind,
        subject=subject,
        title=title[:100],
        assigned_by=manager_id,
        assigned_at=now,
        due=due,
    )
    session.add(row)
    await session.flush()
    return row


async def complete_in(
    session: AsyncSession, rep_id: int, kind: str, subject: str, now: datetime, result: str | None = None
) -> int:
    """Mark the rep's open assignments of `kind` and `subject` done, if what they did completes them: for a quiz
    theme, `QUIZ_ANSWERS_TO_COMPLETE` answers since it was assigned (the result: how many listened); for a
    persona, the finished conversation (the result: its outcome). Returns how many were completed."""
    rows = list(
        await session.scalars(
            select(Assignment).where(
                Assignment.rep_id == rep_id,
                Assignment.kind == kind,
                Assignment.subject == subject,
                Assignment.completed_at.is_(None),
            )
        )
    )
    done = 0
    for row in rows:
        if kind == QUIZ:
            answers = list(
                await session.scalars(
                    select(QuizPresentation.correct).where(
                        QuizPresentation.rep_id == rep_id,
                        QuizPresentation.theme == subject,
                        QuizPresentation.answered_at > row.assigned_at,
                    )
                )
            )
            if len(answers) < QUIZ_ANSWERS_TO_COMPLETE:
                continue
            result = f"{sum(bool(correct) for correct in answers)} of {len(answers)} listening"
        row.completed_at, row.result = now, (result or "done")[:200]
        done += 1
    return done


class Assignments:
    def __init__(
        self, db: Database, clock: Clock, outbox: Outbox, settings: SettingsBook, scenarios: ScenarioBook
    ) -> None:
        self._db = db
        self._clock = clock
        self._outbox = outbox
        self._settings = settings
        self._scenarios = scenarios

    async def assign_theme(
        self, guild_id: int, manager_id: int, manager_name: str, member_id: int, theme: str, due: str | None
    ) -> Assigned:
        """Ask a rep to practise a quiz theme (see `assign`)."""
        themes = await self._scenarios.themes(guild_id)
        if theme not in themes:
            raise InvalidInput(N_("There is no quiz theme `{theme}` here. Pick one from the list."), theme=theme[:40])
        title = themes[theme][:100]
        return await self.assign(
            guild_id,
            manager_id,
            member_id,
            QUIZ,
            theme,
            title,
            due,
            lambda due_on, reminder: QuizAssignment(theme, title, manager_name[:80], due_on, reminder=reminder),
        )

    async def assign(
        self,
        guild_id: int,
        manager_id: int,
        member_id: int,
        kind: str,
        subject: str,
        title: str,
        due: str | None,
        dm: Callable[[date | None, bool], Message],
    ) -> Assigned:
        """Record the assignment and queue `dm(due day, False)` now and, with a due day (any day word, in the
        rep's time zone), `dm(due day, True)` at 09:00 their time the day before. The DMs carry the manager's
        name, so they are `created_by` the manager (`/privacy delete` by that manager finds them)."""
        member_zone = zone((await self._settings.rep(guild_id, member_id)).timezone)
        now = self._clock()
        due_on = due_day(due, local_today(now, member_zone))
        async with self._db.write() as session:
            row = await record(
                session,
                guild_id=guild_id,
                user_id=member_id,
                kind=kind,
                subject=subject,
                title=title,
                manager_id=manager_id,
                now=now,
                due=due_on,
            )
            made = _assigned(row)
        key = f"{kind}_assign:{guild_id}:{made.id}:{uuid.uuid4().hex[:8]}"
        heads_up = None if due_on is None else local_instant(due_on - timedelta(days=1), HEADS_UP_AT, member_zone)
        for reminder, at in ((False, now), (True, heads_up)):
            if at is not None and (not reminder or at > now):
                await self._outbox.enqueue(
                    dm(due_on, reminder),
                    key=f"{key}:eve" if reminder else key,
                    guild_id=guild_id,
                    target_id=member_id,
                    due_at=at,
                    created_by=manager_id,
                )
        return made

    async def of(self, guild_id: int, user_id: int, *, open_only: bool = False) -> list[Assigned]:
        """A rep's assignments here, open ones first, soonest due first."""
        async with self._db.read() as session:
            rep = await find_rep(session, guild_id, user_id)
            if rep is None:
                return []
            query = select(Assignment).where(Assignment.rep_id == rep.id)
            if open_only:
                query = query.where(Assignment.completed_at.is_(None))
            rows = list(await session.scalars(query))
        rows.sort(key=lambda row: (row.completed_at is not None, row.due or date.max, row.assigned_at))
        return [_assigned(row) for row in rows]

    async def in_guild(self, guild_id: int, since: datetime | None, user_id: int | None = None) -> list[GuildAssigned]:
        """Every assignment still open here, and those done since `since` (all, when None): for a manager's
        report, open ones first, soonest due first."""
        async with self._db.read() as session:
            query = (
                select(Rep.user_id, Assignment)
                .join(Rep, Rep.id == Assignment.rep_id)
                .where(Assignment.guild_id == guild_id)
            )
            if user_id is not None:
                query = query.where(Rep.user_id == user_id)
            rows = (await session.execute(query)).all()
        kept = [
            GuildAssigned(member, _assigned(row))
            for member, row in rows
            if row.completed_at is None or since is None or row.completed_at >= since
        ]
        kept.sort(key=lambda item: (item.assigned.completed_at is not None, item.assigned.due or date.max))
        return kept
