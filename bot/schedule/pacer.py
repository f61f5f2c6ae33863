"""Evenly spaced REST requests for everything scheduled.

Discord allows 50 requests a second for the whole bot and discord.py does not pace that limit (it reacts
to 429s, and its own retries bypass any wrapper), so every request the drain causes waits for its slot here,
at `OUTBOX_RATE` a second (default 45, keeping headroom). Interaction responses never wait here.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any


class Pacer:
    """Evenly spaced slots: at most `rate` acquisitions a second, never in bursts."""

    def __init__(
        self,
        rate: float,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.interval = 1.0 / rate
        self._monotonic = monotonic
        self._sleep = sleep
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            now = self._monotonic()
            slot = max(now, self._next)
            self._next = slot + self.interval
            if slot > now:
                await self._sleep(slot - now)
