"""Forms check their fields on arrival: Discord's client stops typing at a field's limits, but a crafted
submission can carry anything and discord.py does not check it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.coach.errors import InvalidInput
from bot.ui.views import RapportModal


class Form(RapportModal, title="A form"):
    name: discord.ui.TextInput[Form] = discord.ui.TextInput(label="Your name", max_length=10, custom_id="name")
    note: discord.ui.TextInput[Form] = discord.ui.TextInput(
        label="A note", min_length=3, required=False, custom_id="note"
    )

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, str] | None = None

    async def submitted(self, interaction: Any) -> None:
        self.seen = {"name": self.name.value, "note": self.note.value}


# What `on_submit` reads of the interaction before the form acts: the member's language.
SUBMITTED = SimpleNamespace(locale=discord.Locale.american_english)


def filled(**values: str) -> Form:
    form = Form()
    for item in form.walk_children():
        if isinstance(item, discord.ui.TextInput):
            item._value = values.get(item.custom_id, "")
    return form


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"name": "x" * 11}, "`Your name` can be at most 10 characters (11 given)."),
        ({"name": "   "}, "`Your name` can't be empty."),
        ({"name": "Ana", "note": "ok"}, "`A note` needs at least 3 characters."),
    ],
)
async def test_a_field_past_its_limits_is_refused_before_the_form_acts(values: dict[str, str], says: str):
    form = filled(**values)
    with pytest.raises(InvalidInput) as refused:
        await form.on_submit(SUBMITTED)  # type: ignore[arg-type]
    assert str(refused.value) == says and form.seen is None


async def test_a_field_within_its_limits_reaches_the_form_without_nul():
    form = filled(name="An\x00a", note="")
    await form.on_submit(SUBMITTED)  # type: ignore[arg-type]
    assert form.seen == {"name": "Ana", "note": ""}
