"""The quiz: present the scenario a rep should meet next, grade the answer, and keep their stats.

A multi-step scenario is one item: each answer but the last moves the presentation to the step that reply
leads to, and the scenario is graded once, at its end, right only if every step was a listening choice.
Listening answers earn relationship points (2 each, at most 10 a local day) in the same daily rollup the
touches use, so practice counts on the board too.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.coach.assignments import QUIZ, complete_in
from bot.coach.clock import Clock
from bot.coach.content import Reply, Scenario, Stance, Step
from bot.coach.dates import local_today
from bot.coach.errors import CoachError, InvalidInput, NotFound
from bot.coach.repetition import TOP_BOX, Candidate, Progress, after_answer, choose_next
from bot.coach.reps import ensure_rep, find_rep, rep_zone
from bot.coach.rollups import add_to_rollups
from bot.coach.scenarios import ScenarioBook
from bot.db.engine import Database
from bot.db.models import DailyPoints, QuizPresentation, QuizProgress
from bot.i18n import N_, MarkedCommand

POINTS_PER_LISTENING_ANSWER = 2
DAILY_QUIZ_POINTS_CAP = 10
PRESENTATION_LIFETIME = timedelta(minutes=15)
STATS_WEEKS = 8
START = MarkedCommand("quiz start")  # named in the errors that send the rep back to a fresh scenario


class AlreadyAnswered(CoachError):
    """The rep clicked a second answer on a scenario they already answered."""


class Expired(CoachError):
    """The presentation is older than its 15 minutes."""


@dataclass(frozen=True)
class Taken:
    """A step already answered: what was shown, in the order shown, and which reply the rep chose."""

    step: Step
    replies: list[Reply]
    chosen: int

    @property
    def listened(self) -> bool:
        return self.replies[self.chosen].stance is Stance.LISTENING


@dataclass(frozen=True)
class Presentation:
    presentation_id: int
    scenario: Scenario
    theme_title: str
    replies: list[Reply]  # of the step on show, in the order shown
    expires_at: datetime
    new: bool
    step: Step | None = None  # the step on show; None for the first
    taken: tuple[Taken, ...] = ()  # the steps answered before it

    @property
    def step_number(self) -> int:
        return len(self.taken)


@dataclass(frozen=True)
class Answer:
    presentation_id: int
    scenario: Scenario
    theme_title: str
    replies: list[Reply]  # of the last step, in the order shown
    chosen: int
    correct: bool
    points: int
    capped: bool
    box: int
    theme_filter: str | None
    taken: tuple[Taken, ...] = ()  # every step, the last included

    @property
    def multi_step(self) -> bool:
        return len(self.taken) > 1


def _taken(scenario: Scenario, path: list[dict[str, Any]]) -> tuple[Taken, ...]:
    """The answered steps a presentation's `path` records."""
    taken = []
    for entry in path:
        step = scenario.step(entry["step"])
        order = list(entry["order"])
        taken.append(Taken(step, [step.replies[index] for index in order], order.index(entry["reply"])))
    return tuple(taken)


@dataclass(frozen=True)
class Tally:
    answered: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> float | None:
        return None if not self.answered else self.correct / self.answered

    def plus(self, correct: bool) -> Tally:
        return Tally(self.answered + 1, self.correct + int(correct))


@dataclass(frozen=True)
class QuizStats:
    overall: Tally
    by_theme: dict[str, Tally]
    theme_titles: dict[str, str]
    by_week: list[tuple[date, Tally]]
    mastered: int
    points_today: int


class Quiz:
    def __init__(self, db: Database, clock: Clock, scenarios: ScenarioBook, rng: random.Random | None = None) -> None:
        self._db = db
        self._clock = clock
        self.scenarios = scenarios
        self._rng = rng or random.SystemRandom()

    async def _title(self, guild_id: int, theme: str, locale: str | None, session: AsyncSession | None = None) -> str:
        return (await self.scenarios.themes(guild_id, locale=locale, session=session)).get(theme) or theme

    async def start(
        self, guild_id: int, user_id: int, theme: str | None = None, *, locale: str | None = None
    ) -> Presentation:
        """Choose the rep's next scenario (in `theme` when given) and record the presentation. The scenario is
        shown in the language of the rep's `locale` when translated into it; it is the same scenario (one key)
        for their history and spacing whichever language shows it."""
        themes = await self.scenarios.themes(guild_id, locale=locale)
        if theme is not None and theme not in themes:
            raise InvalidInput(N_("There is no quiz theme `{theme}` here. Pick one from the list."), theme=theme)
        pool = {scenario.key: scenario for scenario in await self.scenarios.active(guild_id, theme, locale=locale)}
        if not pool:
            raise NotFound(N_("There are no scenarios to practise here right now."))
        now = self._clock()
        async with self._db.write() as session:
            rep = await ensure_rep(session, guild_id, user_id)
            rows = await session.scalars(
                select(QuizProgress).where(QuizProgress.rep_id == rep.id, QuizProgress.scenario_key.in_(pool))
            )
            progress = {row.scenario_key: Progress(row.box, row.due_at) for row in rows}
            last_key = await session.scalar(
                select(QuizPresentation.scenario_key)
                .where(QuizPresentation.rep_id == rep.id)
                .order_by(QuizPresentation.presented_at.desc(), QuizPresentation.id.desc())
                .limit(1)
            )
            count = await session.scalar(select(func.count()).where(QuizPresentation.rep_id == rep.id)) or 0
            key = choose_next(
                [Candidate(s.key, s.difficulty) for s in pool.values()],
                progress,
                last_key=last_key,
                now=now,
                presented_count=count,
                seed=str(rep.id),
            )
            assert key is not None  # noqa: S101 - the pool is not empty
            scenario = pool[key]
            order = list(range(len(scenario.replies)))
            self._rng.shuffle(order)
            presentation = QuizPresentation(
                guild_id=guild_id,
                rep_id=rep.id,
                scenario_key=key,
                theme=scenario.theme,
                theme_filter=theme,
                reply_order=order,
                presented_at=now,
                expires_at=now + PRESENTATION_LIFETIME,
            )
            session.add(presentation)
            await session.flush()
        return Presentation(
            presentation_id=presentation.id,
            scenario=scenario,
            theme_title=themes[scenario.theme],
            replies=[scenario.replies[index] for index in order],
            expires_at=presentation.expires_at,
            new=key not in progress,
        )

    async def answer(
        self, presentation_id: int, user_id: int, position: int, step: int | None = None, *, locale: str | None = None
    ) -> Answer | Presentation:
        """Take the reply at `position` (as presented) on the presentation's step `step` (counted from 0; None:
        whichever is on show). A reply that leads on returns the next step's presentation; the last one is
        graded. One answer per step, within 15 minutes of it being shown. The feedback is in the language of
        `locale` when the scenario is translated into it (a translation keeps the base's reply order, so the
        positions dealt in one language grade in any)."""
        now = self._clock()
        async with self._db.write() as session:
            presentation = await session.get(QuizPresentation, presentation_id)
            rep = None if presentation is None else await find_rep(session, presentation.guild_id, user_id)
            if presentation is None or rep is None or presentation.rep_id != rep.id:
                raise NotFound(
                    N_("This scenario was dealt to someone else. Start your own with {command}."), command=START
                )
            if presentation.answered_at is not None:
                raise AlreadyAnswered(
                    N_("You already answered this one. {command} deals the next scenario."), command=START
                )
            if now > presentation.expires_at:
                raise Expired(N_("This scenario expired after 15 minutes. {command} deals a fresh one."), command=START)
            if step is not None and step != presentation.steps_taken:
                raise AlreadyAnswered(N_("You already answered that step; the scenario has moved on."))
            if not 0 <= position < len(presentation.reply_order):
                raise InvalidInput(N_("That answer is not one of the choices."))
            scenario = await self.scenarios.find(
                presentation.guild_id, presentation.scenario_key, locale=locale, session=session
            )
            try:
                shown = None if scenario is None else scenario.step(presentation.step_id)
            except KeyError:
                shown = None
            if scenario is None or shown is None or len(shown.replies) != len(presentation.reply_order):
                raise NotFound(
                    N_("This scenario was removed or rewritten. {command} deals another one."), command=START
                )
            chosen_index = presentation.reply_order[position]
            path = [
                *(presentation.path or []),
                {"step": shown.id, "reply": chosen_index, "order": list(presentation.reply_order)},
            ]
            following = shown.replies[chosen_index].next
            if following is not None:
                return await self._move_on(session, presentation, scenario, following, path, now, locale)
            taken = _taken(scenario, path)
            correct = all(item.listened for item in taken)
            today = local_today(now, await rep_zone(session, presentation.guild_id, rep))
            earned_today = (
                await session.scalar(
                    select(DailyPoints.quiz_points).where(DailyPoints.rep_id == rep.id, DailyPoints.day == today)
                )
                or 0
            )
            points = min(POINTS_PER_LISTENING_ANSWER, max(0, DAILY_QUIZ_POINTS_CAP - earned_today)) if correct else 0
            # The conditional update makes a double click safe on every database: only one answer lands.
            claimed = await session.execute(
                update(QuizPresentation)
                .where(
                    QuizPresentation.id == presentation_id,
                    QuizPresentation.answered_at.is_(None),
                    QuizPresentation.steps_taken == presentation.steps_taken,
                )
                .values(
                    answered_at=now,
                    answered_on=today,
                    chosen_reply=chosen_index,
                    correct=correct,
                    points=points,
                    steps_taken=len(path),
                    path=path,
                )
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                raise AlreadyAnswered(
                    N_("You already answered this one. {command} deals the next scenario."), command=START
                )
            await complete_in(session, rep.id, QUIZ, scenario.theme, now)
            row = await session.get(QuizProgress, (rep.id, scenario.key))
            moved = after_answer(None if row is None else Progress(row.box, row.due_at), correct, now)
            if row is None:
                session.add(
                    QuizProgress(
                        rep_id=rep.id,
                        scenario_key=scenario.key,
                        box=moved.box,
                        due_at=moved.due_at,
                        seen=1,
                        correct=int(correct),
                    )
                )
            else:
                row.box, row.due_at = moved.box, moved.due_at
                row.seen += 1
                row.correct += int(correct)
            await session.run_sync(
                add_to_rollups,
                rep_id=rep.id,
                day=today,
                guild_id=presentation.guild_id,
                points=points,
                quiz_points=points,
                quiz_answered=1,
                quiz_listening=int(correct),
            )
            order, theme_filter = presentation.reply_order, presentation.theme_filter
        return Answer(
            presentation_id=presentation_id,
            scenario=scenario,
            theme_title=await self._title(presentation.guild_id, scenario.theme, locale),
            replies=[shown.replies[index] for index in order],
            chosen=position,
            correct=correct,
            points=points,
            capped=correct and points < POINTS_PER_LISTENING_ANSWER,
            box=moved.box,
            theme_filter=theme_filter,
            taken=taken,
        )

    async def _move_on(
        self,
        session: AsyncSession,
        presentation: QuizPresentation,
        scenario: Scenario,
        step_id: str,
        path: list[dict[str, Any]],
        now: datetime,
        locale: str | None,
    ) -> Presentation:
        """Show the step a reply leads to: its replies freshly shuffled, another 15 minutes to answer."""
        following = scenario.step(step_id)
        order = list(range(len(following.replies)))
        self._rng.shuffle(order)
        expires_at = now + PRESENTATION_LIFETIME
        claimed = await session.execute(
            update(QuizPresentation)
            .where(
                QuizPresentation.id == presentation.id,
                QuizPresentation.answered_at.is_(None),
                QuizPresentation.steps_taken == presentation.steps_taken,
            )
            .values(step_id=step_id, steps_taken=len(path), path=path, reply_order=order, expires_at=expires_at)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise AlreadyAnswered(N_("You already answered that step; the scenario has moved on."))
        return Presentation(
            presentation_id=presentation.id,
            scenario=scenario,
            theme_title=await self._title(presentation.guild_id, scenario.theme, locale, session),
            replies=[following.replies[index] for index in order],
            expires_at=expires_at,
            new=False,
            step=following,
            taken=_taken(scenario, path),
        )

    async def stats(self, guild_id: int, user_id: int, *, locale: str | None = None) -> QuizStats:
        """Accuracy overall, by theme and by week (the last 8, in the rep's local weeks); theme titles in the
        language of `locale` when a pack of the theme is translated into it."""
        now = self._clock()
        themes = await self.scenarios.themes(guild_id, locale=locale)
        async with self._db.read() as session:
            rep = await find_rep(session, guild_id, user_id)
            if rep is None:
                return QuizStats(Tally(), {}, themes, [], 0, 0)
            today = local_today(now, await rep_zone(session, guild_id, rep))
            rows = await session.execute(
                select(QuizPresentation.theme, QuizPresentation.correct, QuizPresentation.answered_on).where(
                    QuizPresentation.rep_id == rep.id, QuizPresentation.answered_at.is_not(None)
                )
            )
            mastered = await session.scalar(
                select(func.count()).where(QuizProgress.rep_id == rep.id, QuizProgress.box >= TOP_BOX - 1)
            )
            points_today = await session.scalar(
                select(DailyPoints.quiz_points).where(DailyPoints.rep_id == rep.id, DailyPoints.day == today)
            )
        overall = Tally()
        by_theme: dict[str, Tally] = defaultdict(Tally)
        this_week = today - timedelta(days=today.weekday())
        weeks = [this_week - timedelta(weeks=n) for n in reversed(range(STATS_WEEKS))]
        by_week: dict[date, Tally] = dict.fromkeys(weeks, Tally())
        for theme, correct, answered_on in rows:
            if answered_on is None:  # answered rows always carry their local day
                continue
            overall = overall.plus(bool(correct))
            by_theme[theme] = by_theme[theme].plus(bool(correct))
            week = answered_on - timedelta(days=answered_on.weekday())
            if week in by_week:
                by_week[week] = by_week[week].plus(bool(correct))
        return QuizStats(
            overall=overall,
            by_theme=dict(sorted(by_theme.items())),
            theme_titles=themes,
            by_week=list(by_week.items()),
            mastered=mastered or 0,
            points_today=points_today or 0,
        )
