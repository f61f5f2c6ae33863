from datetime import time

import pytest

from bot.coach import Coach
from bot.coach.errors import InvalidInput
from bot.coach.kinds import TouchKind
from bot.coach.scoring import read_weights
from bot.coach.zones import zone_suggestions

GUILD, ALICE = 1001, 501


def test_weights():
    assert read_weights("listening=4, thanks = 0") == {"listening": 4, "thanks": 0}
    with pytest.raises(InvalidInput, match="not a touch kind"):
        read_weights("closed_deal=10")
    with pytest.raises(InvalidInput, match="0 to 10"):
        read_weights("listening=50")


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
