"""Languages: a Spanish-locale rep reads Spanish, an English one English; command sync sends the Spanish."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.coach.content import Stance
from bot.db.engine import Database
from tests.databases import migrated_database
from tests.e2e.inputs import crafted
from tests.e2e.test_habits import first_reminder
from tests.e2e.test_manager_commands import FORM
from tests.e2e.test_quiz_commands import only_single_step, position_of
from tests.e2e.world import World, add_manager, answer_id, button_labels
from tests.packs import MULTI_STEP_PACK, PERSONA


@pytest.fixture
async def e2e_db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """SQLite, or the database a test names with `ON_BOTH` (the manager's commands are checked on both)."""
    async with migrated_database(getattr(request, "param", "sqlite"), tmp_path) as database:
        yield database


ON_BOTH = pytest.mark.parametrize("e2e_db", ["sqlite", "postgresql"], indirect=True)


async def test_a_spanish_rep_reads_spanish_and_an_english_one_english(world: World, locales: dict[int, str]):
    locales[world.bob.id] = "es-ES"
    spanish = (await world.log("Acme", kind="listening", rep=world.bob)).response.content
    assert spanish.startswith("Registrado: **conversación de escucha** con **Acme**.")
    assert "+3 puntos" in spanish and "Primer contacto" in spanish and "Racha: 1 día con contacto." in spanish
    english = (await world.log("Acme", kind="listening")).response.content
    assert english.startswith("Logged a **listening conversation** with **Acme**.")
    undone = (await world.bob.slash(world.channel, "touch undo")).response.content
    assert undone.startswith("Quitado: tu **conversación de escucha** con **Acme**")


async def test_a_domain_error_reaches_a_spanish_rep_in_spanish(world: World, locales: dict[int, str]):
    locales[world.bob.id] = "es-419"
    answer = (await world.log("Acme", rep=world.bob, when="2001-01-01")).response.content
    assert answer == "Un contacto se puede registrar como mucho 7 días atrás."
    world.env.errors.clear()


async def test_help_is_in_the_reps_language(world: World, locales: dict[int, str]):
    locales[world.bob.id] = "es-ES"
    [embed] = (await world.bob.slash(world.channel, "help")).response.embeds
    assert embed.title == "Rapport: relaciones antes que cierres"
    assert "`/contacto registrar`: Registra un contacto con un cliente" in embed.fields[0].value
    [embed] = (await world.alice.slash(world.channel, "help")).response.embeds
    assert embed.title == "Rapport: relationships over closes"


async def test_command_sync_sends_spanish_names_and_descriptions(world: World):
    [sync] = [r for r in world.env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]
    touch = next(command for command in sync.json if command["name"] == "touch")
    assert touch["name_localizations"]["es-ES"] == touch["name_localizations"]["es-419"] == "contacto"
    log = next(option for option in touch["options"] if option["name"] == "log")
    assert log["name_localizations"]["es-ES"] == "registrar"
    assert log["description_localizations"]["es-ES"].startswith("Registra un contacto")


async def test_the_leaderboard_reads_in_the_callers_language(world: World, locales: dict[int, str]):
    locales[world.bob.id] = "es-ES"
    await world.log("Acme", kind="listening")
    await world.log("Globex", kind="thanks", rep=world.bob)
    board = await world.bob.slash(world.channel, "leaderboard")
    [embed] = board.response.embeds
    assert embed.title == "Tablero de relaciones: últimos 7 días"
    assert "1 cliente" in embed.description
    fields = {field.name: field.value for field in embed.fields}
    assert fields["El equipo"].startswith("4 puntos de 2 vendedores, 2 clientes contactados, 0 recuperados")
    assert embed.footer.text.startswith("Los puntos salen de acciones de relación")
    assert board.followups[0].content.startswith("Vas **#2** de 2, con 1 punto y 1 cliente contactado.")
    english = await world.alice.slash(world.channel, "leaderboard", period="month")
    assert english.response.embeds[0].title == "Relationship board: the last 30 days"
    assert english.followups[0].content.startswith("You are **#1** of 2 with 3 points, 1 customer touched.")


async def test_me_settings_and_away_in_spanish(world: World, locales: dict[int, str]):
    locales[world.bob.id] = "es-419"
    [embed] = (await world.bob.slash(world.channel, "me settings", quiet_days="fri")).response.embeds
    assert embed.title == "Tus ajustes de Rapport en este servidor"
    fields = {field.name: field.value for field in embed.fields}
    assert fields["Zona horaria"] == "UTC (la del servidor)"
    assert fields["Días de recordatorio"] == "lun, mar, mié, jue"
    assert fields["Mensajes directos"] == "activados" and fields["Tablero"] == "público"
    away = (await world.bob.slash(world.channel, "me away", **{"from": "2026-03-20"})).response.content
    assert away.startswith("Ausente del vie 20 mar al vie 20 mar: sin recordatorios ni resúmenes")
    wrong = (await world.bob.slash(world.channel, "me settings", timezone="Mars/Olympus")).response.content
    assert wrong == "`Mars/Olympus` no es una zona horaria que conozca. Usa un nombre IANA como `Europe/Madrid`."
    world.env.errors.clear()
    [english] = (await world.alice.slash(world.channel, "me settings")).response.embeds
    assert english.title == "Your Rapport settings in this server"


async def test_promises_in_spanish(world: World, locales: dict[int, str]):
    locales[world.bob.id] = "es-ES"
    added = await world.bob.slash(
        world.channel, "promise add", customer="Acme", what="Enviar el presupuesto", due="2026-03-20"
    )
    assert added.response.content.startswith(
        "Compromiso **#1** con **Acme**, para el viernes 20 de marzo: Enviar el presupuesto\n"
        "Te aviso la mañana anterior."
    )
    assert "`/compromiso cumplido` cuando lo cumplas." in added.response.content
    listed = (await world.bob.slash(world.channel, "promise list")).response.embeds[0]
    assert listed.title == "Tus compromisos abiertos" and listed.footer.text == "Solo tú ves tus compromisos."
    done = (await world.bob.slash(world.channel, "promise done", id=1)).response.content
    assert done.startswith("Cumplido a tiempo: **Acme** recibió lo que le prometiste.") and "(+3 puntos)" in done
    again = (await world.bob.slash(world.channel, "promise done", id=1)).response.content
    assert again == "Ese compromiso ya está cumplido."
    missing = (await world.bob.slash(world.channel, "promise done", id=9)).response.content
    assert missing == "No tienes ningún compromiso con ese número. `/compromiso lista` muestra los tuyos."
    world.env.errors.clear()
    english = (await world.alice.slash(world.channel, "promise list")).response.embeds[0]
    assert english.description.startswith("No open promises. `/promise add` records one")


async def test_customers_and_the_merge_question_in_spanish(world: World, locales: dict[int, str]):
    locales[world.bob.id] = "es-ES"
    await world.log("Acme Inc", kind="help", rep=world.bob)
    await world.log("Acme", kind="thanks", rep=world.bob)
    [page] = (await world.bob.slash(world.channel, "customers list")).response.embeds
    assert page.title == "Tus clientes, los más fríos primero"
    assert page.description.startswith("2 clientes, 0 fríos (sin contacto desde hace 14 días o más).")
    assert "**Acme**: último contacto hoy" in page.description
    asked = await world.bob.slash(world.channel, "customers rename", old="Acme Inc", new="acme")
    assert asked.response.content.startswith("Ya tienes un cliente llamado **Acme**. ¿Fusionar **Acme Inc** con él?")
    merged = await world.bob.click(asked.response.message, label="Fusionar")
    assert merged.response.content == "**Acme Inc** fusionado con **Acme** (historial trasladado: 1 contacto)."
    missing = (await world.bob.slash(world.channel, "customers rename", old="Initech", new="X")).response.content
    assert missing == "No tienes ningún cliente llamado **Initech**."
    world.env.errors.clear()
    [english] = (await world.alice.slash(world.channel, "customers list")).response.embeds
    assert english.description == "No customers yet. `/touch log` adds one with its first touch."


async def deliver(world: World) -> int:
    """One tick of the planner and one pass of the drain, as the scheduler would run them."""
    await world.env.bot.coach.planner.tick()
    return await world.env.bot.drain(1000).run_once()


async def test_the_weekly_board_is_posted_in_the_servers_language(world: World, locales: dict[int, str]):
    spanish = world.env.create_guild(name="Ventas", preferred_locale="es-ES")
    canal = spanish.create_text_channel("ventas")
    gerente = add_manager(world.env, spanish, "gerente")
    rep = spanish.add_member(world.env.create_user("carla"))
    locales[rep.id] = "en-US"  # the post follows the server, not the members who touch it
    await rep.slash(canal, "touch log", customer="Acme", kind="listening")
    await world.log("Globex", kind="thanks")
    await gerente.slash(canal, "coach setup", channel=canal)
    manager = add_manager(world.env, world.guild)
    await manager.slash(world.channel, "coach setup", channel=world.channel)
    await deliver(world)
    world.env.bot.clock.set(datetime(2026, 3, 16, 9, 1, tzinfo=UTC))
    assert await deliver(world) == 2
    [embed] = canal.last_message.embeds
    assert embed.title == "Tablero de relaciones: del 2026-03-09 al 2026-03-15"
    fields = {field.name: field.value for field in embed.fields}
    assert fields["El equipo"].startswith("3 puntos de 1 vendedor, 1 cliente contactado")
    assert "El gráfico, en texto" in fields
    [english] = world.channel.last_message.embeds
    assert english.title == "Relationship board: 2026-03-09 to 2026-03-15"
    assert "The team" in {field.name for field in english.fields}


async def click_reply(world: World, rep: Any, message: Any, stance: Stance) -> None:
    await rep.click(message.message, custom_id=answer_id(message, await position_of(world, message, stance)))


async def test_the_quiz_frame_in_spanish_its_scenarios_as_written(world: World, locales: dict[int, str]):
    locales[world.bob.id] = "es-ES"
    await only_single_step(world)
    message = (await world.bob.slash(world.channel, "quiz start")).response
    [dealt] = message.embeds
    assert "**El cliente dice:**" in dealt.description and dealt.description.endswith("**¿Cómo respondes?**")
    assert dealt.footer.text == "Escenario nuevo. Elige la respuesta que darías; vence en 15 minutos."
    assert [label[:3] for label, _id in button_labels(message)] == [f"{letter}: " for letter in "ABCD"][
        : len(dealt.fields)
    ]  # the letter and the reply's own words: no frame text to translate
    await click_reply(world, world.bob, message, Stance.PUSHING)
    [graded] = message.embeds
    assert graded.title == "Esa respuesta presiona. Te explico por qué te cuesta."
    assert "**Principio:**" in graded.description
    assert graded.description.endswith(
        "Las respuestas que presionan no suman puntos; este escenario vuelve pronto para que lo intentes otra vez."
    )
    marks = [field.name for field in graded.fields]
    assert any(mark.endswith(" · ❌ presión · tu respuesta") for mark in marks)
    assert any(mark.endswith(" · ✅ escucha") for mark in marks)
    assert " · fuente: " in graded.footer.text
    assert ("Siguiente escenario", "quiz:next:-") in button_labels(message)
    [stats] = (await world.bob.slash(world.channel, "quiz stats")).response.embeds
    assert stats.title == "Práctica del quiz: bob"
    assert stats.description.startswith("Respuestas de escucha: **0/1 (0%)**\nEscenarios dominados: 0")
    assert [field.name for field in stats.fields] == ["Por tema", "Por semana (escucha ▰, presión ▱)"]
    english = (await world.alice.slash(world.channel, "quiz start")).response.embeds[0]
    assert "**The customer says:**" in english.description
    assert english.footer.text == "New scenario. Pick the reply you'd give; this expires in 15 minutes."
    late = (await world.bob.slash(world.channel, "quiz start")).response
    world.env.bot.clock.advance(minutes=16)
    expired = await world.bob.click(late.message, custom_id=answer_id(late, "A"))
    assert expired.response.content == "Este escenario venció a los 15 minutos. `/quiz empezar` te da uno nuevo."
    world.env.errors.clear()


async def test_a_multi_step_path_and_a_quiz_error_in_spanish(world: World, locales: dict[int, str]):
    locales[world.bob.id] = "es-419"
    manager = add_manager(world.env, world.guild)
    await manager.slash(world.channel, "coach scenario import", file=("renewals.toml", MULTI_STEP_PACK.encode()))
    message = (await world.bob.slash(world.channel, "quiz start", theme="renewals")).response
    assert message.embeds[0].title.endswith(" · varios pasos")
    await click_reply(world, world.bob, message, Stance.PUSHING)
    assert message.embeds[0].title.endswith(" · paso 2")
    assert "**Tú:** " in message.embeds[0].description
    assert message.embeds[0].footer.text.startswith("El cliente te respondió. Elige la respuesta")
    await click_reply(world, world.bob, message, Stance.LISTENING)
    [done] = message.embeds
    assert done.title == "Presionaste en 1 paso de 2. Este es el camino que seguiste."
    names = [field.name for field in done.fields]
    assert names == ["Paso 1 · ❌ presionaste", "Paso 1 · la respuesta de escucha", "Paso 2 · ✅ escuchaste"]
    unknown = (await world.bob.slash(world.channel, "quiz start", theme="astrology")).response.content
    assert unknown == "Aquí no hay ningún tema del quiz `astrology`. Elige uno de la lista."
    world.env.errors.clear()


async def spanish_team_question(
    world: World, locales: dict[int, str], before: Callable[[int], Awaitable[None]] | None = None
) -> tuple[Any, Any, Any]:
    """A server in Spanish with the team quiz on, its question posted: (the channel, carla who reads Spanish,
    dave who reads English). `before` runs with the server's id before the question is chosen."""
    spanish = world.env.create_guild(name="Ventas", preferred_locale="es-419")
    canal = spanish.create_text_channel("ventas")
    gerente = add_manager(world.env, spanish, "gerente")
    carla = spanish.add_member(world.env.create_user("carla"))
    dave = spanish.add_member(world.env.create_user("dave"))
    locales[carla.id] = "es-419"
    if before is not None:
        await before(spanish.id)
    world.env.bot.clock.set(datetime(2026, 3, 10, 8, 0, tzinfo=UTC))
    await gerente.slash(canal, "coach setup", channel=canal, team_quiz=True)
    await deliver(world)
    world.env.bot.clock.set(datetime(2026, 3, 10, 9, 1, tzinfo=UTC))
    assert await deliver(world) == 1
    return canal, carla, dave


async def test_the_team_question_is_posted_in_the_servers_language_and_answered_in_the_members(
    world: World, locales: dict[int, str]
):
    canal, carla, dave = await spanish_team_question(world, locales)
    post = canal.last_message
    assert post.embeds[0].title.startswith("Pregunta del equipo · ")
    assert "**El cliente dice:**" in post.embeds[0].description
    assert post.embeds[0].description.endswith("**¿Cómo responderías?** Elige abajo; la explicación solo la ves tú.")
    answered = (await carla.click(post, custom_id=answer_id(post, "A"))).response.content
    assert answered.startswith(("Escuchaste. ✅", "Esa respuesta presiona. ❌"))
    assert "**Principio:**" in answered and "-# Hasta ahora ha respondido 1 compañero." in answered
    english = (await dave.click(post, custom_id=answer_id(post, "B"))).response.content
    assert "**Principle:**" in english and "-# 2 teammates answered so far." in english
    again = (await carla.click(post, custom_id=answer_id(post, "C"))).response.content
    assert again == "Ya respondiste la pregunta del equipo de hoy."
    world.env.errors.clear()
    world.env.bot.clock.set(datetime(2026, 3, 11, 9, 1, tzinfo=UTC))
    assert await deliver(world) == 1
    assert canal.last_message.embeds[0].description.startswith("**Ayer:** 2 respuestas, ")


async def test_role_play_frame_in_spanish_the_persona_as_written(world: World, locales: dict[int, str]):
    locales[world.bob.id] = "es-ES"
    manager = add_manager(world.env, world.guild)
    await manager.slash(world.channel, "coach roleplay import", file=("maya.toml", PERSONA.encode()))
    message = (await world.bob.slash(world.channel, "roleplay start", persona="courier-renewal")).response
    [embed] = message.embeds
    assert embed.title.startswith("Maya Brennan, operations lead") and "route-planning software" in embed.description
    assert embed.footer.text.startswith("Responde con tus palabras (te quedan ")
    assert embed.footer.text.endswith(" respuestas). Pista si te atascas; Terminar para ver tu informe.")
    assert [label for label, _id in button_labels(message)] == ["Responder", "Pista", "Terminar"]
    shown = await world.bob.click(message.message, label="Responder")
    assert shown.modal["title"] == "Tu respuesta"
    [field] = [item for row in shown.modal["components"] for item in row.get("components", [row.get("component")])]
    assert field["label"] == "Lo que le dirías" and field["placeholder"].startswith("Con tus palabras")
    await world.bob.submit_modal(shown, {"reply": "Renew today and I can lock in 15% off."})
    [report] = message.embeds
    assert report.title == "Te cerró la puerta: frío. 🧊"
    assert "**Lo que de verdad necesitaba:** " in report.description
    fields = {field.name: field.value for field in report.fields}
    talked = fields["Cómo hablaste"]
    assert talked.startswith("Tiempo de palabra: tú ") and ", el cliente " in talked
    assert talked.endswith(
        "Preguntas: abiertas 0, cerradas 0\nReflejos: 0\nRespuesta más larga: 8 palabras · 1 respuesta"
    )
    assert any(name.startswith("Presiones: descuento") for name in fields)
    assert report.footer.text.startswith("Sin puntos. Los puntos llegan una vez por semana y persona")
    assert report.footer.text.endswith("/simulacion empezar para repetir.")
    shared = await world.bob.click(message.message, label="Compartir con mi gerente")
    assert shared.response.content == (
        "Compartida: tus gerentes pueden leer esta conversación con `/coach simulacion revisar`. Nadie más la ve."
    )
    unknown = (await world.bob.slash(world.channel, "roleplay start", persona="nobody")).response.content
    assert unknown == "Aquí no hay ninguna persona `nobody`. Elige una de la lista."
    world.env.errors.clear()
    english = (await world.alice.slash(world.channel, "roleplay start", persona="courier-renewal")).response
    assert [label for label, _id in button_labels(english)] == ["Reply", "Hint", "End"]


def form_fields(shown: Any) -> list[dict[str, Any]]:
    return [item for row in shown.modal["components"] for item in row.get("components", [row.get("component")])]


async def test_the_start_post_reads_in_the_servers_language_and_its_form_in_the_members(
    world: World, locales: dict[int, str]
):
    spanish = world.env.create_guild(name="Ventas", preferred_locale="es-ES")
    canal = spanish.create_text_channel("ventas")
    carla = spanish.add_member(world.env.create_user("carla"))
    dave = spanish.add_member(world.env.create_user("dave"))
    locales[carla.id] = "es-419"
    await world.env.settle()
    await world.env.bot.coach.onboarding.post_start(spanish.id, canal.id, 1, "Sam")
    await deliver(world)
    start = canal.last_message
    [embed] = start.embeds
    assert embed.title == "Empieza con Rapport" and embed.footer.text == "Publicado por Sam"
    assert "**Pulsa Empezar**" in embed.description and "`/contacto registrar`" in embed.description
    assert [label for label, _id in button_labels(start)] == ["Empezar"]
    shown = await carla.click(start, label="Empezar")
    assert shown.modal["title"] == "Empieza con Rapport"
    assert [field["label"] for field in form_fields(shown)] == [
        "Tu zona horaria",
        "Hora del recordatorio diario (HH:MM, tu hora)",
    ]
    enrolled = (await carla.submit_modal(shown, {"tz": "Europe/Madrid", "at": "17:30"})).response.content
    assert enrolled.startswith("Ya estás dentro: recordatorios a las **17:30**, hora de Europe/Madrid")
    assert enrolled.endswith("con `/yo ajustes` cambias lo que quieras.")
    again = await carla.submit_modal(await carla.click(start, label="Empezar"), {"tz": "Europe/Madrid", "at": "18:00"})
    assert again.response.content.startswith("Guardado: recordatorios a las **18:00**")
    wrong = await carla.submit_modal(await carla.click(start, label="Empezar"), {"tz": "Mars/Olympus", "at": "9:00"})
    assert wrong.response.content.startswith("`Mars/Olympus` no es una zona horaria que conozca.")
    world.env.errors.clear()
    english = await dave.click(start, label="Empezar")
    assert english.modal["title"] == "Start with Rapport"
    assert [field["label"] for field in form_fields(english)] == [
        "Your time zone",
        "Daily reminder time (HH:MM, your time)",
    ]
    answered = (await dave.submit_modal(english, {"tz": "UTC", "at": "09:00"})).response.content
    assert answered.startswith("You're in: reminders at **09:00**, UTC time")


async def test_a_spanish_server_is_welcomed_in_spanish(world: World):
    spanish = world.env.create_guild(name="Ventas", preferred_locale="es-419")
    lobby = spanish.create_text_channel("lobby")
    world.env.backend.edit_guild(spanish.id, {"system_channel_id": lobby.id})
    await world.env.settle()
    await world.env.bot.get_cog("Welcome").on_guild_join(world.env.bot.get_guild(spanish.id))
    posted = lobby.last_message.content
    assert posted.startswith("Gracias por añadir **Rapport**") and "Tres pasos para empezar" in posted
    assert "`/contacto registrar`" in posted and "`/ayuda` muestra todos los comandos." in posted


async def test_privacy_export_and_delete_in_spanish(world: World, locales: dict[int, str]):
    locales[world.bob.id] = "es-ES"
    await world.log("Acme", kind="listening", rep=world.bob)
    exported = (await world.bob.slash(world.channel, "privacy export")).response
    assert exported.content == "Tus datos en este servidor, notas incluidas. Solo tú puedes ver esto."
    asked = await world.bob.slash(world.channel, "privacy delete")
    assert asked.response.content.startswith("Esto borra todo lo que Rapport guarda sobre ti en este servidor")
    assert asked.response.content.endswith("Si quieres una copia, usa antes `/privacidad exportar`.")
    assert [label for label, _id in button_labels(asked.response)] == ["Borrar mis datos", "Conservarlos"]
    kept = await world.bob.click(asked.response.message, label="Conservarlos")
    assert kept.response.content == "No se borró nada."
    again = await world.bob.slash(world.channel, "privacy delete")
    done = await world.bob.click(again.response.message, label="Borrar mis datos")
    assert done.response.content == (
        "Borrado: 1 contacto, 1 cliente, 0 respuestas del quiz, 0 compromisos, 0 simulaciones, 0 mensajes tuyos o "
        "para ti, tus respuestas a las preguntas del equipo y tus ajustes."
    )
    english = await world.alice.slash(world.channel, "privacy delete")
    assert english.response.content.startswith("This erases everything Rapport holds about you in this server")
    assert [label for label, _id in button_labels(english.response)] == ["Delete my data", "Keep it"]
    erased = await world.alice.click(english.response.message, label="Delete my data")
    assert erased.response.content.startswith("Deleted: 0 touches, 0 customers, 0 quiz answers, 0 promises")


async def test_the_reminder_dm_answers_a_spanish_rep_in_spanish(world: World, locales: dict[int, str]):
    """The DM is drawn in the language her Discord reported on her last command; what a click answers, the form
    included, reads in the clicker's language."""
    locales[world.alice.id] = "es-ES"
    reminder = await first_reminder(world)
    alice = world.alice.user
    assert reminder.content.startswith("Hoy todavía no has registrado ningún contacto en **Sales floor**.")
    assert "`/contacto registrar`" in reminder.content and "`/yo ajustes`" in reminder.content
    snoozed = await alice.click(reminder, label="Posponer 2 h")
    assert snoozed.response.content.startswith("Pospuesto: te lo vuelvo a recordar <t:")
    shown = await alice.click(reminder, label="Registrar un contacto")
    assert shown.modal["title"] == "Registrar un contacto"
    fields = form_fields(shown)
    assert fields[0]["label"] == "Cliente" and fields[-1]["label"] == "Nota (opcional, solo para ti)"
    assert "Conversación de escucha" in str(shown.modal)
    logged = await alice.submit_modal(shown, {"customer": "Globex", "kind": ["help"], "note": "Le presenté a alguien"})
    assert logged.response.content.startswith("Registrado: **")
    assert logged.response.content.endswith("-# Registrado en **Sales floor**.")


async def test_a_crafted_option_is_refused_in_the_members_language(world: World, locales: dict[int, str]):
    locales[world.bob.id] = "es-419"
    refusals = []
    for path, options in (
        ("touch history", [{"name": "days", "type": 4, "value": 1000}]),
        ("promise done", [{"name": "id", "type": 4, "value": 2**64}]),
        ("touch log", [{"name": "kind", "type": 3, "value": "check_in"}]),
        ("touch log", [{"name": "customer", "type": 3, "value": 42}, {"name": "kind", "type": 3, "value": "help"}]),
    ):
        refusals.append((await crafted(world.bob, world.channel, path, options)).response.content)
    world.env.errors.clear()
    assert refusals == [
        "`dias` debe estar entre 1 y 90.",
        "`id` debe estar entre 1 y 9.007.199.254.740.991.",
        "`cliente` es obligatoria.",
        "`cliente` debe ser texto.",
    ]


async def test_trends_frame_in_the_readers_language(world: World, locales: dict[int, str]):
    """The title, the observations, the chart as text and its labels in Spanish."""
    locales[world.bob.id] = "es-ES"
    await world.log("Acme", kind="listening", rep=world.bob)
    result = await world.bob.slash(world.channel, "me trends")
    [embed] = result.response.embeds
    assert embed.title == "Tendencias de bob: 12 semanas desde el 22 dic 2025"
    [field] = embed.fields
    assert field.name == "Semana a semana (el gráfico en texto)"
    assert field.value.endswith(": 1 contacto, 1 cliente (0 recuperados), sin quiz")
    assert embed.footer.text.startswith("Semanas naturales del servidor")
    assert embed.description.splitlines() == [
        "• bob registró 1 contacto en las últimas 4 semanas, ninguno en las 4 semanas anteriores.",
        "• Ninguna respuesta al quiz en las últimas 4 semanas: \\`/quiz empezar\\`, o asigna un tema con "
        "\\`/coach asignar\\`.",
        "• Ningún compromiso vencía en estas semanas; ninguna simulación terminada.",
    ]
    await world.log("Acme", kind="listening")
    english = (await world.alice.slash(world.channel, "me trends")).response.embeds[0]
    assert english.title == "Trends for alice: 12 weeks from 22 Dec 2025"
    assert english.description.startswith("• alice logged 1 touch in the last 4 weeks, none in the 4 weeks before.")
    assert english.fields[0].value.endswith(": 1 touch, 1 customer (0 re-engaged), no quiz")


@ON_BOTH
async def test_coach_report_in_the_managers_language(world: World, locales: dict[int, str]):
    """The report's lines, plurals and assigned practice in Spanish; the CSV is data, its columns English."""
    gerente = add_manager(world.env, world.guild, "gerente")
    locales[gerente.id] = "es-ES"
    await world.log("Acme", kind="listening")
    await world.log("Globex", kind="thanks", rep=world.bob)
    await world.log("Initech", kind="thanks", rep=world.bob)
    themes = await world.env.bot.coach.scenarios.themes(world.guild.id)
    theme = sorted(themes)[0]
    assigned = await gerente.slash(world.channel, "coach assign", member=world.bob, what=f"theme:{theme}", due="friday")
    assert assigned.response.content.startswith(f"Asignado **{themes[theme]}** a <@{world.bob.id}>, para el viernes ")
    assert "`/coach informe` te muestra cuándo lo termina." in assigned.response.content
    report = await gerente.slash(world.channel, "coach report")
    [embed] = report.response.embeds
    assert embed.title.startswith("Informe del equipo: del ")
    assert f"<@{world.bob.id}>: 2 contactos (agradecimiento 2), 2 clientes, 0 fríos, sin quiz" in embed.description
    assert f"<@{world.alice.id}>: 1 contacto (conversación de escucha 1), 1 cliente, 0 fríos, sin quiz" in (
        embed.description
    )
    fields = {field.name: field.value for field in embed.fields}
    assert f"<@{world.bob.id}>: quiz **{themes[theme]}**, abierta, para el vie " in fields["Práctica asignada"]
    assert embed.footer.text == "Solo acciones de relación. Las notas son privadas de cada vendedor."
    [csv_file] = report.response.attachments
    assert csv_file.filename == "rapport-report-week.csv"
    assert (await csv_file.read()).decode().startswith("display_name,user_id,")  # data: English columns
    always = (await gerente.slash(world.channel, "coach report", period="all")).response.embeds[0]
    assert always.title.startswith("Informe del equipo: desde el principio hasta el ")
    manager = add_manager(world.env, world.guild)
    [english_embed] = (await manager.slash(world.channel, "coach report")).response.embeds
    assert f"<@{world.bob.id}>: 2 touches (thanks 2), 2 customers, 0 cold, no quiz" in english_embed.description


@ON_BOTH
async def test_the_setup_wizard_in_the_managers_language(world: World, locales: dict[int, str]):
    """The introduction, the settings, the selects' placeholders and weekdays in Spanish, after each pick too."""
    gerente = add_manager(world.env, world.guild, "gerente")
    locales[gerente.id] = "es-419"
    shown = await gerente.slash(world.channel, "coach setup")
    assert shown.response.content.startswith("Configura lo esencial: dónde publica Rapport el tablero semanal")
    assert "`/coach configurar` con opciones cambia todo lo demás." in shown.response.content
    [embed] = shown.response.embeds
    assert embed.title == "Ajustes de Rapport en este servidor"
    fields = {field.name: field.value for field in embed.fields}
    assert fields["Canal de publicaciones"] == "sin elegir: no se publica el tablero semanal"
    assert fields["Se enfría tras"] == "14 días" and fields["Quiz diario del equipo"] == "desactivado"
    assert fields["Tablero"] == "sin los gerentes; tope semanal: ninguno"
    selects = [row["components"][0] for row in shown.response.components]
    assert [select["placeholder"] for select in selects] == [
        "Canal del tablero semanal y las publicaciones del equipo",
        "Zona horaria (cualquier otra: /coach configurar zona_horaria:)",
        "Días laborables (los recordatorios salen estos días)",
    ]
    assert [option["label"] for option in selects[2]["options"]][:2] == ["lunes", "martes"]
    message = shown.response.message
    await gerente.select(message, ["0", "1", "2", "3"], custom_id=selects[2]["custom_id"])
    assert shown.response.content.startswith("Configura lo esencial")
    fields = {field.name: field.value for field in shown.response.embeds[0].fields}
    assert fields["Recordatorios"] == "16:30 los días lun, mar, mié, jue"
    assert fields["Tablero semanal"] == "lunes 09:00"


@ON_BOTH
async def test_the_scenario_form_and_nudges_in_the_managers_language(world: World, locales: dict[int, str]):
    gerente = add_manager(world.env, world.guild, "gerente")
    locales[gerente.id] = "es-ES"
    shown = await gerente.slash(world.channel, "coach scenario add")
    assert shown.modal["title"] == "Añadir un escenario de quiz"
    labels = [row["components"][0]["label"] for row in shown.modal["components"]]
    assert labels[0] == "Tema" and labels[3] == "Respuestas: + escucha / - presión // por qué"
    refused = await gerente.submit_modal(shown, {**FORM, "replies": "Pregunta qué salas importan"})
    assert refused.response.content == (
        "La línea de respuesta 1 no tiene la forma esperada: una respuesta por línea: `+ respuesta // por qué "
        "funciona` (escucha) o `- respuesta // por qué sale mal` (presión).\n\n"
        "Tu texto está guardado: pulsa **Editar y reenviar**."
    )
    assert [label for label, _custom_id in button_labels(refused.response.message)] == ["Editar y reenviar"]
    world.env.errors.clear()
    late = await gerente.slash(world.channel, "coach nudge", member=world.bob, message="Hola", when="2001-01-01 09:00")
    assert late.response.content == "Esa hora ya ha pasado."
    world.env.errors.clear()
    sent = await gerente.slash(world.channel, "coach nudge", member=world.bob, message="¡Ánimo con Acme!")
    assert sent.response.content == (
        f"El recordatorio a <@{world.bob.id}> se envía ahora. `/coach recordatorios` muestra los pendientes."
    )
    pending = (await gerente.slash(world.channel, "coach nudges")).response
    assert pending.embeds[0].title == "Recordatorios pendientes"
    assert f"<@{world.bob.id}>" in pending.embeds[0].description and ", de gerente: ¡Ánimo con Acme!" in (
        pending.embeds[0].description
    )
    assert [label for label, _custom_id in button_labels(pending.message)] == ["Cancelar 1"]


@ON_BOTH
async def test_coach_trends_and_its_observations_in_the_managers_language(world: World, locales: dict[int, str]):
    """The team's trends for a Spanish manager: the observations (written by the domain, marked), with the
    practice she assigned and the day it is due, read in Spanish; the CSVs are data, their columns English."""
    gerente = add_manager(world.env, world.guild, "gerente")
    locales[gerente.id] = "es-ES"
    await world.log("Acme", kind="listening")
    await world.log("Globex", kind="thanks", rep=world.bob)
    themes = await world.env.bot.coach.scenarios.themes(world.guild.id)
    await gerente.slash(world.channel, "coach assign", member=world.bob, what=f"theme:{sorted(themes)[0]}")
    team = await gerente.slash(world.channel, "coach trends")
    [embed] = team.response.embeds
    assert embed.title.startswith("Tendencias del equipo: 12 semanas desde el ")
    assert embed.description.splitlines() == [
        "• El equipo registró 2 contactos en las últimas 4 semanas, ninguno en las 4 semanas anteriores.",
        "• Ninguna respuesta al quiz en las últimas 4 semanas: \\`/quiz empezar\\`, o asigna un tema con "
        "\\`/coach asignar\\`.",
        "• Ningún compromiso vencía en estas semanas; ninguna simulación terminada. Práctica asignada: 1 asignada, "
        "0 hechas (0 a tiempo).",
    ]
    csv_text = next(item for item in team.response.attachments if item.filename == "rapport-trends.csv")
    assert (await csv_text.read()).decode().startswith("week_start,display_name,user_id,touches,")
    hers = await gerente.slash(world.channel, "coach trends", member=world.bob)
    assert hers.response.embeds[0].description.startswith(
        "• bob registró 1 contacto en las últimas 4 semanas, ninguno en las 4 semanas anteriores."
    )


@ON_BOTH
async def test_export_and_the_role_play_report_in_the_managers_language(world: World, locales: dict[int, str]):
    gerente = add_manager(world.env, world.guild, "gerente")
    locales[gerente.id] = "es-419"
    await world.log("Acme", kind="listening")
    exported = (await gerente.slash(world.channel, "coach export")).response
    assert exported.content == "1 contacto exportado. Las notas son privadas de cada vendedor y no se incluyen."
    assert [item.filename for item in exported.attachments] == ["rapport-touches.csv"]
    [embed] = (await gerente.slash(world.channel, "coach roleplay report", period="week")).response.embeds
    assert embed.title == "Simulación: últimos 7 días"
    assert embed.description == (
        "No hay simulaciones terminadas en este periodo. Tu equipo empieza una con `/simulacion empezar`."
    )
