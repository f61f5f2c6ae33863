"""`/privacy delete` leaves nothing of the member in any table, and `/privacy export` shows all it removes.

The walk is generic on purpose: it seeds every table through the real services, erases, then reads every
column of every table in the metadata. A table added later fails here until it is seeded below and decided in
`bot.coach.privacy` (erased and exported, or `NOT_PERSONAL` with why).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.coach import Coach
from bot.coach.content import Stance
from bot.coach.kinds import TouchKind
from bot.coach.listening import Verdict
from bot.coach.privacy import ERASED_AUTHOR, EXPORT_SECTIONS, NOT_PERSONAL
from bot.coach.quiz import Answer
from bot.db.models import Base, GuildPersona, GuildScenario, Rep
from bot.db.state import write_state
from tests.packs import MULTI_STEP_PACK, PERSONA
from tests.privacy_scan import leftovers, snapshot

GUILD, OTHER_GUILD, CHANNEL = 7001, 7002, 740_000_000_000_000_004
# Snowflake-sized, so that no count, point or small id can be mistaken for one of them.
ALICE, BOB, CAROL = 710_000_000_000_000_001, 720_000_000_000_000_002, 730_000_000_000_000_003

# What Alice typed or is called, and what a manager wrote to her or about her: none of it may stay.
ALICE_WORDS = {
    "customer": "Alicorn Freight",
    "note": "Alicorn's buyer is on leave until the Zeppelin fair",
    "promise": "send Alicorn the zeppelin pricing sheet",
    "dropped": "the Quetzal rollout",
    "drop_reason": "Alicorn merged with Quetzal",
    "reply": "What changed for Alicorn since last year?",
    "her_nudge": "Bob, call Wombatco before Friday please",
    "her_name": "Alice Aardvark",
    "her_note": "Bob's reply was a hidden discount ask",
    "nudge_to_her": "Alice, your Alicorn follow-up is overdue",
    "note_on_her": "Alice pitched before asking anything",
}
BOB_WORDS = {"customer": "Bramble Bakery", "note": "Bramble wants oat flour", "reply": "What changed since last year?"}


async def _log(coach: Coach, user: int, words: dict[str, str]) -> None:
    await coach.touches.log(GUILD, user, customer=words["customer"], kind=TouchKind.LISTENING, note=words["note"])


async def _quiz(coach: Coach, user: int) -> None:
    shown: Any = await coach.quiz.start(GUILD, user)
    while not isinstance(shown, Answer):
        shown = await coach.quiz.answer(shown.presentation_id, user, 0)


async def _roleplay(coach: Coach, user: int, reply: str) -> int:
    turn = await coach.roleplay.start(GUILD, user, "courier-renewal")
    await coach.roleplay.reply(turn.conversation_id, user, 1, reply)
    await coach.roleplay.end(turn.conversation_id, user)
    return turn.conversation_id


async def _seed(coach: Coach, clock: Any) -> None:
    """Alice as a rep and as a manager, Carol a manager, Bob a bystander: a row in every table."""
    await coach.settings.update_guild(GUILD, channel_id=CHANNEL, team_quiz=True, roleplay_open_review=True)
    await write_state(coach.db, "command_tree_hash", "abc")
    await _log(coach, ALICE, ALICE_WORDS)
    await _log(coach, BOB, BOB_WORDS)
    await coach.touches.log(OTHER_GUILD, BOB, customer="Elsewhere Ltd", kind=TouchKind.HELP)
    await coach.promises.add(GUILD, ALICE, ALICE_WORDS["customer"], ALICE_WORDS["promise"], "tomorrow")
    dropped = await coach.promises.add(GUILD, ALICE, ALICE_WORDS["customer"], ALICE_WORDS["dropped"], "in 5 days")
    await coach.promises.drop(GUILD, ALICE, dropped.id, ALICE_WORDS["drop_reason"])
    await coach.settings.update_rep(GUILD, ALICE, timezone="Europe/Paris", quiet_days="sun", board="public")
    await coach.settings.set_away(GUILD, ALICE, "in 20 days", "in 22 days")
    await coach.members.check_in(GUILD, ALICE, manage_guild=False, role_ids=set(), locale="es-419")
    await coach.outbox.remember_dm_channel(ALICE, 750_000_000_000_000_005)
    # Alice as a manager: content the server keeps, and messages she wrote.
    await coach.scenarios.import_pack(GUILD, ALICE, MULTI_STEP_PACK, "renewals.toml")
    await coach.roleplay_desk.import_persona(GUILD, ALICE, PERSONA, "courier.toml")
    await coach.scenarios.set_enabled(GUILD, ALICE, "guild:renewals-walkaway", False)
    await coach.nudges.schedule(GUILD, ALICE, ALICE_WORDS["her_name"], BOB, ALICE_WORDS["her_nudge"], None)
    await coach.roleplay_desk.assign(GUILD, ALICE, ALICE_WORDS["her_name"], BOB, "courier-renewal", None)
    # Carol to and about Alice.
    await coach.nudges.schedule(GUILD, CAROL, "Carol", ALICE, ALICE_WORDS["nudge_to_her"], None)
    await coach.roleplay_desk.assign(GUILD, CAROL, "Carol", ALICE, "courier-renewal", "in 3 days")
    await _quiz(coach, ALICE)
    await _quiz(coach, BOB)
    alice_talk = await _roleplay(coach, ALICE, ALICE_WORDS["reply"])
    bob_talk = await _roleplay(coach, BOB, BOB_WORDS["reply"])
    await coach.roleplay.share(alice_talk, ALICE)
    await coach.roleplay_desk.overrule(GUILD, CAROL, alice_talk, 1, Verdict.PUSHING, ALICE_WORDS["note_on_her"])
    await coach.roleplay_desk.overrule(GUILD, ALICE, bob_talk, 1, Verdict.PUSHING, ALICE_WORDS["her_note"])
    post = await coach.team_quiz.post_for(GUILD, clock().date())
    assert post is not None
    await coach.team_quiz.answer(post.post_id, ALICE, 0)
    await coach.team_quiz.answer(post.post_id, BOB, 1)
    # A week of ticks: reminders naming her customers, promise heads-ups, the board; some sent, some not.
    for hour in range(0, 7 * 24, 3):
        await coach.planner.tick()
        if hour == 24:
            for item in await coach.outbox.due():
                await coach.outbox.mark_sent(item.id, 900_000 + item.id)
        clock.advance(hours=3)


async def test_every_table_is_decided_once():
    """A table is either erased and exported, or not personal with a reason: never both, never neither."""
    tables = set(Base.metadata.tables)
    assert not tables - set(EXPORT_SECTIONS) - set(NOT_PERSONAL), "decide these tables in bot.coach.privacy"
    assert not set(EXPORT_SECTIONS) & set(NOT_PERSONAL)
    assert set(EXPORT_SECTIONS) <= tables


async def test_delete_leaves_nothing_of_the_member_in_any_table(coach: Coach, clock):
    await _seed(coach, clock)
    async with coach.db.read() as session:
        alice_rep = await session.scalar(select(Rep.id).where(Rep.guild_id == GUILD, Rep.user_id == ALICE))
    assert alice_rep is not None
    before = await snapshot(coach.db)
    empty = {name for name, rows in before.items() if not rows}
    assert not empty - set(NOT_PERSONAL), f"seed these tables so the walk covers them: {sorted(empty)}"
    seeded = leftovers(before, ALICE, alice_rep, list(ALICE_WORDS.values()))
    for word in ALICE_WORDS.values():  # each of her strings was somewhere, or the walk proves nothing
        assert any(word.casefold() in cell.casefold() for cell in seeded), word

    erased = await coach.privacy.erase(GUILD, ALICE)

    after = await snapshot(coach.db)
    left = leftovers(after, ALICE, alice_rep, list(ALICE_WORDS.values()))
    assert left == [], "\n".join(left)
    assert (erased.customers, erased.touches, erased.promises, erased.roleplays) == (1, 1, 2, 1)
    assert erased.messages >= 4  # her nudge and assignment to Bob, Carol's nudge and assignment to her, ...
    # Bob, and Alice's server content, are untouched but for her name.
    bob_cells = leftovers(after, BOB, None, list(BOB_WORDS.values()))
    for word in [*BOB_WORDS.values(), "team_quiz_answers.user_id", "reps.user_id"]:
        assert any(word.casefold() in cell.casefold() for cell in bob_cells), word
    async with coach.db.read() as session:
        assert set(await session.scalars(select(GuildScenario.created_by))) == {ERASED_AUTHOR}
        assert set(await session.scalars(select(GuildPersona.created_by))) == {ERASED_AUTHOR}
    assert (await coach.scenarios.find(GUILD, "guild:renewals-walkaway")) is not None
    # Her language went with her rep row: nothing in this server holds it (the walk looks for ids and words).
    async with coach.db.read() as session:
        assert list(await session.scalars(select(Rep.locale).where(Rep.locale == "es-419"))) == []


async def test_export_covers_every_table_delete_changes(coach: Coach, clock):
    """Whatever delete removes or rewrites, the export taken just before showed it."""
    await _seed(coach, clock)
    exported = json.loads(await coach.privacy.export(GUILD, ALICE))
    before = await snapshot(coach.db)
    await coach.privacy.erase(GUILD, ALICE)
    after = await snapshot(coach.db)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == set(EXPORT_SECTIONS), "EXPORT_SECTIONS names exactly the tables delete changes"
    for name in changed:
        assert any(exported.get(section) for section in EXPORT_SECTIONS[name]), name
    text = json.dumps(exported, ensure_ascii=False)
    for word in ALICE_WORDS.values():
        assert word in text, word
    assert exported["settings"]["board"] == "public" and exported["settings"]["away_from"] is not None
    assert exported["settings"]["discord_locale_when_last_seen"] == "es-419"  # what her DMs are drawn in
    assert [promise["status"] for promise in exported["promises"]] == ["open", "dropped"]
    assert exported["roleplays"][0]["turns"][0]["you_replied"] == ALICE_WORDS["reply"]
    assert BOB_WORDS["note"] not in text and BOB_WORDS["reply"] not in json.dumps(exported["roleplays"])


async def test_a_member_without_a_rep_row_still_has_their_nudges_and_team_answers_erased(coach: Coach, clock):
    """A team-quiz answer or a manager's nudge never creates a rep row, and is still theirs."""
    post = await coach.team_quiz.post_for(GUILD, clock().date())
    assert post is not None
    listening = next(i for i, reply in enumerate(post.replies) if reply.stance is Stance.LISTENING)
    await coach.team_quiz.answer(post.post_id, ALICE, listening)
    await coach.nudges.schedule(GUILD, CAROL, "Carol", ALICE, "Welcome aboard, Alice", None)
    exported = json.loads(await coach.privacy.export(GUILD, ALICE))
    assert exported["team_quiz_answers"][0]["listening"] is True
    assert exported["messages_to_you"][0]["content"]["message"] == "Welcome aboard, Alice"
    erased = await coach.privacy.erase(GUILD, ALICE)
    assert erased.messages == 1
    assert json.loads(await coach.privacy.export(GUILD, ALICE))["note"].startswith("Rapport holds no data")


async def test_erasing_in_one_server_leaves_the_other(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="Here Ltd", kind=TouchKind.HELP)
    await coach.touches.log(OTHER_GUILD, ALICE, customer="There Ltd", kind=TouchKind.HELP)
    await coach.privacy.erase(GUILD, ALICE)
    there = json.loads(await coach.privacy.export(OTHER_GUILD, ALICE))
    assert there["customers"] == ["There Ltd"]
