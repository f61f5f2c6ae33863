"""The `Sender` that speaks discord.py: REST requests paced for the whole bot, failures translated into
the few the drain acts on."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import discord

from bot.schedule.pacer import Pacer
from bot.schedule.sender import (
    DmsClosed,
    Drawn,
    RateLimited,
    Refused,
    SendFailure,
    Transient,
    message_fingerprint,
)

DMS_CLOSED = 50007
# Looking for a send that may have happened: from this long before the attempt began (clocks differ), one
# page of Discord's history at a time (its maximum), at most this many pages. The message, if any, was
# created within the request's few seconds, so the first page nearly always holds it; more pages only in a
# channel where people posted over a hundred messages in those seconds.
CLOCK_SKEW = timedelta(seconds=30)
HISTORY_PAGE = 100
HISTORY_PAGES = 3


def _retry_after(error: discord.HTTPException) -> float | None:
    value = getattr(error.response, "headers", {}).get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def translated(error: Exception) -> SendFailure | None:
    """What a discord.py or network error means for the drain; None for anything else (a bug)."""
    if isinstance(error, discord.Forbidden) and error.code == DMS_CLOSED:
        return DmsClosed(f"403 {error.code}: {error.text}")
    if isinstance(error, discord.HTTPException):
        detail = f"{error.status} {error.code}: {error.text}"
        if error.status == 429:
            return RateLimited(detail, _retry_after(error))
        if 400 <= error.status < 500:
            return Refused(detail)
        return Transient(detail)
    if isinstance(error, aiohttp.ClientError | TimeoutError):
        return Transient(f"network: {error!r}")
    return None


class DiscordSender:
    def __init__(self, client: discord.Client, pacer: Pacer) -> None:
        self.client = client
        self.pacer = pacer

    def guild_name(self, guild_id: int) -> str | None:
        guild = self.client.get_guild(guild_id)
        return guild.name if guild else None

    def guild_locale(self, guild_id: int) -> str | None:
        guild = self.client.get_guild(guild_id)
        return guild.preferred_locale.value if guild else None

    async def member_names(self, guild_id: int, user_ids: Sequence[int]) -> dict[int, str]:
        guild = self.client.get_guild(guild_id)
        names: dict[int, str] = {}
        if guild is None:
            return names
        for user_id in user_ids:
            member = guild.get_member(user_id)
            if member is None:
                await self.pacer.wait()
                try:
                    member = await guild.fetch_member(user_id)
                except discord.HTTPException:
                    continue
            names[user_id] = member.display_name
        return names

    async def open_dm(self, user_id: int) -> int:
        await self.pacer.wait()
        try:
            data = await self.client.http.start_private_message(user_id)
        except Exception as error:
            raise translated(error) or error from error
        return int(data["id"])

    async def send(self, channel_id: int, drawn: Drawn, *, dm: bool, nonce: str) -> int:
        channel = self.client.get_partial_messageable(
            channel_id, type=discord.ChannelType.private if dm else discord.ChannelType.text
        )
        kwargs: dict[str, Any] = {"allowed_mentions": discord.AllowedMentions.none(), "nonce": nonce}
        if drawn.content is not None:
            kwargs["content"] = drawn.content
        if drawn.more_embeds:
            kwargs["embeds"] = drawn.embeds
        elif drawn.embed is not None:
            kwargs["embed"] = drawn.embed
        if drawn.view is not None:
            kwargs["view"] = drawn.view
        if drawn.file is not None:
            filename, data = drawn.file
            kwargs["file"] = discord.File(io.BytesIO(data), filename=filename)
        await self.pacer.wait()
        try:
            message = await channel.send(**kwargs)
        except Exception as error:
            raise translated(error) or error from error
        return message.id

    def fingerprint(self, drawn: Drawn) -> str:
        embeds = [drawn.embed.to_dict()] if drawn.embed is not None else []
        rows = drawn.view.to_components() if drawn.view is not None else []
        return message_fingerprint(drawn.content, embeds, rows)

    async def find_sent(self, channel_id: int, fingerprint: str, since: datetime) -> list[int]:
        """Read the channel's messages from just before `since` forwards (each page a paced request)."""
        own_id = self.client.user.id if self.client.user is not None else None
        after = discord.utils.time_snowflake(since - CLOCK_SKEW)
        found: list[int] = []
        for _ in range(HISTORY_PAGES):
            await self.pacer.wait()
            try:
                page = await self.client.http.logs_from(channel_id, HISTORY_PAGE, after=after)
            except Exception as error:
                raise translated(error) or error from error
            for message in page:
                author = message.get("author") or {}
                if own_id is not None and int(author.get("id") or 0) != own_id:
                    continue
                shown = message_fingerprint(
                    message.get("content"), message.get("embeds") or [], message.get("components") or []
                )
                if shown == fingerprint:
                    found.append(int(message["id"]))
            if len(page) < HISTORY_PAGE:
                break
            after = max(int(message["id"]) for message in page)  # Discord gives the page nearest `after`
        return sorted(found)
