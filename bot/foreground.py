"""Commands being answered right now, so background work can step aside for them.

The outbox drain may run for minutes (10,000 reminders at 45 requests/s). Each of its messages costs the
event loop and the single SQLite writer a little; without a gap, a burst of commands waits behind them (README,
Performance, B4). The drain waits for a moment with no command in flight before each message, never longer
than `Foreground.longest_wait`, so it can't be starved either.
"""

from __future__ import annotations

import asyncio
import contextlib


class Foreground:
    def __init__(self, longest_wait: float = 1.0) -> None:
        self.longest_wait = longest_wait
        self._in_flight = 0
        self._quiet = asyncio.Event()
        self._quiet.set()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def begin(self) -> None:
        self._in_flight += 1
        self._quiet.clear()

    def end(self) -> None:
        self._in_flight = max(self._in_flight - 1, 0)
        if self._in_flight == 0:
            self._quiet.set()

    async def settle(self, timeout: float) -> bool:  # noqa: ASYNC109 - a grace period, not a deadline
        """Wait for the commands in flight to finish (at shutdown); False if some were still running at
        `timeout`."""
        try:
            await asyncio.wait_for(self._quiet.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def gap(self) -> None:
        """Return when no command is in flight, or after `longest_wait` seconds at the latest."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._quiet.wait(), self.longest_wait)
