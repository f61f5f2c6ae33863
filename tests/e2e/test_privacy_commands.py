"""`/privacy export` and `/privacy delete` through real discord.py, on SQLite and PostgreSQL: a rep who used
every kind of feature exports it all, deletes, and no table holds their id or their words afterwards."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.db.engine import Database
from tests.databases import migrated_database
from tests.e2e.world import World, add_manager, answer_id
from tests.packs import PERSONA
from tests.privacy_scan import leftovers, snapshot

NOTE = "Alicorn's buyer is on leave until the Zeppelin fair"
PROMISE = "send Alicorn the zeppelin pricing sheet"
REPLY = "What changed for Alicorn since last year?"
NUDGE = "Alice, your Alicorn follow-up is overdue"


@pytest.fixture(params=["sqlite", "postgresql"])
async def e2e_db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """This module's bot runs once on each database."""
    async with migrated_database(request.param, tmp_path) as database:
        yield database


async def deliver(world: World) -> int:
    await world.env.bot.coach.planner.tick()
    return int(await world.env.bot.drain(1000).run_once())


async def attachment(result: Any) -> dict[str, Any]:
    [file] = result.response.attachments
    return dict(json.loads((await file.read()).decode()))


async def use_everything(world: World) -> None:
    """A nudge sent to Alice, a promise, away days, a private board, a role-play, a team-quiz answer."""
    manager = add_manager(world.env, world.guild)
    world.env.bot.clock.set(datetime(2026, 3, 10, 8, 0, tzinfo=UTC))
    await manager.slash(world.channel, "coach setup", channel=world.channel, team_quiz=True)
    await manager.slash(world.channel, "coach roleplay import", file=("maya.toml", PERSONA.encode()))
    await world.log("Alicorn Freight", kind="listening", note=NOTE)
    await world.log("Bramble Bakery", kind="thanks", rep=world.bob, note="Bramble wants oat flour")
    await world.alice.slash(world.channel, "promise add", customer="Alicorn Freight", what=PROMISE, due="friday")
    await world.alice.slash(world.channel, "me settings", board="private")
    await world.alice.slash(world.channel, "me away", **{"from": "in 20 days", "to": "in 22 days"})
    started = await world.alice.slash(world.channel, "roleplay start", persona="courier-renewal")
    shown = await world.alice.click(started.response.message, label="Reply")
    await world.alice.submit_modal(shown, {"reply": REPLY})
    await manager.slash(world.channel, "coach nudge", member=world.alice, message=NUDGE)
    await deliver(world)
    world.env.bot.clock.set(datetime(2026, 3, 10, 9, 1, tzinfo=UTC))
    await deliver(world)
    await world.alice.click(world.channel.last_message, custom_id=answer_id(world.channel.last_message, "A"))
    await world.bob.click(world.channel.last_message, custom_id=answer_id(world.channel.last_message, "B"))


async def test_export_then_delete_leaves_no_trace_in_any_table(world: World, e2e_db: Database):
    await use_everything(world)
    exported = await attachment(await world.alice.slash(world.channel, "privacy export"))
    assert exported["touches"][0]["note"] == NOTE
    assert [promise["what"] for promise in exported["promises"]] == [PROMISE]
    assert exported["settings"]["board"] == "private" and exported["settings"]["away_from"] == "2026-03-30"
    assert exported["roleplays"][0]["turns"][0]["you_replied"] == REPLY
    assert [message["content"].get("message") for message in exported["messages_to_you"]] == [NUDGE]
    assert exported["messages_to_you"][0]["status"] == "sent"
    assert len(exported["team_quiz_answers"]) == 1
    assert "Bramble" not in json.dumps(exported)
    before = await snapshot(e2e_db)
    rep_ids = {row[0] for row in before["reps"] if row[2] == world.alice.id}
    asked = await world.alice.slash(world.channel, "privacy delete")
    assert "promises" in asked.response.content and "role-plays" in asked.response.content
    done = await world.alice.click(asked.response.message, label="Delete my data")
    assert done.response.content.startswith("Deleted: 1 touch, 1 customer, 0 quiz answers, 1 promise, 1 role-play")
    left = leftovers(await snapshot(e2e_db), world.alice.id, rep_ids.pop(), [NOTE, PROMISE, REPLY, NUDGE, "Alicorn"])
    assert left == [], "\n".join(left)
    bob_left = leftovers(await snapshot(e2e_db), world.bob.id, None, ["Bramble wants oat flour"])
    assert any(cell.startswith("team_quiz_answers.user_id") for cell in bob_left)
    assert any("bramble wants oat flour" in cell.casefold() for cell in bob_left)
    after = await attachment(await world.alice.slash(world.channel, "privacy export"))
    assert after["note"] == "Rapport holds no data about you in this server."
