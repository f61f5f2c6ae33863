"""Property-based: every command, with options drawn from what the command tree itself declares, gets a proper
answer, on SQLite and on PostgreSQL.

Nothing here lists commands or options by hand: the strategies walk `bot.tree` (every command, each parameter's
type, range, length, choices, channel types and autocomplete), so a new command or option is covered the day it
is added. Values stay within Discord's declared limits (SimCord refuses anything else, as Discord's client
would); what lies past them is `test_inputs.py`'s. Every interaction (a command, or typing into an autocomplete)
must be answered within 3 s, privately unless the command answers the channel, never with the generic failure,
never past Discord's limits, and with nothing that can ping.

Settings come from a Hypothesis profile: `interactions` (the default, a bounded run for CI) or
`interactions-thorough` (`RAPPORT_HYPOTHESIS_PROFILE=interactions-thorough`, for a long local hunt).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest
from discord import AppCommandOptionType, app_commands
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from bot.db.engine import Database
from bot.tree import answers_publicly
from tests.e2e.inputs import assert_well_answered, request_problems, timed, typed_into
from tests.e2e.world import World, add_manager
from tests.packs import PERSONA
from tests.unit.coach.test_quiz import OWN_PACK

settings.register_profile(
    "interactions",
    max_examples=100,
    deadline=None,  # the 3 s answer deadline is asserted per interaction; a whole example may take longer
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],  # one bot for all examples
    database=None,
)
settings.register_profile("interactions-thorough", parent=settings.get_profile("interactions"), max_examples=1500)
PROFILE = settings.get_profile(os.environ.get("RAPPORT_HYPOTHESIS_PROFILE", "interactions"))

DISCORD_MAX_STRING = 6000
# Text people type into Rapport's options, for the strategies to mix with arbitrary text: the forms each option
# reads (days, times, zones, lists), names it already holds, and text that has bitten before.
TYPED = [
    "today", "yesterday", "tomorrow", "friday", "last friday", "in 3 days", "2026-03-12", "2026-03-09",
    "9:30", "16:30", "4:30pm", "9", "Europe/Paris", "UTC", "default", "none", "sat,sun", "mon-fri",
    "listening=4, thanks=1", "2026-12-24, 2026-12-25", "Acme", "acme", "Großhändler " + "a" * 88,
    "courier-renewal", "our-product-1", "renewals", "@everyone", "<@1>", "`", "*" * 100, "😀" * 64,
    "\x00", "a\x00b", " ",
]  # fmt: skip
TEXT = st.characters(exclude_categories=["Cs"])  # any character JSON can carry
FILES = [
    ("ours.toml", OWN_PACK.encode()),
    ("bom.toml", b"\xef\xbb\xbf" + OWN_PACK.encode()),
    ("maya.toml", PERSONA.encode()),
    ("deep.toml", ("x = " + "[" * 1000 + "]" * 1000).encode()),
    ("latin1.toml", "thème = 'é'".encode("latin-1")),
    ("notes.txt", b"hello"),
]


@pytest.fixture
def e2e_db(e2e_db_on_both: Database) -> Database:
    return e2e_db_on_both


def leaves(world: World) -> list[app_commands.Command[Any, ..., Any]]:
    return [command for command in world.env.bot.tree.walk_commands() if isinstance(command, app_commands.Command)]


def text_values(parameter: app_commands.Parameter) -> st.SearchStrategy[str]:
    low = int(parameter.min_value or 1)
    high = int(parameter.max_value or DISCORD_MAX_STRING)
    typed = [text for text in TYPED if low <= len(text) <= high]
    arbitrary = st.text(TEXT, min_size=low, max_size=min(high, 120)) | st.text(TEXT, min_size=low, max_size=high)
    return (st.sampled_from(typed) | arbitrary) if typed else arbitrary


@dataclass
class Cast:
    """Who and where options can name, beyond the world's two reps and its channel: a manager, a user who left
    the server, a news channel (text-like) and a voice channel (never offered where text is declared)."""

    manager: Any
    gone: Any
    channels: list[Any]


@pytest.fixture
def cast(world: World) -> Cast:
    manager = add_manager(world.env, world.guild)
    world.guild.create_voice_channel("Calls")
    return Cast(manager, world.env.create_user("gone"), [world.channel, world.guild.create_news_channel("news")])


def values(parameter: app_commands.Parameter, world: World, cast: Cast) -> st.SearchStrategy[Any]:
    """Every value Discord's client would let a person give `parameter`, as SimCord takes it."""
    kind = parameter.type
    if parameter.choices and not parameter.autocomplete:
        return st.sampled_from([choice.value for choice in parameter.choices])
    if kind is AppCommandOptionType.string:
        return text_values(parameter)
    if kind is AppCommandOptionType.integer:
        low, high = int(parameter.min_value or 0), int(parameter.max_value or 0)  # every one declares both
        return st.integers(low, min(high, low + 5)) | st.integers(low, high)
    if kind is AppCommandOptionType.boolean:
        return st.booleans()
    if kind in (AppCommandOptionType.user, AppCommandOptionType.mentionable):
        return st.sampled_from([world.alice, world.bob, cast.manager, cast.gone])
    if kind is AppCommandOptionType.channel:
        allowed = {channel_type.value for channel_type in parameter.channel_types}
        return st.sampled_from([each for each in cast.channels if not allowed or each._channel.type in allowed])
    if kind is AppCommandOptionType.role:
        return st.sampled_from(list(world.guild.roles.values()))
    if kind is AppCommandOptionType.attachment:
        return st.sampled_from(FILES) | st.tuples(st.sampled_from(["a.toml", "b.bin"]), st.binary(max_size=3000))
    raise AssertionError(f"no strategy for {kind} options: add one")


@st.composite
def interactions(draw: st.DrawFn, world: World, cast: Cast) -> dict[str, Any]:
    """A command from the tree, who sends it, its options, and whether it is sent or typed into (autocomplete)."""
    command = draw(st.sampled_from(leaves(world)))
    manager_only = command.root_parent is not None and command.root_parent.default_permissions is not None
    actor = cast.manager if manager_only else draw(st.sampled_from([world.alice, cast.manager]))
    options = {
        parameter.display_name: draw(values(parameter, world, cast))
        for parameter in command.parameters
        if parameter.required or draw(st.booleans())
    }
    typed_into = [parameter for parameter in command.parameters if parameter.autocomplete]
    focused = draw(st.sampled_from(typed_into)) if typed_into and draw(st.booleans()) else None
    typed = draw(st.sampled_from(TYPED) | st.text(TEXT, max_size=100)) if focused else None
    return {"command": command, "actor": actor, "options": options, "focused": focused, "typed": typed}


async def send(world: World, drawn: dict[str, Any]) -> Any:
    command, actor = drawn["command"], drawn["actor"]
    if drawn["focused"] is None:
        return await actor.slash(world.channel, command.qualified_name, **drawn["options"])
    focused = drawn["focused"].display_name
    filled = {name: value for name, value in drawn["options"].items() if name != focused}
    return await typed_into(actor, world.channel, command.qualified_name, focused, drawn["typed"], **filled)


@settings(PROFILE)
@given(data=st.data())
async def test_every_command_answers_every_declared_input(world: World, cast: Cast, data: st.DataObject):
    drawn = data.draw(interactions(world, cast))
    typed = "" if drawn["focused"] is None else f", typing {drawn['typed']!r} into {drawn['focused'].display_name}"
    note(f"/{drawn['command'].qualified_name} by {drawn['actor'].name}: {drawn['options']!r}{typed}")
    start = len(world.env.http_requests)
    result, seconds = await timed(world.env, lambda: send(world, drawn))
    public = drawn["focused"] is None and answers_publicly(drawn["command"])
    assert_well_answered(world.env, result, seconds, ephemeral=not public)
    assert request_problems(world.env, start) == []
    world.env.errors  # noqa: B018 - refusals the tree answered (their text was checked above)
