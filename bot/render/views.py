"""Base views: errors answered like commands', and tidy expiry of private messages."""

from __future__ import annotations

import contextlib
from typing import Any

import discord

from bot.tree import answer_error


class RapportView(discord.ui.View):
    """A view whose callback errors get the same treatment as commands'."""

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await answer_error(interaction, error)


class ExpiringView(RapportView):
    """Buttons on a private reply that, once the view times out, are taken off the message.

    Call `attach(interaction)` with the interaction whose reply carries the view: its token can edit that
    reply for 15 minutes, so timeouts stay under that.
    """

    expired_content: str | None = None

    def __init__(self, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self._origin: discord.Interaction[Any] | None = None

    def attach(self, interaction: discord.Interaction[Any]) -> None:
        self._origin = interaction

    async def on_timeout(self) -> None:
        if self._origin is None:
            return
        changes: dict[str, Any] = {"view": None}
        if self.expired_content is not None:
            changes["content"] = self.expired_content
        # The message may be gone or the token expired: then there is nothing left to tidy.
        with contextlib.suppress(discord.HTTPException):
            await self._origin.edit_original_response(**changes)
