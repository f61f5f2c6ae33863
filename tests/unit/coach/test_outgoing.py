"""Typed outbox messages: each kind survives the trip through the outbox's JSON, in the shapes rows hold."""

from datetime import date

import pytest

from bot.coach.leaderboard import Board, BoardRow
from bot.coach.outgoing import (
    MESSAGE_TYPES,
    BoardPost,
    ColdCustomer,
    ColdDigest,
    FirstDay,
    Nudge,
    PromiseHeadsUp,
    QuizAssignment,
    Reminder,
    RolePlayAssignment,
    StartPost,
    TeamQuestion,
    UnreadableMessage,
    from_json,
    to_json,
)

DAY = date(2026, 3, 10)
BOARD = Board(
    period="week",
    start=date(2026, 3, 3),
    end=DAY,
    rows=[BoardRow(1, 501, 9, 3, 1, 4)],
    reps_counted=1,
    team_points=9,
    team_customers=3,
    team_reengaged=1,
    longest_streak=(501, 4),
    best_listener=None,
)
EXAMPLES = [
    Reminder(DAY, (ColdCustomer("Acme", 12),)),
    ColdDigest(DAY, 14, (ColdCustomer("Globex", 30),), more=True),
    Nudge("Call Acme back today", "Maya", 7),
    PromiseHeadsUp(42, "Acme", "send the revised quote", due_today=False),
    TeamQuestion(5),
    BoardPost(BOARD),
    RolePlayAssignment("courier-renewal", "Maya Brennan", "Sam", DAY, reminder=True),
    QuizAssignment("objections", "Objections", "Sam", DAY, reminder=True),
    StartPost("Maya"),
    FirstDay("Asia/Tokyo", "17:30", "Mon-Fri", (0, 1, 2, 3, 4)),
]


def test_every_kind_has_an_example():
    assert {type(message) for message in EXAMPLES} == set(MESSAGE_TYPES)


@pytest.mark.parametrize("message", EXAMPLES, ids=lambda message: message.kind.value)
def test_each_kind_round_trips_through_json(message):
    assert from_json(message.kind.value, to_json(message)) == message


def test_a_first_day_row_from_before_its_work_days_were_numbers_still_reads():
    """A release before kept only the days as English text: that row reads, and is drawn with that text."""
    old = {"timezone": "UTC", "reminder_time": "09:00", "work_days": "Mon-Fri"}
    assert from_json("first_day", old) == FirstDay("UTC", "09:00", "Mon-Fri", None)


def test_rows_written_before_typed_messages_still_read():
    """The JSON of a reminder and a promise heads-up as rows already in databases hold them."""
    assert from_json("reminder", {"day": "2026-03-10", "coldest": [{"name": "Acme", "days": 12}]}) == EXAMPLES[0]
    assert (
        from_json("promise", {"customer": "Acme", "what": "send the revised quote", "when": "tomorrow", "id": 42})
        == (EXAMPLES[3])
    )


def test_a_row_no_release_wrote_is_refused_clearly():
    with pytest.raises(UnreadableMessage, match="unknown outbox kind"):
        from_json("fax", {})
    with pytest.raises(UnreadableMessage, match="a nudge row"):
        from_json("nudge", {"from_name": "Maya"})
