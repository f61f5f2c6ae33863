"""What the input tests share: interactions crafted past what Discord's client would send, the moment each
interaction was first answered, a database cut from under the running bot, and what every answer must be."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from simcord.actors import _dispatch_actor_interaction
from simcord.backend import serializers
from simcord.enums import InteractionType
from simcord.interactions import nest_options

from bot.db.engine import Database
from bot.tree import GENERIC_FAILURE
from tests import discord_spec

# Discord's first-response deadline, the one timed assertion the issue asks for.
ANSWER_DEADLINE = 3.0
MAX_CHOICES, MAX_CHOICE_NAME = 25, 100


class StampedRequests(list):  # type: ignore[type-arg]
    """The fake's request log, with the moment each request arrived (`time.perf_counter`)."""

    def __init__(self, entries: Iterable[Any]) -> None:
        super().__init__(entries)
        self.times: list[float] = [0.0] * len(self)

    def append(self, entry: Any) -> None:
        super().append(entry)
        self.times.append(time.perf_counter())


def stamp_requests(env: Any) -> StampedRequests:
    stamped = StampedRequests(env.backend.http_requests)
    env.backend.http_requests = stamped
    return stamped


def seconds_to_answer(env: Any, result: Any, sent_at: float) -> float | None:
    """How long the interaction of `result` waited for its first response, or None if it got none."""
    requests = env.backend.http_requests
    callback = f"/interactions/{result._interaction.id}/"
    for index, entry in enumerate(requests):
        if entry.path.startswith(callback) and entry.path.endswith("/callback"):
            return requests.times[index] - sent_at
    return None


async def timed(env: Any, send: Any) -> tuple[Any, float | None]:
    """Run `send()` (a slash, click or crafted interaction) and return its result and time to first answer."""
    if not isinstance(env.backend.http_requests, StampedRequests):
        stamp_requests(env)
    sent_at = time.perf_counter()
    result = await send()
    return result, seconds_to_answer(env, result, sent_at)


def last_interaction(env: Any) -> Any:
    """The interaction sent last, as a result: SimCord's `autocomplete()` returns only the choices, an empty
    list whether the bot answered with none or never answered."""
    from simcord.results import InteractionResult

    return InteractionResult(env, next(reversed(env.backend.interactions.values())))


async def typed_into(actor: Any, channel: Any, path: str, option: str, typed: str, /, **filled: Any) -> Any:
    """Type into an autocomplete; its result, answered or not."""
    await actor.autocomplete(channel, path, option, typed, **filled)
    return last_interaction(actor._env)


async def crafted(
    actor: Any, channel: Any, path: str, options: list[dict[str, Any]], resolved: dict[str, Any] | None = None
) -> Any:
    """`/path` with `options` as given, unchecked: what a modified client (or a bug) can send, past the limits
    the command declares. Each option is `{"name", "type", "value"}` as on the wire."""
    env = actor._env
    names = path.split()
    root = env.backend.find_command(names[0], channel.guild_id if hasattr(channel, "guild_id") else None, type=1)
    if root is None:
        root = env.backend.find_command(names[0], None, type=1)
    data: dict[str, Any] = {
        "id": root["id"],
        "name": root["name"],
        "type": 1,
        "options": nest_options(root, names[1:], options),
    }
    if resolved:
        data["resolved"] = resolved
    return await _dispatch_actor_interaction(actor, InteractionType.APPLICATION_COMMAND, channel, data)


def resolved_channel(env: Any, actor: Any, channel: Any) -> dict[str, Any]:
    """The `resolved` block Discord sends with a channel option."""
    stored = env.backend.get_channel(channel.id)
    payload = dict(serializers.channel_payload(env.backend, stored))
    payload["permissions"] = str(env.backend.compute_permissions(stored.guild_id, actor.id, stored.id))
    return {"channels": {str(channel.id): payload}}


def answers(result: Any) -> list[str]:
    """Every text the interaction was answered with: its response and follow-ups, content and embeds."""
    messages = ([result.response] if result.response else []) + list(result.followups)
    texts = []
    for message in messages:
        texts.append(message.content or "")
        texts.extend(f"{embed.title or ''}\n{embed.description or ''}" for embed in message.embeds)
    return texts


def assert_well_answered(env: Any, result: Any, seconds: float | None, *, ephemeral: bool = True) -> None:
    """Answered within Discord's 3 s, privately unless promised otherwise, never with the generic failure,
    and every request the bot made is one Discord would accept, its limits included."""
    assert seconds is not None, "the interaction was never answered"
    assert seconds < ANSWER_DEADLINE, f"first answer after {seconds:.2f} s"
    if result.modal is None and result.autocomplete_choices is None:
        assert result.ephemeral is ephemeral
    assert all(GENERIC_FAILURE not in text for text in answers(result)), answers(result)
    if result.autocomplete_choices is not None:
        assert len(result.autocomplete_choices) <= MAX_CHOICES
        for choice in result.autocomplete_choices:
            assert 1 <= len(choice["name"]) <= MAX_CHOICE_NAME, choice
            assert not isinstance(choice["value"], str) or len(choice["value"]) <= MAX_CHOICE_NAME, choice


def request_problems(env: Any, start: int = 0) -> list[str]:
    """What Discord would refuse in the requests made since `start`, and any message that could ping."""
    problems = []
    for entry in env.http_requests[start:]:
        if discord_spec.spec_available():
            problems += discord_spec.problems_with(entry.method, entry.path, entry.json)
        body = entry.json if isinstance(entry.json, dict) else {}
        message = body.get("data") if entry.path.endswith("/callback") else body
        if isinstance(message, dict) and ("content" in message or "embeds" in message):
            mentions = message.get("allowed_mentions")
            if mentions is None or mentions.get("parse") or mentions.get("users") or mentions.get("roles"):
                problems.append(f"{entry.method} {entry.path}: may ping ({mentions})")
    return problems


@asynccontextmanager
async def database_cut(database: Database, how: str) -> AsyncIterator[None]:
    """The bot's database made unreachable in place: `refused` (a PostgreSQL where nothing listens) or
    `missing` (a SQLite file in a folder that does not exist). Restored on exit.

    A database that never answers is tested outside SimCord (`tests/db/test_unreachable.py`): SimCord runs the
    bot's timers on its own clock, which a wait on a silent socket does not follow."""
    if how == "refused":
        url = "postgresql+asyncpg://postgres@127.0.0.1:1/test"
    else:
        url = "sqlite+aiosqlite:////nonexistent/rapport/rapport.db"
    unreachable = Database(url)
    saved = dict(vars(database))
    vars(database).update({key: value for key, value in vars(unreachable).items() if key not in {"url", "_write_lock"}})
    try:
        yield
    finally:
        vars(database).clear()
        vars(database).update(saved)
        await unreachable.dispose()
