"""Background work gives way to commands in flight, but is never starved."""

from __future__ import annotations

import asyncio

from bot.foreground import Foreground


async def test_gap_waits_until_the_commands_in_flight_are_answered():
    foreground = Foreground(longest_wait=5.0)
    foreground.begin()
    foreground.begin()
    waiting = asyncio.create_task(foreground.gap())
    await asyncio.sleep(0.01)
    foreground.end()
    await asyncio.sleep(0.01)
    assert not waiting.done()
    foreground.end()
    await asyncio.wait_for(waiting, 1)
    assert foreground.in_flight == 0


async def test_gap_returns_after_the_longest_wait_when_commands_keep_coming():
    foreground = Foreground(longest_wait=0.05)
    foreground.begin()
    await asyncio.wait_for(foreground.gap(), 1)
    assert foreground.in_flight == 1


async def test_an_unmatched_end_never_goes_below_zero():
    foreground = Foreground()
    foreground.end()
    foreground.begin()
    assert foreground.in_flight == 1
