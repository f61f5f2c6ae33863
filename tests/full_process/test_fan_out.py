"""A fan-out of 300 nudges through the real outbox and drain of `rapport run`, against a fake Discord that
enforces 50 requests/s with 429s, honours `nonce` + `enforce_nonce`, and refuses DMs (50007) for 5% of reps.

The bot is SIGKILLed while Discord holds the answer to a message it already created, restarted, and every
nudge must end up delivered exactly once: the restarted drain finds the held message in the channel's
history and records it instead of sending it again.
"""

from __future__ import annotations

import asyncio
import re
import signal
import sqlite3
import time
from pathlib import Path

from bot.coach import Coach
from bot.db import migrate
from bot.db.engine import Database
from tests.fake_discord import FakeDiscord
from tests.full_process.harness import database_env, launch

NUDGES = 300
CLOSED = 15  # 5% of reps have closed DMs
KILL_AT = 120
GUILD = 1234


async def plan_nudges(url: str) -> list[int]:
    """Plan the fan-out through the domain, as `/coach nudge` would, before the bot starts."""
    db = Database(url)
    try:
        await migrate.upgrade(db.engine)
        coach = Coach(db)
        users = [2_000_000 + number for number in range(NUDGES)]
        for user in users:
            await coach.settings.update_rep(GUILD, user, dms_enabled=True)
            await coach.nudges.schedule(GUILD, 42, "Dana (manager)", user, f"Nudge for {user}", None)
        return users
    finally:
        await db.dispose()


def outbox_statuses(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return dict(connection.execute("SELECT status, count(*) FROM outbox GROUP BY status").fetchall())


async def test_a_killed_fan_out_delivers_every_nudge_exactly_once(fake: FakeDiscord, tmp_path: Path):
    env = {**fake.env(), **database_env(tmp_path)}
    users = await plan_nudges(env["DATABASE_URL"])
    fake.rate_limit = 50
    fake.closed_dm_users = {str(user) for user in users[::20]}
    assert len(fake.closed_dm_users) == CLOSED
    fake.hold_message_number = KILL_AT

    first = await launch(tmp_path, env)
    try:
        await fake.wait_for(lambda: len(fake.created) >= KILL_AT, 60)
        await asyncio.sleep(0.2)
    finally:
        first.process.send_signal(signal.SIGKILL)
        await first.stop(None)
    assert len(fake.created) == KILL_AT  # nothing more went out while the answer was held

    fake.hold_message_number = None
    started = time.monotonic()
    second = await launch(tmp_path, env)
    try:
        await fake.wait_for(lambda: len(fake.created) == NUDGES - CLOSED, 120)
        elapsed = time.monotonic() - started
        await fake.wait_for(lambda: fake.statuses[403] >= CLOSED, 30)
        for _ in range(50):
            if outbox_statuses(tmp_path / "rapport.db").get("pending", 0) == 0:
                break
            await asyncio.sleep(0.1)
    except Exception as error:
        error.add_note("rapport output:\n" + second.text)
        raise
    finally:
        code = await second.stop()
    assert code == 0, second.text

    per_nonce = fake.messages_per_nonce()
    assert len(per_nonce) == NUDGES - CLOSED
    assert set(per_nonce.values()) == {1}, "a nudge was delivered twice"
    # The held message was found in its DM channel's history and recorded, not sent again: the restart
    # neither needed Discord's nonce window nor leaned on it.
    assert fake.history_reads() >= 1, "the held message was not looked for"
    assert fake.nonce_replays == 0
    assert outbox_statuses(tmp_path / "rapport.db") == {"sent": NUDGES - CLOSED, "blocked": CLOSED}
    assert fake.statuses[429] == 0
    assert fake.statuses[403] == CLOSED  # closed DMs are tried once, never retried
    refused_sends = [
        n for key, n in fake.route_statuses.items() if re.fullmatch(r"POST /channels/\{\w+\}/messages 403", key)
    ]
    assert refused_sends == [CLOSED]
    assert fake.route_statuses["POST /users/@me/channels 200"] == NUDGES  # one DM channel per rep, stored
    assert fake.max_requests_in_a_second() <= 50
    after_restart = NUDGES - CLOSED - (KILL_AT - 1)
    print(
        f"\nfan-out after restart: {after_restart} messages in {elapsed:.1f} s "
        f"({after_restart / elapsed:.1f} messages/s incl. DM channel creation and start-up); "
        f"busiest second: {fake.max_requests_in_a_second()} requests; 429s: {fake.statuses[429]}; "
        f"403s: {fake.statuses[403]}; history reads: {fake.history_reads()}"
    )
