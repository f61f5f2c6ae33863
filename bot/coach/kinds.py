"""The kinds of touch Rapport counts: relationship actions only.

There is deliberately no "closed a deal" kind. Closes earn nothing here; the essays behind Rapport say why
(the sale is where the relationship begins, and the rep who chases the close burns the next one).
"""

from __future__ import annotations

from enum import StrEnum

from bot.i18n import N_, Marked


class TouchKind(StrEnum):
    LISTENING = "listening"
    CHECK_IN = "check_in"
    FOLLOW_UP = "follow_up"
    HELP = "help"
    THANKS = "thanks"
    FEEDBACK = "feedback"
    SOLVED = "solved"
    HONEST_RESET = "honest_reset"

    @property
    def label(self) -> str:
        """How the kind is offered when logging: says what counts."""
        return KIND_LABELS[self]

    @property
    def short(self) -> str:
        """How the kind reads inside a sentence or a list."""
        return KIND_SHORT[self]

    @property
    def marked(self) -> Marked:
        """`short`, to be shown in the member's language."""
        return Marked(KIND_SHORT[self])


KIND_LABELS: dict[TouchKind, str] = {
    TouchKind.LISTENING: N_("Listening conversation (they talked, you learned)"),
    TouchKind.CHECK_IN: N_("Check-in with no ask"),
    TouchKind.FOLLOW_UP: N_("Follow-up after delivery"),
    TouchKind.HELP: N_("Help without selling (intro, resource, referral)"),
    TouchKind.THANKS: N_("Thanks or recognition"),
    TouchKind.FEEDBACK: N_("Asked for feedback"),
    TouchKind.SOLVED: N_("Solved a problem for them"),
    TouchKind.HONEST_RESET: N_("Honest expectation reset (what we can't do)"),
}

KIND_SHORT: dict[TouchKind, str] = {
    TouchKind.LISTENING: N_("listening conversation"),
    TouchKind.CHECK_IN: N_("check-in"),
    TouchKind.FOLLOW_UP: N_("follow-up after delivery"),
    TouchKind.HELP: N_("help without selling"),
    TouchKind.THANKS: N_("thanks"),
    TouchKind.FEEDBACK: N_("feedback request"),
    TouchKind.SOLVED: N_("problem solved"),
    TouchKind.HONEST_RESET: N_("honest expectation reset"),
}
