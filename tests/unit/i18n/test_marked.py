"""Messages the domain makes with no locale known: marked, composed, and read in the reader's language."""

from __future__ import annotations

from bot.i18n import N_, Marked, MarkedCommand, N_plural, marked_join, using


def test_a_per_count_message_takes_the_form_its_count_needs_in_each_language():
    weeks = [N_plural("{count} week", "{count} weeks", count) for count in (1, 4)]
    assert [str(item) for item in weeks] == ["1 week", "4 weeks"]
    with using("es-ES"):
        assert [item.localized() for item in weeks] == ["1 semana", "4 semanas"]
    many = N_plural("{count} touch", "{count} touches", 12345)
    assert str(many) == "12345 touches"
    with using("es-ES"):
        assert many.localized() == "12.345 contactos"  # grouped as Spanish groups thousands


def test_composed_messages_localize_every_marked_part():
    listed = marked_join("; ", [Marked(N_("The team")), N_plural("{count} overdue", "{count} overdue", 2), "as typed"])
    sentence = Marked(N_("Assigned practice: {items}."), {"items": listed})
    assert str(sentence) == "Assigned practice: The team; 2 overdue; as typed."
    with using("es-ES"):
        assert sentence.localized() == "Práctica asignada: El equipo; 2 vencidas; as typed."
    command = Marked(
        N_("No quiz answers in the last {weeks}: {quiz} or {assign} a theme."),
        {
            "weeks": N_plural("{count} week", "{count} weeks", 4),
            "quiz": MarkedCommand("quiz start"),
            "assign": MarkedCommand("coach assign"),
        },
    )
    with using("es-ES"):
        assert command.localized() == (
            "Ninguna respuesta al quiz en las últimas 4 semanas: `/quiz empezar`, o asigna un tema con "
            "`/coach asignar`."
        )
