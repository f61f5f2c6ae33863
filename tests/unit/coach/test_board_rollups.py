"""The whole board reads rollups (customers' last touch and last re-engagement, quiz answers in the daily
rollup): after any mix of logs, backdated logs, undos, merges, quiz answers, kept promises and changes of the
cold threshold, it must count exactly what a scan of the raw rows counts, for every kind of window."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import case, func, select

from bot.coach import Coach
from bot.coach.content import Stance
from bot.coach.errors import CoachError
from bot.coach.kinds import TouchKind
from bot.coach.leaderboard import Board, Days, weeks_and_edges
from bot.coach.quiz import Presentation
from bot.coach.touches import streaks_of
from bot.db.models import DailyPoints, Promise, QuizPresentation, Rep, Touch

GUILD = 1001
USERS = [501, 502, 503]
TOKYO = 503  # the server is on New York time; this rep is on Tokyo time
CUSTOMERS = ["Acme", "Globex", "Initech"]
KINDS = [TouchKind.HELP, TouchKind.LISTENING, TouchKind.CHECK_IN, TouchKind.THANKS]


async def _raw(coach: Coach, days: Days, cold_after_days: int) -> tuple[dict[int, tuple[int, int]], dict, int, dict]:
    """The board's figures scanned from the raw rows (and each day's points): per user (customers touched,
    re-engaged), per user (listening answers, answers), promises kept, and per user points."""
    async with coach.db.read() as session:
        reached = {
            user: (touched, reengaged)
            for user, touched, reengaged in await session.execute(
                select(
                    Rep.user_id,
                    func.count(func.distinct(Touch.customer_id)),
                    func.count(func.distinct(case((Touch.gap_days >= cold_after_days, Touch.customer_id), else_=None))),
                )
                .join(Rep, Rep.id == Touch.rep_id)
                .where(Rep.guild_id == GUILD, days.where(Touch.rep_id, Touch.local_date))
                .group_by(Rep.user_id)
            )
        }
        answers = {
            user: (int(listening), answered)
            for user, listening, answered in await session.execute(
                select(Rep.user_id, func.sum(case((QuizPresentation.correct.is_(True), 1), else_=0)), func.count())
                .join(Rep, Rep.id == QuizPresentation.rep_id)
                .where(
                    Rep.guild_id == GUILD,
                    QuizPresentation.answered_at.is_not(None),
                    days.where(QuizPresentation.rep_id, QuizPresentation.answered_on),
                )
                .group_by(Rep.user_id)
            )
        }
        points = {
            user: int(total)
            for user, total in await session.execute(
                select(Rep.user_id, func.sum(DailyPoints.points))
                .join(Rep, Rep.id == DailyPoints.rep_id)
                .where(Rep.guild_id == GUILD, days.where(DailyPoints.rep_id, DailyPoints.day))
                .group_by(Rep.user_id)
            )
        }
        kept = await session.scalar(
            select(func.count())
            .select_from(Promise)
            .join(Rep, Rep.id == Promise.rep_id)
            .where(Rep.guild_id == GUILD, Promise.status == "kept", days.where(Promise.rep_id, Promise.closed_on))
        )
    return reached, answers, int(kept or 0), points


async def _answer_one(coach: Coach, user: int, rng: random.Random) -> None:
    shown = await coach.quiz.start(GUILD, user)
    while True:
        listening = [i for i, reply in enumerate(shown.replies) if reply.stance is Stance.LISTENING]
        position = rng.choice(listening) if listening and rng.random() < 0.6 else rng.randrange(len(shown.replies))
        answered = await coach.quiz.answer(shown.presentation_id, user, position)
        if not isinstance(answered, Presentation):  # the next step of a multi-step scenario, else the answer
            return
        shown = answered


async def _play(coach: Coach, clock, rng: random.Random, steps: int) -> None:
    now = datetime(2026, 1, 5, 15, tzinfo=UTC)
    clock.set(now)
    await coach.settings.update_guild(GUILD, timezone="America/New_York", cold_after_days=5)
    await coach.touches.log(GUILD, TOKYO, customer="Acme", kind=TouchKind.HELP)
    await coach.settings.update_rep(GUILD, TOKYO, timezone="Asia/Tokyo")
    promises: list[tuple[int, int]] = []
    for _ in range(steps):
        now += timedelta(hours=rng.choice([1, 2, 4, 8, 16, 30, 60]))
        clock.set(now)
        user, customer = rng.choice(USERS), rng.choice(CUSTOMERS)
        roll = rng.random()
        try:
            if roll < 0.55:
                back = rng.choice([0, 0, 0, 1, 3, 6])
                when = None if back == 0 else (now.date() - timedelta(days=back)).isoformat()
                await coach.touches.log(GUILD, user, customer=customer, kind=rng.choice(KINDS), when=when)
            elif roll < 0.63:
                await coach.touches.undo(GUILD, user)
            elif roll < 0.68:
                await coach.customers.rename(GUILD, user, customer, rng.choice(CUSTOMERS), merge=True)
            elif roll < 0.70:
                await coach.settings.update_guild(GUILD, cold_after_days=rng.choice([2, 6, 20]))
            elif roll < 0.72:
                await coach.settings.update_guild(GUILD, work_days=rng.choice(["mon-fri", "mon-sat", "tue-fri"]))
            elif roll < 0.85:
                await _answer_one(coach, user, rng)
            elif roll < 0.93:
                due = (now.date() + timedelta(days=rng.choice([0, 1, 3]))).isoformat()
                made = await coach.promises.add(GUILD, user, customer, "send the notes", due)
                promises.append((user, made.id))
            elif promises:
                owner, promise_id = promises.pop(rng.randrange(len(promises)))
                await coach.promises.done(GUILD, owner, promise_id)
        except CoachError:
            pass  # refused as a rep would be (nothing to undo, a name taken...): the state stays as it was


async def _replayed_streaks(coach: Coach, board: Board, days: Days) -> dict[int, int]:
    """Each ranked rep's streak replayed from their first touch, neither stored replay used."""
    guild = await coach.settings.guild(GUILD)
    streaks: dict[int, int] = {}
    async with coach.db.read() as session:  # the changes below are never written
        for row in board.rows:
            rep = await session.scalar(select(Rep).where(Rep.guild_id == GUILD, Rep.user_id == row.user_id))
            assert rep is not None
            rep.streak_latest_on = rep.streak_checkpoint_on = None
            today = days.window(rep.id)[1]
            streaks.update({row.user_id: (await streaks_of(session, [rep], guild, today))[rep.id]})
    return streaks


def _figures(board: Board) -> dict[int, tuple[int, int]]:
    return {row.user_id: (row.customers, row.reengaged) for row in board.rows}


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_the_board_from_rollups_counts_what_the_raw_rows_hold(coach: Coach, clock, seed: int):
    rng = random.Random(seed)
    await _play(coach, clock, rng, steps=260)
    settings = await coach.settings.guild(GUILD)
    for hour in (3, 12, 22):  # at 03:00 UTC Tokyo is a day ahead of New York
        now = clock()
        clock.set(now.replace(hour=hour))
        async with coach.db.read() as session:
            reps = list(await session.execute(select(Rep.id, Rep.timezone).where(Rep.guild_id == GUILD)))
        monday = clock().date() - timedelta(days=clock().date().weekday())
        windows: list[tuple[str, Days]] = [
            (period, Days.ending_now(period, clock(), settings.timezone, reps)) for period in ("week", "month", "all")
        ]
        windows += [("week", Days(monday - timedelta(days=7 * n), monday - timedelta(days=7 * n - 6))) for n in (1, 2)]
        windows.append(("year", Days(date(2026, 1, 1), monday - timedelta(days=8))))
        windows.append(("span", Days(date(2026, 2, 4), clock().date())))  # weeks with days either side
        for period, days in windows:
            board = await coach.leaderboard.counted(GUILD, days, period=period)
            reached, answers, kept, points = await _raw(coach, days, settings.cold_after_days)
            assert {row.user_id: row.points for row in board.rows} == {
                user: total for user, total in points.items() if total > 0
            }, (period, days)
            assert board.team_points == sum(points.values()), (period, days)
            assert (board.team_customers, board.team_reengaged) == (
                sum(t for t, _ in reached.values()),
                sum(r for _, r in reached.values()),
            ), (period, days)
            assert _figures(board) == {user: reached.get(user, (0, 0)) for user in _figures(board)}, (period, days)
            assert board.promises_kept == kept, (period, days)
            assert {row.user_id: row.streak for row in board.rows} == await _replayed_streaks(coach, board, days)
            best = board.best_listener
            if best is not None:
                assert answers[best[0]] == (best[1], best[2])
                assert all(
                    answered < 3 or listening / answered <= best[1] / best[2]
                    for listening, answered in answers.values()
                )
            else:
                assert all(answered < 3 for _, answered in answers.values())


async def test_a_new_cold_threshold_recounts_who_was_re_engaged(coach: Coach, clock):
    clock.set(datetime(2026, 3, 1, 12, tzinfo=UTC))
    await coach.touches.log(GUILD, USERS[0], customer="Acme", kind=TouchKind.HELP)
    clock.set(datetime(2026, 3, 11, 12, tzinfo=UTC))
    await coach.touches.log(GUILD, USERS[0], customer="Acme", kind=TouchKind.LISTENING)  # 10 days later
    assert (await coach.leaderboard.for_period(GUILD, "week")).team_reengaged == 0  # under 14 days: not cold
    await coach.settings.update_guild(GUILD, cold_after_days=7)
    assert (await coach.leaderboard.for_period(GUILD, "week")).team_reengaged == 1
    await coach.settings.update_guild(GUILD, cold_after_days=11)
    assert (await coach.leaderboard.for_period(GUILD, "week")).team_reengaged == 0


async def test_an_undone_touch_leaves_the_boards_streak_as_it_was_before_it(coach: Coach, clock):
    for day in (2, 3, 4):  # Monday to Wednesday
        clock.set(datetime(2026, 3, day, 12, tzinfo=UTC))
        await coach.touches.log(GUILD, USERS[0], customer="Acme", kind=TouchKind.HELP)
    clock.set(datetime(2026, 3, 5, 12, tzinfo=UTC))
    await coach.touches.log(GUILD, USERS[0], customer="Globex", kind=TouchKind.HELP)
    assert (await coach.leaderboard.for_period(GUILD, "week")).rows[0].streak == 4
    await coach.touches.undo(GUILD, USERS[0])
    assert (await coach.leaderboard.for_period(GUILD, "week")).rows[0].streak == 3  # today is still open


@pytest.mark.parametrize(
    ("window", "weeks", "edges"),
    [
        # Wednesday 4 March to Tuesday 24 March 2026: whole weeks 9-15 and 16-22, days either side.
        (
            (date(2026, 3, 4), date(2026, 3, 24)),
            (date(2026, 3, 9), date(2026, 3, 16)),
            [(date(2026, 3, 4), date(2026, 3, 8)), (date(2026, 3, 23), date(2026, 3, 24))],
        ),
        # Monday to Sunday: one whole week, no day either side.
        ((date(2026, 3, 9), date(2026, 3, 15)), (date(2026, 3, 9), date(2026, 3, 9)), []),
        # Seven days across two weeks: no whole week.
        ((date(2026, 3, 11), date(2026, 3, 17)), None, [(date(2026, 3, 11), date(2026, 3, 17))]),
        # From the beginning to a Thursday.
        ((None, date(2026, 3, 12)), (None, date(2026, 3, 2)), [(date(2026, 3, 9), date(2026, 3, 12))]),
    ],
)
def test_a_window_is_read_as_whole_weeks_and_the_days_around_them(window, weeks, edges):
    assert weeks_and_edges(window) == (weeks, edges)
