"""Point weights and the anti-gaming rules: pure functions the touch log applies."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.coach.errors import InvalidInput
from bot.coach.kinds import TouchKind
from bot.i18n import N_, Marked

DEFAULT_POINTS: Mapping[TouchKind, int] = {
    TouchKind.LISTENING: 3,
    TouchKind.CHECK_IN: 2,
    TouchKind.FOLLOW_UP: 3,
    TouchKind.HELP: 3,
    TouchKind.THANKS: 1,
    TouchKind.FEEDBACK: 2,
    TouchKind.SOLVED: 3,
    TouchKind.HONEST_RESET: 3,
}

# Touches of one customer that can earn points on one local day. More are recorded, for 0 points, so a
# rep cannot farm the board by logging the same relationship over and over.
MAX_SCORING_TOUCHES_PER_CUSTOMER_DAY = 3
MAX_POINTS_PER_KIND = 10


def read_weights(text: str) -> dict[str, int]:
    """`listening=4, thanks=0` -> a guild's overrides of the default points per touch kind."""
    weights: dict[str, int] = {}
    for part in re.split(r"[,;\n]+", text):
        if not part.strip():
            continue
        if "=" not in part:
            raise InvalidInput(
                N_("`{part}`: write point weights as `kind=points`, like `listening=4`."), part=part.strip()
            )
        name, value = (piece.strip().casefold() for piece in part.split("=", 1))
        try:
            kind = TouchKind(name.replace("-", "_").replace(" ", "_"))
        except ValueError:
            known = ", ".join(kind.value for kind in TouchKind)
            raise InvalidInput(N_("`{name}` is not a touch kind. Kinds: {known}."), name=name, known=known) from None
        if not value.isdigit() or int(value) > MAX_POINTS_PER_KIND:
            raise InvalidInput(
                N_("`{name}`: points must be a whole number from 0 to {most}."), name=name, most=MAX_POINTS_PER_KIND
            )
        weights[kind.value] = int(value)
    return weights


@dataclass(frozen=True)
class Award:
    points: int
    capped_reason: Marked | None = None


def award_for(
    kind: TouchKind,
    scored_kinds_same_customer_day: Iterable[str],
    weights: Mapping[TouchKind, int] = DEFAULT_POINTS,
) -> Award:
    """Points for a new touch, given the kinds that already earned points for this customer that day."""
    scored = list(scored_kinds_same_customer_day)
    if kind in scored:
        return Award(0, Marked(N_("a {kind} with this customer already earned points that day"), {"kind": kind.marked}))
    if len(scored) >= MAX_SCORING_TOUCHES_PER_CUSTOMER_DAY:
        return Award(
            0,
            Marked(
                N_("{count} touches with this customer already earned points that day"),
                {"count": MAX_SCORING_TOUCHES_PER_CUSTOMER_DAY},
            ),
        )
    return Award(weights.get(kind, DEFAULT_POINTS[kind]))
