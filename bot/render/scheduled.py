"""What the scheduler sends: reminder and digest DMs, manager nudges, and the weekly board post."""

from __future__ import annotations

from typing import Any

import discord

from bot.coach.leaderboard import Board
from bot.render.chart import bar_chart
from bot.render.text import BRAND_COLOUR, days_ago, plural, safe

MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


def reminder(payload: dict[str, Any], guild_name: str) -> dict[str, Any]:
    lines = [f"No customer touch logged yet today in **{safe(guild_name)}**. Who could use a call with no ask?"]
    coldest = payload.get("coldest") or []
    if coldest:
        lines.append("")
        lines.append("Your coldest relationships:")
        lines += [f"- **{safe(item['name'])}**: last touch {days_ago(item['days'])}" for item in coldest]
    lines.append("")
    lines.append("Log it with the button below or `/touch log` in the server. `/me settings` changes these.")
    return {"content": "\n".join(lines)}


def digest(payload: dict[str, Any], guild_name: str) -> dict[str, Any]:
    cold = payload.get("cold") or []
    items = [f"- **{safe(item['name'])}**: last touch {days_ago(item['days'])}" for item in cold]
    if payload.get("more"):
        items.append("- ...and more: `/customers list filter:Cold only` shows them all.")
    embed = discord.Embed(
        title=f"Going cold in {guild_name}"[:256],
        description=(
            f"{plural(len(cold), 'customer')} with no touch for {payload.get('cold_after_days', 14)}+ days, coldest "
            "first. A check-in with no ask is enough to warm one up.\n\n" + "\n".join(items)
        )[:4000],
        colour=BRAND_COLOUR,
    )
    return {"embed": embed}


def nudge(payload: dict[str, Any], guild_name: str) -> dict[str, Any]:
    sender = payload.get("from_name") or "Your manager"
    return {"content": f"**{safe(sender)}** ({safe(guild_name)}) says:\n>>> {safe(payload.get('message', ''))}"[:2000]}


def promise(payload: dict[str, Any], guild_name: str) -> dict[str, Any]:
    when = "today" if payload.get("when") == "today" else "tomorrow"
    return {
        "content": (
            f"Heads-up ({safe(guild_name)}): {when} is the day you promised **{safe(payload.get('customer', ''))}**: "
            f"{safe(payload.get('what', ''))}\nKeep it, and `/promise done id:{payload.get('id')}` logs the follow-up. "
            "If it can't happen, tell them before they have to ask."
        )[:2000]
    }


def board_embed(board: Board, title: str) -> discord.Embed:
    lines = []
    for row in board.rows:
        medal = MEDALS.get(row.rank, f"`#{row.rank}`")
        extra = f" · {plural(row.customers, 'customer')}"
        if row.reengaged:
            extra += f", {row.reengaged} re-engaged"
        if row.streak > 1:
            extra += f" · {row.streak}-day streak"
        lines.append(f"{medal} <@{row.user_id}>: **{row.points}**{extra}")
    embed = discord.Embed(
        title=title,
        description="\n".join(lines) if lines else "No relationship points yet. `/touch log` starts the week.",
        colour=BRAND_COLOUR,
    )
    team = (
        f"{board.team_points} points from {plural(board.reps_counted, 'rep')}, "
        f"{plural(board.team_customers, 'customer')} touched, {board.team_reengaged} re-engaged"
    )
    embed.add_field(name="The team", value=team, inline=False)
    if board.longest_streak:
        user_id, days = board.longest_streak
        embed.add_field(name="Longest streak", value=f"<@{user_id}>: {plural(days, 'day')}", inline=True)
    if board.best_listener:
        user_id, correct, answered = board.best_listener
        embed.add_field(name="Best listener", value=f"<@{user_id}>: {correct}/{answered} in the quiz", inline=True)
    if board.most_improved:
        user_id, gained = board.most_improved
        embed.add_field(name="Most improved", value=f"<@{user_id}>: +{gained} on the period before", inline=True)
    if board.most_reengaged:
        user_id, customers = board.most_reengaged
        embed.add_field(
            name="Most re-engaged", value=f"<@{user_id}>: {plural(customers, 'cold customer')} warmed up", inline=True
        )
    if board.promises_kept:
        embed.add_field(
            name="Promises kept on time",
            value=f"{board.promises_kept} by the team. Your word is the brand.",
            inline=True,
        )
    embed.set_footer(
        text="Points come from relationship actions and listening practice. Closes and revenue count for nothing here."
    )
    return embed


def board_post(payload: dict[str, Any], names: dict[int, str]) -> dict[str, Any]:
    board = Board.from_payload(payload)
    start = board.start.isoformat() if board.start else "the start"
    embed = board_embed(board, f"Relationship board: {start} to {board.end.isoformat()}")
    chart = bar_chart(
        "Relationship points this week",
        [(names.get(row.user_id, f"member {row.user_id}"), row.points) for row in board.rows],
    )
    embed.set_image(url="attachment://relationship-board.png")
    return {"embed": embed, "file": ("relationship-board.png", chart)}
