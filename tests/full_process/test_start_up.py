"""`rapport run` when something is wrong or missing at start, and stopping while Discord is away (issue 15
case 10, issue 16 item 6): one line naming what is wrong, exit 2 for configuration; a bounded retry, one line a
try, for what may come back; a stop within the 10 s grace while the gateway reconnects."""

from __future__ import annotations

import asyncio
import signal
import socket
import time
import uuid
from pathlib import Path

import pytest

from tests.databases import admin_connection, require_postgres
from tests.fake_discord import BOT_TOKEN, FakeDiscord
from tests.full_process.harness import (
    START_TIMEOUT,
    RapportProcess,
    database_env,
    launch,
    launch_python,
    output_on_failure,
)
from tests.packs import broken_copy

SHUTDOWN_GRACE = 10.0  # the deadline issue 16 names for SIGTERM


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def no_traceback(text: str) -> None:
    assert "Traceback" not in text, text
    assert "voice will NOT be supported" not in text, text


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("mysql://rapport@db.example/rapport", "DATABASE_URL must be SQLite or PostgreSQL"),
        ("postgresql+psycopg2://rapport@db.example/rapport", "Rapport runs on postgresql+asyncpg://"),
        ("not a database url", "DATABASE_URL is not a database URL"),
        ("sqlite+aiosqlite:///{tmp}/no-such-folder/rapport.db", "no-such-folder, which does not exist"),
    ],
)
async def test_a_database_url_it_cannot_use_is_one_line_and_exit_2(tmp_path: Path, url: str, named: str):
    bot = await launch(tmp_path, {"DISCORD_TOKEN": BOT_TOKEN, "DATABASE_URL": url.format(tmp=tmp_path)})
    code = await bot.stop(None, timeout=30)
    assert code == 2, bot.text
    assert len(bot.output) == 1, bot.text
    assert named in bot.text


async def given_up(tmp_path: Path, env: dict[str, str]) -> RapportProcess:
    """`rapport run` with a short retry budget, ended by itself: status 1, one line a try, no traceback."""
    bot = await launch(tmp_path, {"DISCORD_TOKEN": BOT_TOKEN, "STARTUP_RETRY_SECONDS": "3", **env})
    code = await bot.stop(None, timeout=60)
    assert code == 1, bot.text
    no_traceback(bot.text)
    assert "gave up after" in bot.output[-1]
    return bot


async def test_an_unreachable_database_is_retried_then_given_up_in_one_line_each(tmp_path: Path):
    port = free_port()  # nothing listens there
    bot = await given_up(tmp_path, {"DATABASE_URL": f"postgresql://rapport@127.0.0.1:{port}/rapport"})
    retries = [line for line in bot.output if "retrying in" in line]
    assert len(retries) >= 2, bot.text
    assert all(f"can't reach PostgreSQL at 127.0.0.1:{port}" in line for line in retries)
    assert bot.output[-1].startswith(f"error: can't reach PostgreSQL at 127.0.0.1:{port}"), bot.text


async def proxy(listen_port: int, to_port: int) -> asyncio.Server:
    """A TCP relay to PostgreSQL: the database "coming back" is this starting to listen."""

    async def relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def connected(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", to_port)
        await asyncio.gather(relay(client_reader, server_writer), relay(server_reader, client_writer))

    return await asyncio.start_server(connected, "127.0.0.1", listen_port)


async def test_plain_postgresql_url_and_a_database_that_comes_back(fake: FakeDiscord, tmp_path: Path):
    """`postgresql://` without `+asyncpg` (as hosting providers hand it out) works; a database down at start is
    waited for, and the bot starts once it answers."""
    await require_postgres()
    name = f"rapport_start_{uuid.uuid4().hex[:10]}"
    admin = await admin_connection()
    await admin.execute(f'CREATE DATABASE "{name}"')
    port = free_port()
    relay: asyncio.Server | None = None
    try:
        env = {**fake.env(), "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{port}/{name}"}
        bot = await launch(tmp_path, env)
        try:
            with output_on_failure(bot):
                await wait_for_output(bot, "retrying in", START_TIMEOUT)
                relay = await proxy(port, 5432)
                await fake.wait_for(lambda: fake.identifies == 1, START_TIMEOUT)
        finally:
            code = await bot.stop()
        assert code == 0, bot.text
        no_traceback(bot.text)
        assert f"can't reach PostgreSQL at 127.0.0.1:{port}" in bot.text
    finally:
        if relay is not None:
            relay.close()
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def wait_for_output(bot: RapportProcess, text: str, timeout: float) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while text not in bot.text:
        assert bot.process.returncode is None, bot.text
        assert time.monotonic() < deadline, f"no {text!r} within {timeout} s"
        await asyncio.sleep(0.05)


async def test_discord_unreachable_is_retried_until_it_answers(tmp_path: Path):
    port = free_port()
    late = FakeDiscord()
    env = {**database_env(tmp_path), **late.env()}
    env["DISCORD_API_BASE_URL"] = f"http://127.0.0.1:{port}/api/v10"
    env["DISCORD_GATEWAY_URL"] = f"ws://127.0.0.1:{port}/gateway"
    bot = await launch(tmp_path, env)
    try:
        with output_on_failure(bot):
            await wait_for_output(bot, "retrying in", START_TIMEOUT)
            await late.start(port)  # Discord is back
            await late.wait_for(lambda: late.identifies == 1, START_TIMEOUT)
    finally:
        code = await bot.stop()
        await late.stop()
    assert code == 0, bot.text
    no_traceback(bot.text)
    assert f"can't reach Discord at http://127.0.0.1:{port}/api/v10" in bot.text


async def test_discord_unreachable_past_the_retries_is_one_line_and_exit_1(tmp_path: Path):
    port = free_port()
    bot = await given_up(
        tmp_path, {**database_env(tmp_path), "DISCORD_API_BASE_URL": f"http://127.0.0.1:{port}/api/v10"}
    )
    assert bot.output[-1].startswith(f"error: can't reach Discord at http://127.0.0.1:{port}/api/v10"), bot.text


async def test_sigterm_while_the_gateway_reconnects_stops_within_the_grace(fake: FakeDiscord, tmp_path: Path):
    bot = await launch(tmp_path, {**fake.env(), **database_env(tmp_path)})
    try:
        with output_on_failure(bot):
            await fake.wait_for(lambda: fake.identifies == 1, START_TIMEOUT)
            await fake.drop_gateway()
            # Four refused reconnects: discord.py now sleeps a random 0-32 s before the next (0-64 s after the
            # next), and looked for a close only after its sleep.
            await fake.wait_for(lambda: fake.gateway_refusals >= 4, 60)
    finally:
        bot.process.send_signal(signal.SIGTERM)
        asked = time.monotonic()
        code = await bot.stop(None, timeout=30)
        stopped_after = time.monotonic() - asked
    assert code == 0, bot.text
    assert stopped_after < SHUTDOWN_GRACE, f"stopped {stopped_after:.1f} s after SIGTERM\n{bot.text}"
    no_traceback(bot.text)
    assert "gateway unreachable" in bot.text  # each failed reconnect, in one line
    assert "stopped cleanly" in bot.text
    print(f"\nstopped {stopped_after:.2f} s after SIGTERM while the gateway was reconnecting")


# `rapport run` itself, with its prompts/ read from a folder the test broke (the check runs in a forked child,
# which reads the same function).
RUN_ON_BROKEN_CONTENT = (
    "import sys\n"
    "from pathlib import Path\n"
    "import bot.coach.content as content\n"
    "content.default_prompts_dir = lambda: Path(sys.argv[1])\n"
    "from bot.cli import main\n"
    "sys.exit(main(['run']))\n"
)


async def test_a_broken_scenario_pack_stops_it_before_it_connects(fake: FakeDiscord, tmp_path: Path):
    env = {**fake.env(), **database_env(tmp_path)}
    bot = await launch_python(tmp_path, RUN_ON_BROKEN_CONTENT, str(broken_copy(tmp_path)), env=env)
    code = await bot.stop(None, timeout=60)
    assert code == 2, bot.text
    no_traceback(bot.text)
    assert bot.output[0] == "error: the quiz content in prompts/ is invalid; nothing started:", bot.text
    assert any("listenin" in line for line in bot.output[1:]), bot.text
    assert fake.identifies == 0
    assert not (tmp_path / "rapport.db").exists() or (tmp_path / "rapport.db").stat().st_size == 0  # untouched
