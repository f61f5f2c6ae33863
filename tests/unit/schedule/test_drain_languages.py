"""Every DM in the rep's own language: the locale their Discord last reported, else the server's preferred one,
else English; drawn by the features' real renderers (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.coach import Coach
from bot.coach.kinds import TouchKind
from bot.coach.outbox import Planned
from bot.coach.outgoing import (
    ColdCustomer,
    ColdDigest,
    FirstDay,
    Message,
    Nudge,
    PromiseHeadsUp,
    QuizAssignment,
    Reminder,
    RolePlayAssignment,
    StartPost,
)
from bot.db.models import OutboxMessage
from bot.foreground import Foreground
from bot.i18n import using
from bot.schedule.drain import Drain
from bot.schedule.sender import Drawn, RenderContext, Renderers, combined, message_fingerprint
from cogs.coach.messages import draw_nudge
from cogs.customers.messages import draw_digest
from cogs.promises.messages import draw_heads_up
from cogs.quiz.assignment import draw_quiz_assignment
from cogs.roleplay.views import draw_assignment
from cogs.touches.reminder import draw_reminder
from cogs.welcome.views import draw_first_day, draw_start_post
from tests.conftest import SteppingClock

SPANISH_SERVER, PLAIN_SERVER = 1001, 1002
ANA, BEN, CARA, DANI = 501, 502, 503, 504  # es-ES stored; en-US stored; no row (server's); no row, no locale
DUE = datetime(2026, 3, 16, 16, 30, tzinfo=UTC)
DAY = date(2026, 3, 16)
REMINDER = Reminder(DAY, (ColdCustomer("Acme", 3),))
DIGEST = ColdDigest(DAY, 14, (ColdCustomer("Frozen Foods", 15),), more=True)
# Every kind of DM, each in its own minute (a nudge from a manager with no name reads "Your manager").
ALONE: tuple[Message, ...] = (
    Nudge("Call Acme back today", "", 7),
    PromiseHeadsUp(3, "Acme", "the pricing sheet", due_today=True),
    QuizAssignment("objections", "Objections", "Maya", DAY + timedelta(days=3)),
    QuizAssignment("objections", "Objections", "Maya", DAY + timedelta(days=3), reminder=True),
    RolePlayAssignment("courier-renewal", "Sam from Courier Co", "Maya"),
    RolePlayAssignment("courier-renewal", "Sam from Courier Co", "Maya", DAY + timedelta(days=3), reminder=True),
    FirstDay("Europe/Madrid", "17:30", "Mon, Wed", (0, 2)),
)


class FakeDiscord:
    """A Sender whose Spanish server prefers es-ES and whose other server says nothing of its language."""

    def __init__(self) -> None:
        self.posted: dict[str, Drawn] = {}

    def guild_name(self, guild_id: int) -> str | None:
        return "Sales floor"

    def guild_locale(self, guild_id: int) -> str | None:
        return "es-ES" if guild_id == SPANISH_SERVER else None

    async def member_names(self, guild_id: int, user_ids: Sequence[int]) -> dict[int, str]:
        return {}

    async def open_dm(self, user_id: int) -> int:
        return 70_000 + user_id

    async def send(self, channel_id: int, drawn: Drawn, *, dm: bool, nonce: str) -> int:
        self.posted[nonce] = drawn
        return len(self.posted)

    def fingerprint(self, drawn: Drawn) -> str:
        return message_fingerprint(drawn.content, [], [])

    async def find_sent(self, channel_id: int, fingerprint: str, since: datetime) -> list[int]:
        return []


def real_renderers() -> Renderers:
    drawers = Renderers()
    drawers.register(Reminder, draw_reminder)
    drawers.register(ColdDigest, draw_digest)
    drawers.register(Nudge, draw_nudge)
    drawers.register(PromiseHeadsUp, draw_heads_up)
    drawers.register(QuizAssignment, draw_quiz_assignment)
    drawers.register(RolePlayAssignment, draw_assignment)
    drawers.register(FirstDay, draw_first_day)
    drawers.register(StartPost, draw_start_post)
    return drawers


async def drawn_in(coach: Coach, locale: str, guild_id: int, user_id: int, *messages: Message) -> Drawn:
    """What the renderers draw for these messages (one DM) in `locale`."""

    async def no_names(user_ids: Sequence[int]) -> dict[int, str]:
        return {}

    context = RenderContext(guild_id, user_id, "Sales floor", coach, no_names)
    drawings = []
    with using(locale):
        for message in messages:
            drawn = await real_renderers().draw(message, context)
            assert drawn is not None
            drawings.append(drawn)
    return combined(drawings)


def text(drawn: Drawn) -> str:
    """A drawing's words: its text and every embed's."""
    embeds = [f"{embed.title}|{embed.description}|{embed.fields}" for embed in drawn.embeds]
    buttons = [getattr(item, "label", "") for item in drawn.view.children] if drawn.view else []
    return "\n".join([drawn.content or "", *embeds, *map(str, buttons)])


async def test_each_dm_is_drawn_in_its_reps_locale_else_the_servers_else_english(coach: Coach, clock: SteppingClock):
    # Ana's Discord reports Spanish and Ben's English, in the Spanish server; Cara and Dani never ran a command.
    for user, locale in ((ANA, "es-ES"), (BEN, "en-US")):
        await coach.touches.log(SPANISH_SERVER, user, customer="Acme", kind=TouchKind.HELP, when="yesterday")
        await coach.members.check_in(SPANISH_SERVER, user, manage_guild=False, role_ids=set(), locale=locale)
    recipients = ((SPANISH_SERVER, ANA, "es-ES"), (SPANISH_SERVER, BEN, "en-US"))
    recipients += ((SPANISH_SERVER, CARA, "es-ES"), (PLAIN_SERVER, DANI, "en-US"))
    planned = []
    for guild, user, _locale in recipients:
        planned += [
            Planned(REMINDER, f"reminder-{user}", guild, user, DUE),
            Planned(DIGEST, f"digest-{user}", guild, user, DUE),
        ]
        planned += [
            Planned(message, f"{index}-{user}", guild, user, DUE + timedelta(minutes=index + 1))
            for index, message in enumerate(ALONE)
        ]
    planned.append(Planned(StartPost("Maya"), "post", SPANISH_SERVER, 9001, DUE))
    await coach.outbox.enqueue_all(planned)
    clock.set(DUE + timedelta(minutes=len(ALONE) + 1))
    discord = FakeDiscord()
    drain = Drain(coach, discord, real_renderers(), Foreground(longest_wait=0.0))
    assert await drain.run_once() == len(recipients) * (1 + len(ALONE)) + 1
    async with coach.db.read() as session:
        ids = dict((await session.execute(select(OutboxMessage.key, OutboxMessage.id))).all())

    def sent(key: str) -> str:
        return text(discord.posted[f"rapport-{ids[key]}"])

    for guild, user, locale in recipients:
        # The reminder and the digest of the same minute: one DM, both in the one language.
        both = await drawn_in(coach, locale, guild, user, REMINDER, DIGEST)
        assert sent(f"reminder-{user}") == text(both), (user, locale)
        for index, message in enumerate(ALONE):
            assert sent(f"{index}-{user}") == text(await drawn_in(coach, locale, guild, user, message)), (user, message)
    # What makes the checks above mean something: each kind reads differently in Spanish and in English.
    for messages in [(REMINDER, DIGEST), *((message,) for message in ALONE)]:
        spanish = text(await drawn_in(coach, "es-ES", SPANISH_SERVER, ANA, *messages))
        english = text(await drawn_in(coach, "en-US", SPANISH_SERVER, ANA, *messages))
        assert spanish != english, messages
    assert sent("post") == text(await drawn_in(coach, "es-ES", SPANISH_SERVER, 9001, StartPost("Maya")))


async def test_a_quiz_assignment_names_a_shipped_theme_as_the_reps_language_has_it(coach: Coach):
    assignment = QuizAssignment("objections", "The no that opens a door", "Maya", DAY)
    spanish = text(await drawn_in(coach, "es-ES", SPANISH_SERVER, ANA, assignment))
    assert "**El no que abre una puerta**" in spanish
    english = text(await drawn_in(coach, "en-US", SPANISH_SERVER, BEN, assignment))
    assert "**The no that opens a door**" in english
    own = QuizAssignment("our-renewals", "Our renewals", "Maya", DAY)  # a server's own theme keeps its title
    assert "**Our renewals**" in text(await drawn_in(coach, "es-ES", SPANISH_SERVER, ANA, own))
