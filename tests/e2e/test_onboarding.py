"""Onboarding through real discord.py: Rapport joins a server and welcomes it; a manager sets the essentials
with selects and posts the start message; a rep enrols with its button, picks a zone, gets the first-day DM
and the first reminder on her next work day. (/help's pages are in test_bot_lifecycle.)"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.e2e.world import World, add_manager, handled_errors


async def deliver(world: World) -> int:
    await world.env.bot.coach.planner.tick()
    return int(await world.env.bot.drain(1000).run_once())


async def test_a_server_that_adds_rapport_is_welcomed(world: World):
    """No system channel Rapport may post in: the owner gets the welcome by DM; with one, the channel does.

    SimCord marks every GUILD_CREATE `unavailable: false`, which discord.py reads as a guild coming back (it
    dispatches `guild_available`); a real join comes without the field and dispatches `guild_join`, so the test
    calls the listener as discord.py does on a join."""
    guild = world.env.create_guild(name="New team")
    await world.env.settle()
    welcome = world.env.bot.get_cog("Welcome")
    await welcome.on_guild_join(world.env.bot.get_guild(guild.id))
    dm = guild.owner.dm_channel.last_message
    assert dm is not None and "**New team**" in dm.content
    assert "`/coach setup`" in dm.content and "`/coach welcome`" in dm.content

    lobby = guild.create_text_channel("lobby")
    world.env.backend.edit_guild(guild.id, {"system_channel_id": lobby.id})
    await world.env.settle()
    await welcome.on_guild_join(world.env.bot.get_guild(guild.id))
    posted = lobby.last_message
    assert posted is not None and "Three steps to start" in posted.content
    assert posted.mentions == [] and "@" not in posted.content


async def test_setup_without_options_walks_through_the_essentials(world: World):
    manager = add_manager(world.env, world.guild)
    shown = await manager.slash(world.channel, "coach setup")
    assert shown.ephemeral and "Set up the essentials" in shown.response.content
    message = shown.response.message  # each pick edits it, with fresh selects
    await manager.select(message, [world.channel], custom_id=_custom_id(shown, 0))
    await manager.select(message, ["Asia/Tokyo"], custom_id=_custom_id(shown, 1))
    await manager.select(message, ["0", "1", "2", "3"], custom_id=_custom_id(shown, 2))
    fields = {field.name: field.value for field in shown.response.embeds[0].fields}
    assert fields["Time zone"] == "Asia/Tokyo" and fields["Reminders"].endswith("Mon, Tue, Wed, Thu")
    config = await world.env.bot.coach.settings.guild(world.guild.id)
    assert (config.channel_id, config.timezone, config.work_days) == (world.channel.id, "Asia/Tokyo", [0, 1, 2, 3])


def _custom_id(shown: Any, row: int) -> str:
    return shown.response.components[row]["components"][0]["custom_id"]


async def test_a_rep_enrols_with_the_start_button_and_is_reminded_her_next_work_day(world: World):
    manager = add_manager(world.env, world.guild)
    posted = await manager.slash(world.channel, "coach welcome", channel=world.channel)
    assert posted.ephemeral and "Posting the start message" in posted.response.content
    assert await deliver(world) == 1
    start = world.channel.last_message
    assert start.embeds[0].title == "Start with Rapport"

    shown = await world.alice.click(start, label="Start")
    assert shown.modal is not None
    enrolled = await world.alice.submit_modal(shown, {"tz": "Asia/Tokyo", "at": "17:30"})
    assert enrolled.ephemeral and "You're in: reminders at **17:30**, Asia/Tokyo time" in enrolled.response.content
    assert await deliver(world) == 1
    first_day = world.alice.user.dm_channel.last_message.content
    assert "Welcome to Rapport in **Sales floor**" in first_day and "**17:30** (Asia/Tokyo time)" in first_day

    again = await world.alice.submit_modal(
        await world.alice.click(start, label="Start"), {"tz": "Asia/Tokyo", "at": "18:00"}
    )
    assert "Saved: reminders at **18:00**" in again.response.content
    assert await deliver(world) == 0  # the first-day DM comes once

    clock = world.env.bot.clock  # Tuesday 15:00 UTC is Wednesday 00:00 in Tokyo: her next work day
    clock.set(datetime(2026, 3, 11, 9, 1, tzinfo=UTC))  # Wednesday 18:01 in Tokyo
    assert await deliver(world) == 1
    assert "No customer touch logged yet today" in world.alice.user.dm_channel.last_message.content


async def test_a_wrong_zone_in_the_form_is_refused_and_saves_nothing(world: World):
    await world.env.bot.coach.onboarding.post_start(world.guild.id, world.channel.id, 1, "Sam")
    await deliver(world)
    start = world.channel.last_message
    refused = await world.alice.submit_modal(
        await world.alice.click(start, label="Start"), {"tz": "Mars/Olympus", "at": "17:30"}
    )
    assert refused.ephemeral and "Mars/Olympus" in refused.response.content
    assert await deliver(world) == 0
    assert "InvalidInput" in handled_errors(world.env)
