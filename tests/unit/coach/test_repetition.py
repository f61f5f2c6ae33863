from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.coach.repetition import (
    BOX_INTERVALS,
    MISSED_RETRY,
    NEW_EVERY,
    Candidate,
    Progress,
    after_answer,
    choose_next,
)

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def test_a_miss_returns_within_the_hour_to_box_one():
    assert after_answer(Progress(4, NOW), False, NOW) == Progress(1, NOW + MISSED_RETRY)


def test_correct_answers_climb_the_boxes_and_space_out():
    first = after_answer(None, True, NOW)
    assert first == Progress(2, NOW + BOX_INTERVALS[2])
    third = after_answer(after_answer(first, True, NOW), True, NOW)
    assert third.box == 4
    top = after_answer(Progress(5, NOW), True, NOW)
    assert top == Progress(5, NOW + BOX_INTERVALS[5])


def test_due_reviews_come_before_new_and_lowest_box_first():
    candidates = [Candidate("a", 1), Candidate("b", 1), Candidate("c", 1)]
    progress = {"a": Progress(3, NOW - timedelta(days=2)), "b": Progress(1, NOW - timedelta(minutes=1))}
    assert choose_next(candidates, progress, last_key=None, now=NOW, presented_count=0, seed="s") == "b"


def test_new_scenarios_are_introduced_every_third_presentation_even_with_reviews_due():
    candidates = [Candidate("due", 1), Candidate("new", 1)]
    progress = {"due": Progress(1, NOW - timedelta(hours=1))}
    picks = [
        choose_next(candidates, progress, last_key=None, now=NOW, presented_count=count, seed="s")
        for count in range(NEW_EVERY)
    ]
    assert picks == ["due"] * (NEW_EVERY - 1) + ["new"]


def test_new_scenarios_start_easy():
    candidates = [Candidate("hard", 3), Candidate("easy", 1), Candidate("mid", 2)]
    assert choose_next(candidates, {}, last_key=None, now=NOW, presented_count=0, seed="s") == "easy"


def test_when_nothing_is_due_the_soonest_review_comes_back():
    candidates = [Candidate("a", 1), Candidate("b", 1)]
    progress = {"a": Progress(5, NOW + timedelta(days=30)), "b": Progress(3, NOW + timedelta(days=2))}
    assert choose_next(candidates, progress, last_key=None, now=NOW, presented_count=0, seed="s") == "b"


def test_never_twice_in_a_row_unless_it_is_the_only_one():
    candidates = [Candidate("a", 1), Candidate("b", 1)]
    progress = {"a": Progress(1, NOW - timedelta(hours=5)), "b": Progress(5, NOW + timedelta(days=40))}
    assert choose_next(candidates, progress, last_key="a", now=NOW, presented_count=0, seed="s") == "b"
    only = [Candidate("a", 1)]
    assert choose_next(only, progress, last_key="a", now=NOW, presented_count=0, seed="s") == "a"
    assert choose_next([], {}, last_key=None, now=NOW, presented_count=0, seed="s") is None


keys = st.sampled_from([f"s{i}" for i in range(8)])


@given(
    st.lists(keys, min_size=2, max_size=8, unique=True),
    st.dictionaries(keys, st.tuples(st.integers(1, 5), st.integers(-100, 100))),
    st.integers(0, 50),
    st.data(),
)
def test_choice_is_a_candidate_and_never_the_last_one(names, raw_progress, count, data):
    candidates = [Candidate(name, 1 + index % 3) for index, name in enumerate(names)]
    progress = {k: Progress(box, NOW + timedelta(hours=hours)) for k, (box, hours) in raw_progress.items()}
    last = data.draw(st.sampled_from(names))
    chosen = choose_next(candidates, progress, last_key=last, now=NOW, presented_count=count, seed="rep")
    assert chosen in names
    assert chosen != last


@given(st.lists(st.booleans(), min_size=1, max_size=30))
def test_a_missed_scenario_is_always_due_sooner_than_a_known_one(answers):
    progress = None
    for correct in answers:
        progress = after_answer(progress, correct, NOW)
    missed = after_answer(progress, False, NOW)
    known = after_answer(progress, True, NOW)
    assert missed.due_at < known.due_at
