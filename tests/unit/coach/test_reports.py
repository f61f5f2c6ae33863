import csv
import io
from datetime import UTC, date, datetime

from bot.coach import Coach
from bot.coach.kinds import TouchKind
from bot.coach.reports import report_csv

GUILD, ALICE, BOB = 1001, 501, 502


async def test_the_report_counts_promises_kept_and_cold_customers_on_each_reps_own_day(coach: Coach, clock):
    """The Tokyo gap in `/coach report`, on both databases: a New York server, Alice on Tokyo time. Between 00:00
    and 05:00 UTC it is already her Tuesday and still the server's Monday: the promise she keeps on her Tuesday,
    and the customer who went cold on her Tuesday, count at once, as her touches do."""
    await coach.settings.update_guild(GUILD, timezone="America/New_York")  # cold after 14 days
    await coach.settings.update_rep(GUILD, ALICE, timezone="Asia/Tokyo")
    clock.set(datetime(2026, 2, 24, 2, tzinfo=UTC))  # Tuesday 24 Feb in Tokyo, Monday 23 Feb in New York
    await coach.touches.log(GUILD, ALICE, customer="Initech", kind=TouchKind.CHECK_IN)
    await coach.touches.log(GUILD, BOB, customer="Globex", kind=TouchKind.CHECK_IN)
    clock.set(datetime(2026, 3, 9, 12, tzinfo=UTC))  # the server's Monday the 9th, still her Monday too: not cold
    reps = {rep.user_id: rep for rep in (await coach.reports.team(GUILD, "week")).reps}
    assert (reps[ALICE].cold_customers, reps[BOB].cold_customers) == (0, 1)
    clock.set(datetime(2026, 3, 10, 2, tzinfo=UTC))  # two weeks on: her Tuesday the 10th, the server's Monday the 9th
    promise = await coach.promises.add(GUILD, ALICE, "Acme", "Send the price list", "today")
    assert promise.due_on == date(2026, 3, 10)
    assert (await coach.promises.done(GUILD, ALICE, promise.id)).on_time

    report = await coach.reports.team(GUILD, "week")
    reps = {rep.user_id: rep for rep in report.reps}
    assert (reps[ALICE].promises_kept, reps[ALICE].touches) == (1, 1)  # the kept promise's follow-up touch
    assert (reps[ALICE].cold_customers, reps[BOB].cold_customers) == (1, 1)  # Initech: 14 of her days
    assert (reps[BOB].promises_kept, reps[BOB].touches) == (0, 0)
    rows = {row["user_id"]: row for row in csv.DictReader(io.StringIO(report_csv(report)))}
    assert (rows[str(ALICE)]["promises_kept_on_time"], rows[str(ALICE)]["cold_customers"]) == ("1", "1")
    board = await coach.leaderboard.for_period(GUILD, "week")
    assert board.promises_kept == 1  # the board's team figure counts on her day too
