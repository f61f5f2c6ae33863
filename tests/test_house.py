"""Keeps the house standing: the rules in DESIGN.md that a test can check.

- the domain (`bot/coach/`) never imports discord;
- nothing in `bot/` imports `cogs/`, and no feature package imports another;
- the import graph of `bot/` and `cogs/` has no circle, `TYPE_CHECKING` and late imports included;
- every interaction is answered through `bot/tree.py` (`reply()` and its siblings);
- interactions are typed `Interaction[RapportBot]`, never `Interaction[Any]`;
- every outbox kind has a renderer registered by a feature;
- every command and option is named and described within Discord's limits, every integer option has a range;
  manager groups are guarded twice;
- every setting is documented; the README shows both set-up commands.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from discord import app_commands
from discord.ext import commands

from bot.client import EXTENSIONS, RapportBot
from bot.config import Settings
from tests import discord_spec

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"^[-_\w]{1,32}$")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


SOURCES = {_module_name(path): path for top in ("bot", "cogs") for path in (ROOT / top).rglob("*.py")}


def _imports(module: str) -> Iterator[tuple[str, int]]:
    """Every module `module` imports (anywhere in the file: top level, functions, `if TYPE_CHECKING:`), as
    the module itself when `from package import module` names one."""
    path = SOURCES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            for alias in node.names:
                yield (f"{base}.{alias.name}" if f"{base}.{alias.name}" in SOURCES else base), node.lineno


def _feature(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "cogs" and len(parts) > 1 else None


def test_the_domain_never_imports_discord():
    offenders = [
        f"{module}:{line} imports {name}"
        for module in SOURCES
        if module.startswith("bot.coach")
        for name, line in _imports(module)
        if name.split(".")[0] == "discord"
    ]
    assert offenders == []


def test_nothing_in_bot_imports_a_feature():
    offenders = [
        f"{module}:{line} imports {name}"
        for module in SOURCES
        if module.startswith("bot")
        for name, line in _imports(module)
        if name.split(".")[0] == "cogs"
    ]
    assert offenders == []


def test_no_feature_package_imports_another():
    offenders = [
        f"{module}:{line} imports {name}"
        for module in SOURCES
        if _feature(module)
        for name, line in _imports(module)
        if _feature(name) and _feature(name) != _feature(module)
    ]
    assert offenders == []


def test_the_import_graph_has_no_circle():
    """Checked on the source, so an import hidden behind `TYPE_CHECKING` or inside a function counts too."""
    graph = {module: sorted({name for name, _ in _imports(module) if name in SOURCES}) for module in SOURCES}
    circles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for name in graph[module]:
            if state.get(name) == "open":
                circles.append([*path[path.index(name) :], name])
            elif name not in state:
                visit(name, [*path, name])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


# How discord.py answers an interaction. Only `bot/tree.py` may call these: it owns privacy, mentions, limits
# and the closed-DM notice of every answer.
ANSWERING = {"send_message", "defer", "edit_message", "send_modal", "followup", "edit_original_response"}


def test_every_interaction_is_answered_through_the_tree():
    offenders = []
    for module, path in SOURCES.items():
        if module == "bot.tree":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Attribute) and node.attr in ANSWERING:
                owner = node.value
                if node.attr in {"followup", "edit_original_response"} or (
                    isinstance(owner, ast.Attribute) and owner.attr == "response"
                ):
                    offenders.append(f"{module}:{node.lineno} .{node.attr}")
    assert offenders == []


def test_interactions_are_typed_for_rapport():
    offenders = []
    for module, path in SOURCES.items():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Attribute | ast.Name)
                and (node.value.attr if isinstance(node.value, ast.Attribute) else node.value.id) == "Interaction"
                and isinstance(node.slice, ast.Name)
                and node.slice.id == "Any"
            ):
                offenders.append(f"{module}:{node.lineno}")
    assert offenders == []


@pytest.fixture
async def loaded_tree(tmp_path: Path) -> app_commands.CommandTree[Any]:
    bot = RapportBot(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"))
    for extension in EXTENSIONS:
        await bot.load_extension(extension)
    yield bot.tree
    await bot.database.dispose()


def _walk(command: Any) -> Iterator[Any]:
    yield command
    for child in getattr(command, "commands", []):
        yield from _walk(child)


async def test_every_outbox_kind_has_a_renderer(loaded_tree):
    assert loaded_tree.client.renderers.missing() == []


async def test_every_command_and_option_is_named_and_described_within_limits(loaded_tree):
    problems = []
    for root in loaded_tree.get_commands():
        for command in _walk(root):
            where = f"/{command.qualified_name}"
            if not NAME.match(command.name) or command.name != command.name.lower():
                problems.append(f"{where}: bad name")
            if not 1 <= len(command.description) <= 100 or command.description.endswith("..."):
                problems.append(f"{where}: description missing, too long or truncated")
            for parameter in getattr(command, "parameters", []):
                if not NAME.match(parameter.display_name) or not 1 <= len(parameter.description) <= 100:
                    problems.append(f"{where} {parameter.display_name}: bad name or description")
                if parameter.description.endswith("...") or parameter.description == "…":
                    problems.append(f"{where} {parameter.display_name}: description truncated by discord.py")
                if len(parameter.choices) > 25:
                    problems.append(f"{where} {parameter.display_name}: more than 25 choices")
            if len(getattr(command, "parameters", [])) > 25:
                problems.append(f"{where}: more than 25 options")
        size = discord_spec._command_chars(root.to_dict(loaded_tree))
        if size > discord_spec.MAX_COMMAND_CHARS:
            problems.append(f"/{root.name}: {size} chars of command JSON")
    assert problems == []


async def test_every_integer_option_declares_a_range_within_discords(loaded_tree):
    """discord.py does not check a range on arrival and the database has its own (PostgreSQL's INTEGER ends at
    2^31 - 1): an option without one took 2^64 to the driver (`OverflowError`). `bot/arrival.py` holds each
    option to what it declares, so each must declare it, within Discord's 2^53."""
    unbounded = [
        f"/{command.qualified_name} {parameter.display_name}"
        for root in loaded_tree.get_commands()
        for command in _walk(root)
        for parameter in getattr(command, "parameters", [])
        if parameter.type.name in {"integer", "number"}
        and not (
            parameter.min_value is not None
            and parameter.max_value is not None
            and -(2**53) < parameter.min_value <= parameter.max_value < 2**53
        )
    ]
    assert unbounded == []


async def test_every_manager_group_is_guarded_twice(loaded_tree):
    """`default_permissions` hides a command; only a server-side check enforces it. A group without the
    first is open to everyone, so every group held by a cog with a server-side check must carry both."""
    guarded = {}
    for cog in loaded_tree.client.cogs.values():
        group = getattr(cog, "__cog_app_commands_group__", None)
        if group is not None:
            guarded[group.name] = type(cog).interaction_check is not commands.Cog.interaction_check
    manager_groups = [
        root.name
        for root in loaded_tree.get_commands()
        if root.default_permissions is not None and root.default_permissions.value != 0
    ]
    assert "coach" in manager_groups
    for name in manager_groups:
        assert guarded.get(name), f"/{name} has default_permissions but no server-side interaction_check"
    for name, has_check in guarded.items():
        if has_check:
            assert name in manager_groups, f"/{name} checks rights on the server but is visible to everyone"


async def test_rep_commands_are_guild_only(loaded_tree):
    for name in ("touch", "customers", "promise", "quiz", "me", "privacy", "coach"):
        group = loaded_tree.get_command(name)
        assert group is not None and group.guild_only


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    missing = [name.upper() for name in (field.name for field in fields(Settings)) if f"`{name.upper()}`" not in readme]
    assert missing == []


def test_the_readme_shows_both_setup_commands():
    readme = (ROOT / "README.md").read_text()
    assert "rapport run" in readme
    assert "pytest" in readme


def test_role_play_loads_only_when_a_conversation_needs_it():
    """Every feature package loaded and the scheduler's upkeep run, in a fresh interpreter: the scorer, the
    personas, the role-play service and the language model's client are not imported (B5 counts every MB)."""
    script = (
        "import asyncio, importlib, sys, tempfile\n"
        "from bot.client import EXTENSIONS\n"
        "from bot.coach import Coach\n"
        "from bot.db import migrate\n"
        "from bot.db.engine import Database\n"
        "for extension in EXTENSIONS: importlib.import_module(extension)\n"
        "async def tick(path):\n"
        "    db = Database(f'sqlite+aiosqlite:///{path}/x.db')\n"
        "    await migrate.upgrade(db.engine)\n"
        "    await Coach(db).roleplay_upkeep.expire_idle()\n"
        "    await db.dispose()\n"
        "with tempfile.TemporaryDirectory() as path: asyncio.run(tick(path))\n"
        "heavy = ('bot.coach.roleplay', 'bot.coach.listening', 'bot.coach.personas', 'bot.coach.llm', 'openai')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


# What a member reads: these calls' text arguments, and the message of an exception raised with a literal.
SHOWN_BY = {"reply", "edit", "edit_original", "send", "Embed", "add_field", "set_footer", "paginate", "Button"}
SHOWN_AS = {None, "content", "title", "description", "name", "value", "text", "empty", "header", "label"}


def _is_text(node: ast.AST) -> bool:
    """A literal with words in it, plain or formatted (an f-string bypasses the catalogue as surely)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]{2}", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_is_text(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return False


# Errors for the log, never shown to a member (the tree shows its own text for them).
INTERNAL_ERRORS = {
    "DatabaseUnavailable",
    "BeforeTheCommand",
    "RuntimeError",
    "ValueError",
    "TypeError",
    "KeyError",
    "LookupError",  # a renderer's: the drain logs it and fails the row
}


def _shown_error(function: ast.expr) -> bool:
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    return name not in INTERNAL_ERRORS


def untranslated_text(source: str) -> list[int]:
    """Lines where text a member reads is a bare literal rather than a catalogue call (`_("...")`)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if function in SHOWN_BY:
                arguments = [(None, argument) for argument in node.args]
                arguments += [(keyword.arg, keyword.value) for keyword in node.keywords]
                lines += [value.lineno for name, value in arguments if name in SHOWN_AS and _is_text(value)]
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and _shown_error(node.exc.func):
            lines += [argument.lineno for argument in node.exc.args if _is_text(argument)]
        elif isinstance(node, ast.Return) and node.value is not None and _is_text(node.value):
            lines.append(node.lineno)
    return lines


def test_the_text_checker_finds_bare_literals():
    assert untranslated_text('await reply(interaction, "Done.")') == [1]
    assert untranslated_text('await reply(interaction, f"Logged {kind}.")') == [1]
    assert untranslated_text('embed = discord.Embed(title="Help", colour=1)') == [1]
    assert untranslated_text('embed.add_field(name="Commands", value=lines)') == [1]
    assert untranslated_text('raise InvalidInput("No such customer.")') == [1]
    assert untranslated_text('await reply(interaction, _("Done."))') == []
    assert untranslated_text('await reply(interaction, _("Logged {kind}.").format(kind=kind))') == []
    assert untranslated_text('raise InvalidInput(N_("No such customer."))') == []
    assert untranslated_text('await reply(interaction, "\\n".join(lines))') == []
    assert untranslated_text('def f():\n    return f"Your touches, last {days} days"') == [2]
    assert untranslated_text('raise DatabaseUnavailable("check-in too slow")') == []


def test_what_members_read_goes_through_the_catalogue():
    """Every feature and shared view builds its text with `_()`/`ngettext` (or marks it `N_()` where no locale
    is known), so a rep reads it in their language."""
    checked = [module for module in SOURCES if module.startswith(("cogs.", "bot.ui", "bot.tree", "bot.arrival"))]
    offenders = [f"{module}:{line}" for module in checked for line in untranslated_text(SOURCES[module].read_text())]
    assert offenders == []
