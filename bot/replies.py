"""Answering interactions the same way everywhere: private by default, never pinging, deferred-aware."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

import discord

T = TypeVar("T")

# Discord wants a first response within 3 s of the event. Work that finishes sooner than this is answered in
# one response; slower work defers at this point and the answer then edits the "thinking..." message.
DEFER_AFTER = 1.5

DM_NOTICE = (
    "-# I couldn't send you a direct message: your DMs are closed to me. To get reminders, open this server's "
    "menu, Privacy Settings, and allow direct messages; then `/me settings dms:True`."
)


async def reply(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    ephemeral: bool = True,
) -> None:
    """Send the answer whatever state the interaction is in (fresh, deferred, or already answered).

    Every answer passes `AllowedMentions.none()`: customer names and notes are user text, and must never
    ping anyone, even if a future caller forgets the client default.
    """
    if interaction.extras.pop("dm_notice", False):
        content = f"{content}\n\n{DM_NOTICE}" if content else DM_NOTICE
    extra: dict[str, Any] = {"allowed_mentions": discord.AllowedMentions.none()}
    if embed is not None:
        extra["embed"] = embed
    if view is not None:
        extra["view"] = view
    if not interaction.response.is_done():
        await interaction.response.send_message(content, ephemeral=ephemeral, **extra)
    elif interaction.response.type is discord.InteractionResponseType.deferred_channel_message:
        await interaction.edit_original_response(content=content, **extra)
    else:
        await interaction.followup.send(content or discord.utils.MISSING, ephemeral=ephemeral, **extra)


async def defer(interaction: discord.Interaction[Any], *, ephemeral: bool = True) -> None:
    """Acknowledge within Discord's 3 s before doing work that touches the database."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)


async def in_time(interaction: discord.Interaction[Any], work: Awaitable[T], *, ephemeral: bool = True) -> T:
    """Run the command's work and return its result, deferring only if it is still running after
    `DEFER_AFTER` seconds. A quick command (most of them) then costs one request to Discord, not two."""
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
        if not done:
            await defer(interaction, ephemeral=ephemeral)
        return await task
    except BaseException:
        task.cancel()
        raise
