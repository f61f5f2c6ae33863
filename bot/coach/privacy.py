"""A member's own data in one server: take a full copy (`/privacy export`), or erase it (`/privacy delete`).

What counts as theirs is decided table by table, here, for every table in the schema: `EXPORT_SECTIONS` names
each table `erase` deletes from or rewrites and the export's sections that show what it held, and
`NOT_PERSONAL` says why each other table may keep its rows. `tests/unit/coach/test_privacy.py` fails on a
table in neither (a table added later must be decided), and walks every column of every table after an erase
for the member's Discord id, their rep row's id and the words they typed.

What an erase does in the member's server:
- Deleted: their rep row (settings, away days, board setting, the locale their DMs are drawn in), customers,
  touches, promises, daily points, quiz presentations and progress, team-quiz answers, role-play conversations
  with every turn, every outbox row addressed to them (whatever its state: a sent row still holds a promise's
  text or a manager's nudge) and every outbox row they wrote as a manager (nudges, role-play assignments: their
  text and their name).
- Rewritten: the boards in the outbox lose their row and titles; the team's totals stay (they count the team
  and name no one). Scenarios and personas they wrote as a manager, and scenarios they disabled, stay with
  the server that uses them for training, with the author's id replaced by 0; a verdict they overruled keeps
  the verdict (the server's label for checking the scorer) and loses their note and id.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.coach.clock import Clock
from bot.coach.leaderboard import Board
from bot.coach.members import SettledMembers
from bot.coach.outgoing import OutboxKind, Target
from bot.coach.reps import find_rep
from bot.db.engine import Database
from bot.db.models import (
    Assignment,
    Customer,
    DailyPoints,
    DisabledScenario,
    GuildPersona,
    GuildScenario,
    OutboxMessage,
    Promise,
    QuizPresentation,
    QuizProgress,
    Rep,
    RolePlay,
    RolePlayTurn,
    TeamQuizAnswer,
    TeamQuizPost,
    Touch,
    WeeklyPoints,
)

# Written in place of the author of something a server keeps (a scenario, a persona) once they erased their data.
ERASED_AUTHOR = 0

# Each table an erase deletes from or rewrites -> the export's sections that show what it held about the member.
EXPORT_SECTIONS: dict[str, tuple[str, ...]] = {
    "reps": ("settings",),
    "customers": ("customers",),
    "touches": ("touches",),
    "promises": ("promises",),
    "daily_points": ("daily_points",),
    "weekly_points": ("weekly_points",),
    "quiz_presentations": ("quiz_answers",),
    "quiz_progress": ("quiz_progress",),
    "team_quiz_answers": ("team_quiz_answers",),
    "roleplays": ("roleplays",),
    "roleplay_turns": ("roleplays", "roleplay_overrules"),
    "outbox": ("messages_to_you", "messages_you_wrote", "boards_naming_you"),
    "guild_scenarios": ("scenarios_you_wrote",),
    "guild_personas": ("personas_you_imported",),
    "disabled_scenarios": ("scenarios_you_disabled",),
    "assignments": ("assignments_to_you", "assignments_you_gave"),
}

# Tables that never hold a member's id or words, and why they keep their rows after an erase.
NOT_PERSONAL: dict[str, str] = {
    "guild_settings": "the server's settings, chosen by its managers for everyone; no member's id",
    "team_quiz_posts": "which scenario the team was asked on which day; who answered is in team_quiz_answers",
    "bot_state": "facts about the process between runs, such as the hash of the synced command tree",
    "leases": "which process runs the scheduler, and until when",
    "shard_processes": "which running process serves which Discord shards, with its host and pid",
    # Arrives with the language-model work; decided here so that the walk covers it when it lands.
    "llm_usage": "tokens used per server per day, a cost meter for the server that counts no member",
}


@dataclass(frozen=True)
class Erased:
    customers: int
    touches: int
    quiz_answers: int
    promises: int = 0
    roleplays: int = 0
    messages: int = 0


def _counters(row: DailyPoints | WeeklyPoints) -> dict[str, int]:
    """What a rollup row (a day's or a week's) counted, as the export shows it."""
    return {
        "points": row.points,
        "quiz_points": row.quiz_points,
        "touches": row.touch_count,
        "quiz_answered": row.quiz_answered,
        "quiz_listening": row.quiz_listening,
        "promises_kept": row.promises_kept,
    }


def _iso(value: date | datetime | time | None) -> str | None:
    return None if value is None else value.isoformat()


def _assignment(row: Assignment) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "what": row.title,
        "assigned_at": row.assigned_at.isoformat(),
        "due": _iso(row.due),
        "completed_at": _iso(row.completed_at),
        "result": row.result,
    }


def _theirs(guild_id: int, user_id: int) -> ColumnElement[bool]:
    """Outbox rows that are the member's: addressed to them, or written by them as a manager."""
    to_them = and_(OutboxMessage.target == Target.DM, OutboxMessage.target_id == user_id)
    return and_(OutboxMessage.guild_id == guild_id, or_(to_them, OutboxMessage.created_by == user_id))


def _turn_in(guild_id: int) -> ColumnElement[bool]:
    """Role-play turns of this server's conversations (a turn names no server of its own)."""
    return RolePlayTurn.roleplay_id.in_(select(RolePlay.id).where(RolePlay.guild_id == guild_id))


class Privacy:
    def __init__(self, db: Database, clock: Clock, members: SettledMembers | None = None) -> None:
        self._db = db
        self._clock = clock
        self._members = members or SettledMembers()

    async def export(self, guild_id: int, user_id: int) -> str:
        """Everything Rapport holds about the member in this server, as JSON: notes included (they're theirs),
        and every section `erase` would remove or rewrite (`EXPORT_SECTIONS`)."""
        data: dict[str, Any] = {"guild_id": guild_id, "user_id": user_id, "exported_at": self._clock().isoformat()}
        async with self._db.read() as session:
            rep = await find_rep(session, guild_id, user_id)
            sections: dict[str, Any] = {}
            if rep is not None:
                sections.update(await self._rep_sections(session, rep))
            sections.update(await self._member_sections(session, guild_id, user_id))
        if rep is None and not any(sections.values()):
            data["note"] = "Rapport holds no data about you in this server."
        else:
            data.update(sections)
        return json.dumps(data, indent=2, ensure_ascii=False)

    async def _rep_sections(self, session: AsyncSession, rep: Rep) -> dict[str, Any]:
        """What hangs off the member's rep row."""
        customers = {c.id: c.name for c in await session.scalars(select(Customer).where(Customer.rep_id == rep.id))}
        conversations = list(
            await session.scalars(select(RolePlay).where(RolePlay.rep_id == rep.id).order_by(RolePlay.started_at))
        )
        turns: dict[int, list[RolePlayTurn]] = {conversation.id: [] for conversation in conversations}
        if turns:
            for turn in await session.scalars(
                select(RolePlayTurn).where(RolePlayTurn.roleplay_id.in_(turns)).order_by(RolePlayTurn.number)
            ):
                turns[turn.roleplay_id].append(turn)
        return {
            "settings": {
                "timezone": rep.timezone,
                "reminder_time": _iso(rep.reminder_time),
                "quiet_days": rep.quiet_days,
                "dms_enabled": rep.dms_enabled,
                "dms_found_closed_at": _iso(rep.dms_closed_at),
                "board": rep.board_visibility,
                "away_from": _iso(rep.away_from),
                "away_to": _iso(rep.away_to),
                "manager_when_last_seen": rep.is_manager,
                "display_name_when_last_seen": rep.display_name,
                "discord_locale_when_last_seen": rep.locale,  # what their DMs are drawn in
                "first_seen": _iso(rep.created_at),
            },
            "customers": sorted(customers.values()),
            "touches": [
                {
                    "customer": customers.get(touch.customer_id),
                    "kind": touch.kind,
                    "note": touch.note,
                    "local_date": touch.local_date.isoformat(),
                    "occurred_at": touch.occurred_at.isoformat(),
                    "points": touch.points,
                }
                for touch in await session.scalars(
                    select(Touch).where(Touch.rep_id == rep.id).order_by(Touch.occurred_at, Touch.id)
                )
            ],
            "promises": [
                {
                    "customer": customers.get(promise.customer_id),
                    "what": promise.what,
                    "due_on": promise.due_on.isoformat(),
                    "status": promise.status,
                    "reason": promise.reason,
                    "made_at": promise.created_at.isoformat(),
                    "closed_on": _iso(promise.closed_on),
                }
                for promise in await session.scalars(
                    select(Promise).where(Promise.rep_id == rep.id).order_by(Promise.created_at, Promise.id)
                )
            ],
            "daily_points": [
                {"day": row.day.isoformat(), **_counters(row)}
                for row in await session.scalars(
                    select(DailyPoints).where(DailyPoints.rep_id == rep.id).order_by(DailyPoints.day)
                )
            ],
            "weekly_points": [  # the same, by calendar week (what the boards read)
                {"week": row.week.isoformat(), **_counters(row)}
                for row in await session.scalars(
                    select(WeeklyPoints).where(WeeklyPoints.rep_id == rep.id).order_by(WeeklyPoints.week)
                )
            ],
            "quiz_answers": [
                {
                    "scenario": shown.scenario_key,
                    "theme": shown.theme,
                    "shown_at": shown.presented_at.isoformat(),
                    "answered_at": _iso(shown.answered_at),
                    "listening": shown.correct,
                    "path": shown.path,
                    "points": shown.points,
                }
                for shown in await session.scalars(
                    select(QuizPresentation)
                    .where(QuizPresentation.rep_id == rep.id)
                    .order_by(QuizPresentation.presented_at, QuizPresentation.id)
                )
            ],
            "quiz_progress": [
                {"scenario": row.scenario_key, "box": row.box, "due_at": row.due_at.isoformat(), "seen": row.seen}
                | {"listening": row.correct}
                for row in await session.scalars(
                    select(QuizProgress).where(QuizProgress.rep_id == rep.id).order_by(QuizProgress.scenario_key)
                )
            ],
            "roleplays": [
                {
                    "persona": conversation.persona_name,
                    "started_at": conversation.started_at.isoformat(),
                    "outcome": conversation.outcome,
                    "points": conversation.points,
                    "shared_with_managers": conversation.shared,
                    "opening": conversation.opening,
                    "turns": [
                        {
                            "customer_said": turn.customer_before,
                            "you_replied": turn.reply,
                            "verdict": turn.override_verdict or turn.verdict,
                            "manager_note": turn.override_note,
                            "cues": turn.cues,
                            "customer_answered": turn.customer_after,
                        }
                        for turn in turns[conversation.id]
                    ],
                }
                for conversation in conversations
            ],
            "assignments_to_you": [
                _assignment(row)
                for row in await session.scalars(
                    select(Assignment).where(Assignment.rep_id == rep.id).order_by(Assignment.assigned_at)
                )
            ],
        }

    async def _member_sections(self, session: AsyncSession, guild_id: int, user_id: int) -> dict[str, Any]:
        """What names the member by their Discord id, with or without a rep row."""
        team_answers = await session.execute(
            select(TeamQuizAnswer, TeamQuizPost)
            .join(TeamQuizPost, TeamQuizPost.id == TeamQuizAnswer.post_id)
            .where(TeamQuizPost.guild_id == guild_id, TeamQuizAnswer.user_id == user_id)
            .order_by(TeamQuizPost.posted_on)
        )
        messages = list(
            await session.scalars(
                select(OutboxMessage).where(_theirs(guild_id, user_id)).order_by(OutboxMessage.due_at, OutboxMessage.id)
            )
        )
        boards = [(row, board) for row, board in await self._boards(session, guild_id) if board.naming(user_id)]
        overrules = await session.scalars(
            select(RolePlayTurn)
            .where(RolePlayTurn.override_by == user_id, _turn_in(guild_id))
            .order_by(RolePlayTurn.id)
        )

        def message(row: OutboxMessage) -> dict[str, Any]:
            return {
                "kind": row.kind,
                "status": row.status,
                "due_at": row.due_at.isoformat(),
                "sent_at": _iso(row.sent_at),
                "content": row.payload,
            }

        given = await session.scalars(
            select(Assignment)
            .where(Assignment.guild_id == guild_id, Assignment.assigned_by == user_id)
            .order_by(Assignment.assigned_at)
        )
        return {
            "assignments_you_gave": [_assignment(row) for row in given],
            "team_quiz_answers": [
                {
                    "scenario": post.scenario_key,
                    "posted_on": post.posted_on.isoformat(),
                    "answered_at": answer.answered_at.isoformat(),
                    "listening": answer.correct,
                }
                for answer, post in team_answers
            ],
            "messages_to_you": [message(row) for row in messages if row.created_by != user_id],
            "messages_you_wrote": [
                message(row) | {"to_user_id": row.target_id} for row in messages if row.created_by == user_id
            ],
            "boards_naming_you": [
                {
                    "period": board.period,
                    "start": _iso(board.start),
                    "end": board.end.isoformat(),
                    "posted": row.status,
                    "your_row": next(
                        ({"rank": r.rank, "points": r.points} for r in board.rows if r.user_id == user_id), None
                    ),
                    "your_titles": [
                        name
                        for name, title in (
                            ("longest_streak", board.longest_streak),
                            ("best_listener", board.best_listener),
                            ("most_improved", board.most_improved),
                            ("most_reengaged", board.most_reengaged),
                        )
                        if title is not None and title[0] == user_id
                    ],
                }
                for row, board in boards
            ],
            "roleplay_overrules": [
                {"conversation": turn.roleplay_id, "reply_number": turn.number, "verdict": turn.override_verdict}
                | {"note": turn.override_note}
                for turn in overrules
            ],
            "scenarios_you_wrote": [
                {"id": row.slug, "theme": row.theme, "context": row.context, "customer_says": row.customer_says}
                | {"replies": row.replies, "steps": row.steps, "principle": row.principle, "source": row.source}
                | {"translations": row.translations}
                for row in await session.scalars(
                    select(GuildScenario)
                    .where(GuildScenario.guild_id == guild_id, GuildScenario.created_by == user_id)
                    .order_by(GuildScenario.slug)
                )
            ],
            "personas_you_imported": [
                row.body
                for row in await session.scalars(
                    select(GuildPersona)
                    .where(GuildPersona.guild_id == guild_id, GuildPersona.created_by == user_id)
                    .order_by(GuildPersona.persona_id)
                )
            ],
            "scenarios_you_disabled": [
                {"scenario": row.scenario_key, "disabled_at": row.disabled_at.isoformat()}
                for row in await session.scalars(
                    select(DisabledScenario)
                    .where(DisabledScenario.guild_id == guild_id, DisabledScenario.disabled_by == user_id)
                    .order_by(DisabledScenario.scenario_key)
                )
            ],
        }

    @staticmethod
    async def _boards(session: AsyncSession, guild_id: int) -> Sequence[tuple[OutboxMessage, Board]]:
        rows = await session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.guild_id == guild_id, OutboxMessage.kind == OutboxKind.LEADERBOARD
            )
        )
        return [(row, Board.from_payload(row.payload)) for row in rows]

    async def erase(self, guild_id: int, user_id: int) -> Erased:
        """Delete or rewrite everything that is the member's in this server (see the module's docstring), in
        one transaction: a failure leaves it all as it was."""
        try:
            return await self._erase(guild_id, user_id)
        finally:
            self._members.forget(guild_id, user_id)

    async def _erase(self, guild_id: int, user_id: int) -> Erased:
        async with self._db.write() as session:
            rep = await find_rep(session, guild_id, user_id)
            counts = Erased(0, 0, 0)
            if rep is not None:
                counts = await self._erase_rep(session, rep)
            messages = await session.execute(delete(OutboxMessage).where(_theirs(guild_id, user_id)))
            counts = replace(counts, messages=int(messages.rowcount or 0))  # type: ignore[attr-defined]
            await session.execute(
                delete(TeamQuizAnswer).where(
                    TeamQuizAnswer.user_id == user_id,
                    TeamQuizAnswer.post_id.in_(select(TeamQuizPost.id).where(TeamQuizPost.guild_id == guild_id)),
                )
            )
            for row, board in await self._boards(session, guild_id):
                if board.naming(user_id):
                    row.payload = board.without(user_id).to_payload()
            await self._unsign(session, guild_id, user_id)
            return counts

    @staticmethod
    async def _erase_rep(session: AsyncSession, rep: Rep) -> Erased:
        """The rep row and every row hanging off it, children first (no reliance on ON DELETE CASCADE)."""

        async def count(*conditions: ColumnElement[bool]) -> int:
            return int(await session.scalar(select(func.count()).where(*conditions)) or 0)

        counts = Erased(
            customers=await count(Customer.rep_id == rep.id),
            touches=await count(Touch.rep_id == rep.id),
            quiz_answers=await count(QuizPresentation.rep_id == rep.id, QuizPresentation.answered_at.is_not(None)),
            promises=await count(Promise.rep_id == rep.id),
            roleplays=await count(RolePlay.rep_id == rep.id),
        )
        conversations = select(RolePlay.id).where(RolePlay.rep_id == rep.id)
        await session.execute(delete(RolePlayTurn).where(RolePlayTurn.roleplay_id.in_(conversations)))
        for model in (
            Assignment,
            RolePlay,
            Promise,
            Touch,
            Customer,
            DailyPoints,
            WeeklyPoints,
            QuizProgress,
            QuizPresentation,
        ):
            await session.execute(delete(model).where(model.rep_id == rep.id))
        await session.execute(delete(Rep).where(Rep.id == rep.id))
        return counts

    @staticmethod
    async def _unsign(session: AsyncSession, guild_id: int, user_id: int) -> None:
        """What the member wrote or decided as a manager and the server keeps loses their name and words."""
        for model, author in (
            (GuildScenario, GuildScenario.created_by),
            (GuildPersona, GuildPersona.created_by),
            (DisabledScenario, DisabledScenario.disabled_by),
            (Assignment, Assignment.assigned_by),
        ):
            await session.execute(
                update(model).where(model.guild_id == guild_id, author == user_id).values({author: ERASED_AUTHOR})
            )
        await session.execute(
            update(RolePlayTurn)
            .where(RolePlayTurn.override_by == user_id, _turn_in(guild_id))
            .values(override_by=None, override_note=None)
        )
