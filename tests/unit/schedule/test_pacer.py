"""The drain's pacer spaces requests evenly (never a burst), measured on a fake clock."""

import asyncio
import itertools

from bot.schedule.pacer import Pacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


async def test_slots_are_evenly_spaced_at_the_rate():
    fake = FakeTime()
    pacer = Pacer(45, monotonic=fake.monotonic, sleep=fake.sleep)
    starts = []
    for _ in range(90):
        await pacer.wait()
        starts.append(fake.now)
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert min(gaps) >= 1 / 45 - 1e-9
    assert max(gaps) <= 1 / 45 + 1e-9
    assert abs(starts[-1] - starts[0] - 89 / 45) < 1e-9


async def test_an_idle_pacer_does_not_make_you_wait_or_bank_a_burst():
    fake = FakeTime()
    pacer = Pacer(10, monotonic=fake.monotonic, sleep=fake.sleep)
    await pacer.wait()
    fake.now += 60  # a quiet minute
    await pacer.wait()
    await pacer.wait()
    assert len(fake.sleeps) == 1 and abs(fake.sleeps[0] - 0.1) < 1e-9  # the next one still waits its slot


async def test_concurrent_waiters_share_the_rate():
    fake = FakeTime()
    pacer = Pacer(20, monotonic=fake.monotonic, sleep=fake.sleep)
    await asyncio.gather(*(pacer.wait() for _ in range(10)))
    assert abs(fake.now - 100 - 9 / 20) < 1e-9
