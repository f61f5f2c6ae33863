"""The daily team quiz: one scenario posted in the guild's channel that anyone can answer once; the next
post opens with how the team answered the last one. Practice together: it earns no points (those come from
each rep's own `/quiz`), so nobody can farm the board from a shared question."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from bot.coach.clock import Clock
from bot.coach.content import Reply, Scenario, Stance
from bot.coach.errors import NotFound
from bot.coach.quiz import AlreadyAnswered, Expired
from bot.coach.scenarios import ScenarioBook
from bot.db.engine import Database
from bot.db.models import TeamQuizAnswer, TeamQuizPost
from bot.db.upsert import insert_ignore
from bot.i18n import N_, MarkedCommand

ANSWERABLE_FOR = timedelta(days=2)
LETTERS = "ABCD"


@dataclass(frozen=True)
class TeamSummary:
    customer_says: str
    answered: int
    listening: int
    listening_letters: list[str]
    principle: str


@dataclass(frozen=True)
class TeamPost:
    post_id: int
    scenario: Scenario
    theme_title: str
    replies: list[Reply]
    previous: TeamSummary | None


@dataclass(frozen=True)
class TeamAnswer:
    scenario: Scenario
    replies: list[Reply]
    chosen: int
    correct: bool
    answered: int


class TeamQuiz:
    def __init__(self, db: Database, clock: Clock, scenarios: ScenarioBook, rng: random.Random | None = None) -> None:
        self._db = db
        self._clock = clock
        self._scenarios = scenarios
        self._rng = rng or random.SystemRandom()

    async def post_for(self, guild_id: int, day: date) -> TeamPost | None:
        """The post for this guild's local `day`, created on first call; None when there is nothing to ask."""
        async with self._db.read() as session:
            existing = await session.scalar(
                select(TeamQuizPost).where(TeamQuizPost.guild_id == guild_id, TeamQuizPost.posted_on == day)
            )
            used = list(
                await session.scalars(
                    select(TeamQuizPost.scenario_key)
                    .where(TeamQuizPost.guild_id == guild_id)
                    .order_by(TeamQuizPost.posted_on.desc())
                )
            )
            previous_post = await session.scalar(
                select(TeamQuizPost)
                .where(TeamQuizPost.guild_id == guild_id, TeamQuizPost.posted_on < day)
                .order_by(TeamQuizPost.posted_on.desc())
                .limit(1)
            )
        if existing is None:
            # One click each: a multi-step scenario needs a conversation, which `/quiz start` gives.
            pool = [scenario for scenario in await self._scenarios.active(guild_id) if not scenario.multi_step]
            if not pool:
                return None
            fresh = [scenario for scenario in pool if scenario.key not in used]
            if fresh:
                scenario = self._rng.choice(fresh)
            else:  # everything was asked: the one asked longest ago
                scenario = min(pool, key=lambda item: -used[::-1].index(item.key) if item.key in used else 0)
            order = list(range(len(scenario.replies)))
            self._rng.shuffle(order)
            async with self._db.write() as session:
                await session.run_sync(
                    insert_ignore,
                    TeamQuizPost,
                    {
                        "guild_id": guild_id,
                        "scenario_key": scenario.key,
                        "reply_order": order,
                        "posted_on": day,
                        "created_at": self._clock(),
                    },
                    ["guild_id", "posted_on"],
                )
            async with self._db.read() as session:
                existing = await session.scalar(
                    select(TeamQuizPost).where(TeamQuizPost.guild_id == guild_id, TeamQuizPost.posted_on == day)
                )
        assert existing is not None  # noqa: S101 - just written
        return await self._assemble(existing, previous_post)

    async def post(self, post_id: int, *, locale: str | None = None) -> TeamPost | None:
        """A post as it is shown (the drain renders it when its time comes), in the language of `locale` (the
        server's) when its scenario is translated into it."""
        async with self._db.read() as session:
            found = await session.get(TeamQuizPost, post_id)
            if found is None:
                return None
            previous_post = await session.scalar(
                select(TeamQuizPost)
                .where(TeamQuizPost.guild_id == found.guild_id, TeamQuizPost.posted_on < found.posted_on)
                .order_by(TeamQuizPost.posted_on.desc())
                .limit(1)
            )
        return await self._assemble(found, previous_post, locale)

    async def _assemble(
        self, post: TeamQuizPost, previous_post: TeamQuizPost | None, locale: str | None = None
    ) -> TeamPost | None:
        scenario = await self._scenarios.find(post.guild_id, post.scenario_key, locale=locale)
        if scenario is None:
            return None
        themes = await self._scenarios.themes(post.guild_id, locale=locale)
        return TeamPost(
            post_id=post.id,
            scenario=scenario,
            theme_title=themes.get(scenario.theme, scenario.theme),
            replies=[scenario.replies[index] for index in post.reply_order],
            previous=None if previous_post is None else await self.summary(previous_post.id, locale=locale),
        )

    async def summary(self, post_id: int, *, locale: str | None = None) -> TeamSummary | None:
        async with self._db.read() as session:
            post = await session.get(TeamQuizPost, post_id)
            if post is None:
                return None
            answered = await session.scalar(select(func.count()).where(TeamQuizAnswer.post_id == post_id)) or 0
            listening = (
                await session.scalar(
                    select(func.count()).where(TeamQuizAnswer.post_id == post_id, TeamQuizAnswer.correct.is_(True))
                )
                or 0
            )
        scenario = await self._scenarios.find(post.guild_id, post.scenario_key, locale=locale)
        if scenario is None:
            return None
        letters = [
            LETTERS[position]
            for position, index in enumerate(post.reply_order)
            if scenario.replies[index].stance is Stance.LISTENING
        ]
        return TeamSummary(scenario.customer_says, answered, listening, letters, scenario.principle)

    async def answer(self, post_id: int, user_id: int, position: int, *, locale: str | None = None) -> TeamAnswer:
        """Record a member's answer; the feedback in the language of their `locale` when translated into it."""
        now = self._clock()
        async with self._db.read() as session:
            post = await session.get(TeamQuizPost, post_id)
        if post is None:
            raise NotFound(N_("This team question is gone."))
        if now - post.created_at > ANSWERABLE_FOR:
            raise Expired(
                N_("This team question has closed. Today's is in the channel, or try {command}."),
                command=MarkedCommand("quiz start"),
            )
        scenario = await self._scenarios.find(post.guild_id, post.scenario_key, locale=locale)
        if scenario is None or not 0 <= position < len(post.reply_order):
            raise NotFound(N_("That answer is not one of the choices."))
        chosen_index = post.reply_order[position]
        correct = scenario.replies[chosen_index].stance is Stance.LISTENING
        async with self._db.write() as session:
            before = await session.get(TeamQuizAnswer, (post_id, user_id))
            if before is not None:
                raise AlreadyAnswered(N_("You already answered today's team question."))
            await session.run_sync(
                insert_ignore,
                TeamQuizAnswer,
                {
                    "post_id": post_id,
                    "user_id": user_id,
                    "chosen_reply": chosen_index,
                    "correct": correct,
                    "answered_at": now,
                },
                ["post_id", "user_id"],
            )
            answered = await session.scalar(select(func.count()).where(TeamQuizAnswer.post_id == post_id)) or 0
        return TeamAnswer(
            scenario=scenario,
            replies=[scenario.replies[index] for index in post.reply_order],
            chosen=position,
            correct=correct,
            answered=answered,
        )
