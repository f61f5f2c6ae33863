"""The conversation's buttons and the reply form. Every button carries the conversation id (and the Reply
button the turn), so a conversation survives a restart and a stale button gets a clear answer."""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.coach.outgoing import RolePlayAssignment
from bot.coach.roleplay_limits import MAX_REPLY
from bot.i18n import _, command
from bot.i18n.days import long_day
from bot.schedule.sender import Drawn, RenderContext
from bot.tree import edit, in_time, open_form, reply
from bot.ui.text import safe
from bot.ui.views import Interaction, PersistentButton, RapportModal
from cogs.roleplay.messages import report_embed, turn_embed

VIEW_TIMEOUT = 15 * 60


class ReplyForm(RapportModal):
    """Made when Reply is pressed, so its title and field read in that member's language (the field is made here
    rather than declared on the class: a class-level field would be English for everyone)."""

    def __init__(self, conversation_id: int, number: int) -> None:
        super().__init__(title=_("Your reply"), timeout=VIEW_TIMEOUT, custom_id=f"rp:form:{conversation_id}:{number}")
        self.conversation_id, self.number = conversation_id, number
        self.text: discord.ui.TextInput[ReplyForm] = discord.ui.TextInput(
            label=_("What you'd say to them"),
            style=discord.TextStyle.paragraph,
            max_length=MAX_REPLY,
            custom_id="reply",
            placeholder=_("In your own words, as you'd say it on the call or type it in the chat."),
        )
        self.add_item(self.text)

    async def submitted(self, interaction: Interaction) -> None:
        # A guild that opted in to the language model may wait on it for seconds: defer then, not before.
        turn = await in_time(
            interaction,
            interaction.client.coach.roleplay.reply(
                self.conversation_id, interaction.user.id, self.number, self.text.value
            ),
            update=True,
        )
        if turn.report is not None:
            await edit(interaction, embed=report_embed(turn.report, last=turn), view=report_view(turn.conversation_id))
            return
        await edit(interaction, embed=turn_embed(turn), view=conversation_view(turn.conversation_id, turn.number))


class ReplyButton(PersistentButton, template=r"rp:reply:(?P<cid>\d+):(?P<turn>\d+)"):
    def __init__(self, conversation_id: int, number: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=_("Reply"), style=discord.ButtonStyle.primary, custom_id=f"rp:reply:{conversation_id}:{number}"
            )
        )
        self.conversation_id, self.number = conversation_id, number

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls(int(match["cid"]), int(match["turn"]))

    async def pressed(self, interaction: Interaction) -> None:
        # The next reply's number: the form's submission is checked against the conversation there.
        await open_form(interaction, ReplyForm(self.conversation_id, self.number + 1))


class HintButton(PersistentButton, template=r"rp:hint:(?P<cid>\d+)"):
    def __init__(self, conversation_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=_("Hint"), style=discord.ButtonStyle.secondary, custom_id=f"rp:hint:{conversation_id}"
            )
        )
        self.conversation_id = conversation_id

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls(int(match["cid"]))

    async def pressed(self, interaction: Interaction) -> None:
        hint = await interaction.client.coach.roleplay.hint(self.conversation_id, interaction.user.id)
        await reply(interaction, f"💡 {_(hint)}")  # the fallback hint is marked; a persona's own shows as written


class EndButton(PersistentButton, template=r"rp:end:(?P<cid>\d+)"):
    def __init__(self, conversation_id: int) -> None:
        super().__init__(
            discord.ui.Button(label=_("End"), style=discord.ButtonStyle.danger, custom_id=f"rp:end:{conversation_id}")
        )
        self.conversation_id = conversation_id

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls(int(match["cid"]))

    async def pressed(self, interaction: Interaction) -> None:
        report = await interaction.client.coach.roleplay.end(self.conversation_id, interaction.user.id)
        await edit(interaction, embed=report_embed(report), view=report_view(self.conversation_id))


class ShareButton(PersistentButton, template=r"rp:share:(?P<cid>\d+)"):
    def __init__(self, conversation_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=_("Share with my manager"),
                style=discord.ButtonStyle.success,
                custom_id=f"rp:share:{conversation_id}",
            )
        )
        self.conversation_id = conversation_id

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls(int(match["cid"]))

    async def pressed(self, interaction: Interaction) -> None:
        await interaction.client.coach.roleplay.share(self.conversation_id, interaction.user.id)
        await reply(
            interaction,
            _("Shared: your managers can read this conversation with {command}. Nobody else sees it.").format(
                command=command("coach roleplay review")
            ),
        )


def conversation_view(conversation_id: int, number: int) -> discord.ui.View:
    view = discord.ui.View(timeout=VIEW_TIMEOUT)
    view.add_item(ReplyButton(conversation_id, number))
    view.add_item(HintButton(conversation_id))
    view.add_item(EndButton(conversation_id))
    return view


def report_view(conversation_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=VIEW_TIMEOUT)
    view.add_item(ShareButton(conversation_id))
    return view


class StartAssignedButton(PersistentButton, template=r"rp:start:(?P<guild>\d+):(?P<persona>[a-z0-9-]{1,40})"):
    """On an assignment DM: starts (or resumes) the conversation with the assigned persona, in that server."""

    def __init__(self, guild_id: int, persona_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=_("Start the role-play"),
                style=discord.ButtonStyle.success,
                custom_id=f"rp:start:{guild_id}:{persona_id}",
            )
        )
        self.guild_id, self.persona_id = guild_id, persona_id

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls(int(match["guild"]), match["persona"])

    async def pressed(self, interaction: Interaction) -> None:
        turn = await interaction.client.coach.roleplay.start(self.guild_id, interaction.user.id, self.persona_id)
        await reply(interaction, embed=turn_embed(turn), view=conversation_view(turn.conversation_id, turn.number))


async def draw_assignment(assignment: RolePlayAssignment, context: RenderContext) -> Drawn:
    if assignment.reminder:
        template = _(
            "Reminder ({server}): your role-play with **{persona}** is due tomorrow. Ten minutes, your own words;"
            " the button starts it."
        )
    elif assignment.due:
        template = _(
            "**{manager}** ({server}) asks you to practise a conversation with **{persona}** by {day}. Answer in"
            " your own words; a listening report comes at the end, and only you see it unless you share it."
        )
    else:
        template = _(
            "**{manager}** ({server}) asks you to practise a conversation with **{persona}**. Answer in your own"
            " words; a listening report comes at the end, and only you see it unless you share it."
        )
    text = template.format(
        manager=safe(assignment.from_name) if assignment.from_name else _("Your manager"),
        server=safe(context.guild_name),
        persona=safe(assignment.persona_name),
        day=long_day(assignment.due) if assignment.due else "",
    )
    view = discord.ui.View(timeout=None)
    view.add_item(StartAssignedButton(context.guild_id, assignment.persona_id))
    return Drawn(content=text[:2000], view=view)
