"""The one answer path: every response, deferral, edit and follow-up goes through this module.

`reply()` and its siblings own what every answer must get right: private unless asked otherwise, never
pinging anyone (user text is in most answers), within Discord's limits, and carrying, once, the notice that
the member's DMs were found closed. The tree's single error handler turns domain errors into short private
answers through the same path. `tests/test_house.py` fails on any interaction answered elsewhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Sequence
from typing import Any, TypeVar, cast

import discord
from discord import app_commands

from bot import arrival
from bot.coach import Coach
from bot.coach.errors import CoachError
from bot.db.engine import unreachable
from bot.foreground import Foreground
from bot.i18n import N_, _, set_locale
from bot.metrics import FAILED, NO_METRICS, OK, REFUSED, UNAVAILABLE, Metrics

log = logging.getLogger(__name__)

T = TypeVar("T")
Interaction = discord.Interaction[discord.Client]

GENERIC_FAILURE = N_("Something went wrong on my side and nothing was saved. Please try again in a moment.")
DATABASE_DOWN = N_("Rapport can't reach its database right now; nothing was saved. Please try again in a minute.")
STALE_COMMAND = N_("That command has changed since Discord showed it to you: reload Discord (Ctrl+R) and try again.")
NOT_A_MEMBER = N_("That user isn't a member of this server (they may have left).")

# Discord wants a first response within 3 s of the event. Work that finishes sooner than this is answered in
# one response; slower work defers at this point and the answer then edits the "thinking..." message.
DEFER_AFTER = 1.5
MAX_CONTENT = 2000
# The check-in before a command is one read. Past `DEFER_AFTER` the command is deferred (a form cannot follow a
# deferral: its command is refused instead); past `CHECK_IN_GIVE_UP` the database counts as unreachable. A
# PostgreSQL behind a dropped network would otherwise hold the command for asyncpg's 60 s connect timeout.
CHECK_IN_GIVE_UP = 10.0
# Discord shows no "thinking..." for an autocomplete: its one answer is due within the same 3 s.
AUTOCOMPLETE_BUDGET = 2.5
# Discord's limits on embeds (the whole message's embeds together: 6,000 characters).
EMBED_LIMITS = {
    "title": 256,
    "description": 4096,
    "footer": 2048,
    "author": 256,
    "field_name": 256,
    "field_value": 1024,
}
MAX_EMBED_TOTAL = 6000

DM_NOTICE = (
    "-# I couldn't send you a direct message: your DMs are closed to me. To get reminders, open this server's "
    "menu, Privacy Settings, and allow direct messages; then `/me settings dms:True`."
)
_DEFERRED_EPHEMERAL = "deferred_ephemeral"
# (metrics, perf_counter when the command reached the tree), until its first response is timed.
_ANSWER_TIMER = "answer_timer"
_OUTCOME_COUNTED = "outcome_counted"


def _first_answer_sent(interaction: Interaction, answer: str) -> None:
    """Time the command's first response (only the first: the timer is taken out of the extras)."""
    timer = interaction.extras.pop(_ANSWER_TIMER, None)
    if timer is not None:
        metrics, arrived = timer
        metrics.first_answer(answer, time.perf_counter() - arrived)


def _clipped(content: str | None) -> str | None:
    return None if content is None else _clip(content, MAX_CONTENT)


def _fitted(embed: discord.Embed | None) -> discord.Embed | None:
    """The embed within Discord's limits: an echoed input too long for a field is clipped, not refused by
    Discord with the interaction left unanswered. Embeds built from fixed text pass through unchanged."""
    if embed is None or (len(embed) <= MAX_EMBED_TOTAL and _within_field_limits(embed)):
        return embed
    fitted = embed.copy()
    if fitted.title:
        fitted.title = _clip(fitted.title, EMBED_LIMITS["title"])
    if fitted.description:
        fitted.description = _clip(fitted.description, EMBED_LIMITS["description"])
    if fitted.footer.text:
        fitted.set_footer(text=_clip(fitted.footer.text, EMBED_LIMITS["footer"]), icon_url=fitted.footer.icon_url)
    if fitted.author.name:
        author = fitted.author
        fitted.set_author(
            name=_clip(author.name or "", EMBED_LIMITS["author"]), url=author.url, icon_url=author.icon_url
        )
    for index, field in enumerate(fitted.fields):
        fitted.set_field_at(
            index,
            name=_clip(field.name or "…", EMBED_LIMITS["field_name"]),
            value=_clip(field.value or "…", EMBED_LIMITS["field_value"]),
            inline=bool(field.inline),
        )
    excess = len(fitted) - MAX_EMBED_TOTAL
    if excess > 0 and fitted.description:  # the description is where long text goes
        fitted.description = _clip(fitted.description, max(len(fitted.description) - excess, 1))
    while len(fitted) > MAX_EMBED_TOTAL and fitted.fields:
        fitted.remove_field(-1)
    return fitted


def _within_field_limits(embed: discord.Embed) -> bool:
    return (
        len(embed.title or "") <= EMBED_LIMITS["title"]
        and len(embed.description or "") <= EMBED_LIMITS["description"]
        and len(embed.footer.text or "") <= EMBED_LIMITS["footer"]
        and len(embed.author.name or "") <= EMBED_LIMITS["author"]
        and all(
            len(field.name or "") <= EMBED_LIMITS["field_name"]
            and len(field.value or "") <= EMBED_LIMITS["field_value"]
            for field in embed.fields
        )
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _with_notice(interaction: Interaction, content: str | None, *, ephemeral: bool) -> str | None:
    """The closed-DM notice joins the first private answer: a public one (a board) would tell the channel."""
    if not ephemeral or not interaction.extras.pop("dm_notice", False):
        return content
    if content and len(content) + len(DM_NOTICE) + 2 > MAX_CONTENT:
        content = content[: MAX_CONTENT - len(DM_NOTICE) - 3] + "…"
    return f"{content}\n\n{DM_NOTICE}" if content else DM_NOTICE


async def reply(
    interaction: Interaction,
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    files: Sequence[discord.File] = (),
    ephemeral: bool = True,
) -> None:
    """Send the answer whatever state the interaction is in (fresh, deferred, or already answered).

    A deferred interaction's answer edits the "thinking..." message, whose privacy was fixed at `defer()`.
    """
    deferred = _DEFERRED_EPHEMERAL in interaction.extras  # deferred, and the "thinking..." not yet replaced
    if deferred:
        ephemeral = bool(interaction.extras[_DEFERRED_EPHEMERAL])
    content = _clipped(_with_notice(interaction, content, ephemeral=ephemeral))
    extra: dict[str, Any] = {"allowed_mentions": discord.AllowedMentions.none()}
    if embed is not None:
        extra["embed"] = _fitted(embed)
    if view is not None:
        extra["view"] = view
    if not interaction.response.is_done():
        await interaction.response.send_message(content, ephemeral=ephemeral, files=list(files), **extra)
        _first_answer_sent(interaction, "reply")
    elif deferred:
        interaction.extras.pop(_DEFERRED_EPHEMERAL, None)  # answered: later answers are follow-ups
        await interaction.edit_original_response(content=content, attachments=list(files), **extra)
    else:
        await interaction.followup.send(
            content or discord.utils.MISSING, ephemeral=ephemeral, files=list(files), **extra
        )


KEEP: Any = discord.utils.MISSING  # an edit leaves this part of the message as it is


def _edits(content: Any, embed: Any, view: Any) -> dict[str, Any]:
    return {
        "content": content if content is KEEP else _clipped(content),
        "embed": embed if embed is KEEP else _fitted(embed),
        "view": view,
        "allowed_mentions": discord.AllowedMentions.none(),
    }


async def edit(
    interaction: Interaction,
    content: str | None = KEEP,
    *,
    embed: discord.Embed | None = KEEP,
    view: discord.ui.View | None = KEEP,
) -> None:
    """Answer a button press by changing the message the button is on; what is not given stays, `None`
    removes it. After `in_time(..., update=True)` deferred it, the same edit goes through the webhook."""
    if interaction.response.is_done():
        await interaction.edit_original_response(**_edits(content, embed, view))
        return
    await interaction.response.edit_message(**_edits(content, embed, view))
    _first_answer_sent(interaction, "reply")


async def edit_original(
    interaction: Interaction,
    content: str | None = KEEP,
    *,
    embed: discord.Embed | None = KEEP,
    view: discord.ui.View | None = KEEP,
) -> None:
    """Change a reply this interaction already sent (a view that timed out tidies its message)."""
    await interaction.edit_original_response(**_edits(content, embed, view))


async def open_form(interaction: Interaction, form: discord.ui.Modal) -> None:
    """Answer with a form (a modal): the answer then comes from its submission."""
    await interaction.response.send_modal(form)
    _first_answer_sent(interaction, "form")


async def defer(interaction: Interaction, *, ephemeral: bool = True, update: bool = False) -> None:
    """Acknowledge within Discord's 3 s before doing work that touches the database. With `update`, a button
    (or the form it opened) says its answer will edit the message it is on, with no "thinking..." message."""
    if not interaction.response.is_done():
        if update:
            await interaction.response.defer()
        else:
            interaction.extras[_DEFERRED_EPHEMERAL] = ephemeral
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        _first_answer_sent(interaction, "deferral")


async def in_time(interaction: Interaction, work: Awaitable[T], *, ephemeral: bool = True, update: bool = False) -> T:
    """Run the command's work and return its result, deferring only if it is still running after
    `DEFER_AFTER` seconds. A quick command (most of them) then costs one request to Discord, not two.
    `update`: the answer will be an `edit` of the message a button is on."""
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
        if not done:
            await defer(interaction, ephemeral=ephemeral, update=update)
        return await task
    except BaseException:
        task.cancel()
        raise


class DatabaseUnavailable(app_commands.AppCommandError):
    """The database could not be reached (or took too long) before the command did anything."""


class BeforeTheCommand(app_commands.AppCommandError):
    """An error raised before the command ran (reading its options, the check-in), carried to the tree's
    handler: discord.py passes only `AppCommandError`s to it, and lets anything else escape unanswered."""


def message_for(error: BaseException) -> str | None:
    """The text to show for an expected failure, or None for a bug."""
    if isinstance(error, app_commands.CommandInvokeError | BeforeTheCommand):
        error = error.__cause__ or error
    if isinstance(error, app_commands.TransformerError) and error.__cause__ is None:
        if error.type in (discord.AppCommandOptionType.user, discord.AppCommandOptionType.mentionable):
            return NOT_A_MEMBER
        return _("That {option} can't be used here; choose another.").format(option=error.type.name)
    if isinstance(error, app_commands.TransformerError):
        error = error.__cause__ or error
    if isinstance(error, CoachError):
        return error.localized()
    if isinstance(error, arrival.OptionRefused):
        return str(error)
    if isinstance(error, DatabaseUnavailable) or unreachable(error):
        return DATABASE_DOWN
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        return STALE_COMMAND
    if isinstance(error, app_commands.NoPrivateMessage):
        return _("Rapport's commands work inside a server, where your team is.")
    if isinstance(error, app_commands.CommandOnCooldown):
        return _("Slow down a little: try again in {seconds:.0f} s.").format(seconds=error.retry_after)
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or _("You don't have permission to use this command.")
    return None


async def answer_error(interaction: Interaction, error: BaseException) -> None:
    """Tell the user what went wrong, privately; log anything that was not expected.

    An autocomplete can only be answered with choices: it gets none."""
    set_locale(interaction.locale.value)
    text = message_for(error)
    if text is None or text is DATABASE_DOWN:
        command = interaction.command.qualified_name if interaction.command else None
        log.log(
            logging.WARNING if text is DATABASE_DOWN else logging.ERROR,
            "%s in %s (guild %s, user %s, custom_id %s)",
            "database unreachable" if text is DATABASE_DOWN else "unexpected error",
            command or "a component",
            interaction.guild_id,
            interaction.user.id,
            interaction.data.get("custom_id") if interaction.data else None,
            exc_info=error,
        )
    try:
        if interaction.type is discord.InteractionType.autocomplete:
            await no_choices(interaction)
        else:
            await reply(interaction, _(text or GENERIC_FAILURE))
    except discord.HTTPException:
        log.warning("could not deliver an error message for interaction %s", interaction.id, exc_info=True)


async def no_choices(interaction: Interaction) -> None:
    """Answer an autocomplete that failed (or ran out of time) with no choices rather than leave it spinning."""
    if not interaction.response.is_done():
        await interaction.response.autocomplete([])


def command_name(interaction: Interaction) -> str:
    """The command's full name (`touch log`), or `unknown` for one this bot does not have (a stale command)."""
    try:
        command = interaction.command
    except app_commands.AppCommandError:
        command = None
    return command.qualified_name if command is not None else "unknown"


def outcome_of(error: BaseException) -> tuple[str, str]:
    """How a failed command ended, for the metrics: the outcome and the class of the error behind it."""
    text = message_for(error)
    cause = error
    while isinstance(cause, app_commands.CommandInvokeError | BeforeTheCommand | app_commands.TransformerError):
        if cause.__cause__ is None:
            break
        cause = cause.__cause__
    outcome = FAILED if text is None else UNAVAILABLE if text is DATABASE_DOWN else REFUSED
    return outcome, type(cause).__name__


def member_rights(interaction: Interaction) -> dict[str, Any]:
    """What `Members.check_in` needs to know of the member: their rights in the guild, the name they show
    there (reports call them by it) and their Discord's language (their DMs are drawn in it)."""
    return {
        "manage_guild": interaction.permissions.manage_guild or interaction.permissions.administrator,
        "role_ids": {role.id for role in getattr(interaction.user, "roles", [])},
        "display_name": interaction.user.display_name,
        "locale": interaction.locale.value,
    }


def answers_with_form(command: object) -> bool:
    """Whether the command's first answer is a form: nothing can be deferred before it."""
    return bool(getattr(command, "extras", {}).get("answer") == "form")


def answers_publicly(command: object) -> bool:
    """Whether the command's answer is for the channel (`extras={"answer": "public"}`), so a deferral made
    for it must be public too."""
    return bool(getattr(command, "extras", {}).get("answer") == "public")


class RapportTree(app_commands.CommandTree[discord.Client]):
    """The command tree: options re-checked and one check-in before each command, one error handler after any
    failure, wherever it was raised.

    `RapportBot.setup_hook` hands it the coach; until then (and in tests that load no database) commands run
    without the check-in."""

    coach: Coach | None = None
    foreground: Foreground | None = None
    metrics: Metrics = NO_METRICS

    async def _call(self, interaction: Interaction) -> None:
        """discord.py's dispatch, with what it leaves unanswered answered: an exception that is not an
        `AppCommandError` goes to `on_error` like the others, and an autocomplete that failed, or is still
        working when its time is nearly up, gets an empty list (discord.py only logs the failure).

        With metrics on, a command is timed from here to its first response, and counted as it ends: here when
        it succeeded, in `on_error` when it did not."""
        set_locale(interaction.locale.value)  # this task's messages, and its error's, in the member's language
        autocomplete = interaction.type is discord.InteractionType.autocomplete
        counted = self.metrics.enabled and not autocomplete
        if counted:
            interaction.extras[_ANSWER_TIMER] = (self.metrics, time.perf_counter())
        try:
            call = super()._call(interaction)
            await (asyncio.wait_for(call, AUTOCOMPLETE_BUDGET) if autocomplete else call)
        except app_commands.AppCommandError:
            raise
        except Exception as error:
            raise BeforeTheCommand(str(error) or type(error).__name__) from error
        else:
            if counted and not interaction.extras.get(_OUTCOME_COUNTED):
                self.metrics.command_finished(command_name(interaction), OK)
        finally:
            if autocomplete:
                with contextlib.suppress(discord.HTTPException):
                    await no_choices(interaction)

    async def interaction_check(self, interaction: Interaction, /) -> bool:
        """Before each command: its options checked against what it declares (and U+0000 taken out of text),
        then one read that notes the member's manager rights, display name and locale, and whether their reply should
        say that their DMs were found closed (`reply` then adds a line on how to fix it)."""
        data: Any = interaction.data or {}
        if (
            interaction.type
            not in (
                discord.InteractionType.application_command,
                discord.InteractionType.autocomplete,
            )
            or data.get("type", 1) != discord.AppCommandType.chat_input.value
        ):
            return True
        command, found = self._get_app_command_options(data)
        options = cast(list[dict[str, Any]], found)
        arrival.without_nul(options)
        if interaction.type is not discord.InteractionType.application_command:
            return True
        if isinstance(command, app_commands.Command):
            arrival.check(command, options, data.get("resolved") or {})
        if self.coach is None or interaction.guild_id is None:
            return True
        check = await self._check_in(interaction, command)
        interaction.extras["dm_notice"] = check.dm_notice
        interaction.extras["new_member"] = not check.known
        if self.foreground is not None:
            self.foreground.begin()
            interaction.extras["foreground"] = self.foreground
        return True

    async def _check_in(self, interaction: Interaction, command: object) -> Any:
        """The member's check-in, answered within Discord's 3 s whatever the database does: deferred when it
        is slow, refused as unreachable when it fails to connect or is much too slow."""
        assert self.coach is not None and interaction.guild_id is not None  # noqa: S101 - checked by the caller
        work = asyncio.ensure_future(
            self.coach.members.check_in(interaction.guild_id, interaction.user.id, **member_rights(interaction))
        )
        try:
            done, _ = await asyncio.wait({work}, timeout=DEFER_AFTER)
            if not done:
                if answers_with_form(command):
                    raise DatabaseUnavailable("check-in slower than a form allows")
                await defer(interaction, ephemeral=not answers_publicly(command))
                done, _ = await asyncio.wait({work}, timeout=CHECK_IN_GIVE_UP - DEFER_AFTER)
                if not done:
                    raise DatabaseUnavailable(f"check-in slower than {CHECK_IN_GIVE_UP} s")
            return work.result()
        except DatabaseUnavailable:
            raise
        except Exception as error:
            if unreachable(error):
                raise DatabaseUnavailable(str(error)) from error
            raise BeforeTheCommand(str(error)) from error
        finally:
            work.cancel()

    async def on_error(self, interaction: Interaction, error: app_commands.AppCommandError, /) -> None:
        if self.metrics.enabled and interaction.type is discord.InteractionType.application_command:
            interaction.extras[_OUTCOME_COUNTED] = True
            self.metrics.command_finished(command_name(interaction), *outcome_of(error))
        try:
            await answer_error(interaction, error)
        finally:
            command_done(interaction)


def command_done(interaction: Interaction) -> None:
    """The command was answered (or failed): background work need not wait for it any more."""
    foreground = interaction.extras.pop("foreground", None)
    if foreground is not None:
        foreground.end()
