"""`rapport run` as a real subprocess against the fake Discord: start-up, migration, command registration,
a `/touch log` round trip, no re-sync on restart, and a clean SIGTERM shutdown."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import pytest

from tests.fake_discord import FakeDiscord
from tests.full_process.harness import START_TIMEOUT, database_env, launch

pytestmark = pytest.mark.full_process

TOP_LEVEL_COMMANDS = {
    "touch", "customers", "promise", "quiz", "roleplay", "leaderboard", "me", "privacy", "coach", "help"
}  # fmt: skip


async def answered(fake: FakeDiscord, interaction_id: str) -> str:
    """The final text of the bot's answer to one interaction: in the callback itself, or, when the work was
    slow, a deferral and then the original response edited."""
    callback = await fake.wait_for(lambda: fake.callbacks.get(interaction_id))
    if callback["type"] == 4:
        return callback["data"].get("content") or ""
    original = f"/webhooks/{fake.application_id}/token-{interaction_id}/messages/@original"
    edit = await fake.wait_for(
        lambda: next((r for r in fake.requests if r.method == "PATCH" and r.path == original), None)
    )
    return edit.body.get("content") or ""


async def test_start_log_a_touch_restart_without_resync_and_stop_cleanly(fake: FakeDiscord, tmp_path: Path):
    env = {**fake.env(), **database_env(tmp_path)}
    bot = await launch(tmp_path, env)
    try:
        await fake.wait_for(lambda: fake.identifies == 1, START_TIMEOUT)  # READY follows IDENTIFY at once
        assert fake.count("PUT", "/commands") == 1
        assert {command["name"] for command in fake.commands} == TOP_LEVEL_COMMANDS
        interaction = await fake.send_slash("touch", "log", "4242", customer="Acme", kind="listening")
        text = await answered(fake, interaction)
        await fake.wait_for(lambda: fake.heartbeats >= 1)  # the connection is kept alive, not just opened
        assert "Logged a **listening conversation** with **Acme**" in text
        assert "+3 points" in text
    except Exception as error:
        error.add_note("rapport output:\n" + bot.text)
        raise
    finally:
        code = await bot.stop()
    assert code == 0, bot.text
    assert "stopped cleanly" in bot.text
    assert "Traceback" not in bot.text
    assert "voice" not in bot.text  # Rapport uses none: no warning that the voice libraries are missing

    with sqlite3.connect(tmp_path / "rapport.db") as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() is not None
        assert connection.execute("SELECT count(*) FROM touches").fetchone() == (1,)

    again = await launch(tmp_path, env)
    try:
        await fake.wait_for(lambda: fake.identifies == 2, START_TIMEOUT)
        interaction = await fake.send_slash("touch", "log", "4242", customer="acme", kind="check_in")
        assert "Last touch today" in await answered(fake, interaction)
    except Exception as error:
        error.add_note("rapport output:\n" + again.text)
        raise
    finally:
        code = await again.stop(signal.SIGINT)
    assert code == 0, again.text
    assert fake.count("PUT", "/commands") == 1, "a restart with an unchanged tree must not re-sync"
    assert fake.spec_problems == []


async def test_without_a_token_it_exits_2_with_one_clear_line(tmp_path: Path):
    bot = await launch(tmp_path, database_env(tmp_path))
    code = await bot.stop(None, timeout=30)
    assert code == 2
    assert len(bot.output) == 1
    assert "DISCORD_TOKEN" in bot.text
    assert "README" in bot.text
