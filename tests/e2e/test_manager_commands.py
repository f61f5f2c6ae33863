"""`/coach scenario ...`: managers add, import, list, disable and enable their own scenarios; reps can't."""

from __future__ import annotations

from tests.e2e.world import World, add_manager, handled_errors
from tests.unit.coach.test_quiz import OWN_PACK

FORM = {
    "theme": "Our Product",
    "context": "A facilities manager asks whether our sensors need Wi-Fi in every room.",
    "customer_says": "We have terrible Wi-Fi in the basement. Will that be a problem?",
    "replies": (
        "+ Which rooms matter most to you, and what does the basement hold? // Finds what coverage they need\n"
        "- Our sensors work anywhere, don't worry. // An over-promise about their building\n"
        "- Add our premium mesh kit and you're covered. // Upsell before understanding"
    ),
    "principle": "Understand their building before you promise coverage.",
}


async def coach_command_id(world: World) -> int:
    commands = await world.env.bot.tree.fetch_commands()
    return next(command.id for command in commands if command.name == "coach")


async def test_a_rep_who_was_shown_the_command_is_still_refused_on_the_server(world: World):
    world.guild.set_command_permissions(await coach_command_id(world), {world.alice: True})
    result = await world.alice.slash(world.channel, "coach scenario list")
    assert result.ephemeral
    assert "Only managers" in result.response.content
    assert handled_errors(world.env) == ["NotAManager"]


async def test_add_a_scenario_with_the_form_and_meet_it_in_the_quiz(world: World):
    manager = add_manager(world.env, world.guild)
    shown = await manager.slash(world.channel, "coach scenario add")
    assert shown.modal is not None
    saved = await manager.submit_modal(shown, FORM)
    assert saved.ephemeral
    assert "Added `our-product-1` to the **our-product** theme" in saved.response.content
    quiz = await world.alice.slash(world.channel, "quiz start", theme="our-product")
    assert "terrible Wi-Fi in the basement" in quiz.response.embeds[0].description


async def test_a_refused_form_keeps_the_text_for_a_resubmit(world: World):
    manager = add_manager(world.env, world.guild)
    shown = await manager.slash(world.channel, "coach scenario add")
    bad = {**FORM, "replies": FORM["replies"].replace("+ Which", "- Which")}
    refused = await manager.submit_modal(shown, bad)
    assert "needs at least one listening and one pushing reply" in refused.response.content
    reopened = await manager.click(refused.response.message, label="Edit and resubmit")
    fields = {
        component["custom_id"]: component.get("value")
        for row in reopened.modal["components"]
        for component in row["components"]
    }
    assert fields["context"] == FORM["context"]
    assert fields["replies"].startswith("- Which rooms")
    fixed = await manager.submit_modal(reopened, FORM)
    assert "Added `our-product-1`" in fixed.response.content


async def test_a_reply_line_in_the_wrong_form_is_explained(world: World):
    manager = add_manager(world.env, world.guild)
    shown = await manager.slash(world.channel, "coach scenario add")
    refused = await manager.submit_modal(shown, {**FORM, "replies": "just one line without markers"})
    assert "Reply line 1 isn't in the expected form" in refused.response.content


async def test_import_a_pack_then_list_it(world: World):
    manager = add_manager(world.env, world.guild)
    result = await manager.slash(world.channel, "coach scenario import", file=("ours.toml", OWN_PACK.encode()))
    assert result.ephemeral
    assert "Imported into **our-product**: 1 new scenario, 0 updated" in result.response.content
    # Its listening reply is the longest and the only question: imported all the same, with the table.
    assert "⚠️ A rep could pick the listening reply" in result.response.content
    assert "longest reply            100%    45%  over" in result.response.content
    listing = await manager.slash(world.channel, "coach scenario list")
    description = listing.response.embeds[0].description
    assert "`crm-webhooks` · our-product" in description
    assert "After the sale: delivery, reorder, next assignment**: 7 of 7 enabled" in description


async def test_an_import_with_errors_lists_them_all_and_imports_nothing(world: World):
    manager = add_manager(world.env, world.guild)
    broken = OWN_PACK.replace("difficulty = 2", "difficulty = 9").replace('stance = "listening"', 'stance = "x"')
    result = await manager.slash(world.channel, "coach scenario import", file=("ours.toml", broken.encode()))
    text = result.response.content
    assert "Nothing was imported: 2 problems to fix" in text
    assert "ours.toml: crm-webhooks: difficulty" in text
    assert "ours.toml: crm-webhooks: replies[0].stance: should be 'listening' or 'pushing'" in text
    choices = await world.alice.autocomplete(world.channel, "quiz start", "theme", "our")
    assert choices == []


async def test_import_refuses_files_that_are_not_toml(world: World):
    manager = add_manager(world.env, world.guild)
    result = await manager.slash(world.channel, "coach scenario import", file=("notes.txt", b"hello"))
    assert "`.toml` file" in result.response.content


async def test_disable_and_enable_a_pack_scenario(world: World):
    manager = add_manager(world.env, world.guild)
    choices = await manager.autocomplete(world.channel, "coach scenario disable", "id", "delivery-prob")
    assert choices == [
        {"name": "after-delivery-problem (after-the-sale, pack)", "value": "pack:after-delivery-problem"}
    ]
    done = await manager.slash(world.channel, "coach scenario disable", id="pack:after-delivery-problem")
    assert "`after-delivery-problem` (after-the-sale) is out of rotation" in done.response.content
    listing = await manager.slash(world.channel, "coach scenario list")
    assert "6 of 7 enabled (off: `after-delivery-problem`)" in listing.response.embeds[0].description
    back = await manager.autocomplete(world.channel, "coach scenario enable", "id", "")
    assert [choice["value"] for choice in back] == ["pack:after-delivery-problem"]
    await manager.slash(world.channel, "coach scenario enable", id="pack:after-delivery-problem")
    assert await manager.autocomplete(world.channel, "coach scenario enable", "id", "") == []


async def test_disabling_an_unknown_scenario_is_a_clear_error(world: World):
    manager = add_manager(world.env, world.guild)
    result = await manager.slash(world.channel, "coach scenario disable", id="nonsense")
    assert "No scenario `nonsense` here" in result.response.content
    assert handled_errors(world.env) == ["NotFound"]


async def test_a_long_list_of_import_problems_comes_as_a_file(world: World):
    manager = add_manager(world.env, world.guild)
    scenario = "[[scenarios]]" + OWN_PACK.split("[[scenarios]]", 1)[1]
    many = OWN_PACK.split("[[scenarios]]", 1)[0] + "".join(
        scenario.replace("crm-webhooks", f"crm-{n}").replace("difficulty = 2", "difficulty = 9") for n in range(40)
    )
    result = await manager.slash(world.channel, "coach scenario import", file=("big.toml", many.encode()))
    assert result.response.content == "Nothing was imported: 40 problems to fix. The full list is attached."
    [attachment] = result.response.attachments
    assert attachment.filename == "import-problems.txt"
    text = (await attachment.read()).decode()
    assert text.count("difficulty: should be between 1 and 3 (9 given)") == 40


async def test_scenario_disable_takes_a_typed_shipped_id(world: World):
    manager = add_manager(world.env, world.guild)
    shipped = next(iter(world.env.bot.coach.scenarios.library.scenarios.values()))
    result = await manager.slash(world.channel, "coach scenario disable", id=f"  {shipped.id.upper()} ")
    assert result.response.content.startswith(f"`{shipped.id}`")
    assert "out of rotation" in result.response.content
    listed = await manager.autocomplete(world.channel, "coach scenario enable", "id", shipped.id)
    assert [choice["value"] for choice in listed] == [shipped.key]
    back = await manager.slash(world.channel, "coach scenario enable", id=shipped.id)
    assert "back in rotation" in back.response.content
    unknown = await manager.slash(world.channel, "coach scenario disable", id="no-such-scenario")
    assert "No scenario `no-such-scenario` here" in unknown.response.content
    assert handled_errors(world.env) == ["NotFound"]
