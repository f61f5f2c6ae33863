"""The closed-DM notice reaches the rep on whatever command they run next, once (README: "What Rapport sends").

Five commands used to answer outside `reply()` and marked the notice as told without showing it.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.coach.outgoing import Nudge
from bot.tree import DM_NOTICE
from tests.e2e.world import World, add_manager


async def close_dms(world: World, member: Any) -> None:
    """What the drain does when Discord refuses a DM with 50007: the rep is flagged, to be told."""
    coach = world.env.bot.coach
    await coach.outbox.enqueue(Nudge("Check in with Acme", "Maya", 1), key=f"n:{member.id}", guild_id=world.guild.id,
                               target_id=member.id)  # fmt: skip
    [item] = [item for item in await coach.outbox.due() if item.target_id == member.id]
    await coach.outbox.mark_blocked(item, member.id)


def private_texts(result: Any) -> list[str]:
    """The text of every private answer the command gave: the response (when private) and follow-ups."""
    texts = [message.content or "" for message in result.followups]
    if result.ephemeral:
        texts.append(result.response.content or "")
    return texts


@pytest.mark.parametrize(
    ("command", "manager"),
    [
        ("help", False),
        ("leaderboard", False),
        ("privacy export", False),
        ("coach report", True),
        ("coach export", True),
    ],
)
async def test_the_closed_dm_notice_appears_on_every_command(world: World, command: str, manager: bool):
    member = add_manager(world.env, world.guild) if manager else world.alice
    await world.log("Acme", rep=member)  # a rep row to flag
    await close_dms(world, member)
    told = await member.slash(world.channel, command)
    assert any(DM_NOTICE in text for text in private_texts(told)), command
    if not told.ephemeral:  # the public board never carries it
        assert DM_NOTICE not in (told.response.content or "")
    again = await member.slash(world.channel, command)
    assert not any(DM_NOTICE in text for text in private_texts(again)), "told once"
