from datetime import date

import pytest

from bot.coach import Coach
from bot.coach.customers import customer_name
from bot.coach.errors import InvalidInput, NotFound
from bot.coach.kinds import TouchKind

GUILD, ALICE, BOB = 1001, 501, 502


def test_names_are_trimmed_collapsed_and_case_folded():
    name = customer_name("  Acme \t  Corp\n")
    assert name.display == "Acme Corp"
    assert name.key == "acme corp"
    with pytest.raises(InvalidInput):
        customer_name("   ")


async def test_cold_customers_come_first(coach: Coach, clock):
    await coach.touches.log(GUILD, ALICE, customer="Stale", kind=TouchKind.HELP)
    clock.advance(days=10)
    await coach.touches.log(GUILD, ALICE, customer="Warm", kind=TouchKind.HELP)
    clock.advance(days=5)
    await coach.touches.log(GUILD, ALICE, customer="Fresh", kind=TouchKind.HELP)
    overview = await coach.customers.overview(GUILD, ALICE)
    assert [(c.name, c.days_since, c.cold) for c in overview.customers] == [
        ("Stale", 15, True),
        ("Warm", 5, False),
        ("Fresh", 0, False),
    ]
    assert (overview.total, overview.cold_count, overview.cold_after_days) == (3, 1, 14)
    cold = await coach.customers.overview(GUILD, ALICE, only_cold=True)
    assert [c.name for c in cold.customers] == ["Stale"]
    assert cold.total == 3


async def test_overview_for_a_new_rep_is_empty(coach: Coach):
    overview = await coach.customers.overview(GUILD, BOB)
    assert overview.customers == []


async def test_suggest_puts_prefix_matches_first_and_stays_within_25(coach: Coach, clock):
    for name in ["Northwind", "Acme North", "Norland", "Globex"]:
        await coach.touches.log(GUILD, ALICE, customer=name, kind=TouchKind.HELP)
        clock.advance(days=1)
    assert await coach.customers.suggest(GUILD, ALICE, "nor") == ["Norland", "Northwind", "Acme North"]
    assert await coach.customers.suggest(GUILD, ALICE, "") == ["Globex", "Norland", "Acme North", "Northwind"]
    assert await coach.customers.suggest(GUILD, ALICE, "%") == []
    assert await coach.customers.suggest(GUILD, BOB, "nor") == []
    for index in range(30):
        await coach.touches.log(GUILD, ALICE, customer=f"Client {index:02}", kind=TouchKind.HELP)
    assert len(await coach.customers.suggest(GUILD, ALICE, "client")) == 25


async def test_rename_changes_the_name_and_keeps_history(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    outcome = await coach.customers.rename(GUILD, ALICE, "acme", "Acme Corporation")
    assert (outcome.old_name, outcome.new_name, outcome.needs_merge) == ("Acme", "Acme Corporation", False)
    assert [e.customer for e in await coach.touches.history(GUILD, ALICE)] == ["Acme Corporation"]


async def test_rename_changing_only_case(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="acme", kind=TouchKind.HELP)
    await coach.customers.rename(GUILD, ALICE, "ACME", "ACME")
    assert await coach.customers.suggest(GUILD, ALICE, "") == ["ACME"]


async def test_rename_onto_an_existing_customer_asks_then_merges(coach: Coach, clock):
    await coach.touches.log(GUILD, ALICE, customer="Acme Inc", kind=TouchKind.HELP, when="2026-03-08")
    await coach.touches.log(GUILD, ALICE, customer="Acme Inc", kind=TouchKind.THANKS, when="2026-03-08")
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP, when="2026-03-06")
    plan = await coach.customers.rename(GUILD, ALICE, "Acme Inc", "acme")
    assert plan.needs_merge and not plan.merged
    assert plan.touches_moved == 2
    assert len(await coach.customers.suggest(GUILD, ALICE, "")) == 2  # nothing changed yet
    done = await coach.customers.rename(GUILD, ALICE, "Acme Inc", "acme", merge=True)
    assert done.merged and done.new_name == "Acme"
    assert await coach.customers.suggest(GUILD, ALICE, "") == ["Acme"]
    overview = await coach.customers.overview(GUILD, ALICE)
    assert overview.customers[0].last_touched_on == date(2026, 3, 8)
    assert len(await coach.touches.history(GUILD, ALICE, customer="Acme")) == 3


async def test_rename_of_an_unknown_customer_is_not_found(coach: Coach):
    with pytest.raises(NotFound, match="no customer called"):
        await coach.customers.rename(GUILD, ALICE, "Ghost", "Casper")


async def test_suggest_treats_wildcards_as_text_and_fills_with_substrings(coach: Coach):
    for name in ["a_b Corp", "axb Corp", "Zeta a_b", "A_B Holdings"]:
        await coach.touches.log(GUILD, ALICE, customer=name, kind=TouchKind.HELP)
    assert await coach.customers.suggest(GUILD, ALICE, "a_b") == ["a_b Corp", "A_B Holdings", "Zeta a_b"]
    many = [f"Delta {n:03}" for n in range(40)]
    for name in many:
        await coach.touches.log(GUILD, ALICE, customer=name, kind=TouchKind.HELP)
    assert await coach.customers.suggest(GUILD, ALICE, "delta") == many[:25]


async def test_a_merge_keeps_the_merged_names_promises_under_the_name_kept(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    await coach.touches.log(GUILD, ALICE, customer="Acme Inc", kind=TouchKind.HELP)
    promise = await coach.promises.add(GUILD, ALICE, "Acme Inc", "send the pricing sheet", "tomorrow")
    await coach.customers.rename(GUILD, ALICE, "Acme Inc", "acme", merge=True)
    assert [(view.id, view.customer, view.what) for view in await coach.promises.open(GUILD, ALICE)] == [
        (promise.id, "Acme", "send the pricing sheet")
    ]
