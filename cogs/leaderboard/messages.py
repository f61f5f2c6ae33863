"""The board as an embed (for `/leaderboard` and the weekly post), the weekly post with its chart, and the
caller's own rank."""

from __future__ import annotations

import discord

from bot.coach.leaderboard import Board
from bot.coach.outgoing import BoardPost
from bot.schedule.sender import Drawn, RenderContext
from bot.ui.chart import bar_chart
from bot.ui.text import BRAND_COLOUR, clip, plural, safe

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


CHART_TITLE = "Relationship points this week"


async def board_names(board: Board, context: RenderContext) -> dict[int, str]:
    """What the chart calls each ranked member: the display name Rapport last saw, else the one Discord gives
    (a request each, so only for members Rapport never saw), else their id."""
    user_ids = [row.user_id for row in board.rows]
    names = await context.coach.members.names(context.guild_id, user_ids)
    unseen = [user_id for user_id in user_ids if user_id not in names]
    if unseen:
        names.update(await context.member_names(unseen))
    return {user_id: clip(names.get(user_id) or f"member {user_id}", 32) for user_id in user_ids}


def chart_as_text(title: str, bars: list[tuple[str, int]]) -> str:
    """The chart's text equivalent, for a screen reader and for anyone whose client shows no image."""
    if not bars:
        return f"{title}: no points yet."
    listed = "; ".join(f"{safe(name)} {plural(points, 'point')}" for name, points in bars)
    return clip(f"{title}, highest first: {listed}.", 1024)


def board_title(board: Board) -> str:
    """The weekly board's title, also `/leaderboard week:N`'s for the same week."""
    start = board.start.isoformat() if board.start else "the start"
    return f"Relationship board: {start} to {board.end.isoformat()}"


async def draw_board(post: BoardPost, context: RenderContext) -> Drawn:
    board = post.board
    names = await board_names(board, context)
    embed = board_embed(board, board_title(board))
    bars = [(names[row.user_id], row.points) for row in board.rows]
    chart = bar_chart(CHART_TITLE, bars)
    embed.add_field(name="The chart, as text", value=chart_as_text(CHART_TITLE, bars), inline=False)
    embed.set_image(url="attachment://relationship-board.png")
    return Drawn(embed=embed, file=("relationship-board.png", chart))


def own_rank(board: Board) -> str:
    """The caller's place, told only to them (a private rep's rank is shown nowhere else)."""
    if board.caller is None:
        return "You have no relationship points in this period yet. `/touch log` or `/quiz start` changes that."
    points = plural(board.caller.points, "point")
    customers = plural(board.caller.customers, "customer")
    mine = f"You are **#{board.caller.rank}** of {board.reps_counted} with {points}, {customers} touched."
    if board.caller_manager:
        mine += (
            " Managers are left off this server's board, whatever their own board setting: only you see this rank"
            " (a manager can change that with `/coach setup board_includes_managers:True`)."
        )
    elif board.caller_private:
        mine += " Your board setting is private: only you see this rank (`/me settings board:public`)."
    return mine
