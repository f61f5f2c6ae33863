"""The role-play scorer's and personas' words for what happened (a push, a cue, a verdict, an outcome), as a
member reads them: marked here, translated where shown, shared by the rep's report and the manager's."""

from __future__ import annotations

from collections.abc import Mapping

from bot.i18n import N_, _

# The scorer's names for a push (`bot.coach.listening`), as the report shows them; another kind shows as named.
PUSH_KINDS = {
    "discount": N_("discount"),
    "deadline": N_("deadline"),
    "close": N_("close"),
    "guarantee": N_("guarantee"),
    "pressure": N_("pressure"),
    "leading question": N_("leading question"),
    "evasion": N_("evasion"),
    "pitch": N_("pitch"),
    "feature list": N_("feature list"),
    "no listening": N_("no listening"),
    "pushing words": N_("pushing words"),
}
# ... and for what listened.
LISTENING_CUES = {
    "invitation": N_("invitation"),
    "open question": N_("open question"),
    "closed question": N_("closed question"),
    "reflection": N_("reflection"),
    "no pressure": N_("no pressure"),
    "their words": N_("their words"),
    "honest limit": N_("honest limit"),
    "listening words": N_("listening words"),
}
VERDICTS = {"listening": N_("listening"), "pushing": N_("pushing")}
# How a conversation ended (`Outcome`'s values), as a word in a list or a sentence.
OUTCOME_NAMES = {
    "trust": N_("trust"),
    "cold": N_("cold"),
    "timeout": N_("timed out"),
    "left": N_("ended by the rep"),
}


def named(names: Mapping[str, str], key: str) -> str:
    """`key`'s marked name in the reader's language, or `key` itself when it has none."""
    return _(names[key]) if key in names else key
