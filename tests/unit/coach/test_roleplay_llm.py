"""Role-play's optional language model, through the real `openai` client against a local fake endpoint: it
voices the state the script reached and gives a second opinion only when it disagrees and quotes the reply
truly; a guild that did not opt in, a slow or failing model, a line too long and a spent daily budget all fall
back to the script and the offline verdict."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.coach import Coach
from bot.coach.listening import Verdict
from bot.coach.llm import LlmSettings, OpenAIChat, PersonaModel, read_line, read_opinion, voice_brief
from bot.coach.personas import parse_persona
from bot.coach.roleplay import RolePlays
from bot.config import Settings, SettingsError
from tests.fake_llm import FakeLlm, Fault, default_answer, fake_llm, is_review, opinion, rep_reply
from tests.packs import PERSONA

GUILD, ALICE = 1001, 501
ASK, REFLECT = "What changed since last year?", "So late route changes cost you two drivers."
VOICED = "Two of my drivers walked out. That's what changed."


@pytest.fixture
async def llm() -> AsyncIterator[FakeLlm]:
    async with fake_llm() as server:
        yield server


Plays = Callable[..., tuple[RolePlays, PersonaModel]]


@pytest.fixture
async def plays(coach: Coach, clock: Any, llm: FakeLlm) -> AsyncIterator[Plays]:
    """Role-play with the model on the fake endpoint (settings as keywords); the clients closed after."""
    made: list[PersonaModel] = []

    def make(**settings: Any) -> tuple[RolePlays, PersonaModel]:
        chosen = LlmSettings(base_url=llm.base_url, model="coach-small", **settings)
        model = PersonaModel(OpenAIChat(chosen), coach.db, clock, chosen)
        made.append(model)
        persona = parse_persona(PERSONA, "test")
        return RolePlays(coach.db, clock, {persona.id: persona}, model=model), model

    yield make
    for model in made:
        await model.aclose()


async def test_an_opted_in_guild_hears_the_model_and_a_second_opinion_that_disagrees(
    coach: Coach, llm: FakeLlm, plays: Plays
):
    def answer(body: dict[str, Any]) -> str | Fault:
        if is_review(body):
            return opinion("pushing", [rep_reply(body).split()[0]], "It steers her toward a switch.")
        return VOICED

    llm.answer = answer
    roleplay, model = plays()
    await coach.settings.update_guild(GUILD, roleplay_llm=True)
    start = await roleplay.start(GUILD, ALICE)
    turn = await roleplay.reply(start.conversation_id, ALICE, 1, ASK)

    assert turn.customer_says == VOICED
    assert turn.scored is not None and turn.scored.voiced and turn.scored.verdict is Verdict.LISTENING
    assert turn.scored.second_opinion is not None
    assert turn.scored.second_opinion.verdict is Verdict.PUSHING
    assert turn.scored.second_opinion.quotes == ("What",)
    (line,) = llm.lines()
    brief = line["messages"][0]["content"]
    assert "Two drivers quit over late-night route changes" in brief  # the persona's hidden need
    assert "Two drivers quit over late route changes." in brief  # the scripted lines of the state reached
    assert line["messages"][1:] == [
        {"role": "assistant", "content": start.customer_says},
        {"role": "user", "content": ASK},
    ]
    assert line["model"] == "coach-small" and line["max_tokens"] <= 200
    assert await model.spent(GUILD) == 2 * llm.tokens_per_answer

    done = await roleplay.reply(start.conversation_id, ALICE, 2, REFLECT)
    assert done.report is not None and done.report.outcome is not None
    assert [item.second_opinion is not None for item in done.report.replies] == [True, True]
    history = llm.lines()[-1]["messages"][1:]
    assert history == [
        {"role": "assistant", "content": start.customer_says},
        {"role": "user", "content": ASK},
        {"role": "assistant", "content": VOICED},
        {"role": "user", "content": REFLECT},
    ]


async def test_an_agreeing_or_unverifiable_opinion_is_not_kept(coach: Coach, llm: FakeLlm, plays: Plays):
    verdicts = iter(
        [
            opinion("listening", ["changed"]),  # agrees with the scorer
            opinion("pushing", ["you should switch to us"]),  # quotes words the rep never wrote
        ]
    )
    llm.answer = lambda body: next(verdicts) if is_review(body) else VOICED
    roleplay, _ = plays()
    await coach.settings.update_guild(GUILD, roleplay_llm=True)
    start = await roleplay.start(GUILD, ALICE)
    first = await roleplay.reply(start.conversation_id, ALICE, 1, ASK)
    second = await roleplay.reply(start.conversation_id, ALICE, 2, REFLECT)
    assert first.scored is not None and first.scored.second_opinion is None
    assert second.scored is not None and second.scored.second_opinion is None
    assert len(llm.reviews()) == 2


async def test_a_guild_that_did_not_opt_in_never_calls_the_model(coach: Coach, llm: FakeLlm, plays: Plays):
    roleplay, _ = plays()
    start = await roleplay.start(GUILD, ALICE)
    turn = await roleplay.reply(start.conversation_id, ALICE, 1, ASK)
    assert llm.requests == []
    assert turn.customer_says in start.persona.state("opening-up").lines
    assert turn.scored is not None and not turn.scored.voiced


@pytest.mark.parametrize("fault", [Fault(status=500), Fault(status=429), Fault(status=200, delay=3.0)])
async def test_a_failing_or_slow_model_falls_back_to_the_script(
    coach: Coach, clock: Any, llm: FakeLlm, plays: Plays, fault: Fault
):
    llm.answer = lambda body: fault
    roleplay, model = plays(timeout=0.5)
    await coach.settings.update_guild(GUILD, roleplay_llm=True)
    start = await roleplay.start(GUILD, ALICE)
    turn = await roleplay.reply(start.conversation_id, ALICE, 1, ASK)
    assert len(llm.requests) == 2  # asked once each, no retries
    assert turn.customer_says in start.persona.state("opening-up").lines
    assert turn.scored is not None and not turn.scored.voiced and turn.scored.second_opinion is None
    assert await model.spent(GUILD) == 0


async def test_a_line_over_400_characters_falls_back_to_the_script(
    coach: Coach, clock: Any, llm: FakeLlm, plays: Plays
):
    llm.answer = lambda body: default_answer(body) if is_review(body) else "word " * 100
    roleplay, _ = plays()
    await coach.settings.update_guild(GUILD, roleplay_llm=True)
    start = await roleplay.start(GUILD, ALICE)
    turn = await roleplay.reply(start.conversation_id, ALICE, 1, ASK)
    assert turn.customer_says in start.persona.state("opening-up").lines


async def test_the_daily_token_budget_stops_calls_until_the_next_day(
    coach: Coach, clock: Any, llm: FakeLlm, plays: Plays
):
    llm.tokens_per_answer = 100
    roleplay, model = plays(daily_tokens=400)
    await coach.settings.update_guild(GUILD, roleplay_llm=True)
    start = await roleplay.start(GUILD, ALICE)
    await roleplay.reply(start.conversation_id, ALICE, 1, ASK)
    await roleplay.reply(start.conversation_id, ALICE, 2, REFLECT)
    assert (len(llm.requests), await model.spent(GUILD)) == (4, 400)
    second = await roleplay.start(GUILD, ALICE)
    spent = await roleplay.reply(second.conversation_id, ALICE, 1, ASK)
    assert len(llm.requests) == 4  # the budget is spent: the script answers
    assert spent.scored is not None and not spent.scored.voiced
    clock.advance(days=1)
    third = await roleplay.start(GUILD, ALICE)
    await roleplay.reply(third.conversation_id, ALICE, 1, ASK)
    assert len(llm.requests) == 6


def test_an_opinion_must_be_json_with_a_known_verdict_a_reason_and_quotes_from_the_reply():
    reply = "I hear you.  Would   a 10% discount help?"
    good = read_opinion('Sure: {"verdict": "pushing", "quotes": ["a 10% discount"], "reason": "A discount."}', reply)
    assert good is not None and good.verdict is Verdict.PUSHING and good.quotes == ("a 10% discount",)
    assert read_opinion('{"verdict": "pushing", "quotes": ["Would a 10%"], "reason": "x"}', reply) is not None
    for bad in (
        "pushing",
        '{"verdict": "rude", "quotes": ["I hear you."], "reason": "x"}',
        '{"verdict": "pushing", "quotes": [], "reason": "x"}',
        '{"verdict": "pushing", "quotes": ["I hear you."], "reason": " "}',
        '{"verdict": "pushing", "quotes": ["a 20% discount"], "reason": "x"}',
        '{"verdict": "pushing", "quotes": [3], "reason": "x"}',
        "{not json}",
    ):
        assert read_opinion(bad, reply) is None, bad


def test_a_line_is_one_collapsed_line_of_at_most_400_characters():
    assert read_line('  "Fine.\n  Go on."  ') == "Fine. Go on."
    assert read_line("") is None
    assert read_line("x" * 401) is None


def test_the_brief_carries_the_persona_and_the_state_reached():
    persona = parse_persona(PERSONA, "test")
    brief = voice_brief(persona, persona.state("trust"))
    assert persona.name in brief and persona.hidden_need in brief and "offer the next step" in brief


def test_the_model_settings_come_together_and_are_checked():
    settings = Settings.from_env(
        {
            "ROLEPLAY_LLM_BASE_URL": "http://127.0.0.1:11434/v1",
            "ROLEPLAY_LLM_MODEL": "llama3.2",
            "ROLEPLAY_LLM_API_KEY": "sk-local",
            "ROLEPLAY_LLM_TIMEOUT": "5",
            "ROLEPLAY_LLM_DAILY_TOKENS": "1000",
        },
        env_file=None,
    )
    chosen = settings.llm()
    assert chosen is not None and (chosen.model, chosen.timeout, chosen.daily_tokens) == ("llama3.2", 5.0, 1000)
    assert "sk-local" not in repr(settings)
    assert Settings.from_env({}, env_file=None).llm() is None
    for broken in (
        {"ROLEPLAY_LLM_BASE_URL": "http://127.0.0.1:11434/v1"},
        {"ROLEPLAY_LLM_TIMEOUT": "soon"},
        {"ROLEPLAY_LLM_TIMEOUT": "0"},
        {"ROLEPLAY_LLM_DAILY_TOKENS": "-1"},
    ):
        with pytest.raises(SettingsError):
            Settings.from_env(broken, env_file=None)
