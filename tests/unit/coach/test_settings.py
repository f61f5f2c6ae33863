from datetime import time

import pytest

from bot.coach import Coach
from bot.coach.errors import InvalidInput
from bot.coach.kinds import TouchKind
from bot.coach.settings import parse_time, parse_weekday, parse_weekdays, parse_weights, zone_suggestions

GUILD, ALICE = 1001, 501


@pytest.mark.parametrize(
    ("text", "expected"),
    [("16:30", time(16, 30)), ("9", time(9)), ("9:05am", time(9, 5)), ("4pm", time(16)), ("12am", time(0))],
)
def test_times(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "9:75", "noon-ish", "13pm"])
def test_bad_times(text):
    with pytest.raises(InvalidInput):
        parse_time(text)


def test_weekdays():
    assert parse_weekdays("mon-fri") == [0, 1, 2, 3, 4]
    assert parse_weekdays("Mon, Wed, fri") == [0, 2, 4]
    assert parse_weekdays("fri-mon") == [0, 4, 5, 6]
    assert parse_weekdays("every day") == list(range(7))
    assert parse_weekdays("none") == []
    assert parse_weekday("thursday") == 3
    with pytest.raises(InvalidInput, match="not a weekday"):
        parse_weekdays("mon, funday")


def test_weights():
    assert parse_weights("listening=4, thanks = 0") == {"listening": 4, "thanks": 0}
    with pytest.raises(InvalidInput, match="not a touch kind"):
        parse_weights("closed_deal=10")
    with pytest.raises(InvalidInput, match="0 to 10"):
        parse_weights("listening=50")


def test_zone_suggestions_prefix_first():
    assert zone_suggestions("europe/par")[0] == "Europe/Paris"
    assert "America/Argentina/Buenos_Aires" in zone_suggestions("buenos")
    assert len(zone_suggestions("")) == 25


async def test_guild_settings_change_together_and_affect_points(coach: Coach):
    config = await coach.settings.update_guild(
        GUILD, timezone="Asia/Kolkata", reminder_time="9:30", work_days="mon-thu", point_weights="thanks=5"
    )
    assert (config.timezone, config.reminder_time, config.work_days) == ("Asia/Kolkata", time(9, 30), [0, 1, 2, 3])
    assert config.weights[TouchKind.THANKS] == 5 and config.weights[TouchKind.LISTENING] == 3
    logged = await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.THANKS)
    assert logged.points == 5
    with pytest.raises(InvalidInput):
        await coach.settings.update_guild(GUILD, timezone="Mars/Base", reminder_time="10:00")
    assert (await coach.settings.guild(GUILD)).reminder_time == time(9, 30)  # nothing half-applied


async def test_rep_settings_override_the_guild_and_can_go_back(coach: Coach):
    await coach.settings.update_guild(GUILD, timezone="Europe/Paris", reminder_time="17:00")
    mine = await coach.settings.update_rep(GUILD, ALICE, timezone="America/Chicago", quiet_days="fri")
    assert (mine.timezone, mine.own_timezone, mine.reminder_time) == ("America/Chicago", True, time(17))
    guild = await coach.settings.guild(GUILD)
    assert mine.reminder_days(guild) == [0, 1, 2, 3]
    back = await coach.settings.update_rep(GUILD, ALICE, timezone="default", dms_enabled=False)
    assert (back.timezone, back.own_timezone, back.dms_enabled) == ("Europe/Paris", False, False)
