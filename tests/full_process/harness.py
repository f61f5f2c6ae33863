"""Running `rapport run` as a real subprocess, with its output kept for failure messages."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

RAPPORT = Path(sys.executable).with_name("rapport")
START_TIMEOUT = 30


class RapportProcess:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.output: list[str] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for line in self.process.stdout:
            self.output.append(line.decode(errors="replace").rstrip())

    @property
    def text(self) -> str:
        return "\n".join(self.output)

    async def stop(self, signum: int | None = signal.SIGTERM, timeout: float = 15) -> int:  # noqa: ASYNC109
        """Send `signum` (None: send nothing, wait for the process to end by itself); return its exit code."""
        if signum is not None and self.process.returncode is None:
            self.process.send_signal(signum)
        code = await asyncio.wait_for(self.process.wait(), timeout)
        await self._reader
        return code


async def _spawn(tmp_path: Path, command: list[str], env: dict[str, str]) -> RapportProcess:
    """`command` in `tmp_path`, with this process's environment less its Discord and database settings."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "DATABASE_"))}
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=tmp_path,
        env={**clean, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    return RapportProcess(process)


async def launch(tmp_path: Path, env: dict[str, str]) -> RapportProcess:
    return await _spawn(tmp_path, [str(RAPPORT), "run"], env)


async def launch_python(tmp_path: Path, script: str, *args: str, env: dict[str, str]) -> RapportProcess:
    """`python -c script args...`, a script that runs `rapport run` with something of the test's around it."""
    return await _spawn(tmp_path, [sys.executable, "-c", script, *args], env)


def database_env(tmp_path: Path) -> dict[str, str]:
    return {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'rapport.db'}"}


@contextlib.contextmanager
def output_on_failure(bot: RapportProcess) -> Iterator[None]:
    """A failure inside carries what the bot printed (the process's side of the story)."""
    try:
        yield
    except Exception as error:
        error.add_note("rapport output:\n" + bot.text)
        raise
