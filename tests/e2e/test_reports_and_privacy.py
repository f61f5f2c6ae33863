"""Managers' report and export, and a rep's own export and erasure, through real discord.py."""

from __future__ import annotations

import csv
import io
import json

from tests.e2e.world import World, add_manager


async def attachment_text(message) -> str:
    [attachment] = message.attachments
    return (await attachment.read()).decode()


async def test_report_per_rep_with_a_csv(world: World):
    manager = add_manager(world.env, world.guild)
    await world.log("Acme", kind="listening", note="secret plans")
    await world.log("Acme", kind="thanks")
    await world.log("Globex", kind="help", rep=world.bob)
    result = await manager.slash(world.channel, "coach report")
    assert result.ephemeral
    embed = result.response.embeds[0]
    assert f"<@{world.alice.id}>: 2 touches" in embed.description
    rows = list(csv.DictReader(io.StringIO(await attachment_text(result.response))))
    alice = next(row for row in rows if row["user_id"] == str(world.alice.id))
    assert (alice["touches"], alice["listening"], alice["thanks"], alice["customers_touched"]) == ("2", "1", "1", "1")
    only_bob = await manager.slash(world.channel, "coach report", period="all", member=world.bob)
    rows = list(csv.DictReader(io.StringIO(await attachment_text(only_bob.response))))
    assert [row["user_id"] for row in rows] == [str(world.bob.id)]


async def test_export_has_every_touch_but_no_notes(world: World):
    manager = add_manager(world.env, world.guild)
    await world.log("Acme", kind="listening", note="secret plans")
    await world.log("Globex", kind="help", rep=world.bob)
    result = await manager.slash(world.channel, "coach export")
    assert "2 touches exported" in result.response.content
    text = await attachment_text(result.response)
    assert "secret plans" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {(row["customer"], row["kind"]) for row in rows} == {("Acme", "listening"), ("Globex", "help")}


async def test_a_rep_exports_their_own_data_with_notes(world: World):
    await world.log("Acme", kind="listening", note="secret plans")
    await world.log("Globex", kind="help", rep=world.bob)
    result = await world.alice.slash(world.channel, "privacy export")
    assert result.ephemeral
    data = json.loads(await attachment_text(result.response))
    assert data["customers"] == ["Acme"]
    assert data["touches"][0]["note"] == "secret plans"
    assert "Globex" not in json.dumps(data)


async def test_delete_asks_first_and_then_erases_everything(world: World):
    await world.log("Acme", kind="listening", note="secret plans")
    asked = await world.alice.slash(world.channel, "privacy delete")
    assert "cannot be undone" in asked.response.content
    kept = await world.alice.click(asked.response.message, label="Keep it")
    assert kept.response.content == "Nothing was deleted."
    again = await world.alice.slash(world.channel, "privacy delete")
    done = await world.alice.click(again.response.message, label="Delete my data")
    assert done.response.content.startswith("Deleted: 1 touch, 1 customer, 0 quiz answers")
    history = await world.alice.slash(world.channel, "touch history")
    assert "Nothing logged" in history.response.embeds[0].description
    data = json.loads(await attachment_text((await world.alice.slash(world.channel, "privacy export")).response))
    assert data["note"] == "Rapport holds no data about you in this server."
