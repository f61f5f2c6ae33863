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


@contextmanager
def writes(coach: Coach) -> Iterator[list[str]]:
    """UPDATE statements on either engine (SQLite writes through its own writer engine)."""
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("UPDATE"):
            seen.append(statement)

    engines = [engine.sync_engine for engine in (coach.db.engine, coach.db._writer) if engine is not None]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


async def test_the_display_name_is_written_only_when_it_changed(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    await coach.members.check_in(GUILD, ALICE, **PLAIN, display_name="Alice")
    assert await coach.members.names(GUILD, [ALICE, 999]) == {ALICE: "Alice"}
    with statements(coach) as seen:
        await coach.members.check_in(GUILD, ALICE, **PLAIN, display_name="Alice")
    assert seen == []  # settled, same name: no query at all
    coach.members._members.forget(GUILD, ALICE)  # a minute later: one read, no write
    with writes(coach) as updates:
        await coach.members.check_in(GUILD, ALICE, **PLAIN, display_name="Alice")
    assert updates == []
    with writes(coach) as updates:
        await coach.members.check_in(GUILD, ALICE, **PLAIN, display_name="  Alice \n  B.  " + "x" * 80)
    assert len(updates) == 1
    [name] = (await coach.members.names(GUILD, [ALICE])).values()
    assert name.startswith("Alice B. xxx") and len(name) == 64  # one line, clipped
    await coach.members.check_in(GUILD, ALICE, **PLAIN)  # a check without a name keeps the one stored
    assert (await coach.members.names(GUILD, [ALICE]))[ALICE] == name


async def locales(coach: Coach) -> dict[int, str | None]:
    async with coach.db.read() as session:
        return dict((await session.execute(select(Rep.guild_id, Rep.locale).where(Rep.user_id == ALICE))).all())


async def test_the_locale_is_written_only_when_it_changed_and_only_for_that_server(coach: Coach):
    """Each server's row learns the member's language from their commands there: a write to every server's row
    would lock rows other processes hold (another shard's servers) in another order, and deadlock."""
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    await coach.touches.log(GUILD + 1, ALICE, customer="Acme", kind=TouchKind.HELP)
    assert await locales(coach) == {GUILD: None, GUILD + 1: None}  # no command seen yet: the server's language
    with writes(coach) as updates:
        await coach.members.check_in(GUILD, ALICE, **PLAIN, locale="es-ES")
    assert len(updates) == 1
    assert await locales(coach) == {GUILD: "es-ES", GUILD + 1: None}
    with statements(coach) as seen:
        await coach.members.check_in(GUILD, ALICE, **PLAIN, locale="es-ES")
    assert seen == []  # settled, same language: no query at all
    coach.members._members.forget(GUILD, ALICE)  # a minute later: one read, no write
    with writes(coach) as updates:
        await coach.members.check_in(GUILD, ALICE, **PLAIN, locale="es-ES")
    assert updates == []
    with writes(coach) as updates:
        await coach.members.check_in(GUILD + 1, ALICE, **PLAIN, locale="en-GB")  # she switched her client
    assert len(updates) == 1
    assert await locales(coach) == {GUILD: "es-ES", GUILD + 1: "en-GB"}
    coach.members._members.forget(GUILD, ALICE)
    with writes(coach) as updates:
        await coach.members.check_in(GUILD, ALICE, **PLAIN)  # a check without a locale keeps the one stored
        await coach.members.check_in(GUILD, ALICE, **PLAIN, locale="x" * 40)  # not a Discord locale: ignored
    assert updates == []
    with writes(coach) as updates:
        await coach.members.check_in(GUILD, ALICE, **PLAIN, locale="en-GB")  # and here on her next command
    assert len(updates) == 1
    assert await locales(coach) == {GUILD: "en-GB", GUILD + 1: "en-GB"}


async def test_enrolling_keeps_the_locale_of_the_press(coach: Coach):
    await coach.onboarding.enrol(GUILD, ALICE, "Europe/Madrid", "17:30", locale="es-419")
    assert await locales(coach) == {GUILD: "es-419"}
    await coach.onboarding.enrol(GUILD, ALICE, "Europe/Madrid", "18:00", locale="es-419")
    assert await locales(coach) == {GUILD: "es-419"}


async def test_a_press_in_a_dm_keeps_its_language_for_that_server(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    await coach.touches.log(GUILD + 1, ALICE, customer="Acme", kind=TouchKind.HELP)
    await coach.members.note_locale(GUILD, ALICE, "es-419")
    assert await locales(coach) == {GUILD: "es-419", GUILD + 1: None}
    await coach.members.check_in(GUILD, ALICE, **PLAIN, locale="es-419")  # settled in that language
    with statements(coach) as seen:
        await coach.members.note_locale(GUILD, ALICE, "es-419")
        await coach.members.note_locale(GUILD, ALICE, None)
        await coach.members.note_locale(GUILD, ALICE, "x" * 40)
    assert seen == []
    await coach.members.note_locale(GUILD, ALICE, "en-GB")  # she switched her client, then pressed a button
    assert await locales(coach) == {GUILD: "en-GB", GUILD + 1: None}
    await coach.members.note_locale(GUILD, 999, "es-ES")  # no row for them: nothing to keep
    assert await locales(coach) == {GUILD: "en-GB", GUILD + 1: None}
