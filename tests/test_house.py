"""Keeps the house standing: the rules in DESIGN.md that a test can check."""

from __future__ import annotations

import ast
import re
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


def test_the_domain_never_imports_discord():
    offenders = []
    for path in (ROOT / "bot" / "coach").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {name}" for name in names if name.split(".")[0] == "discord"]
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
    for name in ("touch", "customers", "quiz", "coach"):
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
