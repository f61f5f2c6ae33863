"""DMs in the rep's own language, through discord.py against the fake Discord, on SQLite and PostgreSQL: the
locale their Discord reports on their commands is kept, and their next DM reads in it; an English rep's
stays English; a rep who switches their client's language gets the new one on the next DM."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.db.engine import Database
from bot.i18n import _, using
from tests.e2e.test_languages import deliver
from tests.e2e.world import World, add_manager


@pytest.fixture
def e2e_db(e2e_db_on_both: Database) -> Database:
    return e2e_db_on_both


SPANISH_REMINDER = "Hoy todavía no has registrado ningún contacto en **Sales floor**."
ENGLISH_REMINDER = "No customer touch logged yet today in **Sales floor**."


def nudge_frame(locale: str) -> str:
    """The nudge's first line as the catalogue draws it in `locale` (its Spanish arrives with NEW_MSGIDS.po)."""
    with using(locale):
        return _("**{sender}** ({server}) says:").format(sender="manager", server="Sales floor")


async def test_the_next_reminder_and_a_nudge_arrive_in_each_reps_language_and_follow_a_switch(
    world: World, locales: dict[int, str]
):
    locales[world.alice.id] = "es-ES"  # Bob's Discord stays English
    clock = world.env.bot.clock
    await world.log("Acme", when="yesterday")
    await world.log("Globex", when="yesterday", rep=world.bob)
    await deliver(world)
    clock.set(datetime(2026, 3, 10, 16, 31, tzinfo=UTC))
    assert await deliver(world) == 2
    alice, bob = world.alice.user, world.bob.user
    assert alice.dm_channel.last_message.content.startswith(SPANISH_REMINDER)
    assert "`/contacto registrar`" in alice.dm_channel.last_message.content
    assert bob.dm_channel.last_message.content.startswith(ENGLISH_REMINDER)
    assert "`/touch log`" in bob.dm_channel.last_message.content

    manager = add_manager(world.env, world.guild)
    await manager.slash(world.channel, "coach nudge", member=world.alice, message="Llama a Acme hoy")
    await manager.slash(world.channel, "coach nudge", member=world.bob, message="Call Globex today")
    assert await deliver(world) == 2
    assert alice.dm_channel.last_message.content == nudge_frame("es-ES") + "\n>>> Llama a Acme hoy"
    assert bob.dm_channel.last_message.content == "**manager** (Sales floor) says:\n>>> Call Globex today"

    # Alice switches her Discord to English; her next command tells Rapport, and her next DM follows.
    locales[world.alice.id] = "en-GB"
    settings = await world.alice.slash(world.channel, "me settings")
    assert settings.response.embeds[0].title == "Your Rapport settings in this server"
    clock.set(datetime(2026, 3, 11, 16, 31, tzinfo=UTC))
    assert await deliver(world) == 2
    assert alice.dm_channel.last_message.content.startswith(ENGLISH_REMINDER)
    assert bob.dm_channel.last_message.content.startswith(ENGLISH_REMINDER)
    # ... and back to Spanish (Latin American), with a quiz assignment and its reminder the day before it is due.
    locales[world.alice.id] = "es-419"
    await world.alice.slash(world.channel, "touch history")
    themes = await world.env.bot.coach.scenarios.themes(world.guild.id)
    theme = sorted(themes)[0]
    await manager.slash(world.channel, "coach assign", member=world.alice, what=f"theme:{theme}", due="2026-03-13")
    await manager.slash(world.channel, "coach assign", member=world.bob, what=f"theme:{theme}", due="2026-03-13")
    assert await deliver(world) == 2
    assert "te pide que practiques" in alice.dm_channel.last_message.content
    assert "asks you to practise" in bob.dm_channel.last_message.content
    clock.set(datetime(2026, 3, 12, 9, 1, tzinfo=UTC))
    assert await deliver(world) == 2
    assert alice.dm_channel.last_message.content.startswith("Recordatorio (Sales floor): tu práctica del quiz")
    assert bob.dm_channel.last_message.content.startswith("Reminder (Sales floor): your quiz practice")


async def test_the_first_day_dm_reads_in_the_language_of_the_rep_who_pressed_start(
    world: World, locales: dict[int, str]
):
    """The server prefers English; Carla's Discord is in Spanish, Dave's in English."""
    carla = world.guild.add_member(world.env.create_user("carla"))
    dave = world.guild.add_member(world.env.create_user("dave"))
    locales[carla.id] = "es-419"
    await world.env.settle()
    await world.env.bot.coach.onboarding.post_start(world.guild.id, world.channel.id, 1, "Sam")
    await deliver(world)
    start = world.channel.last_message
    for member, zone in ((carla, "Europe/Madrid"), (dave, "UTC")):
        shown = await member.click(start, label="Start")
        await member.submit_modal(shown, {"tz": zone, "at": "17:30"})
    assert await deliver(world) == 2
    spanish, english = carla.user.dm_channel.last_message.content, dave.user.dm_channel.last_message.content
    assert spanish.startswith("Te damos la bienvenida a Rapport en **Sales floor**. Así es el ritmo de cada día:")
    assert "En tus días laborables (lun-vie) a las **17:30** (hora de Europe/Madrid)" in spanish
    assert english.startswith("Welcome to Rapport in **Sales floor**. Here is the daily rhythm:")
    assert "On your work days (Mon-Fri) at **17:30** (UTC time)" in english
