"""Every input Discord can send gets a specific, private answer within 3 s, on SQLite and on PostgreSQL: the
numbered cases of issue 15 (members who left, ids at Discord's integer limits, long case-folded names, deep or
BOM files and files the CDN lost, odd time zones, U+0000, a database that is down) and the crafted inputs past
what a command declares, which discord.py does not re-check."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select, update

from bot import tree
from bot.db.engine import Database
from bot.db.models import Customer, Promise, Touch
from tests.e2e.inputs import (
    assert_well_answered,
    crafted,
    database_cut,
    request_problems,
    resolved_channel,
    timed,
    typed_into,
)
from tests.e2e.test_manager_commands import FORM
from tests.e2e.world import World, add_manager
from tests.packs import PERSONA
from tests.unit.coach.test_quiz import OWN_PACK

STRING, INTEGER, BOOLEAN, CHANNEL = 3, 4, 5, 7
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def e2e_db(e2e_db_on_both: Database) -> Database:
    return e2e_db_on_both


async def answered(world: World, send: Any, *, ephemeral: bool = True) -> str:
    """The text of a well-formed answer (see `assert_well_answered`) to `send()`."""
    start = len(world.env.http_requests)
    result, seconds = await timed(world.env, send)
    assert_well_answered(world.env, result, seconds, ephemeral=ephemeral)
    assert request_problems(world.env, start) == []
    world.env.errors  # noqa: B018 - the errors the tree answered are expected here
    return result.response.content if result.response else ""


async def answered_autocomplete(world: World, command: str, option: str, typed: str) -> list[dict[str, Any]]:
    """The choices Alice is offered, once they are known to be an answer within 3 s."""
    result, seconds = await timed(world.env, lambda: typed_into(world.alice, world.channel, command, option, typed))
    assert_well_answered(world.env, result, seconds)
    return result.autocomplete_choices


# 1 ------------------------------------------------------------------------------------------------------------
async def test_1_a_member_option_given_someone_who_left_is_answered_so(world: World):
    manager = add_manager(world.env, world.guild)
    gone = world.env.create_user("gone")  # a user, not (or no longer) a member of the server
    sends = [
        lambda: manager.slash(world.channel, "quiz stats", member=gone),
        lambda: manager.slash(world.channel, "coach nudge", member=gone, message="Call Acme"),
        lambda: manager.slash(world.channel, "coach report", member=gone),
        lambda: manager.slash(world.channel, "coach roleplay report", member=gone),
        lambda: manager.slash(world.channel, "coach roleplay assign", member=gone, persona="courier-renewal"),
        lambda: manager.slash(world.channel, "coach roleplay review", member=gone, conversation=1),
    ]
    for send in sends:
        assert await answered(world, send) == tree.NOT_A_MEMBER


# 2 ------------------------------------------------------------------------------------------------------------
async def test_2_ids_at_discords_integer_limits_are_answered_and_stored(world: World, e2e_db: Database):
    await world.log("Acme")  # a rep row, so the id is really looked up
    for number in (2**31 - 1, 2**31, 2**53 - 1):
        text = await answered(world, lambda number=number: world.alice.slash(world.channel, "promise done", id=number))
        assert "no promise with that number" in text
    # An id past 32 bits is stored and kept like any other (PostgreSQL's INTEGER stopped at 2^31 - 1).
    await world.alice.slash(world.channel, "promise add", customer="Acme", what="Send the deck", due="tomorrow")
    async with e2e_db.write() as session:
        await session.execute(update(Promise).values(id=2**40))
    kept = await answered(world, lambda: world.alice.slash(world.channel, "promise done", id=2**40))
    assert "Kept, on time" in kept
    async with e2e_db.read() as session:
        assert (await session.scalar(select(Promise.status))) == "kept"


# 3 ------------------------------------------------------------------------------------------------------------
async def test_3_a_name_whose_casefold_is_longer_than_itself_is_stored_and_found(world: World, e2e_db: Database):
    name = "Großhändler " + "a" * 88  # 100 characters; case-folded, 101 ("ß" -> "ss")
    assert "Logged a **check-in**" in await answered(world, lambda: world.log(name))
    same = name.replace("Groß", "GROß")  # the same key, and still 100 characters ("ß".upper() is "SS")
    assert "Last touch today" in await answered(world, lambda: world.log(same, kind="thanks"))
    async with e2e_db.read() as session:
        assert list(await session.scalars(select(Customer.name_key))) == [name.casefold()]
    choices = await world.alice.autocomplete(world.channel, "touch history", "customer", "GROSS")
    assert [choice["value"] for choice in choices] == [name]


# 4 ------------------------------------------------------------------------------------------------------------
IMPORTS = ("coach scenario import", "coach roleplay import")


async def test_4_a_file_nested_a_thousand_deep_is_refused_with_the_reason(world: World):
    manager = add_manager(world.env, world.guild)
    deep = ("deep.toml", ("x = " + "[" * 1000 + "]" * 1000).encode())
    assert len(deep[1]) < 2100
    for command in IMPORTS:
        text = await answered(world, lambda command=command: manager.slash(world.channel, command, file=deep))
        assert "nested too deeply to read" in text


async def test_4_a_file_the_cdn_cannot_serve_is_answered(world: World, monkeypatch):
    manager = add_manager(world.env, world.guild)
    monkeypatch.setattr(world.env.backend.cdn, "get", lambda url: None)  # expired or deleted: a 404
    pack = ("pack.toml", OWN_PACK.encode())
    for command in IMPORTS:
        text = await answered(world, lambda command=command: manager.slash(world.channel, command, file=pack))
        assert text == "I couldn't download that file from Discord. Attach it again and retry."


async def test_4_a_valid_pack_saved_with_a_byte_order_mark_is_imported(world: World):
    manager = add_manager(world.env, world.guild)
    pack = ("ours.toml", BOM + OWN_PACK.encode())
    text = await answered(world, lambda: manager.slash(world.channel, "coach scenario import", file=pack))
    assert "Imported into **our-product**: 1 new scenario" in text
    persona = ("maya.toml", BOM + PERSONA.encode())
    text = await answered(world, lambda: manager.slash(world.channel, "coach roleplay import", file=persona))
    assert "Imported persona `courier-renewal`" in text


# 5 ------------------------------------------------------------------------------------------------------------
ODD_ZONES = [
    "😀" * 64,
    "../../etc/passwd",
    "Europe/../Europe/Paris",
    "/",
    ".",
    "zoneinfo/UTC",
    "posixrules",
    "`@everyone`",
]


async def test_5_odd_time_zones_are_refused_by_name(world: World):
    manager = add_manager(world.env, world.guild)
    for zone in ODD_ZONES:
        for send in (
            lambda zone=zone: world.alice.slash(world.channel, "me settings", timezone=zone),
            lambda zone=zone: manager.slash(world.channel, "coach setup", timezone=zone),
        ):
            assert "is not a time zone I know" in await answered(world, send)
        await answered_autocomplete(world, "me settings", "timezone", zone)


# 6 ------------------------------------------------------------------------------------------------------------
async def test_6_nul_characters_are_taken_out_of_text_commands_and_autocompletes(world: World, e2e_db: Database):
    assert "Logged a **check-in** with **Acme**" in await answered(
        world, lambda: world.log("Ac\x00me", note="They\x00 worry", when="to\x00day")
    )
    added = await answered(
        world, lambda: world.alice.slash(world.channel, "promise add", customer="Acme", what="Deck\x00", due="friday")
    )
    assert "Deck" in added
    async with e2e_db.read() as session:
        assert await session.scalar(select(Touch.note)) == "They worry"
        assert await session.scalar(select(Promise.what)) == "Deck"
    for option, command in (("customer", "touch history"), ("customer", "touch log"), ("when", "touch log")):
        await answered_autocomplete(world, command, option, "\x00a\x00")
    choices = await answered_autocomplete(world, "touch history", "customer", "ac\x00")
    assert [choice["value"] for choice in choices] == ["Acme"]
    refused = await answered(world, lambda: world.log("\x00\x00"))
    assert refused == "`customer` needs at least 1 character."
    manager = add_manager(world.env, world.guild)
    shown = await manager.slash(world.channel, "coach scenario add")
    with_nul = {name: value.replace(" ", " \x00", 1) for name, value in FORM.items()}
    assert "Added `our-product-1`" in await answered(world, lambda: manager.submit_modal(shown, with_nul))


# 8 ------------------------------------------------------------------------------------------------------------
async def test_8_with_the_database_down_commands_say_so_within_three_seconds(
    world: World, e2e_db: Database, monkeypatch
):
    manager = add_manager(world.env, world.guild)
    quiz = await world.alice.slash(world.channel, "quiz start")  # a message with buttons, to press while it is down
    for how in ["missing"] if e2e_db.is_sqlite else ["refused"]:
        async with database_cut(e2e_db, how):
            for send in (
                lambda: manager.slash(world.channel, "coach setup", weekly_cap=3),  # not settled: the check-in reads
                lambda: world.log("Acme"),  # settled: the command itself finds the database down
                lambda: world.alice.slash(world.channel, "leaderboard"),
                lambda: world.alice.click(quiz.response.message, custom_id=first_answer(quiz)),
                lambda: manager.slash(world.channel, "coach scenario add"),
            ):
                result = await database_down_answer(world, send)
                if result.modal is not None:  # a form needs no database to open; its submission does
                    await database_down_answer(world, lambda result=result: manager.submit_modal(result, FORM))
            assert await answered_autocomplete(world, "touch log", "customer", "ac") == []
    world.env.errors  # noqa: B018
    assert "Logged a **check-in**" in await answered(world, lambda: world.log("Acme"))  # and back


async def test_8_a_check_in_that_hangs_is_deferred_then_refused_as_unreachable(world: World, monkeypatch):
    """A database behind a dropped network: the command is deferred within the 3 s, then told."""
    manager = add_manager(world.env, world.guild)

    async def hangs(*args: object, **kwargs: object) -> None:
        await asyncio.sleep(3600)

    monkeypatch.setattr(tree, "DEFER_AFTER", 0.1)
    monkeypatch.setattr(tree, "CHECK_IN_GIVE_UP", 0.2)
    monkeypatch.setattr(world.env.bot.coach.members, "check_in", hangs)
    result = await database_down_answer(world, lambda: world.log("Acme"))
    assert result.deferred or result.response.content == tree.DATABASE_DOWN
    board = await database_down_answer(world, lambda: world.alice.slash(world.channel, "leaderboard"))
    assert not board.ephemeral  # deferred as the board would have been: for the channel
    form = await database_down_answer(world, lambda: manager.slash(world.channel, "coach scenario add"))
    assert not form.deferred  # a form cannot follow a deferral: refused at once instead
    world.env.errors  # noqa: B018


async def database_down_answer(world: World, send: Any) -> Any:
    start = len(world.env.http_requests)
    result, seconds = await timed(world.env, send)
    if result.modal is not None:
        return result
    public = bool(result.response) and not result.ephemeral  # the board, deferred publicly
    assert_well_answered(world.env, result, seconds, ephemeral=not public)
    assert request_problems(world.env, start) == []
    texts = [message.content for message in [result.response, *result.followups] if message]
    assert tree.DATABASE_DOWN in texts
    return result


# 3 of the brief: errors outside commands ----------------------------------------------------------------------
async def test_a_failing_autocomplete_offers_nothing_and_is_logged(world: World, monkeypatch, caplog):
    async def broken(*args: object) -> list[str]:
        raise RuntimeError("autocomplete bug")

    monkeypatch.setattr(world.env.bot.coach.customers, "suggest", broken)
    offered = await answered_autocomplete(world, "touch log", "customer", "ac")
    assert offered == []
    assert "autocomplete bug" in caplog.text


async def test_a_button_that_cannot_be_rebuilt_is_answered(world: World, monkeypatch):
    from cogs.quiz.views import AnswerButton

    quiz = await world.alice.slash(world.channel, "quiz start")

    def broken(cls: type, match: object, item: object) -> None:
        raise ValueError("custom_id no longer readable")

    monkeypatch.setattr(AnswerButton, "from_match", classmethod(broken))
    result, seconds = await timed(
        world.env, lambda: world.alice.click(quiz.response.message, custom_id=first_answer(quiz))
    )
    assert seconds is not None and seconds < 3
    assert result.ephemeral and result.response.content == tree.GENERIC_FAILURE  # a bug: said, and logged
    world.env.errors  # noqa: B018


# Crafted: past the limits the command declares ---------------------------------------------------------------
def option(name: str, kind: int, value: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "value": value}


LOG = [option("customer", STRING, "Acme"), option("kind", STRING, "check_in")]
UNKNOWN = f"`/touch history` has no option `{'x' * 39}…` (or got it twice)."
KINDS = "listening, check_in, follow_up, help, thanks, feedback, solved, honest_reset"
CRAFTED = [  # (command, options as sent, the one line it is refused with)
    ("touch log", [*LOG, option("note", STRING, "n" * 5000)], "`note` can be at most 500 characters."),
    ("touch log", [LOG[1], option("customer", STRING, "A" * 101)], "`customer` can be at most 100 characters."),
    ("touch log", [LOG[0], option("kind", STRING, "closed_deal")], f"`kind` must be one of: {KINDS}."),
    ("touch log", [LOG[1]], "`customer` is required."),
    ("touch log", [LOG[1], option("customer", STRING, 42)], "`customer` must be text."),
    ("touch history", [option("days", INTEGER, "ten")], "`days` must be a whole number."),
    ("touch history", [option("days", INTEGER, 1.5)], "`days` must be a whole number."),
    ("touch history", [option("days", INTEGER, 1000)], "`days` must be from 1 to 90."),
    ("touch history", [option("x" * 500, STRING, "x")], UNKNOWN),
    ("leaderboard", [option("week", INTEGER, -(2**53))], "`week` must be from 0 to 52."),
    ("promise done", [option("id", INTEGER, 2**64)], "`id` must be from 1 to 9,007,199,254,740,991."),
    ("promise done", [option("id", INTEGER, True)], "`id` must be a whole number."),
    ("me settings", [option("dms", BOOLEAN, "yes")], "`dms` must be True or False."),
    ("me settings", [option("timezone", STRING, "😀" * 5000)], "`timezone` can be at most 64 characters."),
    ("quiz stats", [option("member", 6, "123")], "`member` must be a member."),
]


async def test_crafted_options_are_refused_in_one_short_line(world: World):
    for path, options, expected in CRAFTED:
        text = await answered(
            world, lambda path=path, options=options: crafted(world.alice, world.channel, path, options)
        )
        assert text == expected, (path, options)
        assert "\n" not in text and len(text) < 200


async def test_crafted_report_period_never_names_a_file(world: World):
    manager = add_manager(world.env, world.guild)
    for path in ("coach report", "coach roleplay report"):
        result, seconds = await timed(
            world.env, lambda path=path: crafted(manager, world.channel, path, [option("period", STRING, "../../x")])
        )
        assert_well_answered(world.env, result, seconds)
        assert result.response.content == "`period` must be one of: week, month, all."
        assert result.response.attachments == []
    result = await crafted(manager, world.channel, "coach report", [option("period", STRING, "all")])
    assert [file.filename for file in result.response.attachments] == ["rapport-report-all.csv"]
    world.env.errors  # noqa: B018 - the refusals above


@pytest.mark.parametrize("kind", ["voice", "category"])
async def test_crafted_setup_channel_of_the_wrong_type_is_refused(world: World, kind: str):
    manager = add_manager(world.env, world.guild)
    channel = world.guild.create_voice_channel("Calls") if kind == "voice" else world.guild.create_category("Team")
    resolved = resolved_channel(world.env, manager, channel)
    sent = [option("channel", CHANNEL, str(channel.id))]
    text = await answered(world, lambda: crafted(manager, world.channel, "coach setup", sent, resolved))
    assert text == "`channel` must be a news or text channel."


async def test_no_reply_exceeds_discords_limits_when_it_echoes_input(world: World):
    """A customer name of 100 characters of `*` escaped to 200, in every answer that shows it."""
    name = "*" * 100
    await answered(world, lambda: world.log(name, note="_" * 500))
    await answered(
        world, lambda: world.alice.slash(world.channel, "promise add", customer=name, what="`" * 300, due="friday")
    )
    await answered(world, lambda: world.alice.slash(world.channel, "touch history"))
    await answered(world, lambda: world.alice.slash(world.channel, "promise list"))
    await answered(world, lambda: world.alice.slash(world.channel, "customers list"))


def first_answer(quiz: Any) -> str:
    """The custom id of a dealt scenario's first answer button (buttons read "A: <the reply's first words>")."""
    return str(quiz.response.components[0]["components"][0]["custom_id"])
