"""The base of every button, form and view: interactions typed for `RapportBot`, and errors answered the
way commands' are, through `bot.tree`.

discord.py declares these callbacks for any client, so overriding them with `Interaction[RapportBot]`
would break its signatures. The bases here take the general interaction once and hand features the typed
one (`pressed`, `submitted`, `allowed`).
"""

from __future__ import annotations

import contextlib
import re
import warnings
from typing import Any, Self, cast

import discord

from bot.client import RapportBot
from bot.coach.errors import InvalidInput
from bot.i18n import N_, _, set_locale
from bot.tree import answer_error, edit_original, reply

Interaction = discord.Interaction[RapportBot]


def rapport(interaction: discord.Interaction[discord.Client]) -> Interaction:
    """The interaction as Rapport's: every component and form belongs to the one `RapportBot`."""
    return cast(Interaction, interaction)


class PersistentButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"(?!)"):
    """A button that works after a restart: its `custom_id` carries the state it needs. Subclasses give a
    `template`, build themselves in `from_match` and act in `pressed`; the feature's `setup` registers them
    with `bot.add_dynamic_items`."""

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[discord.Client], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """The button rebuilt from its `custom_id`; if that fails, the press is answered here, as discord.py
        would only log the failure and leave the press unanswered."""
        try:
            return cls.from_match(match, item)
        except Exception as error:
            await answer_error(interaction, error)
            raise

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        raise NotImplementedError

    async def callback(self, interaction: discord.Interaction[discord.Client]) -> None:
        set_locale(interaction.locale.value)
        try:
            await self.pressed(rapport(interaction))
        except Exception as error:
            await answer_error(interaction, error)

    async def pressed(self, interaction: Interaction) -> None:
        raise NotImplementedError


def _within_limits(field: discord.ui.TextInput[Any]) -> None:
    """A field's text as the form declared it: Discord enforces these in its client, but a crafted submission
    can carry anything, and discord.py does not check on arrival."""
    with warnings.catch_warnings():  # discord.py 2.7 deprecates reading a field's own label (for ui.Label)
        warnings.simplefilter("ignore", DeprecationWarning)
        label = (field.label or field.custom_id)[:45]
    text = field.value
    if field.max_length is not None and len(text) > field.max_length:
        raise InvalidInput(
            N_("`{label}` can be at most {limit} characters ({given} given)."),
            label=label,
            limit=field.max_length,
            given=len(text),
        )
    if field.required and not text.strip():
        raise InvalidInput(N_("`{label}` can't be empty."), label=label)
    if field.min_length is not None and text and len(text) < field.min_length:
        raise InvalidInput(N_("`{label}` needs at least {least} characters."), label=label, least=field.min_length)


class RapportModal(discord.ui.Modal):
    """A form whose submission errors get the same treatment as commands', and whose text is taken as commands'
    options are: without U+0000 (PostgreSQL cannot store it in text; `bot/arrival.py` does the same for
    options)."""

    async def on_submit(self, interaction: discord.Interaction[discord.Client], /) -> None:
        set_locale(interaction.locale.value)
        for item in self.walk_children():
            if isinstance(item, discord.ui.TextInput):
                if "\x00" in item.value:
                    item._value = item.value.replace("\x00", "")  # what `.value` reads; discord.py has no setter
                _within_limits(item)
        await self.submitted(rapport(interaction))

    async def submitted(self, interaction: Interaction) -> None:
        raise NotImplementedError

    async def on_error(  # type: ignore[override]  # discord.py's Modal narrows View's signature
        self, interaction: discord.Interaction[discord.Client], error: Exception, /
    ) -> None:
        await answer_error(interaction, error)


class RapportView(discord.ui.View):
    """Buttons on one message. With an `owner_id`, only that member may press them; anyone else is told so,
    privately."""

    owner_id: int | None = None
    not_yours = N_("These buttons belong to someone else.")

    async def interaction_check(self, interaction: discord.Interaction[discord.Client], /) -> bool:
        set_locale(interaction.locale.value)  # the view's callback runs in this task after the check
        if self.owner_id is None or interaction.user.id == self.owner_id:
            return True
        await reply(interaction, _(self.not_yours))
        return False

    async def on_error(
        self, interaction: discord.Interaction[discord.Client], error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        await answer_error(interaction, error)


class ExpiringView(RapportView):
    """Buttons on a private reply that, once the view times out, are taken off the message.

    Call `attach(interaction)` with the interaction whose reply carries the view: its token can edit that
    reply for 15 minutes, so timeouts stay under that.
    """

    expired_content: str | None = None

    def __init__(self, *, timeout: float, owner_id: int | None = None) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self._origin: Interaction | None = None

    def attach(self, interaction: Interaction) -> None:
        self._origin = interaction

    async def on_timeout(self) -> None:
        if self._origin is None:
            return
        # The message may be gone or the token expired: then there is nothing left to tidy.
        with contextlib.suppress(discord.HTTPException):
            if self.expired_content is None:
                await edit_original(self._origin, view=None)
            else:
                await edit_original(self._origin, self.expired_content, view=None)
