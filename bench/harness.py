"""Processes for benchmarks: the fake Discord in its own process, and the bot under test (Rapport or the bare
baseline) in another, each pinned to its own core when the machine has two."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
RAPPORT = Path(sys.executable).with_name("rapport")
TOKEN = "fake-bot-token"  # noqa: S105 - the fake Discord's, not a secret


def _pin(cpu: int | None) -> Any:
    if cpu is None or not hasattr(os, "sched_setaffinity") or (os.cpu_count() or 1) < 2:
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


@dataclass
class Process:
    process: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for line in self.process.stdout:
            self.lines.append(line.decode(errors="replace").rstrip())

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


async def spawn(args: list[str], env: dict[str, str], cpu: int | None, cwd: Path) -> Process:
    # A restart of an installed bot finds its modules compiled (pip compiles them; a first run writes them).
    # Where PYTHONDONTWRITEBYTECODE is set (CI), every start would compile Rapport's source again: seconds of
    # B6 that no deployment pays. Let the processes write their bytecode.
    env = {name: value for name, value in env.items() if name != "PYTHONDONTWRITEBYTECODE"}
    process = await asyncio.create_subprocess_exec(
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        preexec_fn=_pin(cpu),
    )
    proc = Process(process)
    proc.reader = asyncio.create_task(proc._read())  # type: ignore[attr-defined]
    return proc


@dataclass
class Fake:
    process: Process
    port: int
    guild_id: str

    @property
    def env(self) -> dict[str, str]:
        return {
            "DISCORD_TOKEN": TOKEN,
            "DISCORD_API_BASE_URL": f"http://127.0.0.1:{self.port}/api/v10",
            "DISCORD_GATEWAY_URL": f"ws://127.0.0.1:{self.port}/gateway",
        }

    async def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        async with (
            aiohttp.ClientSession() as session,
            session.request(
                method, f"http://127.0.0.1:{self.port}{path}", json=body, timeout=aiohttp.ClientTimeout(total=600)
            ) as response,
        ):
            return await response.json()

    async def wait_for_created(self, messages: int, timeout: float = 300) -> None:  # noqa: ASYNC109
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if (await self.call("GET", "/_control/state"))["created"] >= messages:
                return
            await asyncio.sleep(0.05)
        raise TimeoutError(f"the bot did not send {messages} messages")

    async def wait_ready(self, identifies: int = 1, timeout: float = 60) -> float:  # noqa: ASYNC109
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            state = await self.call("GET", "/_control/state")
            if state["identifies"] >= identifies and state["connected"]:
                return time.perf_counter() - started
            await asyncio.sleep(0.02)
        raise TimeoutError("the bot did not connect to the fake Discord")


# discord.py fires on_ready 2 s after the last GUILD_CREATE; Rapport's on_ready then collects and freezes the
# heap once (tens of ms). Measuring commands before that put a start-up pause into the steady-state figures.
GUILD_READY_TIMEOUT = 2.5


async def past_on_ready() -> None:
    """Wait until a bot that just connected has had its on_ready."""
    await asyncio.sleep(GUILD_READY_TIMEOUT)


async def start_fake(cwd: Path, cpu: int | None = 1) -> Fake:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = await spawn([sys.executable, "-m", "tests.fake_discord"], env, cpu, ROOT)
    for _ in range(500):
        if process.lines and process.lines[0].startswith("fake-discord"):
            _, port, _app, guild, _channel = process.lines[0].split()
            fake = Fake(process, int(port), guild)
            # Measure the bot, not the fake: its spec validation (the tests' job) would add to every figure.
            await fake.call("POST", "/_control/config", {"validate": False})
            return fake
        await asyncio.sleep(0.01)
    raise RuntimeError("fake Discord did not start: " + "\n".join(process.lines))


async def start_rapport(fake: Fake, workdir: Path, cpu: int | None = 0) -> Process:
    database = f"sqlite+aiosqlite:///{workdir / 'rapport.db'}"
    env = {**os.environ, **fake.env, "DATABASE_URL": database, "LOG_LEVEL": "WARNING"}
    return await spawn([str(RAPPORT), "run"], env, cpu, workdir)


async def start_bare(fake: Fake, workdir: Path, cpu: int | None = 0) -> Process:
    env = {**os.environ, **fake.env, "PYTHONPATH": str(ROOT)}
    return await spawn([sys.executable, "-m", "bench.bare_bot"], env, cpu, workdir)


async def stop(fake: Fake, bot: Process | None) -> None:
    """The bot under test (when it started), then the fake Discord."""
    if bot is not None:
        await bot.stop()
    await fake.process.stop()


async def start_bot(kind: str, fake: Fake, workdir: Path, cpu: int | None = 0) -> Process:
    """`rapport` (the product, on `workdir`'s SQLite database) or `bare` (the baseline)."""
    if kind == "rapport":
        return await start_rapport(fake, workdir, cpu)
    return await start_bare(fake, workdir, cpu)
