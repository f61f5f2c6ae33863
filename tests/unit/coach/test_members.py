"""The check at the start of every command: manager rights noted, the closed-DM notice given once, and a
settled member's next command costs no query until something they depend on changes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, select

from bot.coach import Coach
from bot.coach.kinds import TouchKind
from bot.coach.outgoing import Nudge
from bot.db.models import Rep

NUDGE = Nudge("Call Acme back today", "Maya", 7)
GUILD, ALICE = 1001, 501
PLAIN = {"manage_guild": False, "role_ids": set()}


@contextmanager
def statements(coach: Coach) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(coach.db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(coach.db.engine.sync_engine, "before_cursor_execute", record)


async def is_manager(coach: Coach) -> bool:
    async with coach.db.read() as session:
        return bool(await session.scalar(select(Rep.is_manager).where(Rep.user_id == ALICE)))


async def test_a_member_not_yet_a_rep_is_unknown(coach: Coach):
    check = await coach.members.check_in(GUILD, ALICE, **PLAIN)
    assert (check.known, check.dm_notice) == (False, False)


async def test_a_settled_member_costs_no_query_on_the_next_command(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    assert (await coach.members.check_in(GUILD, ALICE, **PLAIN)).known
    with statements(coach) as seen:
        assert (await coach.members.check_in(GUILD, ALICE, **PLAIN)).known
    assert seen == []


async def test_new_manager_rights_are_noted_even_when_settled(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    await coach.members.check_in(GUILD, ALICE, **PLAIN)
    await coach.members.check_in(GUILD, ALICE, manage_guild=True, role_ids=set())
    assert await is_manager(coach)
    await coach.members.check_in(GUILD, ALICE, **PLAIN)
    assert not await is_manager(coach)


async def test_a_new_manager_role_is_seen_at_once(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    await coach.members.check_in(GUILD, ALICE, manage_guild=False, role_ids={77})
    await coach.settings.update_guild(GUILD, manager_role_id=77)
    await coach.members.check_in(GUILD, ALICE, manage_guild=False, role_ids={77})
    assert await is_manager(coach)


async def test_dms_found_closed_are_told_on_the_next_command_even_when_settled(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    await coach.members.check_in(GUILD, ALICE, **PLAIN)
    await coach.outbox.enqueue(NUDGE, key="a", guild_id=GUILD, target_id=ALICE)
    [item] = await coach.outbox.due()
    await coach.outbox.mark_blocked(item, ALICE)
    assert (await coach.members.check_in(GUILD, ALICE, **PLAIN)).dm_notice is True
    assert (await coach.members.check_in(GUILD, ALICE, **PLAIN)).dm_notice is False


async def test_an_erased_member_is_unknown_again(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    await coach.members.check_in(GUILD, ALICE, **PLAIN)
    await coach.privacy.erase(GUILD, ALICE)
    assert not (await coach.members.check_in(GUILD, ALICE, **PLAIN)).known
