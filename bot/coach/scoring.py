"""Point weights and the anti-gaming rules: pure functions the touch log applies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.coach.kinds import TouchKind

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


@dataclass(frozen=True)
class Award:
    points: int
    capped_reason: str | None = None


def award_for(
    kind: TouchKind,
    scored_kinds_same_customer_day: Iterable[str],
    weights: Mapping[TouchKind, int] = DEFAULT_POINTS,
) -> Award:
    """Points for a new touch, given the kinds that already earned points for this customer that day."""
    scored = list(scored_kinds_same_customer_day)
    if kind in scored:
        return Award(0, f"a {kind.short} with this customer already earned points that day")
    if len(scored) >= MAX_SCORING_TOUCHES_PER_CUSTOMER_DAY:
        return Award(
            0,
            f"{MAX_SCORING_TOUCHES_PER_CUSTOMER_DAY} touches with this customer already earned points that day",
        )
    return Award(weights.get(kind, DEFAULT_POINTS[kind]))
