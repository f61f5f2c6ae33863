"""Settings, the leaderboard, nudges and the scheduled messages, through real discord.py against SimCord.

The scheduler's loop is off in these tests; each test runs the planner and the drain itself, on the test
clock, and reads what landed in the members' DMs and the channel.
"""

from __future__ import annotations

from datetime import UTC, datetime

import discord

from tests.e2e.world import World, add_manager, answer_id, handled_errors


async def deliver(world: World) -> int:
    """One tick of the planner and one pass of the drain, as the scheduler would run them."""
    bot = world.env.bot
    await bot.coach.planner.tick()
    return await bot.drain(1000).run_once()


def sent_texts(world: World) -> list[str]:
    """The content of every message the bot created (DMs and channel posts)."""
    messages = [r for r in world.env.http_requests if r.method == "POST" and r.path.endswith("/messages")]
    return [r.json.get("content") or "" for r in messages]


async def test_setup_saves_and_show_prints_the_settings(world: World):
    manager = add_manager(world.env, world.guild)
    result = await manager.slash(
        world.channel,
        "coach setup",
        channel=world.channel,
        timezone="Europe/Paris",
        reminder_time="9:15",
        work_days="mon-thu",
        cold_after_days=10,
        point_weights="thanks=2",
    )
    assert result.ephemeral
    embed = result.response.embeds[0]
    fields = {field.name: field.value for field in embed.fields}
    assert fields["Channel for posts"] == world.channel.mention
    assert fields["Time zone"] == "Europe/Paris"
    assert fields["Reminders"] == "09:15 on Mon, Tue, Wed, Thu"
    assert fields["Cold after"] == "10 days"
    assert "thanks: 2" in fields["Points per touch"]
    shown = await manager.slash(world.channel, "coach show")
    assert {f.name: f.value for f in shown.response.embeds[0].fields}["Time zone"] == "Europe/Paris"


async def test_setup_refuses_an_unknown_zone_and_changes_nothing(world: World):
    manager = add_manager(world.env, world.guild)
    result = await manager.slash(world.channel, "coach setup", timezone="Mars/Olympus", reminder_time="8:00")
    assert result.ephemeral
    assert "`Mars/Olympus` is not a time zone I know" in result.response.content
    assert handled_errors(world.env) == ["InvalidInput"]
    shown = await manager.slash(world.channel, "coach show")
    assert "16:30" in {f.name: f.value for f in shown.response.embeds[0].fields}["Reminders"]


async def test_setup_refuses_a_channel_the_bot_cannot_post_in(world: World):
    manager = add_manager(world.env, world.guild)
    hidden = world.guild.create_text_channel(
        "managers-only",
        overwrites={world.guild.default_role: discord.PermissionOverwrite(send_messages=False)},
    )
    result = await manager.slash(world.channel, "coach setup", channel=hidden)
    assert "I can't post in" in result.response.content
    assert "Send Messages" in result.response.content
    assert handled_errors(world.env) == ["InvalidInput"]


async def test_zone_autocomplete(world: World):
    manager = add_manager(world.env, world.guild)
    choices = await manager.autocomplete(world.channel, "coach setup", "timezone", "europe/par")
    assert choices[0] == {"name": "Europe/Paris", "value": "Europe/Paris"}


async def test_a_manager_role_grants_coach_commands(world: World):
    manager = add_manager(world.env, world.guild)
    coaches = world.guild.create_role("Sales leads")
    await manager.slash(world.channel, "coach setup", manager_role=coaches)
    lead = world.guild.add_member(world.env.create_user("lead"), roles=[coaches])
    commands = await world.env.bot.tree.fetch_commands()
    coach_id = next(command.id for command in commands if command.name == "coach")
    world.guild.set_command_permissions(coach_id, {coaches: True})
    result = await lead.slash(world.channel, "coach show")
    assert result.response.embeds[0].title == "Rapport settings for this server"


async def test_me_settings_shows_and_changes_a_reps_own_settings(world: World):
    result = await world.alice.slash(world.channel, "me settings")
    fields = {f.name: f.value for f in result.response.embeds[0].fields}
    assert fields["Time zone"] == "UTC (the server's)"
    changed = await world.alice.slash(
        world.channel, "me settings", timezone="Asia/Kolkata", reminder_time="18:00", quiet_days="fri"
    )
    fields = {f.name: f.value for f in changed.response.embeds[0].fields}
    assert (fields["Time zone"], fields["Reminder time"], fields["Reminder days"]) == (
        "Asia/Kolkata",
        "18:00",
        "Mon, Tue, Wed, Thu",
    )
    bad = await world.alice.slash(world.channel, "me settings", reminder_time="teatime")
    assert "can't read `teatime` as a time" in bad.response.content
    assert handled_errors(world.env) == ["InvalidInput"]


async def test_leaderboard_is_public_and_your_rank_private(world: World):
    await world.log("Acme", kind="listening")
    await world.log("Globex", kind="thanks", rep=world.bob)
    result = await world.bob.slash(world.channel, "leaderboard")
    assert not result.ephemeral
    description = result.response.embeds[0].description
    assert description.index(f"<@{world.alice.id}>") < description.index(f"<@{world.bob.id}>")
    [mine] = result.followups
    assert mine.ephemeral
    assert mine.content.startswith("You are **#2** of 2 with 1 point")
    month = await world.alice.slash(world.channel, "leaderboard", period="all")
    assert month.followups[0].content.startswith("You are **#1**")


async def test_daily_reminder_dm_suggests_the_coldest_customers(world: World):
    clock = world.env.bot.clock
    clock.set(datetime(2026, 3, 2, 12, tzinfo=UTC))  # Monday
    await world.log("Sleepy Co")
    clock.set(datetime(2026, 3, 10, 12, tzinfo=UTC))  # Tuesday, no touch yet today
    await deliver(world)  # computes the next reminder: today 16:30 UTC
    clock.set(datetime(2026, 3, 10, 16, 31, tzinfo=UTC))
    assert await deliver(world) == 1
    assert await deliver(world) == 0  # planned once, sent once
    dms = [text for text in sent_texts(world) if "No customer touch logged yet today" in text]
    assert len(dms) == 1
    assert "**Sleepy Co**: last touch 8 days ago" in dms[0]
    sends = [r for r in world.env.http_requests if r.method == "POST" and r.path.endswith("/messages")]
    assert sends[-1].json["nonce"].startswith("rapport-")
    assert sends[-1].json["enforce_nonce"] is True


async def test_closed_dms_are_not_retried_and_the_rep_is_told_once(world: World):
    clock = world.env.bot.clock
    await world.log("Acme", when="yesterday")
    clock.set(datetime(2026, 3, 10, 16, 0, tzinfo=UTC))
    await deliver(world)
    clock.set(datetime(2026, 3, 10, 16, 31, tzinfo=UTC))
    world.env.inject_error("POST", "/channels/*/messages", status=403, code=50007, message="Cannot send messages")
    assert await deliver(world) == 0
    assert await deliver(world) == 0
    attempts = [r for r in world.env.http_requests if r.method == "POST" and r.path.endswith("/messages")]
    assert len(attempts) == 1  # a 403 counts toward Discord's invalid-request limit: never retried
    told = await world.alice.slash(world.channel, "touch history")
    assert "your DMs are closed to me" in told.response.content
    again = await world.alice.slash(world.channel, "touch history")
    assert "DMs are closed" not in (again.response.content or "")
    settings = await world.alice.slash(world.channel, "me settings")
    assert (
        "Discord refused my last DM" in {f.name: f.value for f in settings.response.embeds[0].fields}["Direct messages"]
    )


async def test_manager_nudge_now_and_later_with_cancel(world: World):
    manager = add_manager(world.env, world.guild)
    now = await manager.slash(
        world.channel, "coach nudge", member=world.alice, message="Great call with Acme @everyone!"
    )
    assert now.ephemeral and "will be sent now" in now.response.content
    assert await deliver(world) == 1
    [dm] = [text for text in sent_texts(world) if "says:" in text]
    assert "Great call with Acme @everyone!" in dm
    sends = [r for r in world.env.http_requests if r.method == "POST" and r.path.endswith("/messages")]
    assert sends[-1].json["allowed_mentions"] == {"parse": []}

    later = await manager.slash(world.channel, "coach nudge", member=world.bob, message="Ping Globex?", when="17:00")
    assert "will be sent at" in later.response.content
    listed = await manager.slash(world.channel, "coach nudges")
    assert "Ping Globex?" in listed.response.embeds[0].description
    cancelled = await manager.click(listed.response.message, label="Cancel 1")
    assert cancelled.ephemeral and "Cancelled" in cancelled.response.content
    world.env.bot.clock.set(datetime(2026, 3, 10, 17, 1, tzinfo=UTC))
    assert await deliver(world) == 0
    assert (await manager.slash(world.channel, "coach nudges")).response.content == "No pending nudges."


async def test_a_nudge_in_the_past_is_refused(world: World):
    manager = add_manager(world.env, world.guild)
    result = await manager.slash(
        world.channel, "coach nudge", member=world.alice, message="hi", when="2026-03-01 10:00"
    )
    assert "already passed" in result.response.content
    assert handled_errors(world.env) == ["InvalidInput"]


async def test_weekly_board_is_posted_with_a_chart(world: World):
    manager = add_manager(world.env, world.guild)
    await world.log("Acme", kind="listening")
    await world.log("Globex", kind="thanks", rep=world.bob)
    await manager.slash(world.channel, "coach setup", channel=world.channel)
    await deliver(world)
    world.env.bot.clock.set(datetime(2026, 3, 16, 9, 1, tzinfo=UTC))
    assert await deliver(world) == 1
    post = world.channel.last_message
    assert post.embeds[0].title == "Relationship board: 2026-03-09 to 2026-03-15"
    assert f"<@{world.alice.id}>" in post.embeds[0].description
    assert post.attachments[0].filename == "relationship-board.png"
    png = await post.attachments[0].read()
    assert png.startswith(b"\x89PNG")


async def test_daily_team_quiz_in_the_channel(world: World):
    manager = add_manager(world.env, world.guild)
    world.env.bot.clock.set(datetime(2026, 3, 10, 8, 0, tzinfo=UTC))
    saved = await manager.slash(world.channel, "coach setup", channel=world.channel, team_quiz=True)
    assert "on, 09:00 on work days" in {f.name: f.value for f in saved.response.embeds[0].fields}["Daily team quiz"]
    await deliver(world)
    world.env.bot.clock.set(datetime(2026, 3, 10, 9, 1, tzinfo=UTC))
    assert await deliver(world) == 1
    post = world.channel.last_message
    assert post.embeds[0].title.startswith("Team question")
    sent = [r.json for r in world.env.http_requests if r.method == "POST" and r.path.endswith("/messages")][-1]
    texts = [field["value"].replace("\\", "") for field in sent["embeds"][0]["fields"]]
    labels = [button["label"] for row in sent["components"] for button in row["components"]]
    assert [label[:3] for label in labels] == [f"{letter}: " for letter in "ABCD"[: len(texts)]]
    for label, text in zip(labels, texts, strict=True):
        assert len(label) <= 80 and text.startswith(label[3:].rstrip("…"))
    first = await world.alice.click(post, custom_id=answer_id(post, "A"))
    assert first.ephemeral
    assert "Principle:" in first.response.content
    await world.bob.click(post, custom_id=answer_id(post, "B"))
    again = await world.alice.click(post, custom_id=answer_id(post, "B"))
    assert "already answered" in again.response.content
    world.env.bot.clock.set(datetime(2026, 3, 11, 9, 1, tzinfo=UTC))
    assert await deliver(world) == 1
    assert world.channel.last_message.embeds[0].description.startswith("**Yesterday:** 2 answers")


async def test_weekly_going_cold_digest_by_dm(world: World):
    clock = world.env.bot.clock
    clock.set(datetime(2026, 3, 1, 12, tzinfo=UTC))
    await world.log("Frozen Foods")
    clock.set(datetime(2026, 3, 15, 12, tzinfo=UTC))  # Sunday
    await world.log("Warm Welcome")
    await deliver(world)
    clock.set(datetime(2026, 3, 16, 16, 31, tzinfo=UTC))  # Monday, the board's day, at reminder time
    assert await deliver(world) == 1  # the daily reminder and the weekly digest, due the same minute: one DM
    assert await deliver(world) == 0
    [sent] = [r.json for r in world.env.http_requests if r.method == "POST" and r.path.endswith("/messages")]
    assert "No customer touch logged yet today" in sent["content"]  # the reminder's text and buttons...
    labels = [button["label"] for row in sent["components"] for button in row["components"]]
    assert labels == ["Log a touch", "Snooze 2 h"]
    [digest] = sent["embeds"]  # ...and the digest's embed, in the same message
    assert digest["title"] == "Going cold in Sales floor"
    assert "**Frozen Foods**: last touch 15 days ago" in digest["description"]
    assert "Warm Welcome" not in digest["description"]
