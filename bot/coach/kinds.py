"""The kinds of touch Rapport counts: relationship actions only.

There is deliberately no "closed a deal" kind. Closes earn nothing here; the essays behind Rapport say why
(the sale is where the relationship begins, and the rep who chases the close burns the next one).
"""

from __future__ import annotations

from enum import StrEnum


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


KIND_LABELS: dict[TouchKind, str] = {
    TouchKind.LISTENING: "Listening conversation (they talked, you learned)",
    TouchKind.CHECK_IN: "Check-in with no ask",
    TouchKind.FOLLOW_UP: "Follow-up after delivery",
    TouchKind.HELP: "Help without selling (intro, resource, referral)",
    TouchKind.THANKS: "Thanks or recognition",
    TouchKind.FEEDBACK: "Asked for feedback",
    TouchKind.SOLVED: "Solved a problem for them",
    TouchKind.HONEST_RESET: "Honest expectation reset (what we can't do)",
}

KIND_SHORT: dict[TouchKind, str] = {
    TouchKind.LISTENING: "listening conversation",
    TouchKind.CHECK_IN: "check-in",
    TouchKind.FOLLOW_UP: "follow-up after delivery",
    TouchKind.HELP: "help without selling",
    TouchKind.THANKS: "thanks",
    TouchKind.FEEDBACK: "feedback request",
    TouchKind.SOLVED: "problem solved",
    TouchKind.HONEST_RESET: "honest expectation reset",
}
