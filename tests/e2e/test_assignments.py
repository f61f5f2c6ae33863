"""Assignments through real discord.py: a manager assigns a quiz theme; the rep gets a DM whose button deals a
scenario of it from the DMs, a heads-up the day before it is due, sees it open in /me settings; after three
answers it is done and /coach report shows the result."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.e2e.world import World, add_manager


async def deliver(world: World) -> int:
    await world.env.bot.coach.planner.tick()
    return int(await world.env.bot.drain(1000).run_once())


async def test_an_assigned_theme_goes_out_is_reminded_done_and_reported(world: World):
    manager = add_manager(world.env, world.guild)
    themes = await world.env.bot.coach.scenarios.themes(world.guild.id)
    theme = sorted(themes)[0]
    choices = await manager.autocomplete(world.channel, "coach assign", "what", "", member=world.alice)
    assert f"theme:{theme}" in [choice["value"] for choice in choices]
    assert any(choice["value"].startswith("persona:") for choice in choices)
    assigned = await manager.slash(
        world.channel, "coach assign", member=world.alice, what=f"theme:{theme}", due="2026-03-13"
    )
    assert assigned.ephemeral and f"Assigned **{themes[theme]}**" in assigned.response.content
    assert await deliver(world) == 1
    dm = world.alice.user.dm_channel.last_message
    assert "asks you to practise" in dm.content and themes[theme] in dm.content

    settings = await world.alice.slash(world.channel, "me settings")
    fields = {field.name: field.value for field in settings.response.embeds[0].fields}
    assert themes[theme] in fields["Assigned practice"] and "due Fri 13 Mar" in fields["Assigned practice"]

    world.env.bot.clock.set(datetime(2026, 3, 12, 9, 1, tzinfo=UTC))
    assert await deliver(world) == 1
    assert "is due tomorrow" in world.alice.user.dm_channel.last_message.content

    alice = world.alice.user  # her DMs: the button deals a scenario of the theme in the server
    for _ in range(3):
        dealt = await alice.click(dm, label="Start practising")
        assert themes[theme] in str(dealt.response.embeds[0].to_dict())
        await answer_all(alice, dealt)

    report = await manager.slash(world.channel, "coach report", period="week")
    fields = {field.name: field.value for field in report.response.embeds[0].fields}
    assert "Assigned practice" in fields and "done" in fields["Assigned practice"]
    assert "of 3 listening" in fields["Assigned practice"]
    settings = await world.alice.slash(world.channel, "me settings")
    assert "Assigned practice" not in {field.name for field in settings.response.embeds[0].fields}


async def answer_all(user: Any, dealt: Any) -> None:
    """Press the first answer button until the scenario is graded (multi-step ones show a next step)."""
    for _ in range(4):
        buttons = dealt.response.components[0]["components"]
        if not buttons[0]["custom_id"].startswith("quiz:answer:") or buttons[0].get("disabled"):
            return
        await user.click(dealt.response.message, custom_id=buttons[0]["custom_id"])
