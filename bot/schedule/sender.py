"""How the drain reaches Discord, and how a feature draws its messages: the only contract between them.

A feature package registers one renderer per outbox kind (`Renderers.register`); the drain asks it to draw
a message and hands the drawing to a `Sender`. Failures come back as the few `SendFailure`s the drain acts on,
so the drain never sees a discord.py exception.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from bot.coach import Coach
from bot.coach.outgoing import MESSAGE_TYPES, Message, OutboxKind

if TYPE_CHECKING:
    import discord


@dataclass(frozen=True)
class Drawn:
    """A message as a feature drew it: what a Discord message holds."""

    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    file: tuple[str, bytes] | None = None  # (file name, bytes), e.g. the board's chart
    more_embeds: tuple[discord.Embed, ...] = ()  # after `embed`, in a message combined from several

    @property
    def embeds(self) -> list[discord.Embed]:
        return ([self.embed] if self.embed is not None else []) + list(self.more_embeds)


def combined(drawings: Sequence[Drawn]) -> Drawn:
    """Several drawings as one message, in order: their texts one after the other, every embed, every button.
    Only kinds that draw no file are combined (`COMBINABLE`)."""
    if len(drawings) == 1:
        return drawings[0]
    import discord  # a combined message is drawn at send time, when discord.py is loaded anyway

    if any(drawn.file is not None for drawn in drawings):
        raise ValueError("a message with a file is never combined")
    texts = [drawn.content for drawn in drawings if drawn.content]
    embeds = [embed for drawn in drawings for embed in drawn.embeds]
    views = [drawn.view for drawn in drawings if drawn.view is not None]
    view = views[0] if len(views) == 1 else None
    if len(views) > 1:
        view = discord.ui.View(timeout=None)
        for item in (item for each in views for item in each.children):
            view.add_item(item)
    return Drawn(
        content="\n\n".join(texts) if texts else None,
        embed=embeds[0] if embeds else None,
        view=view,
        more_embeds=tuple(embeds[1:]),
    )


class Sender(Protocol):
    def guild_name(self, guild_id: int) -> str | None:
        """The server's name when known (the bot is in it), else None."""

    def guild_locale(self, guild_id: int) -> str | None:
        """The server's preferred locale (`es-ES`) when known, else None: what its channel posts are drawn in, and
        its DMs to a rep whose own locale is not stored."""

    async def member_names(self, guild_id: int, user_ids: Sequence[int]) -> dict[int, str]:
        """Display names of members, as many as can be found."""

    async def open_dm(self, user_id: int) -> int:
        """Open (or find) the DM channel with a user; returns its id."""

    async def send(self, channel_id: int, drawn: Drawn, *, dm: bool, nonce: str) -> int:
        """Post `drawn`; returns the message id. A repeated `nonce` never posts twice within Discord's
        window of a few minutes (it returns the message it already created for it)."""

    def fingerprint(self, drawn: Drawn) -> str:
        """What identifies `drawn` among the channel's messages (`message_fingerprint` of its payload)."""

    async def find_sent(self, channel_id: int, fingerprint: str, since: datetime) -> list[int]:
        """Ids of this bot's messages in the channel, created from about `since` on, whose fingerprint is
        `fingerprint`, oldest first: a send that may have happened, found or not."""


def message_fingerprint(content: str | None, embeds: Sequence[Mapping[str, Any]], rows: Sequence[Any]) -> str:
    """A digest of a message's text and buttons, the same for the payload we send and the message Discord
    returns later (its history keeps no nonce). Only what Discord stores as given counts: the content, the
    embeds' text and every component's custom id, label and URL; colours, images (Discord rewrites
    `attachment://` URLs), emoji and the ids Discord adds to components do not."""

    def embed_text(embed: Mapping[str, Any]) -> list[Any]:
        return [
            embed.get("title") or "",
            embed.get("description") or "",
            [[field.get("name") or "", field.get("value") or ""] for field in embed.get("fields") or []],
            (embed.get("footer") or {}).get("text") or "",
            (embed.get("author") or {}).get("name") or "",
        ]

    def controls(components: Sequence[Any]) -> list[Any]:
        found: list[Any] = []
        for component in components:
            if not isinstance(component, Mapping):
                continue
            found.append([component.get("custom_id") or "", component.get("label") or "", component.get("url") or ""])
            found.extend(controls(component.get("components") or []))
        return found

    canonical = [(content or "").strip(), [embed_text(embed) for embed in embeds], controls(rows)]
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False).encode()).hexdigest()


class SendFailure(Exception):
    """A send that did not happen, and why."""


class DmsClosed(SendFailure):
    """The user's DMs are closed to the bot (Discord's 50007): never retried, the rep is told."""


class Refused(SendFailure):
    """Discord refused the request for good (403, 404, another 4xx): retrying would fail again."""


class RateLimited(SendFailure):
    def __init__(self, detail: str, retry_after: float | None) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class Transient(SendFailure):
    """A 5xx, a timeout or a dropped connection: worth another try later."""


@dataclass(frozen=True)
class RenderContext:
    """What a renderer may use besides the message: the guild's name, its members' names, the domain."""

    guild_id: int
    recipient_id: int  # the member for a DM, the channel for a post
    guild_name: str
    coach: Coach
    member_names: Callable[[Sequence[int]], Awaitable[dict[int, str]]]


M = TypeVar("M", bound=Message)
Renderer = Callable[[M, RenderContext], Awaitable[Drawn | None]]


class Renderers:
    """Outbox kind -> the feature's renderer. A renderer returns None when the message is no longer wanted
    (a reminder for a day the rep has already logged a touch): the row is then cancelled, not sent."""

    def __init__(self) -> None:
        self._by_kind: dict[OutboxKind, Callable[[Any, RenderContext], Awaitable[Drawn | None]]] = {}

    def register(self, message_type: type[M], renderer: Renderer[M]) -> None:
        if message_type.kind in self._by_kind:
            raise ValueError(f"a renderer for {message_type.kind} is already registered")
        self._by_kind[message_type.kind] = renderer

    def unregister(self, message_type: type[Message]) -> None:
        self._by_kind.pop(message_type.kind, None)

    def missing(self) -> list[OutboxKind]:
        """Kinds no loaded feature draws (the house test fails on any)."""
        return [message_type.kind for message_type in MESSAGE_TYPES if message_type.kind not in self._by_kind]

    async def draw(self, message: Message, context: RenderContext) -> Drawn | None:
        renderer = self._by_kind.get(message.kind)
        if renderer is None:
            raise LookupError(f"no renderer registered for {message.kind}")
        return await renderer(message, context)
