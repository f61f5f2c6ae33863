"""Same-minute DMs to one rep go out as one message: the reminder and the going-cold digest combine, a nudge
stays its own; a combined send killed before it was recorded posts nothing new when retried (SQLite and
PostgreSQL)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.coach import Coach
from bot.coach.outbox import Outgoing, Planned
from bot.coach.outgoing import ColdCustomer, ColdDigest, Message, Nudge, Reminder, StartPost
from bot.db.models import OutboxMessage
from bot.foreground import Foreground
from bot.i18n import _
from bot.schedule.drain import Drain, together
from bot.schedule.sender import Drawn, RenderContext, Renderers, message_fingerprint
from tests.conftest import SteppingClock

GUILD, ALICE, BOB = 1001, 501, 502
DUE = datetime(2026, 3, 16, 16, 30, tzinfo=UTC)
DAY = date(2026, 3, 16)
REMINDER = Reminder(DAY, (ColdCustomer("Acme", 3),))
DIGEST = ColdDigest(DAY, 14, (ColdCustomer("Frozen Foods", 15),))
NUDGE = Nudge("Call Acme back today", "Maya", 7)


class Killed(BaseException):
    """The process died between Discord accepting a message and the row being marked sent."""


class FakeDiscord:
    """A Sender that, like Discord, returns the message it already created for a repeated nonce."""

    def __init__(self, *, name: str | None = "Sales floor", locale: str | None = None) -> None:
        self.name, self.locale = name, locale
        self.posted: dict[str, tuple[int, Drawn]] = {}
        self.channel_of: dict[int, int] = {}
        self.kill_after_next_send = False

    def guild_name(self, guild_id: int) -> str | None:
        return self.name

    def guild_locale(self, guild_id: int) -> str | None:
        return self.locale

    async def member_names(self, guild_id: int, user_ids: Sequence[int]) -> dict[int, str]:
        return {}

    async def open_dm(self, user_id: int) -> int:
        return 70_000 + user_id

    async def send(self, channel_id: int, drawn: Drawn, *, dm: bool, nonce: str) -> int:
        if nonce not in self.posted:
            self.posted[nonce] = (len(self.posted) + 1, drawn)
            self.channel_of[len(self.posted)] = channel_id
        if self.kill_after_next_send:
            self.kill_after_next_send = False
            raise Killed
        return self.posted[nonce][0]

    def fingerprint(self, drawn: Drawn) -> str:
        return message_fingerprint(drawn.content, [], [])

    async def find_sent(self, channel_id: int, fingerprint: str, since: datetime) -> list[int]:
        return [
            message_id
            for message_id, drawn in self.posted.values()
            if self.channel_of[message_id] == channel_id and self.fingerprint(drawn) == fingerprint
        ]


def renderers(skip_reminders: bool = False) -> Renderers:
    async def text(message: Message, context: RenderContext) -> Drawn | None:
        if skip_reminders and isinstance(message, Reminder):
            return None  # the rep logged a touch since
        return Drawn(content=type(message).__name__)

    drawn = Renderers()
    for kind in (Reminder, ColdDigest, Nudge):
        drawn.register(kind, text)
    return drawn


def drain(coach: Coach, discord: FakeDiscord, *, skip_reminders: bool = False) -> Drain:
    return Drain(coach, discord, renderers(skip_reminders), Foreground(longest_wait=0.0))


async def plan(coach: Coach, *messages: tuple[Message, str, int, datetime]) -> None:
    await coach.outbox.enqueue_all([Planned(message, key, GUILD, user, due) for message, key, user, due in messages])


async def statuses(coach: Coach) -> dict[str, tuple[str, int | None]]:
    async with coach.db.read() as session:
        rows = await session.execute(select(OutboxMessage.key, OutboxMessage.status, OutboxMessage.message_id))
        return {key: (status, message_id) for key, status, message_id in rows}


async def test_a_reminder_and_a_digest_due_the_same_minute_go_as_one_dm_and_a_nudge_alone(
    coach: Coach, clock: SteppingClock
):
    await plan(
        coach,
        (REMINDER, "reminder", ALICE, DUE),
        (DIGEST, "digest", ALICE, DUE + timedelta(seconds=20)),
        (NUDGE, "nudge", ALICE, DUE),
        (DIGEST, "digest-bob", BOB, DUE),
    )
    clock.set(DUE + timedelta(minutes=1))
    discord = FakeDiscord()
    assert await drain(coach, discord).run_once() == 3
    contents = sorted(drawn.content or "" for _id, drawn in discord.posted.values())
    assert contents == ["ColdDigest", "Nudge", "Reminder\n\nColdDigest"]
    rows = await statuses(coach)
    assert rows["reminder"] == rows["digest"] and rows["reminder"][0] == "sent"  # one Discord message for both
    assert rows["nudge"][1] != rows["reminder"][1]


async def test_a_different_minute_is_a_different_message(coach: Coach, clock: SteppingClock):
    await plan(coach, (REMINDER, "reminder", ALICE, DUE), (DIGEST, "digest", ALICE, DUE + timedelta(minutes=1)))
    clock.set(DUE + timedelta(minutes=2))
    assert await drain(coach, FakeDiscord()).run_once() == 2


async def test_a_reminder_no_longer_wanted_leaves_the_digest_alone(coach: Coach, clock: SteppingClock):
    await plan(coach, (REMINDER, "reminder", ALICE, DUE), (DIGEST, "digest", ALICE, DUE))
    clock.set(DUE + timedelta(minutes=1))
    discord = FakeDiscord()
    assert await drain(coach, discord, skip_reminders=True).run_once() == 1
    assert [drawn.content for _id, drawn in discord.posted.values()] == ["ColdDigest"]
    rows = await statuses(coach)
    assert (rows["reminder"][0], rows["digest"][0]) == ("cancelled", "sent")


async def test_a_combined_dm_killed_before_it_was_recorded_is_not_posted_twice(coach: Coach, clock: SteppingClock):
    await plan(coach, (REMINDER, "reminder", ALICE, DUE), (DIGEST, "digest", ALICE, DUE))
    clock.set(DUE + timedelta(minutes=1))
    discord = FakeDiscord()
    discord.kill_after_next_send = True
    with contextlib.suppress(Killed):
        await drain(coach, discord).run_once()
    assert {status for status, _ in (await statuses(coach)).values()} == {"pending"}
    # The restarted drain finds the group's message in the channel and records it for both rows, sending nothing.
    assert await drain(coach, discord).run_once() == 0
    assert len(discord.posted) == 1
    rows = await statuses(coach)
    assert rows["reminder"] == rows["digest"] == ("sent", 1)


def outgoing(row_id: int, kind: str, user: int, due: datetime, target: str = "dm") -> Outgoing:
    return Outgoing(row_id, f"k{row_id}", GUILD, kind, target, user, {}, due, 0)


def test_a_full_batch_leaves_its_last_group_for_the_next_batch_whole():
    batch = [outgoing(1, "nudge", BOB, DUE), outgoing(2, "reminder", ALICE, DUE)]
    assert [[item.id for item in group] for group in together(batch, full=False)] == [[1], [2]]
    assert [[item.id for item in group] for group in together(batch, full=True)] == [[1]]
    alone = [outgoing(3, "reminder", ALICE, DUE), outgoing(4, "digest", ALICE, DUE)]
    assert [[item.id for item in group] for group in together(alone, full=True)] == [[3, 4]]  # never stuck


async def test_a_channel_post_is_drawn_in_the_servers_language_and_so_is_a_dm_to_a_member_of_unknown_language(
    coach: Coach, clock: SteppingClock
):
    """The drain sets the locale, the renderer only calls `_()`: an unknown server's name reads `tu servidor`
    in a Spanish server's post, and in a DM to a member whose Discord never told Rapport their language (their
    own language wins when it did: tests/unit/schedule/test_drain_languages.py)."""

    async def text(message: Message, context: RenderContext) -> Drawn:
        return Drawn(content=f"{type(message).__name__}: {context.guild_name}")

    drawers = Renderers()
    drawers.register(StartPost, text)
    drawers.register(Nudge, text)
    await plan(coach, (StartPost("Maya"), "start", 9001, DUE), (NUDGE, "nudge", ALICE, DUE))
    clock.set(DUE + timedelta(minutes=1))
    discord = FakeDiscord(name=None, locale="es-ES")
    assert await Drain(coach, discord, drawers, Foreground(longest_wait=0.0)).run_once() == 2
    contents = sorted(drawn.content or "" for _id, drawn in discord.posted.values())
    assert contents == ["Nudge: tu servidor", "StartPost: tu servidor"]
    assert _("your server") == "your server"  # the locale was the block's only
