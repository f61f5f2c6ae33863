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
