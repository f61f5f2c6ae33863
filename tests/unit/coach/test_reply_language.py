import pytest

from bot.coach.reply_language import looks_spanish, quoted


@pytest.mark.parametrize(
    "reply",
    [
        "¿Qué pasó?",
        "Cuéntame más sobre eso, por favor.",
        "Entiendo que el precio es un problema. ¿Qué incluye lo que pagas ahora?",
        "lo siento, no lo sabía. que necesitas de nosotros",
        "Gracias por decírmelo tan claro.",
    ],
)
def test_spanish_replies_are_recognised(reply):
    assert looks_spanish(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "Go on.",
        "What broke?",
        "How is José doing since the move?",
        "I can take 10% off if you sign this week. Would that work?",
        "Tell me about the café's Sunday rush: what goes wrong first?",
        "Sí, I hear you. What would the right price have to cover?",
        "Gracias, José!",
        "Mi casa es su casa, as they say. What would make the move easier?",
        "",
    ],
)
def test_english_and_mixed_replies_read_as_english(reply):
    assert not looks_spanish(reply)


def test_a_refused_reply_comes_back_whole_as_a_quote():
    assert quoted("Hola.\n¿Qué tal?") == "> Hola.\n> ¿Qué tal?"
