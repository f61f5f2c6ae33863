"""Time zone names as people type them: zoneinfo reads a name as a file path, so an odd one must be refused as
a name, never fail in the file system."""

from __future__ import annotations

import pytest

from bot.coach.errors import InvalidInput
from bot.coach.zones import known_zone, zone


@pytest.mark.parametrize("name", ["😀" * 64, "a" * 300, "../../etc/passwd", "Europe/Paris\x00", "", "/"])
def test_an_odd_name_is_refused_as_a_name(name: str):
    for read in (zone, known_zone):
        with pytest.raises(InvalidInput) as refused:
            read(name)
        assert "is not a time zone I know" in str(refused.value)
        assert len(str(refused.value)) < 200


def test_a_known_name_is_read_with_its_spaces_trimmed():
    assert known_zone(" Europe/Paris ") == "Europe/Paris"
