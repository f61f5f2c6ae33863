"""A rep's own data: take a full copy, or erase it from this guild."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select

from bot.coach.clock import Clock
from bot.coach.members import SettledMembers
from bot.coach.outgoing import Target
from bot.coach.reps import find_rep
from bot.db.engine import Database
from bot.db.models import (
    Customer,
    DailyPoints,
    OutboxMessage,
    QuizPresentation,
    QuizProgress,
    Rep,
    RolePlay,
    RolePlayTurn,
    Touch,
)


@dataclass(frozen=True)
class Erased:
    customers: int
    touches: int
    quiz_answers: int


class Privacy:
    def __init__(self, db: Database, clock: Clock, members: SettledMembers | None = None) -> None:
        self._db = db
        self._clock = clock
        self._members = members or SettledMembers()

    async def export(self, guild_id: int, user_id: int) -> str:
        """Everything Rapport holds about this rep in this guild, as JSON (notes included: it's theirs)."""
        async with self._db.read() as session:
            rep = await find_rep(session, guild_id, user_id)
            data: dict[str, Any] = {"guild_id": guild_id, "user_id": user_id, "exported_at": self._clock().isoformat()}
            if rep is None:
                data["note"] = "Rapport holds no data about you in this server."
                return json.dumps(data, indent=2)
            data["settings"] = {
                "timezone": rep.timezone,
                "reminder_time": rep.reminder_time.isoformat() if rep.reminder_time else None,
                "quiet_days": rep.quiet_days,
                "dms_enabled": rep.dms_enabled,
            }
            customers = {c.id: c.name for c in await session.scalars(select(Customer).where(Customer.rep_id == rep.id))}
            data["customers"] = sorted(customers.values())
            data["touches"] = [
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
            ]
            data["quiz_answers"] = [
                {
                    "scenario": answer.scenario_key,
                    "theme": answer.theme,
                    "answered_at": answer.answered_at.isoformat() if answer.answered_at else None,
                    "listening": answer.correct,
                    "points": answer.points,
                }
                for answer in await session.scalars(
                    select(QuizPresentation)
                    .where(QuizPresentation.rep_id == rep.id, QuizPresentation.answered_at.is_not(None))
                    .order_by(QuizPresentation.answered_at)
                )
            ]
            conversations = list(
                await session.scalars(select(RolePlay).where(RolePlay.rep_id == rep.id).order_by(RolePlay.started_at))
            )
            turns: dict[int, list[RolePlayTurn]] = {conversation.id: [] for conversation in conversations}
            if turns:
                for turn in await session.scalars(
                    select(RolePlayTurn).where(RolePlayTurn.roleplay_id.in_(turns)).order_by(RolePlayTurn.number)
                ):
                    turns[turn.roleplay_id].append(turn)
            data["roleplays"] = [
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
                            "cues": turn.cues,
                            "customer_answered": turn.customer_after,
                        }
                        for turn in turns[conversation.id]
                    ],
                }
                for conversation in conversations
            ]
            data["daily_points"] = [
                {"day": row.day.isoformat(), "points": row.points, "touches": row.touch_count}
                for row in await session.scalars(
                    select(DailyPoints).where(DailyPoints.rep_id == rep.id).order_by(DailyPoints.day)
                )
            ]
        return json.dumps(data, indent=2, ensure_ascii=False)

    async def erase(self, guild_id: int, user_id: int) -> Erased:
        """Delete the rep and everything hanging off them in this guild, and any message still owed to them."""
        try:
            return await self._erase(guild_id, user_id)
        finally:
            self._members.forget(guild_id, user_id)

    async def _erase(self, guild_id: int, user_id: int) -> Erased:
        async with self._db.write() as session:
            rep = await find_rep(session, guild_id, user_id)
            if rep is None:
                return Erased(0, 0, 0)
            counts = Erased(
                customers=await session.scalar(select(func.count()).where(Customer.rep_id == rep.id)) or 0,
                touches=await session.scalar(select(func.count()).where(Touch.rep_id == rep.id)) or 0,
                quiz_answers=await session.scalar(
                    select(func.count()).where(
                        QuizPresentation.rep_id == rep.id, QuizPresentation.answered_at.is_not(None)
                    )
                )
                or 0,
            )
            for model in (Touch, Customer, DailyPoints, QuizProgress, QuizPresentation):
                await session.execute(delete(model).where(model.rep_id == rep.id))
            await session.execute(
                delete(OutboxMessage).where(
                    OutboxMessage.guild_id == guild_id,
                    OutboxMessage.target == Target.DM,
                    OutboxMessage.target_id == user_id,
                    OutboxMessage.status == "pending",
                )
            )
            await session.execute(delete(Rep).where(Rep.id == rep.id))
            return counts
