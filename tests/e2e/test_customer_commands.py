"""`/customers list` and `/customers rename` (with the merge confirmation) through real discord.py."""

from __future__ import annotations

from tests.e2e.world import World, handled_errors


async def test_list_shows_coldest_first_and_filters_cold(world: World):
    clock = world.env.bot.clock
    await world.log("Stale Ltd")
    clock.advance(days=10)
    await world.log("Warm Co")
    clock.advance(days=5)
    await world.log("Fresh Inc")
    result = await world.alice.slash(world.channel, "customers list")
    assert result.ephemeral
    description = result.response.embeds[0].description
    assert description.index("Stale Ltd") < description.index("Warm Co") < description.index("Fresh Inc")
    assert "last touch 15 days ago" in description
    assert "3 customers, 1 cold (no touch for 14+ days)" in description

    cold = await world.alice.slash(world.channel, "customers list", filter="cold")
    description = cold.response.embeds[0].description
    assert "Stale Ltd" in description and "Warm Co" not in description


async def test_list_when_nobody_is_cold_or_nobody_exists(world: World):
    empty = await world.bob.slash(world.channel, "customers list")
    assert "No customers yet" in empty.response.embeds[0].description
    await world.log("Acme")
    none_cold = await world.alice.slash(world.channel, "customers list", filter="cold")
    assert "Nobody has gone 14 days" in none_cold.response.embeds[0].description


async def test_rename(world: World):
    await world.log("Acme")
    result = await world.alice.slash(world.channel, "customers rename", old="acme", new="Acme Corporation")
    assert result.ephemeral
    assert "Renamed **Acme** to **Acme Corporation**" in result.response.content
    choices = await world.alice.autocomplete(world.channel, "customers rename", "old", "acme", new="x")
    assert [choice["value"] for choice in choices] == ["Acme Corporation"]


async def test_rename_onto_an_existing_customer_merges_only_after_confirming(world: World):
    await world.log("Acme Inc", kind="help")
    await world.log("Acme", kind="thanks")
    result = await world.alice.slash(world.channel, "customers rename", old="Acme Inc", new="acme")
    assert "Merge" in result.response.content
    cancelled = await world.alice.click(result.response.message, label="Cancel")
    assert "Nothing merged" in cancelled.response.content
    assert cancelled.response.components == []
    listed = await world.alice.slash(world.channel, "customers list")
    assert "2 customers" in listed.response.embeds[0].description

    again = await world.alice.slash(world.channel, "customers rename", old="Acme Inc", new="acme")
    merged = await world.alice.click(again.response.message, label="Merge")
    assert "Merged **Acme Inc** into **Acme** (1 touch moved)" in merged.response.content
    listed = await world.alice.slash(world.channel, "customers list")
    assert "1 customer," in listed.response.embeds[0].description
    history = await world.alice.slash(world.channel, "touch history", customer="Acme")
    assert history.response.embeds[0].description.count("**Acme**") == 2


async def test_renaming_an_unknown_customer_says_so(world: World):
    result = await world.alice.slash(world.channel, "customers rename", old="Ghost", new="Casper")
    assert result.ephemeral
    assert "no customer called **Ghost**" in result.response.content
    assert handled_errors(world.env) == ["NotFound"]


async def test_customer_names_are_shown_escaped(world: World):
    await world.log("**Bold** _Co_")
    result = await world.alice.slash(world.channel, "customers list")
    assert "\\*\\*Bold\\*\\* \\_Co\\_" in result.response.embeds[0].description


async def test_an_unanswered_merge_question_expires_without_merging(world: World):
    await world.log("Acme Inc")
    await world.log("Acme")
    result = await world.alice.slash(world.channel, "customers rename", old="Acme Inc", new="Acme")
    await world.env.advance_time(5 * 60 + 1)
    assert result.response.content == "No answer in time, so nothing was merged."
    assert result.response.components == []
    listed = await world.alice.slash(world.channel, "customers list")
    assert "2 customers" in listed.response.embeds[0].description
