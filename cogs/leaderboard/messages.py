"""The board as an embed (for `/leaderboard` and the weekly post), the weekly post with its chart, and the
caller's own rank."""

from __future__ import annotations

import discord

from bot.coach.leaderboard import Board
from bot.coach.outgoing import BoardPost
from bot.schedule.sender import Drawn, RenderContext
from bot.ui.chart import bar_chart
from bot.ui.text import BRAND_COLOUR, plural

MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


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


async def draw_board(post: BoardPost, context: RenderContext) -> Drawn:
    board = post.board
    names = await context.member_names([row.user_id for row in board.rows])
    start = board.start.isoformat() if board.start else "the start"
    embed = board_embed(board, f"Relationship board: {start} to {board.end.isoformat()}")
    chart = bar_chart(
        "Relationship points this week",
        [(names.get(row.user_id, f"member {row.user_id}"), row.points) for row in board.rows],
    )
    embed.set_image(url="attachment://relationship-board.png")
    return Drawn(embed=embed, file=("relationship-board.png", chart))


def own_rank(board: Board) -> str:
    """The caller's place, told only to them (a private rep's rank is shown nowhere else)."""
    if board.caller is None:
        return "You have no relationship points in this period yet. `/touch log` or `/quiz start` changes that."
    points = plural(board.caller.points, "point")
    customers = plural(board.caller.customers, "customer")
    mine = f"You are **#{board.caller.rank}** of {board.reps_counted} with {points}, {customers} touched."
    if board.caller_private:
        mine += " Your board setting is private: only you see this rank (`/me settings board:public`)."
    return mine
