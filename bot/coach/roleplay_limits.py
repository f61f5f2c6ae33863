"""Limits and statuses of a role-play conversation that the reply form, the upkeep and the service share, in a
module light enough for the role-play package and the tick to import at start: the scorer, the personas and
the service itself load only when a conversation needs them (README, Performance: B5)."""

from __future__ import annotations

from datetime import timedelta

IDLE_TIMEOUT = timedelta(minutes=15)  # without a reply, a conversation ends as a timeout
MAX_REPLY = 600  # characters in one reply
ACTIVE, ENDED = "active", "ended"  # a conversation's status
TIMEOUT = "timeout"  # the outcome of one that sat idle (`Outcome.TIMEOUT`)
