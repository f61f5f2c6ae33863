"""Role-play conversations: a scripted customer who answers what a reply did, a report at the end, points per
finished conversation, and the rules that keep it honest (one at a time, a turn counted once, timeouts)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.coach import Coach
from bot.coach.errors import InvalidInput
from bot.coach.listening import Move
from bot.coach.personas import Outcome, load_personas, parse_persona
from bot.coach.roleplay import ConversationOver, RolePlays
from bot.coach.roleplay_limits import TIMEOUT
from bot.db.engine import Database
from bot.db.models import DailyPoints
from tests.databases import migrated_database
from tests.packs import PERSONA

GUILD, ALICE = 1001, 501
ASK, REFLECT = "What changed since last year?", "So late route changes cost you two drivers."
PUSH = "Renew today and I can lock in 15% off."


@pytest.fixture
def roleplay(coach: Coach, clock) -> RolePlays:
    return RolePlays(coach.db, clock, {"courier-renewal": parse_persona(PERSONA, "test")})


async def test_listening_reaches_trust_and_earns_points_once_a_week(roleplay: RolePlays, coach: Coach):
    start = await roleplay.start(GUILD, ALICE)
    assert start.persona.id == "courier-renewal" and start.number == 0
    assert start.customer_says in start.persona.state("opening").lines
    first = await roleplay.reply(start.conversation_id, ALICE, 1, ASK)
    assert first.scored is not None and first.scored.move == "asked" and first.report is None
    done = await roleplay.reply(start.conversation_id, ALICE, 2, REFLECT)
    report = done.report
    assert report is not None and report.outcome is Outcome.TRUST
    assert (report.open_questions, report.reflections, report.pushes) == (1, 1, ())
    assert report.points == 2 + 1 + 1  # two specific replies; talk share under 40%; a reflection per question
    async with coach.db.read() as session:
        row = await session.scalar(select(DailyPoints).where(DailyPoints.day == date(2026, 3, 10)))
    assert row is not None and (row.points, row.quiz_points) == (4, 4)
    again = await roleplay.start(GUILD, ALICE)
    await roleplay.reply(again.conversation_id, ALICE, 1, ASK)
    second = await roleplay.reply(again.conversation_id, ALICE, 2, REFLECT)
    assert second.report is not None and second.report.points == 0  # the same persona, the same week


async def test_pressure_goes_cold_and_the_report_quotes_the_push(roleplay: RolePlays):
    start = await roleplay.start(GUILD, ALICE)
    done = await roleplay.reply(start.conversation_id, ALICE, 1, PUSH)
    report = done.report
    assert report is not None and report.outcome is Outcome.COLD and report.points == 0
    assert ("discount", "15% off") in report.pushes
    assert any("15% off" in lesson for lesson in report.lessons)


async def test_a_reply_submitted_twice_counts_once(roleplay: RolePlays):
    start = await roleplay.start(GUILD, ALICE)
    first = await roleplay.reply(start.conversation_id, ALICE, 1, ASK)
    again = await roleplay.reply(start.conversation_id, ALICE, 1, "Something else entirely, sign today")
    assert again.customer_says == first.customer_says and again.scored == first.scored
    with pytest.raises(InvalidInput, match="earlier turn"):
        await roleplay.reply(start.conversation_id, ALICE, 5, ASK)


async def test_one_conversation_at_a_time_resumes_and_times_out(roleplay: RolePlays, clock):
    start = await roleplay.start(GUILD, ALICE)
    resumed = await roleplay.start(GUILD, ALICE)
    assert resumed.conversation_id == start.conversation_id and resumed.resumed
    clock.advance(minutes=16)
    with pytest.raises(ConversationOver, match="timed out"):
        await roleplay.reply(start.conversation_id, ALICE, 1, ASK)
    report = await roleplay.end(start.conversation_id, ALICE)
    assert report.outcome is Outcome.TIMEOUT
    fresh = await roleplay.start(GUILD, ALICE)
    assert fresh.conversation_id != start.conversation_id


async def test_the_turns_run_out_cold(roleplay: RolePlays):
    start = await roleplay.start(GUILD, ALICE)
    for number in range(1, 5):
        turn = await roleplay.reply(start.conversation_id, ALICE, number, "Okay.")
        assert turn.report is None
    last = await roleplay.reply(start.conversation_id, ALICE, 5, "Okay.")
    assert last.report is not None and last.report.outcome is Outcome.COLD
    assert last.customer_says in parse_persona(PERSONA, "test").out_of_turns


async def test_a_pitch_before_asking_is_reported(roleplay: RolePlays):
    start = await roleplay.start(GUILD, ALICE)
    await roleplay.reply(start.conversation_id, ALICE, 1, "Our new version comes with live traffic rerouting.")
    await roleplay.reply(start.conversation_id, ALICE, 2, ASK)
    report = await roleplay.end(start.conversation_id, ALICE)
    assert report.pitched_before_asking and report.outcome is Outcome.LEFT and report.points == 0


async def test_someone_else_cannot_use_the_conversation(roleplay: RolePlays):
    start = await roleplay.start(GUILD, ALICE)
    with pytest.raises(Exception, match="isn't yours"):
        await roleplay.reply(start.conversation_id, 999, 1, ASK)


def test_every_shipped_persona_can_be_won_by_listening_and_lost_by_pressure():
    personas = load_personas()
    assert len(personas) >= 12
    assert len({persona.theme for persona in personas.values()}) >= 12
    for persona in personas.values():
        start = persona.state(persona.start)
        assert persona.state(start.after(Move.PRESSURED)).outcome is not Outcome.TRUST


async def test_retention_purges_the_words_and_keeps_the_numbers(roleplay: RolePlays, coach: Coach, clock):
    await coach.settings.update_guild(GUILD, roleplay_retention_days=30)
    start = await roleplay.start(GUILD, ALICE)
    await roleplay.reply(start.conversation_id, ALICE, 1, ASK)
    await roleplay.reply(start.conversation_id, ALICE, 2, REFLECT)
    clock.advance(days=29)
    await coach.roleplay_upkeep.expire_idle()
    assert (await roleplay.report(start.conversation_id, ALICE)).replies[0].reply == ASK
    clock.advance(days=2)
    await coach.roleplay_upkeep.expire_idle()
    report = await roleplay.report(start.conversation_id, ALICE)
    assert report.replies[0].reply is None and report.replies[0].cues == ()
    assert (report.outcome, report.open_questions, report.reflections, report.points) == (Outcome.TRUST, 1, 1, 4)
    assert Outcome.TIMEOUT == TIMEOUT  # the upkeep writes the same value without loading the personas


async def test_hints_and_reports_need_one_reader_connection_each(tmp_path, clock):
    """A read opened inside another waited for a second reader: with every reader held by such a caller (two
    reps asking for a hint at once, with two readers), each waited for the others until the pool gave up."""
    async with migrated_database("sqlite", tmp_path) as migrated:
        single = Database(migrated.url, pool_size=1, max_overflow=0, pool_timeout=2)
        try:
            roleplay = RolePlays(single, clock, {"courier-renewal": parse_persona(PERSONA, "test")})
            start = await roleplay.start(GUILD, ALICE)
            assert (await roleplay.hint(start.conversation_id, ALICE)).strip()
            await roleplay.reply(start.conversation_id, ALICE, 1, PUSH)
            assert (await roleplay.report(start.conversation_id, ALICE)).outcome is Outcome.COLD
        finally:
            await single.dispose()
