from datetime import UTC, date, datetime

import pytest

from bot.coach import Coach
from bot.coach.content import Stance
from bot.coach.kinds import TouchKind
from bot.coach.leaderboard import Board, BoardRow

GUILD, OTHER, ALICE, BOB, CARA = 1001, 1002, 501, 502, 503


async def test_board_ranks_points_and_counts_customers_and_reengagements(coach: Coach, clock):
    clock.set(datetime(2026, 2, 20, 12, tzinfo=UTC))
    await coach.touches.log(GUILD, ALICE, customer="Lapsed", kind=TouchKind.HELP)
    clock.set(datetime(2026, 3, 10, 12, tzinfo=UTC))
    await coach.touches.log(GUILD, ALICE, customer="Lapsed", kind=TouchKind.LISTENING)  # 18 days later
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.SOLVED)
    await coach.touches.log(GUILD, BOB, customer="Globex", kind=TouchKind.THANKS)
    await coach.touches.log(OTHER, CARA, customer="Elsewhere", kind=TouchKind.SOLVED)
    board = await coach.leaderboard.for_period(GUILD, "week", caller_id=BOB)
    assert [(row.rank, row.user_id, row.points) for row in board.rows] == [(1, ALICE, 6), (2, BOB, 1)]
    assert (board.rows[0].customers, board.rows[0].reengaged, board.rows[0].streak) == (2, 1, 1)
    assert board.caller is not None and board.caller.rank == 2
    assert (board.team_points, board.team_customers, board.team_reengaged) == (7, 3, 1)
    everything = await coach.leaderboard.for_period(GUILD, "all")
    assert everything.rows[0].points == 9


async def test_best_listener_needs_three_answers(coach: Coach):
    for _ in range(3):
        presentation = await coach.quiz.start(GUILD, BOB)
        position = next(i for i, r in enumerate(presentation.replies) if r.stance is Stance.LISTENING)
        await coach.quiz.answer(presentation.presentation_id, BOB, position)
    presentation = await coach.quiz.start(GUILD, ALICE)
    position = next(i for i, r in enumerate(presentation.replies) if r.stance is Stance.LISTENING)
    await coach.quiz.answer(presentation.presentation_id, ALICE, position)
    board = await coach.leaderboard.for_period(GUILD, "week")
    assert board.best_listener == (BOB, 3, 3)
    assert board.rows[0].user_id == BOB  # quiz points count on the board


async def test_board_round_trips_through_the_outbox_payload(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    board = await coach.leaderboard.for_period(GUILD, "month", caller_id=ALICE)
    assert Board.from_payload(board.to_payload()) == board


async def test_an_empty_board(coach: Coach):
    board = await coach.leaderboard.for_period(GUILD, "week")
    assert board.rows == [] and board.best_listener is None and board.longest_streak is None


@pytest.mark.parametrize("rank", [1, 2])
def test_a_board_without_a_member_moves_the_rows_below_up_unless_tied(rank: int):
    """`/privacy delete` takes a member off the boards still in the outbox; the team's totals stay."""
    rows = [BoardRow(1, BOB, 9, 1, 0, 2), BoardRow(rank, ALICE, 5, 1, 0, 1), BoardRow(3, CARA, 2, 1, 0, 0)]
    board = Board("week", None, date(2026, 3, 15), rows, 3, 16, 3, 0, (ALICE, 4), (BOB, 3, 4), most_improved=(ALICE, 5))
    without = board.without(ALICE)
    assert [(row.user_id, row.rank) for row in without.rows] == [(BOB, 1), (CARA, 3 if rank == 1 else 2)]
    assert (without.longest_streak, without.best_listener, without.most_improved) == (None, (BOB, 3, 4), None)
    assert without.team_points == 16 and board.naming(ALICE) and not without.naming(ALICE)


async def test_each_rep_counts_on_their_own_day_in_the_board_and_the_report(coach: Coach, clock):
    """The Tokyo gap, on both databases: a New York server, Alice on Tokyo time, Cara on Honolulu time."""
    clock.set(datetime(2026, 3, 9, 12, tzinfo=UTC))
    await coach.settings.update_guild(GUILD, timezone="America/New_York")
    await coach.settings.update_rep(GUILD, ALICE, timezone="Asia/Tokyo")
    await coach.settings.update_rep(GUILD, CARA, timezone="Pacific/Honolulu")
    await coach.touches.log(GUILD, BOB, customer="Globex", kind=TouchKind.THANKS)  # New York's Monday
    await coach.touches.log(GUILD, CARA, customer="Hilo", kind=TouchKind.THANKS)  # Honolulu's Monday
    clock.set(datetime(2026, 3, 10, 2, tzinfo=UTC))  # Tuesday in Tokyo, still Monday in New York and Honolulu
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.LISTENING)
    board = await coach.leaderboard.for_period(GUILD, "week", caller_id=ALICE)
    assert [(row.user_id, row.points) for row in board.rows] == [(ALICE, 3), (BOB, 1), (CARA, 1)]
    assert board.caller is not None and (board.caller.rank, board.caller.streak) == (1, 1)
    report = await coach.reports.team(GUILD, "week")
    assert {rep.user_id: rep.touches for rep in report.reps} == {ALICE: 1, BOB: 1, CARA: 1}
    # Her rolling week runs on her own days: the 10th to the 16th while New York is on the 9th to the 15th...
    clock.set(datetime(2026, 3, 15, 16, tzinfo=UTC))  # Monday 16th 01:00 in Tokyo, Sunday 15th 12:00 in NY
    board = await coach.leaderboard.for_period(GUILD, "week")
    assert {row.user_id for row in board.rows} == {ALICE, BOB, CARA}
    clock.set(datetime(2026, 3, 16, 15, tzinfo=UTC))  # ...and the 11th to the 17th once it is the 17th in Tokyo
    board = await coach.leaderboard.for_period(GUILD, "week")
    assert {row.user_id for row in board.rows} == set()
    month = await coach.reports.team(GUILD, "month")
    assert {rep.user_id: rep.touches for rep in month.reps} == {ALICE: 1, BOB: 1, CARA: 1}
