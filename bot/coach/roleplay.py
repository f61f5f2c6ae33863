"""Role-play: a rep answers a scripted customer in their own words, turn by turn, and gets an explainable
listening report at the end.

Each reply is scored (`bot.coach.listening`), the persona moves to the state that reply's move leads to and
answers with that state's line. A conversation ends in `trust` or `cold` (a terminal state, or the turns
running out), as `timeout` after 15 minutes without a reply, or `left` when the rep ends it. One active
conversation per rep per guild; a reply carries its turn number, so a form submitted twice counts once.

Points come per finished conversation, never per reply: specific listening (a reflection, or a question that
picks up the customer's own words; a generic "tell me more" counts once), a talk share in bands, and
reflections per question in bands; only the first finish of a persona per rep per week scores, and the
quiz's daily cap is shared, through the same daily rollup as touches and the quiz.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.coach.assignments import ROLEPLAY, Assignments, complete_in
from bot.coach.clock import Clock
from bot.coach.dates import local_today
from bot.coach.errors import CoachError, InvalidInput, NotFound
from bot.coach.listening import Cue, ReplyScore, Verdict, is_generic, score_reply
from bot.coach.llm import PersonaModel, SecondOpinion
from bot.coach.outgoing import RolePlayAssignment
from bot.coach.personas import Outcome, Persona, State, load_personas, parse_persona, persona_from
from bot.coach.quiz import DAILY_QUIZ_POINTS_CAP
from bot.coach.reply_language import looks_spanish, quoted
from bot.coach.reps import ensure_rep, find_rep, rep_zone
from bot.coach.roleplay_limits import ACTIVE, ENDED, IDLE_TIMEOUT, MAX_REPLY
from bot.coach.rollups import add_to_rollups
from bot.db.engine import Database
from bot.db.models import DailyPoints, GuildPersona, GuildSettings, Rep, RolePlay, RolePlayTurn
from bot.i18n import N_, MarkedCommand

MAX_SPECIFIC_POINTS = 3
LESSONS_SHOWN = 3
START = MarkedCommand("roleplay start")  # named in the errors that send the rep to a new conversation


class ConversationOver(CoachError):
    """A button or form of a conversation that has ended."""


@dataclass(frozen=True)
class Scored:
    """One reply as the report shows it."""

    number: int
    reply: str | None
    verdict: Verdict
    move: str
    cues: tuple[Cue, ...]
    customer_before: str | None
    customer_after: str | None
    override: str | None = None
    override_note: str | None = None
    second_opinion: SecondOpinion | None = None  # the language model's verdict, when it disagreed
    voiced: bool = False  # the customer's answer came from the language model

    @property
    def final_verdict(self) -> str:
        return self.override or self.verdict.value


@dataclass(frozen=True)
class Report:
    conversation_id: int
    user_id: int
    persona_id: str
    persona_name: str
    hidden_need: str
    outcome: Outcome | None  # None while it goes on
    turns: int
    talk_share: float | None  # the rep's share of the words said
    open_questions: int
    closed_questions: int
    reflections: int
    longest_turn: int  # words in the rep's longest reply
    pushes: tuple[tuple[str, str], ...]  # (kind, the rep's words)
    pitched_before_asking: bool
    lessons: tuple[str, ...]
    points: int
    shared: bool
    replies: tuple[Scored, ...] = field(default=())
    started_on: date | None = None

    @property
    def push_counts(self) -> Counter[str]:
        return Counter(kind for kind, _quote in self.pushes)

    @property
    def reflections_per_question(self) -> float | None:
        questions = self.open_questions + self.closed_questions
        return None if not questions else self.reflections / questions


@dataclass(frozen=True)
class Turn:
    """Where a conversation stands after a start or a reply: what the customer says now."""

    conversation_id: int
    persona: Persona
    number: int  # replies made so far
    customer_says: str
    scored: Scored | None = None  # the reply just made
    report: Report | None = None  # when the conversation ended
    resumed: bool = False


def _next_state(persona: Persona, current: str, scored: ReplyScore, number: int) -> tuple[State, bool]:
    """The state the reply leads to, and whether the conversation ran out of turns there without ending."""
    state = persona.state(persona.state(current).after(scored.move))
    return state, state.outcome is None and number >= persona.max_turns


async def _nothing() -> None:
    return None


def _choose(lines: tuple[str, ...], conversation_id: int, number: int) -> str:
    """A phrasing picked the same way every time for this conversation and turn (a retry says the same)."""
    return random.Random(f"{conversation_id}:{number}").choice(lines)  # noqa: S311 - variety, not secrecy


def _words(text: str | None) -> int:
    return len((text or "").split())


def _talk_share_points(share: float | None) -> int:
    if share is None:
        return 0
    return 2 if share <= 0.4 else 1 if share <= 0.55 else 0


@dataclass(frozen=True)
class _ModelTake:
    """What the language model said about a reply before the turn is stored: the customer's line for the state
    the script reached (None: the script's), and its verdict when it disagreed with the scorer's."""

    state: str
    line: str | None
    opinion: SecondOpinion | None


class RolePlays:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        personas: dict[str, Persona] | None = None,
        rng: random.Random | None = None,
        model: PersonaModel | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._library = personas
        self._rng = rng or random.SystemRandom()
        self._model = model

    async def aclose(self) -> None:
        if self._model is not None:
            await self._model.aclose()

    @property
    def has_model(self) -> bool:
        """Whether the operator configured a language model a guild may opt in to."""
        return self._model is not None

    @property
    def library(self) -> dict[str, Persona]:
        """The shipped personas, read on first use: a team that never role-plays never holds them (B5).
        `rapport content check` (and so CI) validates them."""
        if self._library is None:
            self._library = load_personas()
        return self._library

    async def personas(self, guild_id: int, session: AsyncSession | None = None) -> dict[str, Persona]:
        """The shipped personas and the guild's own (a guild's own wins on the same id). `session`: the caller's,
        when it holds one (`Database.read_in`)."""
        async with self._db.read_in(session) as reading:
            rows = await reading.scalars(select(GuildPersona).where(GuildPersona.guild_id == guild_id))
            own = {row.persona_id: persona_from(row.body, f"guild persona {row.persona_id}") for row in rows}
        return {**self.library, **own}

    async def suggest(self, guild_id: int, typed: str) -> list[tuple[str, str]]:
        needle = typed.strip().casefold()
        return [
            (persona.id, f"{persona.name}, {persona.role} ({persona.theme})"[:100])
            for persona in sorted((await self.personas(guild_id)).values(), key=lambda item: (item.theme, item.id))
            if needle in persona.id or needle in persona.name.casefold() or needle in persona.theme
        ][:25]

    async def start(self, guild_id: int, user_id: int, persona_id: str | None = None) -> Turn:
        """Begin a conversation (the active one resumes when there is one), with `persona_id` or one the rep
        has not finished this week."""
        personas = await self.personas(guild_id)
        if persona_id is not None and persona_id not in personas:
            raise InvalidInput(N_("There is no persona `{persona}` here. Pick one from the list."), persona=persona_id)
        now = self._clock()
        async with self._db.write() as session:
            rep = await ensure_rep(session, guild_id, user_id)
            active = await self._active(session, rep.id, now)
            if active is not None:
                persona = personas.get(active.persona_id)
                if persona is None:
                    await self._close(session, active, Outcome.LEFT, now, rep_zone_day=None)
                elif persona_id is None or persona_id == active.persona_id:
                    return await self._where(session, active, persona, resumed=True)
                else:
                    raise InvalidInput(
                        N_(
                            "You're still talking with {persona}. Finish that conversation or press End before"
                            " starting another."
                        ),
                        persona=active.persona_name,
                    )
            if persona_id is None:
                persona_id = await self._fresh_persona(session, rep.id, personas, now)
            persona = personas[persona_id]
            conversation = RolePlay(
                guild_id=guild_id,
                rep_id=rep.id,
                persona_id=persona.id,
                persona_name=persona.name,
                state=persona.start,
                turns=0,
                status=ACTIVE,
                started_at=now,
                last_at=now,
            )
            session.add(conversation)
            await session.flush()
            conversation.opening = _choose(persona.state(persona.start).lines, conversation.id, 0)
            return Turn(conversation.id, persona, 0, conversation.opening)

    async def _fresh_persona(
        self, session: AsyncSession, rep_id: int, personas: dict[str, Persona], now: datetime
    ) -> str:
        week_ago = now - timedelta(days=7)
        finished = set(
            await session.scalars(
                select(RolePlay.persona_id).where(
                    RolePlay.rep_id == rep_id,
                    RolePlay.outcome.in_([Outcome.TRUST, Outcome.COLD]),
                    RolePlay.ended_at >= week_ago,
                )
            )
        )
        fresh = sorted(set(personas) - finished) or sorted(personas)
        return self._rng.choice(fresh)

    async def _active(self, session: AsyncSession, rep_id: int, now: datetime) -> RolePlay | None:
        """The rep's conversation that goes on (one that sat idle too long ends here, as a timeout)."""
        active = await session.scalar(select(RolePlay).where(RolePlay.rep_id == rep_id, RolePlay.status == ACTIVE))
        if active is not None and now - active.last_at > IDLE_TIMEOUT:
            await self._close(session, active, Outcome.TIMEOUT, now, rep_zone_day=None)
            return None
        return active

    async def _owned(self, session: AsyncSession, conversation_id: int, user_id: int) -> RolePlay:
        conversation = await session.get(RolePlay, conversation_id)
        rep = None if conversation is None else await find_rep(session, conversation.guild_id, user_id)
        if conversation is None or rep is None or conversation.rep_id != rep.id:
            raise NotFound(N_("That conversation isn't yours, or is gone. {command} begins one."), command=START)
        return conversation

    async def _where(self, session: AsyncSession, conversation: RolePlay, persona: Persona, *, resumed: bool) -> Turn:
        last = await session.scalar(
            select(RolePlayTurn)
            .where(RolePlayTurn.roleplay_id == conversation.id)
            .order_by(RolePlayTurn.number.desc())
            .limit(1)
        )
        says = (last.customer_after if last is not None else conversation.opening) or ""
        return Turn(conversation.id, persona, conversation.turns, says, resumed=resumed)

    async def reply(self, conversation_id: int, user_id: int, number: int, text: str) -> Turn:
        """The rep's reply number `number` (from 1): scored, answered, and the conversation moved on. The same
        number submitted again returns what the first one did."""
        reply = text.strip()
        if not reply:
            raise InvalidInput(N_("Write what you'd say to them; an empty reply can't be scored."))
        if len(reply) > MAX_REPLY:
            raise InvalidInput(
                N_("A reply can be at most {limit} characters ({given} given)."), limit=MAX_REPLY, given=len(reply)
            )
        spanish = looks_spanish(reply)
        take = None if spanish else await self._model_take(conversation_id, user_id, number, reply)
        now = self._clock()
        async with self._db.write() as session:
            conversation = await self._owned(session, conversation_id, user_id)
            persona = (await self.personas(conversation.guild_id, session)).get(conversation.persona_id)
            done = await session.scalar(
                select(RolePlayTurn).where(RolePlayTurn.roleplay_id == conversation.id, RolePlayTurn.number == number)
            )
            if done is not None and persona is not None:  # a double submit: the first one counted
                report = await self.report_in(session, conversation, persona) if conversation.status == ENDED else None
                return Turn(
                    conversation.id, persona, conversation.turns, done.customer_after or "", _scored(done), report
                )
            if conversation.status != ACTIVE or persona is None:
                raise ConversationOver(N_("That conversation has ended. {command} begins another."), command=START)
            if now - conversation.last_at <= IDLE_TIMEOUT:
                if number != conversation.turns + 1:
                    raise InvalidInput(N_("That reply is for an earlier turn; the conversation has moved on."))
                if spanish:  # checked last, so a reply to an ended conversation is not sent back to translate
                    raise InvalidInput(
                        N_(
                            "The customers in role-play speak English, and Rapport reads your replies in English: "
                            "write this one in English. Nothing was counted. What you wrote, to copy:\n{reply}"
                        ),
                        reply=quoted(reply),
                    )
                return await self._answer(session, conversation, persona, number, reply, now, take)
            # Timed out: record it (this unit commits), then refuse outside it.
            await self._close(session, conversation, Outcome.TIMEOUT, now, rep_zone_day=None)
        raise ConversationOver(
            N_("That conversation timed out after 15 minutes without a reply. {command} begins another."),
            command=START,
        )

    async def _model_take(self, conversation_id: int, user_id: int, number: int, reply: str) -> _ModelTake | None:
        """Ask the language model, outside any write (it may take seconds), when the operator configured one and
        the guild opted in; None otherwise, or when the conversation is not where this reply expects it (the
        write below then answers as it would without a model)."""
        if self._model is None:
            return None
        async with self._db.read() as session:
            conversation = await session.get(RolePlay, conversation_id)
            rep = None if conversation is None else await session.get(Rep, conversation.rep_id)
            if conversation is None or rep is None or rep.user_id != user_id or conversation.status != ACTIVE:
                return None
            if conversation.turns != number - 1 or self._clock() - conversation.last_at > IDLE_TIMEOUT:
                return None
            opted_in = await session.scalar(
                select(GuildSettings.roleplay_llm).where(GuildSettings.guild_id == conversation.guild_id)
            )
            persona = (await self.personas(conversation.guild_id, session)).get(conversation.persona_id)
            if not opted_in or persona is None:
                return None
            said = list(
                await session.execute(
                    select(RolePlayTurn.customer_before, RolePlayTurn.reply)
                    .where(RolePlayTurn.roleplay_id == conversation.id)
                    .order_by(RolePlayTurn.number)
                )
            )
            before = (await self._where(session, conversation, persona, resumed=False)).customer_says
        scored = score_reply(reply, before)
        state, out_of_turns = _next_state(persona, conversation.state, scored, number)
        history = [(customer or "", rep_said or "") for customer, rep_said in said]
        line, opinion = await asyncio.gather(
            self._model.voice(conversation.guild_id, persona, state, history, before, reply)
            if not out_of_turns
            else _nothing(),
            self._model.second_opinion(conversation.guild_id, before, reply),
        )
        disagrees = opinion if opinion is not None and opinion.verdict is not scored.verdict else None
        return _ModelTake(state.id, line, disagrees)

    async def _answer(
        self,
        session: AsyncSession,
        conversation: RolePlay,
        persona: Persona,
        number: int,
        reply: str,
        now: datetime,
        take: _ModelTake | None = None,
    ) -> Turn:
        """Score reply `number`, move the persona and store the turn; end the conversation when it ends."""
        before = (await self._where(session, conversation, persona, resumed=False)).customer_says
        scored = score_reply(reply, before)
        state, out_of_turns = _next_state(persona, conversation.state, scored, number)
        voiced = take is not None and take.line is not None and take.state == state.id and not out_of_turns
        said = (
            take.line
            if voiced and take is not None and take.line is not None
            else _choose(persona.out_of_turns if out_of_turns else state.lines, conversation.id, number)
        )
        claimed = await session.execute(
            update(RolePlay)
            .where(RolePlay.id == conversation.id, RolePlay.turns == number - 1, RolePlay.status == ACTIVE)
            .values(turns=number, state=state.id, last_at=now)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise InvalidInput(N_("That reply is for an earlier turn; the conversation has moved on."))
        row = RolePlayTurn(
            roleplay_id=conversation.id,
            number=number,
            customer_before=before,
            reply=reply,
            reply_words=scored.words,
            customer_words=_words(before),
            verdict=scored.verdict.value,
            move=scored.move.value,
            cues=[_cue_json(cue) for cue in scored.cues],
            open_questions=scored.open_questions,
            closed_questions=scored.closed_questions,
            reflections=scored.reflections,
            specific=scored.verdict is Verdict.LISTENING and (scored.reflections > 0 or scored.picks_up_their_words),
            customer_after=said,
            state_after=state.id,
            at=now,
            second_opinion=take.opinion.to_json() if take is not None and take.opinion is not None else None,
            voiced=voiced,
        )
        session.add(row)
        await session.flush()
        await session.refresh(conversation)
        report = None
        if state.outcome is not None or out_of_turns:
            day = local_today(now, await rep_zone(session, conversation.guild_id, None))
            outcome = state.outcome or Outcome.COLD
            await self._close(session, conversation, outcome, now, rep_zone_day=day)
            report = await self.report_in(session, conversation, persona)
        return Turn(conversation.id, persona, number, said, _scored(row), report)

    async def hint(self, conversation_id: int, user_id: int) -> str:
        async with self._db.read() as session:
            conversation = await self._owned(session, conversation_id, user_id)
            idle = self._clock() - conversation.last_at > IDLE_TIMEOUT
            if conversation.status != ACTIVE or idle:
                raise ConversationOver(N_("That conversation has ended. {command} begins another."), command=START)
            persona = (await self.personas(conversation.guild_id, session)).get(conversation.persona_id)
            if persona is None:
                raise ConversationOver(N_("That persona is no longer here. {command} begins another."), command=START)
            return persona.state(conversation.state).hint or N_("Ask about what they just said, in their words.")

    async def end(self, conversation_id: int, user_id: int) -> Report:
        """The rep ends it (or it already ended): the report."""
        now = self._clock()
        async with self._db.write() as session:
            conversation = await self._owned(session, conversation_id, user_id)
            persona = (await self.personas(conversation.guild_id, session)).get(conversation.persona_id)
            if conversation.status == ACTIVE:
                timed_out = now - conversation.last_at > IDLE_TIMEOUT
                await self._close(session, conversation, Outcome.TIMEOUT if timed_out else Outcome.LEFT, now, None)
            if persona is None:
                raise ConversationOver(N_("That persona is no longer here, so there is no report to show."))
            return await self.report_in(session, conversation, persona)

    async def share(self, conversation_id: int, user_id: int) -> Report:
        """Let the guild's managers review this conversation (`/coach roleplay review`)."""
        async with self._db.write() as session:
            conversation = await self._owned(session, conversation_id, user_id)
            if conversation.status == ACTIVE:
                raise InvalidInput(N_("Finish the conversation first; then you can share it."))
            conversation.shared = True
            persona = (await self.personas(conversation.guild_id, session)).get(conversation.persona_id)
            if persona is None:
                raise ConversationOver(N_("That persona is no longer here, so there is no report to share."))
            return await self.report_in(session, conversation, persona)

    async def _close(
        self, session: AsyncSession, conversation: RolePlay, outcome: Outcome, now: datetime, rep_zone_day: date | None
    ) -> None:
        conversation.status, conversation.outcome, conversation.ended_at = ENDED, outcome.value, now
        conversation.ended_on = rep_zone_day or local_today(now, await rep_zone(session, conversation.guild_id, None))
        if outcome in {Outcome.TRUST, Outcome.COLD}:
            conversation.points = await self._award(session, conversation, now)
            await complete_in(session, conversation.rep_id, ROLEPLAY, conversation.persona_id, now, outcome.value)
        await session.flush()

    async def _award(self, session: AsyncSession, conversation: RolePlay, now: datetime) -> int:
        """Points for a finished conversation: the first finish of this persona this week, within the quiz's
        daily cap."""
        turns = list(await session.scalars(select(RolePlayTurn).where(RolePlayTurn.roleplay_id == conversation.id)))
        earlier = await session.scalar(
            select(func.count()).where(
                RolePlay.rep_id == conversation.rep_id,
                RolePlay.persona_id == conversation.persona_id,
                RolePlay.id != conversation.id,
                RolePlay.points > 0,
                RolePlay.ended_at >= now - timedelta(days=7),
            )
        )
        if earlier or not turns:
            return 0
        specific = sum(turn.specific for turn in turns)
        generic = [turn for turn in turns if turn.verdict == Verdict.LISTENING and is_generic(turn.reply or "")]
        specific += min(len(generic), 1)  # one "tell me more" is listening; the second earns nothing
        if not specific:
            return 0  # the bands reward how a rep listened, so without listening there is nothing to reward
        points = min(specific, MAX_SPECIFIC_POINTS)
        points += _talk_share_points(_share(turns, conversation.opening))
        questions = sum(turn.open_questions + turn.closed_questions for turn in turns)
        reflections = sum(turn.reflections for turn in turns)
        points += 1 if questions and reflections / questions >= 0.5 else 0
        day = conversation.ended_on or now.date()
        earned = await session.scalar(
            select(DailyPoints.quiz_points).where(DailyPoints.rep_id == conversation.rep_id, DailyPoints.day == day)
        )
        points = max(0, min(points, DAILY_QUIZ_POINTS_CAP - int(earned or 0)))
        if points:
            await session.run_sync(
                add_to_rollups,
                rep_id=conversation.rep_id,
                day=day,
                guild_id=conversation.guild_id,
                points=points,
                quiz_points=points,
            )
        return points

    async def report(self, conversation_id: int, user_id: int) -> Report:
        async with self._db.read() as session:
            conversation = await self._owned(session, conversation_id, user_id)
            persona = (await self.personas(conversation.guild_id, session)).get(conversation.persona_id)
            if persona is None:
                raise ConversationOver(N_("That persona is no longer here, so there is no report to show."))
            return await self.report_in(session, conversation, persona)

    async def report_in(self, session: AsyncSession, conversation: RolePlay, persona: Persona) -> Report:
        """The report of `conversation`, read in the caller's session."""
        turns = list(
            await session.scalars(
                select(RolePlayTurn).where(RolePlayTurn.roleplay_id == conversation.id).order_by(RolePlayTurn.number)
            )
        )
        user_id = int(await session.scalar(select(Rep.user_id).where(Rep.id == conversation.rep_id)) or 0)
        return report_of(conversation, persona, turns, user_id)


def _cue_json(cue: Cue) -> dict[str, Any]:
    return {"kind": cue.kind, "quote": cue.quote, "lesson": cue.lesson, "pushing": cue.pushing}


def _scored(turn: RolePlayTurn) -> Scored:
    return Scored(
        number=turn.number,
        reply=turn.reply,
        verdict=Verdict(turn.verdict),
        move=turn.move,
        cues=tuple(Cue(**cue) for cue in turn.cues),
        customer_before=turn.customer_before,
        customer_after=turn.customer_after,
        override=turn.override_verdict,
        override_note=turn.override_note,
        second_opinion=SecondOpinion.from_json(turn.second_opinion),
        voiced=turn.voiced,
    )


def _share(turns: list[RolePlayTurn], opening: str | None) -> float | None:
    rep = sum(turn.reply_words for turn in turns)
    customer = _words(opening) + sum(_words(turn.customer_after) for turn in turns)
    return None if rep + customer == 0 else rep / (rep + customer)


# The order lessons are worth reading in: the hardest pushes first.
LESSON_ORDER = (
    "discount",
    "deadline",
    "close",
    "guarantee",
    "pressure",
    "leading question",
    "evasion",
    "pitch",
    "monologue",
    "reflection",
    "their words",
    "open question",
    "honest limit",
    "invitation",
    "closed question",
    "asks for nothing",
)


def report_of(conversation: RolePlay, persona: Persona, turns: list[RolePlayTurn], user_id: int) -> Report:
    """The end-of-conversation report, from the stored turns (pure: tests and the review build it too)."""
    scored = [_scored(turn) for turn in turns]
    pushes = tuple(
        (cue.kind, cue.quote) for item in scored for cue in item.cues if cue.pushing and item.final_verdict == "pushing"
    )
    first_pitch = next((item.number for item in scored if any(cue.kind == "pitch" for cue in item.cues)), None)
    first_question = next(
        (item.number for item in scored if any(cue.kind in {"open question", "invitation"} for cue in item.cues)), None
    )
    seen: set[str] = set()
    lessons = []
    for kind in LESSON_ORDER:
        for item in scored:
            cue = next((cue for cue in item.cues if cue.kind == kind), None)
            if cue is not None and cue.lesson not in seen:
                seen.add(cue.lesson)
                quote = " ".join(cue.quote.split())
                lessons.append(f"“{quote[:120]}”: {cue.lesson}")
                break
        if len(lessons) >= LESSONS_SHOWN:
            break
    return Report(
        conversation_id=conversation.id,
        user_id=user_id,
        persona_id=persona.id,
        persona_name=persona.name,
        hidden_need=persona.hidden_need,
        outcome=Outcome(conversation.outcome) if conversation.outcome else None,
        turns=conversation.turns,
        talk_share=_share(turns, conversation.opening),
        open_questions=sum(turn.open_questions for turn in turns),
        closed_questions=sum(turn.closed_questions for turn in turns),
        reflections=sum(turn.reflections for turn in turns),
        longest_turn=max((turn.reply_words for turn in turns), default=0),
        pushes=pushes,
        pitched_before_asking=first_pitch is not None and (first_question is None or first_pitch < first_question),
        lessons=tuple(lessons),
        points=conversation.points,
        shared=conversation.shared,
        replies=tuple(scored),
        started_on=conversation.started_at.date(),
    )


@dataclass(frozen=True)
class RepSummary:
    """One rep's role-play over a period, for `/coach roleplay report`."""

    user_id: int
    conversations: int
    outcomes: Counter[str]
    median_talk_share: float | None
    questions_per_conversation: float
    reflections_per_conversation: float
    pushes: Counter[str]
    display_name: str | None = None  # as last seen


class RolePlayDesk:
    """What managers do with role-play: import personas, read the team's numbers, review shared
    conversations and overrule a verdict (overrides export as labelled rows to improve the scorer)."""

    def __init__(self, db: Database, clock: Clock, plays: RolePlays, assignments: Assignments) -> None:
        self._db = db
        self._clock = clock
        self._plays = plays
        self._assignments = assignments

    async def assign(
        self, guild_id: int, manager_id: int, manager_name: str, member_id: int, persona_id: str, due: str | None
    ) -> date | None:
        """Ask a rep to practise with a persona: a DM with a button that starts it, and a heads-up the day before
        it is due (`Assignments.assign`); returns the due day."""
        persona = (await self._plays.personas(guild_id)).get(persona_id)
        if persona is None:
            raise InvalidInput(N_("There is no persona `{persona}` here. Pick one from the list."), persona=persona_id)
        made = await self._assignments.assign(
            guild_id,
            manager_id,
            member_id,
            ROLEPLAY,
            persona.id,
            persona.name,
            due,
            lambda due_on, reminder: RolePlayAssignment(
                persona.id, persona.name, manager_name[:80], due_on, reminder=reminder
            ),
        )
        return made.due

    async def import_persona(self, guild_id: int, manager_id: int, text: str, filename: str) -> Persona:
        persona = parse_persona(text, filename)
        async with self._db.write() as session:
            row = await session.scalar(
                select(GuildPersona).where(GuildPersona.guild_id == guild_id, GuildPersona.persona_id == persona.id)
            )
            if row is None:
                session.add(
                    GuildPersona(
                        guild_id=guild_id,
                        persona_id=persona.id,
                        body=persona.as_json(),
                        created_by=manager_id,
                        created_at=self._clock(),
                    )
                )
            else:
                row.body, row.created_by = persona.as_json(), manager_id
        return persona

    async def summaries(self, guild_id: int, since: date | None, user_id: int | None = None) -> list[RepSummary]:
        async with self._db.read() as session:
            query = (
                select(RolePlay, Rep.user_id, Rep.display_name)
                .join(Rep, Rep.id == RolePlay.rep_id)
                .where(RolePlay.guild_id == guild_id, RolePlay.status == ENDED)
            )
            if since is not None:
                query = query.where(RolePlay.ended_on >= since)
            if user_id is not None:
                query = query.where(Rep.user_id == user_id)
            rows = list(await session.execute(query))
            ids = [conversation.id for conversation, _user, _name in rows]
            turns: dict[int, list[RolePlayTurn]] = {conversation_id: [] for conversation_id in ids}
            if ids:
                for turn in await session.scalars(select(RolePlayTurn).where(RolePlayTurn.roleplay_id.in_(ids))):
                    turns[turn.roleplay_id].append(turn)
        by_user: dict[int, list[RolePlay]] = {}
        names: dict[int, str | None] = {}
        for conversation, user, name in rows:
            by_user.setdefault(user, []).append(conversation)
            names[user] = name
        summaries = []
        for user, conversations in sorted(by_user.items()):
            shares = sorted(
                share for share in (_share(turns[c.id], c.opening) for c in conversations) if share is not None
            )
            all_turns = [turn for c in conversations for turn in turns[c.id]]
            pushes: Counter[str] = Counter(
                cue["kind"]
                for turn in all_turns
                if (turn.override_verdict or turn.verdict) == Verdict.PUSHING
                for cue in turn.cues
                if cue.get("pushing")
            )
            count = len(conversations)
            summaries.append(
                RepSummary(
                    user_id=user,
                    conversations=count,
                    outcomes=Counter(c.outcome or "" for c in conversations),
                    median_talk_share=shares[len(shares) // 2] if shares else None,
                    questions_per_conversation=sum(t.open_questions + t.closed_questions for t in all_turns) / count,
                    reflections_per_conversation=sum(t.reflections for t in all_turns) / count,
                    pushes=pushes,
                    display_name=names.get(user),
                )
            )
        return summaries

    async def reviewable(self, guild_id: int, user_id: int) -> list[tuple[int, str]]:
        """A rep's conversations a manager may read: shared ones, or all when the guild opened review."""
        async with self._db.read() as session:
            open_review = bool(
                await session.scalar(
                    select(GuildSettings.roleplay_open_review).where(GuildSettings.guild_id == guild_id)
                )
            )
            query = (
                select(RolePlay)
                .join(Rep, Rep.id == RolePlay.rep_id)
                .where(RolePlay.guild_id == guild_id, Rep.user_id == user_id, RolePlay.status == ENDED)
            )
            if not open_review:
                query = query.where(RolePlay.shared.is_(True))
            rows = await session.scalars(query.order_by(RolePlay.ended_at.desc()).limit(25))
            return [
                (row.id, f"#{row.id} {row.persona_name}, {row.started_at:%Y-%m-%d} ({row.outcome})"[:100])
                for row in rows
            ]

    async def review(self, guild_id: int, conversation_id: int) -> Report:
        async with self._db.read() as session:
            conversation = await session.get(RolePlay, conversation_id)
            if conversation is None or conversation.guild_id != guild_id or conversation.status != ENDED:
                raise NotFound(N_("No finished conversation with that number here."))
            open_review = bool(
                await session.scalar(
                    select(GuildSettings.roleplay_open_review).where(GuildSettings.guild_id == guild_id)
                )
            )
            if not conversation.shared and not open_review:
                raise InvalidInput(N_("That conversation wasn't shared with managers; only the rep can open it."))
            persona = (await self._plays.personas(guild_id, session)).get(conversation.persona_id)
            if persona is None:
                raise NotFound(N_("That conversation's persona is no longer here."))
            return await self._plays.report_in(session, conversation, persona)

    async def overrule(
        self, guild_id: int, manager_id: int, conversation_id: int, number: int, verdict: str, note: str
    ) -> None:
        """A manager's ruling on one reply's verdict (`listening` or `pushing`), with why; the report and the
        export then use it."""
        if verdict not in {item.value for item in Verdict}:
            raise InvalidInput(N_("A verdict is `listening` or `pushing`."))
        await self.review(guild_id, conversation_id)  # the same rights as reading it
        async with self._db.write() as session:
            turn = await session.scalar(
                select(RolePlayTurn).where(RolePlayTurn.roleplay_id == conversation_id, RolePlayTurn.number == number)
            )
            if turn is None:
                raise NotFound(N_("That conversation has no reply {number}."), number=number)
            turn.override_verdict, turn.override_note, turn.override_by = verdict, note.strip()[:500], manager_id

    async def overrides_tsv(self, guild_id: int) -> tuple[str, int]:
        """Every overruled reply as a labelled row (`customer_says`, `rep_reply`, `label`, `scorer`, `note`),
        the shape `rapport roleplay score` reads."""
        async with self._db.read() as session:
            rows = list(
                await session.scalars(
                    select(RolePlayTurn)
                    .join(RolePlay, RolePlay.id == RolePlayTurn.roleplay_id)
                    .where(RolePlay.guild_id == guild_id, RolePlayTurn.override_verdict.is_not(None))
                    .order_by(RolePlayTurn.id)
                )
            )
        lines = ["customer_says\trep_reply\tlabel\tscorer\tnote"]
        for turn in rows:
            cells = [turn.customer_before or "", turn.reply or "", turn.override_verdict or "", turn.verdict]
            cells.append(turn.override_note or "")
            lines.append("\t".join(" ".join(cell.split()) for cell in cells))
        return "\n".join(lines) + "\n", len(rows)
