"""The quiz content, checked at start without being kept (README, Performance: B5).

`rapport run` refuses to start on a broken scenario pack, so it must parse and validate every pack at start;
but a process holds the parsed packs (about 0.4 MB, and memory Python frees is not given back) from then on,
even one that serves no quiz. So the check runs in a forked child, alongside the start, and the bot parses the
packs on its first quiz (`ScenarioBook.library`). A fork costs a few milliseconds: no interpreter starts,
nothing is imported again. It happens before any thread or event loop exists, the only safe time to fork.

Where there is no `fork` (Windows), or the child could not report, the check runs in the process itself.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
from pathlib import Path

from bot.coach.content import ContentError, load_library

# The child's verdict on its pipe: this line, then one problem per line (none: the content is valid). Without
# it, the child ended before its verdict (killed, out of memory) and the process checks for itself.
_CHECKED = b"checked\n"
_SEPARATOR = b"\n"


def _problems_here(directory: Path | None) -> list[str]:
    try:
        load_library(directory)
    except ContentError as error:
        return error.problems
    return []


class ContentCheck:
    """A check of the shipped packs under way; `problems()` waits for its verdict."""

    def __init__(self, directory: Path | None, child: int | None, pipe: int | None, found: list[str]) -> None:
        self._directory = directory
        self._child, self._pipe, self._found = child, pipe, found

    @classmethod
    def start(cls, directory: Path | None = None) -> ContentCheck:
        """Fork the child that checks the packs (call before any thread starts), or check them here."""
        if not hasattr(os, "fork"):
            return cls(directory, None, None, _problems_here(directory))
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # the child: check, report, and leave without running the parent's exit handlers
            code = 1
            try:
                # A Ctrl-C or a stop sent to the process group is the parent's to handle; this ends in a moment.
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                gc.freeze()  # the collector leaves the parent's objects alone: their pages stay shared, not copied
                os.close(read)
                problems = _problems_here(directory)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(_CHECKED + _SEPARATOR.join(problem.encode() for problem in problems))
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        return cls(directory, child, read, [])

    async def problems(self) -> list[str]:
        """Every problem the check found (none: the content is valid), once the child is done."""
        if self._child is None or self._pipe is None:
            return self._found
        child, self._child = self._child, None
        reader = asyncio.StreamReader()
        loop = asyncio.get_running_loop()
        with os.fdopen(self._pipe, "rb", buffering=0) as pipe:
            transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), pipe)
            try:
                verdict = await reader.read()  # to the end: the child closed its side, or ended
            finally:
                transport.close()
        await _reaped(child)
        if verdict.startswith(_CHECKED):
            lines = verdict[len(_CHECKED) :]
            self._found = [line.decode() for line in lines.split(_SEPARATOR)] if lines else []
        else:  # it ended before its verdict (killed, out of memory): check here
            self._found = _problems_here(self._directory)
        return self._found


async def _reaped(child: int) -> None:
    """Wait for the child, which closed its pipe on its way out, to end: no zombie left behind."""
    while True:
        try:
            ended, _ = os.waitpid(child, os.WNOHANG)  # noqa: ASYNC222 - WNOHANG never blocks
        except ChildProcessError:  # already reaped (a parent that ignores SIGCHLD has it done by the system)
            return
        if ended:
            return
        await asyncio.sleep(0.002)
