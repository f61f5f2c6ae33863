"""The reminder DM's "Log a touch" button, clicked after a restart of `rapport run`, opens the form and logs
the touch in the right guild."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from bot.coach import Coach
from bot.coach.kinds import TouchKind
from bot.coach.outgoing import ColdCustomer, Reminder
from bot.db import migrate
from bot.db.engine import Database
from tests.fake_discord import FakeDiscord
from tests.full_process.harness import START_TIMEOUT, database_env, launch

USER = 4242


async def prepare(url: str, guild_id: int) -> None:
    """A rep with a touch yesterday in the fake's guild and in another one, and a reminder due now."""
    db = Database(url)
    try:
        await migrate.upgrade(db.engine)
        coach = Coach(db)
        await coach.touches.log(guild_id, USER, customer="Acme", kind=TouchKind.HELP, when="yesterday")
        await coach.touches.log(guild_id + 1, USER, customer="Elsewhere", kind=TouchKind.HELP, when="yesterday")
        today = datetime.now(UTC).date()
        await coach.outbox.enqueue(
            Reminder(today, (ColdCustomer("Acme", 1),)),
            key=f"reminder:{guild_id}:{USER}:{today}",
            guild_id=guild_id,
            target_id=USER,
        )
    finally:
        await db.dispose()


async def test_log_a_touch_from_the_reminder_dm_after_a_restart(fake: FakeDiscord, tmp_path: Path):
    env = {**fake.env(), **database_env(tmp_path)}
    await prepare(env["DATABASE_URL"], int(fake.guild_id))
    first = await launch(tmp_path, env)
    try:
        reminder = await fake.wait_for(
            lambda: next((m for m in fake.created if "No customer touch" in m["content"]), None), START_TIMEOUT
        )
    finally:
        assert await first.stop() == 0, first.text
    labels = [button["label"] for row in reminder["components"] for button in row["components"]]
    assert labels == ["Log a touch", "Snooze 2 h"]

    second = await launch(tmp_path, env)
    try:
        await fake.wait_for(lambda: fake.identifies == 2, START_TIMEOUT)
        clicked = await fake.click_in_dm(reminder, f"dm:log:{fake.guild_id}", str(USER))
        modal = await fake.wait_for(lambda: fake.callbacks.get(clicked), START_TIMEOUT)
        assert modal["type"] == 9
        submitted = await fake.submit_modal_in_dm(
            modal["data"],
            {"customer": "Globex", "kind": ["listening"], "note": "Heard about their expansion"},
            str(USER),
        )
        answer = await fake.wait_for(lambda: fake.callbacks.get(submitted), START_TIMEOUT)
    except Exception as error:
        error.add_note("rapport output:\n" + second.text)
        raise
    finally:
        assert await second.stop() == 0, second.text
    assert "Logged a **listening conversation** with **Globex**" in answer["data"]["content"]
    assert "Logged in **Sales floor**" in answer["data"]["content"]
    with sqlite3.connect(tmp_path / "rapport.db") as connection:
        rows = connection.execute(
            "SELECT reps.guild_id, customers.name FROM touches JOIN reps ON reps.id = touches.rep_id "
            "JOIN customers ON customers.id = touches.customer_id WHERE customers.name = 'Globex'"
        ).fetchall()
    assert rows == [(int(fake.guild_id), "Globex")]
    assert fake.spec_problems == []
