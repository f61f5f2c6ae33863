"""Start-up, /help, error handling and restarts, through real discord.py against SimCord."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import func, select

from bot.client import RapportBot
from bot.db.models import Touch
from bot.tree import GENERIC_FAILURE
from tests.e2e.world import World, add_manager, handled_errors
from tests.full_process.test_rapport_run import TOP_LEVEL_COMMANDS


def command_puts(env) -> list:
    return [r for r in env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]


async def test_commands_are_guild_only_and_synced_once(world: World):
    [put] = command_puts(world.env)
    by_name = {command["name"]: command for command in put.json}
    assert set(by_name) == TOP_LEVEL_COMMANDS
    for name in TOP_LEVEL_COMMANDS - {"help"}:
        assert by_name[name]["contexts"] == [0]
        assert by_name[name]["integration_types"] == [0]
    assert int(by_name["coach"]["default_member_permissions"]) == 1 << 5  # Manage Server
    assert by_name["touch"]["default_member_permissions"] is None


async def test_restart_with_an_unchanged_tree_does_not_resync(world: World, e2e_db, clock):
    await world.log("Acme")
    before = len(command_puts(world.env))
    await world.env.restart_bot(RapportBot(world.env.bot.settings, database=e2e_db, clock=clock, run_scheduler=False))
    assert len(command_puts(world.env)) == before
    result = await world.alice.slash(world.channel, "touch history")
    assert "Acme" in result.response.embeds[0].description


async def test_help_shows_a_rep_their_first_day_and_a_manager_a_page_of_their_own(world: World):
    result = await world.alice.slash(world.channel, "help")
    assert result.ephemeral
    embed = result.response.embeds[0]
    assert "relationships" in embed.description
    listed = "\n".join(field.value for field in embed.fields)
    for command in ("/touch log", "/touch undo", "/touch history", "/customers list", "/customers rename", "/help"):
        assert f"`{command}`" in listed
    assert "/coach" not in listed and not result.response.components  # a rep sees no manager page
    order = [listed.index(f"`/{name}`") for name in ("me settings", "touch log", "customers list", "quiz start")]
    assert order == sorted(order)  # in the order of a first day

    manager = add_manager(world.env, world.guild)
    pages = await manager.slash(world.channel, "help")
    assert "/coach" not in "\n".join(field.value for field in pages.response.embeds[0].fields)
    second = await manager.click(pages.response.message, label="Next")
    managing = second.response.embeds[0] if second.response is not None else pages.response.embeds[0]
    commands = "\n".join(field.value for field in managing.fields)
    assert managing.title == "For managers"
    assert "`/coach scenario add`" in commands and "`/coach welcome`" in commands


async def test_an_unexpected_failure_gets_a_generic_private_answer_and_is_logged(world: World, caplog, monkeypatch):
    async def broken(*_args, **_kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(world.env.bot.coach.touches, "log", broken)
    with caplog.at_level(logging.ERROR, logger="bot.tree"):
        result = await world.log("Acme")
    assert result.ephemeral
    assert result.response.content == GENERIC_FAILURE
    assert "unexpected error in touch log" in caplog.text
    assert handled_errors(world.env) == ["RuntimeError"]


async def test_shutdown_lets_a_command_in_flight_answer_and_write(world: World, monkeypatch):
    log = world.env.bot.coach.touches.log
    started = asyncio.Event()

    async def slow_log(*args: object, **kwargs: object) -> object:
        started.set()
        await asyncio.sleep(0.2)
        return await log(*args, **kwargs)

    monkeypatch.setattr(world.env.bot.coach.touches, "log", slow_log)
    command = asyncio.create_task(world.log("Acme"))
    await started.wait()
    await world.env.bot.close()
    # close() returned only once the answer had gone out; the test's side of the exchange may need a turn
    # of the loop more to see it.
    assert [entry.path for entry in world.env.http_requests if entry.path.endswith("/callback")]
    result = await asyncio.wait_for(command, 1)
    assert "Logged a **check-in** with **Acme**" in result.response.content
    async with world.env.bot.database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Touch)) == 1
