"""A small guild to act in: a channel, two reps, a second guild for isolation checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class World:
    env: Any
    guild: Any
    channel: Any
    alice: Any
    bob: Any

    async def log(self, customer: str, kind: str = "check_in", rep: Any = None, **options: Any) -> Any:
        return await (rep or self.alice).slash(self.channel, "touch log", customer=customer, kind=kind, **options)


def build_world(env: Any) -> World:
    guild = env.create_guild(name="Sales floor")
    channel = guild.create_text_channel("sales")
    alice = guild.add_member(env.create_user("alice"))
    bob = guild.add_member(env.create_user("bob"))
    return World(env, guild, channel, alice, bob)


def unwrap(error: BaseException) -> BaseException:
    """The domain error behind discord.py's CommandInvokeError wrapper."""
    return error.__cause__ or error


def handled_errors(env: Any) -> list[str]:
    """Names of the errors the bot handled and answered during the test (acknowledges them to SimCord)."""
    return [type(unwrap(error)).__name__ for error in env.errors]


def add_manager(env: Any, guild: Any, name: str = "manager") -> Any:
    """A member with Manage Server, as a sales manager would have."""
    import discord

    role = guild.create_role("Managers", permissions=discord.Permissions(manage_guild=True))
    return guild.add_member(env.create_user(name), roles=[role])


def answer_id(message: Any, letter: str) -> str:
    """The custom_id of the answer button for reply `letter`: its label reads "A: <the reply's start>"."""
    for label, custom_id in button_labels(message):
        if label.startswith(f"{letter}: "):
            return custom_id
    raise AssertionError(f"no answer button labelled {letter}: ...")


def button_labels(message: Any) -> list[tuple[str, str]]:
    """(label, custom_id) of every button on a message, as sent (dicts) or as a channel holds it (objects)."""
    found = []
    for row in message.components:
        for button in row["components"] if isinstance(row, dict) else row.children:
            if isinstance(button, dict):
                found.append((button.get("label") or "", str(button.get("custom_id"))))
            else:
                found.append((button.label or "", str(button.custom_id)))
    return found
