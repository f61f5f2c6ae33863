from bot.coach.kinds import TouchKind
from bot.coach.scoring import DEFAULT_POINTS, award_for


def test_default_weights_favour_listening_and_give_nothing_for_closing():
    assert DEFAULT_POINTS[TouchKind.LISTENING] == 3
    assert DEFAULT_POINTS[TouchKind.CHECK_IN] == 2
    assert DEFAULT_POINTS[TouchKind.THANKS] == 1
    assert set(DEFAULT_POINTS) == set(TouchKind)
    assert not any("close" in kind.value or "deal" in kind.value for kind in TouchKind)


def test_first_touch_of_a_kind_earns_its_weight():
    assert award_for(TouchKind.SOLVED, []).points == 3


def test_same_kind_same_customer_same_day_earns_once():
    award = award_for(TouchKind.CHECK_IN, ["check_in"])
    assert award.points == 0
    assert "already earned" in str(award.capped_reason)


def test_fourth_scoring_touch_of_a_customer_in_a_day_earns_nothing():
    award = award_for(TouchKind.THANKS, ["listening", "check_in", "help"])
    assert award.points == 0
    assert "3 touches" in str(award.capped_reason)


def test_custom_weights_apply():
    assert award_for(TouchKind.THANKS, [], {TouchKind.THANKS: 5}).points == 5
