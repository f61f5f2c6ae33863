"""Reports people can read, through real discord.py against SimCord: names in every CSV and in the board's
chart, `/leaderboard week:N` as the posted board showed it, the manager's true board hint,
and a rep ahead of the server's time zone counted on her own day (the Tokyo gap)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from tests.e2e.world import World, add_manager

FORMULA = '=HYPERLINK("http://x")'


async def deliver(world: World) -> int:
    await world.env.bot.coach.planner.tick()
    return await world.env.bot.drain(1000).run_once()


async def csv_rows(result) -> list[dict[str, str]]:
    [attachment] = result.response.attachments
    return list(csv.DictReader(io.StringIO((await attachment.read()).decode())))


async def test_every_csv_names_reps_by_their_display_name_with_the_id_beside_it(world: World):
    manager = add_manager(world.env, world.guild)
    plotter = world.guild.add_member(world.env.create_user("plotter"), nick=FORMULA)
    await world.log("Acme", kind="listening")
    await world.log("-2+3 Holdings", kind="thanks", rep=plotter)
    report = await csv_rows(await manager.slash(world.channel, "coach report"))
    assert list(report[0])[:2] == ["display_name", "user_id"]
    by_id = {row["user_id"]: row["display_name"] for row in report}
    assert by_id[str(world.alice.id)] == "alice"
    assert by_id[str(plotter.id)] == "'" + FORMULA  # shown as written, never run as a formula
    export = await csv_rows(await manager.slash(world.channel, "coach export"))
    assert {(row["display_name"], row["user_id"], row["customer"]) for row in export} == {
        ("alice", str(world.alice.id), "Acme"),
        ("'" + FORMULA, str(plotter.id), "'-2+3 Holdings"),
    }


async def test_a_name_is_written_when_it_changes_and_not_on_every_command(world: World):
    await world.log("Acme")
    renamed = world.guild.add_member(world.env.create_user("alice-two"), nick="Alice B.")
    await world.log("Acme", rep=renamed)
    coach = world.env.bot.coach
    assert await coach.members.names(world.guild.id, [world.alice.id, renamed.id]) == {
        world.alice.id: "alice",
        renamed.id: "Alice B.",
    }
    [file] = (await renamed.slash(world.channel, "privacy export")).response.attachments
    assert json.loads(await file.read())["settings"]["display_name_when_last_seen"] == "Alice B."


async def test_the_weekly_chart_uses_known_names_and_says_itself_in_text(world: World):
    manager = add_manager(world.env, world.guild)
    shouter = world.guild.add_member(world.env.create_user("shouter"), nick="@everyone")
    await world.log("Acme", kind="listening")
    await world.log("Globex", kind="thanks", rep=shouter)
    await manager.slash(world.channel, "coach setup", channel=world.channel)
    await deliver(world)
    world.env.bot.clock.set(datetime(2026, 3, 16, 9, 1, tzinfo=UTC))
    assert await deliver(world) == 1
    post = world.channel.last_message
    fields = {field.name: field.value for field in post.embeds[0].fields}
    assert fields["The chart, as text"] == (
        "Relationship points this week, highest first: alice 3 points; @everyone 1 point."
    )
    [sent] = [r.json for r in world.env.http_requests if r.method == "POST" and r.path.endswith("/messages")]
    assert sent["allowed_mentions"] == {"parse": []}  # a name never pings
    assert not any(r.method == "GET" and "/members/" in r.path for r in world.env.http_requests)  # names known


async def test_leaderboard_week_1_is_the_week_the_posted_board_showed(world: World):
    manager = add_manager(world.env, world.guild)
    await manager.slash(world.channel, "coach setup", channel=world.channel)
    world.env.bot.clock.set(datetime(2026, 3, 9, 12, tzinfo=UTC))  # Monday of the week the board will show
    await world.log("Acme", kind="listening")
    world.env.bot.clock.set(datetime(2026, 3, 16, 8, tzinfo=UTC))  # next Monday, before the board's time
    await world.log("Globex", kind="thanks", rep=world.bob)  # Monday: next week's, on no board yet
    await deliver(world)
    world.env.bot.clock.set(datetime(2026, 3, 16, 9, 1, tzinfo=UTC))
    assert await deliver(world) == 1
    posted = world.channel.last_message.embeds[0]
    world.env.bot.clock.set(datetime(2026, 3, 18, 15, tzinfo=UTC))  # Wednesday: a rolling week would differ
    asked = (await world.bob.slash(world.channel, "leaderboard", week=1)).response.embeds[0]
    assert (asked.title, asked.description) == (posted.title, posted.description)
    assert asked.title == "Relationship board: 2026-03-09 to 2026-03-15"
    assert f"<@{world.alice.id}>" in asked.description and f"<@{world.bob.id}>" not in asked.description
    before = (await world.bob.slash(world.channel, "leaderboard", week=2)).response.embeds[0]
    assert before.title == "Relationship board: 2026-03-02 to 2026-03-08"


async def test_a_hidden_manager_is_told_managers_are_off_the_board_not_that_she_is_private(world: World):
    manager = add_manager(world.env, world.guild)
    await manager.slash(world.channel, "me settings", board="public")
    await world.log("Acme", kind="listening", rep=manager)
    mine = (await manager.slash(world.channel, "leaderboard")).followups[0].content
    assert "Managers are left off this server's board" in mine
    assert "board_includes_managers:True" in mine
    assert "private" not in mine
    await world.alice.slash(world.channel, "me settings", board="private")
    await world.log("Globex")
    private = (await world.alice.slash(world.channel, "leaderboard")).followups[0].content
    assert "Your board setting is private" in private


async def test_a_rep_on_tokyo_time_in_a_new_york_server_counts_on_her_own_day(world: World):
    """00:00-05:00 UTC: her Tuesday, the server's Monday. Her touch and her kept promise count at once in the
    board, her rank and the report; the posted weekly board still closes for everyone at its one instant."""
    manager = add_manager(world.env, world.guild)
    clock = world.env.bot.clock
    clock.set(datetime(2026, 3, 9, 12, tzinfo=UTC))
    await manager.slash(world.channel, "coach setup", channel=world.channel, timezone="America/New_York")
    await world.alice.slash(world.channel, "me settings", timezone="Asia/Tokyo")
    await world.log("Globex", kind="thanks", rep=world.bob)  # Monday in New York
    clock.set(datetime(2026, 3, 10, 2, tzinfo=UTC))  # Tue 11:00 in Tokyo, Mon 22:00 in New York
    logged = await world.log("Acme", kind="listening")
    assert "Logged" in logged.response.content
    board = await world.alice.slash(world.channel, "leaderboard")
    assert f"<@{world.alice.id}>: **3**" in board.response.embeds[0].description
    assert board.followups[0].content.startswith("You are **#1** of 2 with 3 points")
    report = await manager.slash(world.channel, "coach report")
    assert f"<@{world.alice.id}>: 1 touch" in report.response.embeds[0].description
    rows = {row["user_id"]: row for row in await csv_rows(report)}
    assert (rows[str(world.alice.id)]["touches"], rows[str(world.alice.id)]["points"]) == ("1", "3")
    assert rows[str(world.bob.id)]["touches"] == "1"
    coach = world.env.bot.coach  # a promise due on her Tuesday, kept on it: counted while New York is on Monday
    promise = await coach.promises.add(world.guild.id, world.alice.id, "Acme", "Send the deck", "today")
    await coach.promises.done(world.guild.id, world.alice.id, promise.id)
    report = await manager.slash(world.channel, "coach report")
    assert "1 promise kept on time" in report.response.embeds[0].description
    rows = {row["user_id"]: row for row in await csv_rows(report)}
    kept = {user_id: row["promises_kept_on_time"] for user_id, row in rows.items()}
    assert kept == {str(world.alice.id): "1", str(world.bob.id): "0"}
    # Sunday 21:00 in New York is her Monday 10:00: next week's touch, not on the board posted at Monday 09:00.
    clock.set(datetime(2026, 3, 16, 1, tzinfo=UTC))
    await world.log("Initech", kind="listening")
    await deliver(world)
    clock.set(datetime(2026, 3, 16, 13, 1, tzinfo=UTC))  # Monday 09:01 in New York
    assert await deliver(world) == 1
    posted = world.channel.last_message.embeds[0]
    assert posted.title == "Relationship board: 2026-03-09 to 2026-03-15"
    assert f"<@{world.alice.id}>: **6**" in posted.description  # her Tuesday's touch and kept promise
    asked = (await world.alice.slash(world.channel, "leaderboard", week=1)).response.embeds[0]
    assert asked.description == posted.description


async def test_the_roleplay_report_csv_names_reps_too(world: World):
    manager = add_manager(world.env, world.guild)
    plotter = world.guild.add_member(world.env.create_user("plotter"), nick="+1 555 0100")
    started = await plotter.slash(world.channel, "roleplay start")
    await plotter.click(started.response.message, label="End")
    rows = await csv_rows(await manager.slash(world.channel, "coach roleplay report", period="all"))
    assert [(row["display_name"], row["user_id"], row["conversations"]) for row in rows] == [
        ("'+1 555 0100", str(plotter.id), "1")
    ]
