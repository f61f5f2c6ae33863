"""What onboarding says: the welcome when Rapport joins, the start post, the first-day DM."""

from __future__ import annotations

import discord

from bot.coach.kinds import TouchKind
from bot.coach.onboarding import Enrolment
from bot.coach.outgoing import FirstDay
from bot.i18n import _, command
from bot.i18n.days import weekdays_text
from bot.ui.text import BRAND_COLOUR, safe


def joined() -> str:
    """The welcome when Rapport joins a server, in the current locale's language (the server's)."""
    return _(
        "Thanks for adding **Rapport**: it coaches your team to win by building relationships, not by pushing for "
        "the close. Three steps to start:\n"
        "1. {setup}: pick the channel for the weekly board, your time zone and your work days.\n"
        "2. {welcome} in your team's channel: each rep presses **Start** to enrol and gets a short daily "
        "reminder to log the customer touches they make.\n"
        "3. Log your own first touch with {log}, and try {quiz}.\n"
        "Rapport ranks relationship actions (check-ins, listening calls, follow-ups, help given without selling), "
        "never closes or revenue. {help} lists every command."
    ).format(
        setup=command("coach setup"),
        welcome=command("coach welcome"),
        log=command("touch log"),
        quiz=command("quiz start"),
        help=command("help"),
    )


def start_post(from_name: str) -> discord.Embed:
    embed = discord.Embed(
        title=_("Start with Rapport"),
        colour=BRAND_COLOUR,
        description=_(
            "Rapport helps us win the way that lasts: by listening, following up and being honest with customers, "
            "not by pushing for the close.\n\n"
            "**Press Start** to pick your time zone and the time of your daily reminder. Then, each work day:\n"
            "• log the customer touches you make with {log} (a check-in, a listening call, a follow-up "
            "after delivery, help given without selling);\n"
            "• practise a scenario with {quiz}, or a whole conversation with {roleplay};\n"
            "• see who is going cold with {customers}.\n\n"
            "What you log is private to you; the weekly board counts relationship actions, never closes."
        ).format(
            log=command("touch log"),
            quiz=command("quiz start"),
            roleplay=command("roleplay start"),
            customers=command("customers list"),
        ),
    )
    if from_name:
        embed.set_footer(text=_("Posted by {name}").format(name=from_name)[:2048])
    return embed


def enrolled(enrolment: Enrolment) -> str:
    config = enrolment.config
    text = (
        _(
            "You're in: reminders at **{time}**, {zone} time, on your work days. A DM with how a day with Rapport "
            "goes is on its way; {command} changes any of this."
        )
        if enrolment.first_time
        else _("Saved: reminders at **{time}**, {zone} time, on your work days. {command} changes any of this.")
    )
    return text.format(time=f"{config.reminder_time:%H:%M}", zone=safe(config.timezone), command=command("me settings"))


def first_day(message: FirstDay, guild_name: str) -> str:
    return _(
        "Welcome to Rapport in **{server}**. Here is the daily rhythm:\n"
        "• On your work days ({days}) at **{time}** ({zone} time), I remind you if you haven't logged a touch yet, "
        "with the customers going coldest.\n"
        "• A touch is a relationship action, logged with {log}: pick the kind that fits, like **{listening}**, "
        "**{follow_up}** or **{help}**. It takes ten seconds; notes stay private.\n"
        "• Once a week you get the customers going cold, before they do.\n"
        "• Five minutes of practice: {quiz} (pick the reply that listens) or {roleplay} (say it in your own "
        "words).\n"
        "Closes and revenue earn nothing here; listening does. {away} pauses reminders on days off."
    ).format(
        server=safe(guild_name),
        days=message.work_days if message.days is None else weekdays_text(message.days),
        time=message.reminder_time,
        zone=message.timezone,
        log=command("touch log"),
        listening=_(TouchKind.LISTENING.label),
        follow_up=_(TouchKind.FOLLOW_UP.label),
        help=_(TouchKind.HELP.label),
        quiz=command("quiz start"),
        roleplay=command("roleplay start"),
        away=command("me away"),
    )
