"""The board as an embed (for `/leaderboard` and the weekly post), the weekly post with its chart, and the
caller's own rank."""

from __future__ import annotations

import discord

from bot.coach.leaderboard import Board
from bot.coach.outgoing import BoardPost
from bot.i18n import _, command, ngettext
from bot.schedule.sender import Drawn, RenderContext
from bot.ui.chart import bar_chart
from bot.ui.text import BRAND_COLOUR, clip, safe

MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


def _customers(count: int) -> str:
    return ngettext("{count} customer", "{count} customers", count).format(count=count)


def _touched(count: int) -> str:
    return ngettext("{count} customer touched", "{count} customers touched", count).format(count=count)


def _board_line(row_rank: int, user_id: int, points: int, customers: int, reengaged: int, streak: int) -> str:
    medal = MEDALS.get(row_rank, f"`#{row_rank}`")
    extra = " · " + _customers(customers)
    if reengaged:
        extra += ", " + ngettext("{count} re-engaged", "{count} re-engaged", reengaged).format(count=reengaged)
    if streak > 1:
        extra += " · " + ngettext("{count}-day streak", "{count}-day streak", streak).format(count=streak)
    return f"{medal} <@{user_id}>: **{points}**{extra}"


def board_embed(board: Board, title: str) -> discord.Embed:
    lines = [
        _board_line(row.rank, row.user_id, row.points, row.customers, row.reengaged, row.streak) for row in board.rows
    ]
    embed = discord.Embed(
        title=title,
        description="\n".join(lines)
        if lines
        else _("No relationship points yet. {command} starts the week.").format(command=command("touch log")),
        colour=BRAND_COLOUR,
    )
    team = _("{points} from {reps}, {customers}, {reengaged}").format(
        points=ngettext("{count} point", "{count} points", board.team_points).format(count=board.team_points),
        reps=ngettext("{count} rep", "{count} reps", board.reps_counted).format(count=board.reps_counted),
        customers=_touched(board.team_customers),
        reengaged=ngettext("{count} re-engaged", "{count} re-engaged", board.team_reengaged).format(
            count=board.team_reengaged
        ),
    )
    embed.add_field(name=_("The team"), value=team, inline=False)
    if board.longest_streak:
        user_id, days = board.longest_streak
        streak = ngettext("{count} day", "{count} days", days).format(count=days)
        embed.add_field(name=_("Longest streak"), value=f"<@{user_id}>: {streak}", inline=True)
    if board.best_listener:
        user_id, correct, answered = board.best_listener
        embed.add_field(
            name=_("Best listener"),
            value=_("{member}: {correct}/{answered} in the quiz").format(
                member=f"<@{user_id}>", correct=correct, answered=answered
            ),
            inline=True,
        )
    if board.most_improved:
        user_id, gained = board.most_improved
        embed.add_field(
            name=_("Most improved"),
            value=_("{member}: +{gained} on the period before").format(member=f"<@{user_id}>", gained=gained),
            inline=True,
        )
    if board.most_reengaged:
        user_id, customers = board.most_reengaged
        warmed = ngettext("{count} cold customer warmed up", "{count} cold customers warmed up", customers)
        embed.add_field(
            name=_("Most re-engaged"), value=f"<@{user_id}>: " + warmed.format(count=customers), inline=True
        )
    if board.promises_kept:
        embed.add_field(
            name=_("Promises kept on time"),
            value=_("{count} by the team. Your word is the brand.").format(count=board.promises_kept),
            inline=True,
        )
    embed.set_footer(
        text=_(
            "Points come from relationship actions and listening practice. Closes and revenue count for nothing here."
        )
    )
    return embed


def chart_title() -> str:
    return _("Relationship points this week")


async def board_names(board: Board, context: RenderContext) -> dict[int, str]:
    """What the chart calls each ranked member: the display name Rapport last saw, else the one Discord gives
    (a request each, so only for members Rapport never saw), else their id."""
    user_ids = [row.user_id for row in board.rows]
    names = await context.coach.members.names(context.guild_id, user_ids)
    unseen = [user_id for user_id in user_ids if user_id not in names]
    if unseen:
        names.update(await context.member_names(unseen))
    return {user_id: clip(names.get(user_id) or _("member {id}").format(id=user_id), 32) for user_id in user_ids}


def chart_as_text(title: str, bars: list[tuple[str, int]]) -> str:
    """The chart's text equivalent, for a screen reader and for anyone whose client shows no image."""
    if not bars:
        return _("{title}: no points yet.").format(title=title)
    listed = "; ".join(
        f"{safe(name)} " + ngettext("{count} point", "{count} points", points).format(count=points)
        for name, points in bars
    )
    return clip(_("{title}, highest first: {listed}.").format(title=title, listed=listed), 1024)


def board_title(board: Board) -> str:
    """The weekly board's title, also `/leaderboard week:N`'s for the same week."""
    start = board.start.isoformat() if board.start else _("the start")
    return _("Relationship board: {start} to {end}").format(start=start, end=board.end.isoformat())


def period_title(period: str) -> str:
    """`/leaderboard`'s title for the current week, month or all time."""
    titles = {
        "week": _("Relationship board: the last 7 days"),
        "month": _("Relationship board: the last 30 days"),
        "all": _("Relationship board: all time"),
    }
    return titles[period]


async def draw_board(post: BoardPost, context: RenderContext) -> Drawn:
    board = post.board
    names = await board_names(board, context)
    embed = board_embed(board, board_title(board))
    bars = [(names[row.user_id], row.points) for row in board.rows]
    title = chart_title()
    chart = bar_chart(title, bars)
    embed.add_field(name=_("The chart, as text"), value=chart_as_text(title, bars), inline=False)
    embed.set_image(url="attachment://relationship-board.png")
    return Drawn(embed=embed, file=("relationship-board.png", chart))


def own_rank(board: Board) -> str:
    """The caller's place, told only to them (a private rep's rank is shown nowhere else)."""
    if board.caller is None:
        return _("You have no relationship points in this period yet. {touch} or {quiz} changes that.").format(
            touch=command("touch log"), quiz=command("quiz start")
        )
    points = ngettext("{count} point", "{count} points", board.caller.points).format(count=board.caller.points)
    mine = _("You are **#{rank}** of {reps} with {points}, {customers}.").format(
        rank=board.caller.rank, reps=board.reps_counted, points=points, customers=_touched(board.caller.customers)
    )
    if board.caller_manager:
        mine += " " + _(
            "Managers are left off this server's board, whatever their own board setting: only you see this rank"
            " (a manager can change that with {command})."
        ).format(command=command("coach setup", "board_includes_managers:True"))
    elif board.caller_private:
        mine += " " + _("Your board setting is private: only you see this rank ({command}).").format(
            command=command("me settings", "board:" + _("public"))
        )
    return mine
