from datetime import UTC, date, datetime, timedelta

from bot.coach import Coach
from bot.coach.quiz import Answer, Presentation
from bot.coach.trends import MIN_THEME_ANSWERS, TEAM, Overdue, Score, Week, observe
from bot.i18n import using

GUILD, ALICE, BOB = 1001, 501, 502
MONDAY = date(2026, 3, 2)


def weeks_with(themes: dict[str, Score]) -> list[Week]:
    """Four weeks, the quiz answers all in the last one."""
    weeks = [Week(MONDAY + timedelta(weeks=n)) for n in range(4)]
    weeks[-1].themes = dict(themes)
    weeks[-1].quiz_answered = sum(score.answered for score in themes.values())
    weeks[-1].quiz_listening = sum(score.listening for score in themes.values())
    return weeks


def test_a_theme_is_observed_only_with_enough_answers():
    few = Score(MIN_THEME_ANSWERS - 1, 0)
    series = {ALICE: weeks_with({"objections": few}), TEAM: weeks_with({"objections": Score(10, 7)})}
    quiz = str(observe(series, ALICE, {ALICE: "alice"})[1])
    assert quiz == "Listening accuracy 0% over 4 weeks, team 70%."  # four answers: no theme named
    series[ALICE] = weeks_with({"objections": Score(MIN_THEME_ANSWERS, 2), "discovery": Score(6, 3)})
    quiz = str(observe(series, ALICE, {ALICE: "alice"})[1])
    assert quiz.endswith("Weakest theme: objections accuracy 40% over 4 weeks (2 of 5), team 70%.")


def test_a_theme_reads_as_its_translated_title_where_a_pack_has_one():
    series = {
        ALICE: weeks_with({"objections": Score(MIN_THEME_ANSWERS, 2)}),
        TEAM: weeks_with({"objections": Score(10, 7)}),
    }
    titles = {"es": {"objections": "El no que abre una puerta"}}
    quiz = observe(series, ALICE, {ALICE: "alice"}, theme_titles=titles)[1]
    assert str(quiz).endswith("Theme: objections accuracy 40% over 4 weeks (2 of 5), team 70%.")
    with using("es-ES"):
        assert "«El no que abre una puerta», acierto del 40%" in quiz.localized()
    with using("en-US"):
        assert "Theme: objections accuracy 40%" in quiz.localized()


def test_overdue_practice_names_the_first_three_for_a_rep_and_counts_for_the_team():
    late = [Overdue(f"Theme {n}", date(2026, 3, n)) for n in range(1, 5)]
    series = {ALICE: weeks_with({}), TEAM: weeks_with({})}
    practice = str(observe(series, ALICE, {}, {ALICE: late, TEAM: late})[2])
    assert practice == (
        "No promises due; no role-play finished. Assigned practice: 4 overdue: Theme 1 (due 01 Mar), "
        "Theme 2 (due 02 Mar), Theme 3 (due 03 Mar) and 1 more."
    )
    assert str(observe(series, TEAM, {}, {TEAM: late})[2]).endswith("Assigned practice: 4 overdue.")


async def test_assignments_count_on_the_reps_own_day(coach: Coach, clock):
    """A New York server, Alice on Tokyo time: given on her Monday (the server's Sunday), the assignment is in
    her Monday's week; done on her Friday, its due day, it was on time."""
    await coach.settings.update_guild(GUILD, timezone="America/New_York")
    await coach.settings.update_rep(GUILD, ALICE, timezone="Asia/Tokyo")
    clock.set(datetime(2026, 3, 15, 16, tzinfo=UTC))  # Monday 16th 01:00 in Tokyo, Sunday 15th 12:00 in New York
    theme = sorted(await coach.scenarios.themes(GUILD))[0]
    await coach.assignments.assign_theme(GUILD, BOB, "Lead", ALICE, theme, "friday")
    clock.set(datetime(2026, 3, 19, 16, tzinfo=UTC))  # Friday 20th in Tokyo, Thursday 19th in New York
    for _ in range(3):
        shown: Answer | Presentation = await coach.quiz.start(GUILD, ALICE, theme)
        while isinstance(shown, Presentation):  # a scenario in steps shows the next one
            shown = await coach.quiz.answer(shown.presentation_id, ALICE, 0)
    assert (await coach.assignments.of(GUILD, ALICE))[0].completed_at is not None
    report = await coach.trends.weekly(GUILD, 2)
    assert report.weeks == (date(2026, 3, 9), date(2026, 3, 16))
    for key in (ALICE, TEAM):
        figures = [
            (item.assignments_given, item.assignments_done, item.assignments_done_on_time)
            for item in report.series[key]
        ]
        assert figures == [(0, 0, 0), (1, 1, 1)]
    assert report.overdue == {}
