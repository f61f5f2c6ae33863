"""The spec checker itself must catch what it claims to catch, or every e2e test's guard is hollow."""

import pytest

from tests import discord_spec

pytestmark = pytest.mark.skipif(not discord_spec.spec_available(), reason="Discord API spec not present")


def test_a_good_interaction_reply_passes():
    body = {"type": 4, "data": {"content": "hi", "flags": 64, "allowed_mentions": {"parse": []}}}
    assert discord_spec.problems_with("POST", "/interactions/1/tok/callback", body) == []


def test_an_unknown_route_is_caught():
    assert discord_spec.problems_with("GET", "/not/a/route", None)


def test_a_bad_body_is_caught():
    body = {"type": 4, "data": {"content": 12, "flags": "x"}}
    assert discord_spec.problems_with("POST", "/interactions/1/tok/callback", body)


def test_content_over_2000_chars_is_caught():
    body = {"type": 4, "data": {"content": "x" * 2001}}
    assert any("2000" in problem for problem in discord_spec.problems_with("POST", "/interactions/1/t/callback", body))


def test_embeds_over_6000_chars_in_total_are_caught():
    embeds = [{"description": "x" * 4000}, {"description": "y" * 2500}]
    problems = discord_spec.problems_with("PATCH", "/webhooks/1/t/messages/@original", {"embeds": embeds})
    assert any("6000" in problem for problem in problems)


def test_a_command_over_4000_chars_is_caught():
    options = [{"type": 3, "name": f"o{i}", "description": "d" * 100} for i in range(25)]
    options[0]["choices"] = [{"name": "n" * 100, "value": "v" * 100} for _ in range(25)]
    command = {"name": "big", "description": "x", "type": 1, "options": options}
    problems = discord_spec.problems_with("PUT", "/applications/1/commands", [command])
    assert any("4000" in problem for problem in problems)


def test_integer_snowflakes_are_accepted():
    body = {"content": "hi", "allowed_mentions": {"users": [123]}}
    assert discord_spec.problems_with("POST", "/channels/5/messages", body) == []
