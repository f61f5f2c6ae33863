"""What Rapport owes people: one dataclass per kind of scheduled message, and the one place that turns them
into the outbox's JSON and back.

The planner and the services write these; the drain hands each to the renderer that the feature owning its
kind registered (`RapportBot.renderers`). The JSON shapes are the ones rows already hold, so rows written
before a release are read by the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar

from bot.coach.leaderboard import Board


class OutboxKind(StrEnum):
    REMINDER = "reminder"
    DIGEST = "digest"
    NUDGE = "nudge"
    PROMISE = "promise"
    TEAM_QUIZ = "team_quiz"
    LEADERBOARD = "leaderboard"
    ROLEPLAY_ASSIGNMENT = "roleplay_assignment"
    QUIZ_ASSIGNMENT = "quiz_assignment"
    START_POST = "start_post"
    FIRST_DAY = "first_day"


class Target(StrEnum):
    DM = "dm"
    CHANNEL = "channel"


@dataclass(frozen=True)
class ColdCustomer:
    name: str
    days: int  # since the last touch


def _cold(items: list[dict[str, Any]] | None) -> tuple[ColdCustomer, ...]:
    return tuple(ColdCustomer(str(item["name"]), int(item["days"])) for item in items or [])


def _cold_json(items: tuple[ColdCustomer, ...]) -> list[dict[str, Any]]:
    return [{"name": item.name, "days": item.days} for item in items]


@dataclass(frozen=True)
class Reminder:
    """The daily touch reminder: the rep has logged no touch on `day` (their local day) yet."""

    kind: ClassVar[OutboxKind] = OutboxKind.REMINDER
    target: ClassVar[Target] = Target.DM
    day: date
    coldest: tuple[ColdCustomer, ...] = ()


@dataclass(frozen=True)
class ColdDigest:
    """The weekly going-cold digest."""

    kind: ClassVar[OutboxKind] = OutboxKind.DIGEST
    target: ClassVar[Target] = Target.DM
    day: date
    cold_after_days: int
    cold: tuple[ColdCustomer, ...]
    more: bool = False


@dataclass(frozen=True)
class Nudge:
    """A manager's message to one rep."""

    kind: ClassVar[OutboxKind] = OutboxKind.NUDGE
    target: ClassVar[Target] = Target.DM
    message: str
    from_name: str
    from_id: int


@dataclass(frozen=True)
class PromiseHeadsUp:
    """A promise falls due today, or tomorrow."""

    kind: ClassVar[OutboxKind] = OutboxKind.PROMISE
    target: ClassVar[Target] = Target.DM
    promise_id: int
    customer: str
    what: str
    due_today: bool


@dataclass(frozen=True)
class TeamQuestion:
    """The daily team quiz post (its scenario and answers live in `team_quiz_posts`)."""

    kind: ClassVar[OutboxKind] = OutboxKind.TEAM_QUIZ
    target: ClassVar[Target] = Target.CHANNEL
    post_id: int


@dataclass(frozen=True)
class BoardPost:
    """The weekly relationship board."""

    kind: ClassVar[OutboxKind] = OutboxKind.LEADERBOARD
    target: ClassVar[Target] = Target.CHANNEL
    board: Board


@dataclass(frozen=True)
class RolePlayAssignment:
    """A manager asks a rep to practise with a persona (by `due`, when given); `reminder` is the heads-up the
    day before it is due."""

    kind: ClassVar[OutboxKind] = OutboxKind.ROLEPLAY_ASSIGNMENT
    target: ClassVar[Target] = Target.DM
    persona_id: str
    persona_name: str
    from_name: str
    due: date | None = None
    reminder: bool = False


@dataclass(frozen=True)
class QuizAssignment:
    """A manager asks a rep to practise a quiz theme (by `due`, when given); `reminder` is the heads-up the day
    before it is due."""

    kind: ClassVar[OutboxKind] = OutboxKind.QUIZ_ASSIGNMENT
    target: ClassVar[Target] = Target.DM
    theme: str
    theme_title: str
    from_name: str
    due: date | None = None
    reminder: bool = False


@dataclass(frozen=True)
class StartPost:
    """A manager's "Start with Rapport" post in a team channel, with the button that enrols a rep."""

    kind: ClassVar[OutboxKind] = OutboxKind.START_POST
    target: ClassVar[Target] = Target.CHANNEL
    from_name: str


@dataclass(frozen=True)
class FirstDay:
    """The DM a rep gets when they enrol: the daily rhythm, and when their first reminder comes."""

    kind: ClassVar[OutboxKind] = OutboxKind.FIRST_DAY
    target: ClassVar[Target] = Target.DM
    timezone: str
    reminder_time: str  # HH:MM, their time
    work_days: str  # in English, e.g. "Mon-Fri": what a release that knows no `days` draws
    days: tuple[int, ...] | None = None  # the work days (0 = Monday), drawn in the rep's language; None: old row


# Kinds of DM that go out as one message when several fall due for the same rep in the same minute (the
# reminder and the going-cold digest on the board's day). A kind not listed (a manager's nudge) always stands
# alone.
COMBINABLE: frozenset[OutboxKind] = frozenset({OutboxKind.REMINDER, OutboxKind.DIGEST})

Message = (
    Reminder
    | ColdDigest
    | Nudge
    | PromiseHeadsUp
    | TeamQuestion
    | BoardPost
    | RolePlayAssignment
    | QuizAssignment
    | StartPost
    | FirstDay
)
MESSAGE_TYPES: tuple[type[Message], ...] = (
    Reminder,
    ColdDigest,
    Nudge,
    PromiseHeadsUp,
    TeamQuestion,
    BoardPost,
    RolePlayAssignment,
    QuizAssignment,
    StartPost,
    FirstDay,
)


class UnreadableMessage(ValueError):
    """A row whose kind or JSON no release of Rapport wrote."""


def to_json(message: Message) -> dict[str, Any]:
    """The outbox row's `payload` for `message`."""
    match message:
        case Reminder():
            return {"day": message.day.isoformat(), "coldest": _cold_json(message.coldest)}
        case ColdDigest():
            return {
                "day": message.day.isoformat(),
                "cold_after_days": message.cold_after_days,
                "cold": _cold_json(message.cold),
                "more": message.more,
            }
        case Nudge():
            return {"message": message.message, "from_name": message.from_name, "from_id": message.from_id}
        case PromiseHeadsUp():
            return {
                "id": message.promise_id,
                "customer": message.customer,
                "what": message.what,
                "when": "today" if message.due_today else "tomorrow",
            }
        case TeamQuestion():
            return {"post_id": message.post_id}
        case BoardPost():
            return message.board.to_payload()
        case RolePlayAssignment():
            return {
                "persona_id": message.persona_id,
                "persona_name": message.persona_name,
                "from_name": message.from_name,
                "due": message.due.isoformat() if message.due else None,
                "reminder": message.reminder,
            }
        case QuizAssignment():
            return {
                "theme": message.theme,
                "theme_title": message.theme_title,
                "from_name": message.from_name,
                "due": message.due.isoformat() if message.due else None,
                "reminder": message.reminder,
            }
        case StartPost():
            return {"from_name": message.from_name}
        case FirstDay():
            return {
                "timezone": message.timezone,
                "reminder_time": message.reminder_time,
                "work_days": message.work_days,
                **({} if message.days is None else {"days": list(message.days)}),
            }


def from_json(kind: str, payload: dict[str, Any]) -> Message:
    """The message an outbox row holds."""
    try:
        match kind:
            case OutboxKind.REMINDER:
                return Reminder(date.fromisoformat(payload["day"]), _cold(payload.get("coldest")))
            case OutboxKind.DIGEST:
                return ColdDigest(
                    date.fromisoformat(payload["day"]),
                    int(payload.get("cold_after_days", 14)),
                    _cold(payload.get("cold")),
                    bool(payload.get("more")),
                )
            case OutboxKind.NUDGE:
                return Nudge(str(payload["message"]), str(payload.get("from_name") or ""), int(payload["from_id"]))
            case OutboxKind.PROMISE:
                return PromiseHeadsUp(
                    int(payload["id"]), str(payload["customer"]), str(payload["what"]), payload.get("when") == "today"
                )
            case OutboxKind.TEAM_QUIZ:
                return TeamQuestion(int(payload["post_id"]))
            case OutboxKind.LEADERBOARD:
                return BoardPost(Board.from_payload(payload))
            case OutboxKind.ROLEPLAY_ASSIGNMENT:
                due = payload.get("due")
                return RolePlayAssignment(
                    str(payload["persona_id"]),
                    str(payload["persona_name"]),
                    str(payload.get("from_name") or ""),
                    date.fromisoformat(due) if due else None,
                    bool(payload.get("reminder")),
                )
            case OutboxKind.QUIZ_ASSIGNMENT:
                due = payload.get("due")
                return QuizAssignment(
                    str(payload["theme"]),
                    str(payload.get("theme_title") or payload["theme"]),
                    str(payload.get("from_name") or ""),
                    date.fromisoformat(due) if due else None,
                    bool(payload.get("reminder")),
                )
            case OutboxKind.START_POST:
                return StartPost(str(payload.get("from_name") or ""))
            case OutboxKind.FIRST_DAY:
                days = payload.get("days")
                return FirstDay(
                    str(payload["timezone"]),
                    str(payload["reminder_time"]),
                    str(payload["work_days"]),
                    None if days is None else tuple(int(day) for day in days),
                )
    except (KeyError, TypeError, ValueError) as error:
        raise UnreadableMessage(f"a {kind} row holds {sorted(payload)!r}: {error}") from error
    raise UnreadableMessage(f"unknown outbox kind {kind!r}")
