"""Role-play with the operator's language model, through real discord.py and the real `openai` client against a
local fake endpoint: a manager opts the server in, the customer's lines come from the model (a slow one too,
answered after a deferral), and the report shows a second opinion that disagrees. A bot without a model
refuses the opt-in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot import tree
from bot.client import RapportBot
from bot.config import Settings
from bot.db.engine import Database
from tests.conftest import SteppingClock
from tests.e2e.test_roleplay_commands import ASK, REFLECT, say, start
from tests.e2e.world import World, add_manager, handled_errors
from tests.fake_llm import FakeLlm, Fault, fake_llm, is_review, opinion, rep_reply

VOICED = "Two of my drivers walked out over the late changes. That's what changed."


@pytest.fixture
async def llm() -> AsyncIterator[FakeLlm]:
    async with fake_llm() as server:
        yield server


@pytest.fixture
def simcord_bot(e2e_db: Database, clock: SteppingClock, llm: FakeLlm) -> RapportBot:
    settings = Settings(database_url=e2e_db.url, roleplay_llm_base_url=llm.base_url, roleplay_llm_model="coach-small")
    return RapportBot(settings, database=e2e_db, clock=clock, run_scheduler=False)


async def test_an_opted_in_server_role_plays_with_the_model_and_sees_its_second_opinion(world: World, llm: FakeLlm):
    def answer(body: dict[str, Any]) -> str | Fault:
        if is_review(body):
            return opinion("pushing", [rep_reply(body).split()[0]], "It leads her where you want.")
        return VOICED

    llm.answer = answer
    manager = add_manager(world.env, world.guild)
    setup = await manager.slash(world.channel, "coach setup", roleplay_llm=True)
    fields = {field.name: field.value for field in setup.response.embeds[0].fields}
    assert "language model on" in fields["Role-play"]

    _manager, message = await start(world)
    await say(world, message, ASK)
    assert VOICED in message.embeds[0].description
    await say(world, message, REFLECT)
    report = {field.name: field.value for field in message.embeds[0].fields}
    differs = report["A second opinion differs"]
    assert "Reply 1 (scored listening)" in differs and "“What”" in differs and "It leads her where you want." in differs


async def test_a_slow_answer_is_deferred_then_edits_the_conversation(
    world: World, llm: FakeLlm, monkeypatch: pytest.MonkeyPatch
):
    manager = add_manager(world.env, world.guild)
    await manager.slash(world.channel, "coach setup", roleplay_llm=True)
    _manager, message = await start(world)
    answer = world.env.bot.coach.roleplay.reply

    async def slow_answer(*args: Any) -> Any:
        await asyncio.sleep(0.2)  # a model taking its time
        return await answer(*args)

    monkeypatch.setattr(tree, "DEFER_AFTER", 0.05)
    monkeypatch.setattr(world.env.bot.coach.roleplay, "reply", slow_answer)
    await say(world, message, ASK)
    assert llm.lines() and VOICED not in message.embeds[0].description  # the fake's default line
    callbacks = [entry.json["type"] for entry in world.env.http_requests if entry.path.endswith("/callback")]
    assert callbacks[-1] == 6  # deferred: the form's answer then edited the conversation's message
    assert "**You:** " + ASK in message.embeds[0].description


async def test_a_bot_without_a_model_refuses_the_opt_in(world: World, simcord_env: Any):
    await world.env.restart_bot(
        RapportBot(
            Settings(database_url=world.env.bot.settings.database_url),
            database=world.env.bot.database,
            clock=world.env.bot.clock,
            run_scheduler=False,
        )
    )
    manager = add_manager(world.env, world.guild)
    refused = await manager.slash(world.channel, "coach setup", roleplay_llm=True)
    assert refused.ephemeral and "no language model configured" in refused.response.content
    assert "InvalidInput" in handled_errors(world.env)
