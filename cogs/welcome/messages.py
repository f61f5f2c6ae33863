"""What onboarding says: the welcome when Rapport joins, the start post, the first-day DM."""

from __future__ import annotations

import discord

from bot.coach.onboarding import Enrolment
from bot.coach.outgoing import FirstDay
from bot.ui.text import BRAND_COLOUR, safe

JOINED = (
    "Thanks for adding **Rapport**: it coaches your team to win by building relationships, not by pushing for "
    "the close. Three steps to start:\n"
    "1. `/coach setup`: pick the channel for the weekly board, your time zone and your work days.\n"
    "2. `/coach welcome` in your team's channel: each rep presses **Start** to enrol and gets a short daily "
    "reminder to log the customer touches they make.\n"
    "3. Log your own first touch with `/touch log`, and try `/quiz start`.\n"
    "Rapport ranks relationship actions (check-ins, listening calls, follow-ups, help given without selling), "
    "never closes or revenue. `/help` lists every command."
)


def start_post(from_name: str) -> discord.Embed:
    embed = discord.Embed(
        title="Start with Rapport",
        colour=BRAND_COLOUR,
        description=(
            "Rapport helps us win the way that lasts: by listening, following up and being honest with customers, "
            "not by pushing for the close.\n\n"
            "**Press Start** to pick your time zone and the time of your daily reminder. Then, each work day:\n"
            "• log the customer touches you make with `/touch log` (a check-in, a listening call, a follow-up "
            "after delivery, help given without selling);\n"
            "• practise a scenario with `/quiz start`, or a whole conversation with `/roleplay start`;\n"
            "• see who is going cold with `/customers list`.\n\n"
            "What you log is private to you; the weekly board counts relationship actions, never closes."
        ),
    )
    if from_name:
        embed.set_footer(text=f"Posted by {from_name}"[:2048])
    return embed


def enrolled(enrolment: Enrolment) -> str:
    config = enrolment.config
    now = "You're in" if enrolment.first_time else "Saved"
    return (
        f"{now}: reminders at **{config.reminder_time:%H:%M}**, {safe(config.timezone)} time, on your work days. "
        "A DM with how a day with Rapport goes is on its way; `/me settings` changes any of this."
    )


def first_day(message: FirstDay, guild_name: str) -> str:
    return (
        f"Welcome to Rapport in **{safe(guild_name)}**. Here is the daily rhythm:\n"
        f"• On your work days ({message.work_days}) at **{message.reminder_time}** ({message.timezone} time), I "
        "remind you if you haven't logged a touch yet, with the customers going coldest.\n"
        "• A touch is a relationship action: `/touch log customer:Acme kind:listening` for a call where you "
        "mostly listened, `follow_up` after a delivery, `help` when you helped without selling. It takes ten "
        "seconds; notes stay private.\n"
        "• Once a week you get the customers going cold, before they do.\n"
        "• Five minutes of practice: `/quiz start` (pick the reply that listens) or `/roleplay start` (say it "
        "in your own words).\n"
        "Closes and revenue earn nothing here; listening does. `/me away` pauses reminders on days off."
    )
