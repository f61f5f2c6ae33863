"""Whether a role-play reply is written in Spanish rather than English.

The personas speak English and the listening scorer reads English, so a reply in another language would be
scored on words it cannot read. Spanish is the one other language Rapport speaks, so it is the one a rep is
likely to answer in: such a reply is handed back, not scored. The test is deliberately cautious: a short or
mixed reply (`Go on.`, `How is José doing?`) reads as English; only a reply with more Spanish signs than
English function words, and at least three of them, is refused (`Gracias, José!` passes).
"""

from __future__ import annotations

import re

# Common words of each language that are not words of the other (`me`, `no`, `a` are both, so neither).
_SPANISH_WORDS = """
    que qué de del la el los las lo le les se su sus por para con una uno es está están esta este eso esto
    muy pero como cómo cuál cuándo dónde usted ustedes tu tú te mi si sí ya también porque entiendo gracias
    puedo podemos puede quiere quieres hay bien más nos y o al hace hacer tiene tienes nuestro nuestra"""
_ENGLISH_WORDS = """
    the you to and is it what that of i we your can do for in on with how this be are not have would could
    will my so if about there they just tell more when why which was were been our us their don't i'm
    you're it's let's as say said"""
_SPANISH, _ENGLISH = frozenset(_SPANISH_WORDS.split()), frozenset(_ENGLISH_WORDS.split())
_WORD = re.compile(r"[a-záéíóúüñ']+")
_ACCENTED = re.compile(r"[áéíóúñ]")


def looks_spanish(text: str) -> bool:
    """True when `text` reads as Spanish: opening `¿`/`¡` and accented words count with Spanish words."""
    folded = text.casefold()
    words = _WORD.findall(folded)
    spanish = sum(word in _SPANISH for word in words) + sum(bool(_ACCENTED.search(word)) for word in words)
    spanish += 2 * (folded.count("¿") + folded.count("¡"))
    english = sum(word in _ENGLISH for word in words)
    return spanish >= 3 and spanish > 2 * english


def quoted(text: str) -> str:
    """`text` as a Markdown block quote, each line quoted, so a refused reply comes back to copy whole."""
    return "\n".join(f"> {line}" for line in text.splitlines())
