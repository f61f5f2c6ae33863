"""The ORM models. Every change here ships with an Alembic revision (`tests/db/test_migrations.py` checks)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Column default: evaluated at each insert, never once at import."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every dialect.

    SQLite has no time zone type and hands back naive values; this stores UTC and re-attaches it, and
    refuses a naive datetime on the way in, the classic source of off-by-hours scheduler bugs.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# A row id people type into a command (`/promise done id:`, a role-play's number): 64-bit, because a Discord
# integer option reaches 2^53 and PostgreSQL's INTEGER ends at 2^31 - 1 (`value out of int32 range`). SQLite keeps
# INTEGER, the only type that makes a primary key the rowid (which is 64-bit already).
TypedId = BigInteger().with_variant(Integer(), "sqlite")


def table_of(model: type[DeclarativeBase]) -> Table:
    """The model's table, for plain (non-ORM) statements on hot paths."""
    table = model.__table__
    assert isinstance(table, Table)  # noqa: S101 - every model here maps one table
    return table


class GuildSettings(Base):
    """One row per guild that has used Rapport; absent means every default."""

    __tablename__ = "guild_settings"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    cold_after_days: Mapped[int] = mapped_column(Integer, default=14)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Where scheduled posts go (the weekly board, the team quiz); none until a manager picks one.
    channel_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    manager_role_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    leaderboard_weekday: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    leaderboard_time: Mapped[time] = mapped_column(Time, default=time(9, 0), server_default="09:00:00")
    reminder_time: Mapped[time] = mapped_column(Time, default=time(16, 30), server_default="16:30:00")
    # Weekdays (Monday 0 ... Sunday 6) on which reps get reminders.
    work_days: Mapped[list[int]] = mapped_column(
        JSON, default=lambda: [0, 1, 2, 3, 4], server_default="[0, 1, 2, 3, 4]"
    )
    # Touch kind -> points, overriding the defaults for this guild.
    point_weights: Mapped[dict[str, int]] = mapped_column(JSON, default=dict, server_default="{}")
    team_quiz: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # When the next weekly board is due, in UTC (recomputed when the settings change).
    next_leaderboard_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    next_team_quiz_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # ISO dates on which nobody is reminded and no streak breaks.
    holidays: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # Touch points one rep can earn in a week (Monday to Sunday, their local days); None: no cap.
    weekly_points_cap: Mapped[int | None] = mapped_column(Integer, default=None)
    board_includes_managers: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Role-play: managers may review every conversation (not only those a rep shared); transcripts are purged
    # after this many days (None: kept), their numbers kept.
    roleplay_open_review: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    roleplay_retention_days: Mapped[int | None] = mapped_column(Integer, default=None)
    # Role-play may use the operator's language model (when one is configured) for lines and second opinions.
    roleplay_llm: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Rep(Base):
    """A guild member who uses Rapport. The same person in two guilds is two reps with separate logs."""

    __tablename__ = "reps"
    __table_args__ = (UniqueConstraint("guild_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    timezone: Mapped[str | None] = mapped_column(String(64), default=None)
    dm_channel_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    preferences: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None means "the guild's".
    reminder_time: Mapped[time | None] = mapped_column(Time, default=None)
    quiet_days: Mapped[list[int]] = mapped_column(JSON, default=list, server_default="[]")
    dms_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    # Set when Discord refused a DM (their DMs are closed); the rep is told on their next command.
    dms_closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    dms_closed_told: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    next_reminder_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    next_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # "public": shown on boards; "private": counted in team totals, shown only to the rep.
    board_visibility: Mapped[str] = mapped_column(String(8), default="public", server_default="public")
    # Whether the rep had manager rights when last seen (boards leave managers off unless the guild opts in).
    is_manager: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The member's display name when last seen running a command (Rapport has no member list): what reports
    # and charts call them. User text: clipped, and shown without pinging or formula risk.
    display_name: Mapped[str | None] = mapped_column(String(64), default=None)
    # The member's Discord locale (`es-ES`) as their last interaction reported it: what their DMs are drawn in
    # (the server's preferred locale when None). Written only when it changed.
    locale: Mapped[str | None] = mapped_column(String(16), default=None)
    away_from: Mapped[date | None] = mapped_column(Date, default=None)
    away_to: Mapped[date | None] = mapped_column(Date, default=None)
    # Where the streak's replay stood at the end of the rep's local day `streak_checkpoint_on`, replayed under
    # the streak rule whose `rule_key` is `streak_checkpoint_rule` (`bot/coach/streaks.py`): `/touch log` reads
    # and replays only the days after it, and keeps it 10 to 21 days behind, out of reach of a backdated touch
    # or an undo. No `streak_checkpoint_on`: none yet (the other columns then mean nothing).
    streak_checkpoint_on: Mapped[date | None] = mapped_column(Date, default=None)
    streak_checkpoint_rule: Mapped[int | None] = mapped_column(BigInteger, default=None)
    streak_checkpoint_days: Mapped[int | None] = mapped_column(Integer, default=None)
    streak_checkpoint_freezes: Mapped[int | None] = mapped_column(Integer, default=None)
    streak_checkpoint_week_complete: Mapped[bool | None] = mapped_column(Boolean, default=None)
    streak_checkpoint_week_had_due_day: Mapped[bool | None] = mapped_column(Boolean, default=None)
    # The replay at the end of the day before the rep's last log (`streak_latest_on`), under the rule keyed
    # `streak_latest_rule`, and whether the day of that log had a touch: the boards go on from it without reading
    # the rep's days. Every log rewrites it; an undo clears it (the boards then replay from the checkpoint).
    streak_latest_on: Mapped[date | None] = mapped_column(Date, default=None)
    streak_latest_rule: Mapped[int | None] = mapped_column(BigInteger, default=None)
    streak_latest_days: Mapped[int | None] = mapped_column(Integer, default=None)
    streak_latest_freezes: Mapped[int | None] = mapped_column(Integer, default=None)
    streak_latest_week_complete: Mapped[bool | None] = mapped_column(Boolean, default=None)
    streak_latest_week_had_due_day: Mapped[bool | None] = mapped_column(Boolean, default=None)
    streak_latest_touched: Mapped[bool | None] = mapped_column(Boolean, default=None)


class Customer(Base):
    """A rep's customer. `name_key` is the normalised, case-folded name that identifies it per rep."""

    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("rep_id", "name_key"),
        Index("ix_customers_rep_id_last_touched_on", "rep_id", "last_touched_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    # Case folding can triple a character ("ﬃ" -> "ffi"), so a 100-character name has a key of up to 300.
    name_key: Mapped[str] = mapped_column(String(300))
    # The rep's local date of the most recent touch, kept in step with `touches` by the touch log.
    last_touched_on: Mapped[date | None] = mapped_column(Date, default=None)
    # The rep's local date of the most recent touch that re-engaged this customer (its `gap_days` at least the
    # guild's `cold_after_days` as it stands), kept in step by the touch log, an undo, a merge and a change of
    # the threshold: the boards count customers touched and re-engaged from here, not from the touches.
    reengaged_on: Mapped[date | None] = mapped_column(Date, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Touch(Base):
    """One logged customer touch. `points` is what it earned when logged (0 when a cap applied)."""

    __tablename__ = "touches"
    __table_args__ = (
        Index("ix_touches_rep_id_logged_at", "rep_id", "logged_at"),
        Index("ix_touches_rep_id_local_date", "rep_id", "local_date"),
        # By customer and day, then points: every `/touch log` reads the touches that already earned points
        # that customer-day (the per-day caps) straight from here, skipping the 0-point ones: without `points`
        # a log's cost grew with every touch of that customer that day.
        Index("ix_touches_customer_id_local_date_points", "customer_id", "local_date", "points"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text, default=None)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    local_date: Mapped[date] = mapped_column(Date)
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    points: Mapped[int] = mapped_column(Integer, default=0)
    # Local days since this customer's previous touch when logged (None: the first); a gap of at least the
    # guild's cold_after_days makes this touch a re-engagement.
    gap_days: Mapped[int | None] = mapped_column(Integer, default=None)


# What a board sums over a rep's days or weeks.
BOARD_COUNTERS = ("points", "quiz_listening", "quiz_answered", "promises_kept")


class DailyPoints(Base):
    """Per (rep, local day) rollup, written in the same transaction as each touch: boards never scan touches."""

    __tablename__ = "daily_points"
    # The boards read a guild's days with every counter they sum from this index alone.
    __table_args__ = (Index("ix_daily_points_board", "guild_id", "day", "rep_id", *BOARD_COUNTERS),)

    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    points: Mapped[int] = mapped_column(Integer, default=0)
    touch_count: Mapped[int] = mapped_column(Integer, default=0)
    # The part of `points` that came from quiz answers, kept apart to enforce the daily quiz cap.
    quiz_points: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Quiz scenarios answered that day, and how many of them with the listening reply (the board's best listener).
    quiz_answered: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    quiz_listening: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Promises kept on time that day (the board's "promises kept").
    promises_kept: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class WeeklyPoints(Base):
    """Per (rep, calendar week from Monday) rollup of `daily_points`, written with it: a board over months reads
    weeks, and days only at its edges."""

    __tablename__ = "weekly_points"
    __table_args__ = (Index("ix_weekly_points_board", "guild_id", "week", "rep_id", *BOARD_COUNTERS),)

    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"), primary_key=True)
    week: Mapped[date] = mapped_column(Date, primary_key=True)  # its Monday
    guild_id: Mapped[int] = mapped_column(BigInteger)
    points: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    touch_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    quiz_points: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    quiz_answered: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    quiz_listening: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    promises_kept: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class QuizPresentation(Base):
    """One scenario shown to one rep: the reply order they saw, and their answer once given."""

    __tablename__ = "quiz_presentations"
    __table_args__ = (Index("ix_quiz_presentations_rep_id_presented_at", "rep_id", "presented_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"))
    scenario_key: Mapped[str] = mapped_column(String(64))
    theme: Mapped[str] = mapped_column(String(40))
    # The theme the rep asked for, if any, so "Next scenario" stays in it.
    theme_filter: Mapped[str | None] = mapped_column(String(40), default=None)
    reply_order: Mapped[list[int]] = mapped_column(JSON)  # of the step on show
    # A multi-step scenario moves through its steps on this row: the step on show (None: the first), how many
    # steps were answered (a click on an earlier step's button is refused), and each answered step's
    # {"step", "reply", "order"}.
    step_id: Mapped[str | None] = mapped_column(String(40), default=None)
    steps_taken: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    path: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, default=None)
    presented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    answered_on: Mapped[date | None] = mapped_column(Date, default=None)
    chosen_reply: Mapped[int | None] = mapped_column(Integer, default=None)
    correct: Mapped[bool | None] = mapped_column(Boolean, default=None)
    points: Mapped[int] = mapped_column(Integer, default=0)


class QuizProgress(Base):
    """Spaced repetition state of one scenario for one rep (a Leitner box and when it is next due)."""

    __tablename__ = "quiz_progress"

    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"), primary_key=True)
    scenario_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    box: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seen: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)


class GuildScenario(Base):
    """A scenario a guild's managers wrote for their own product; mixes with the packs in that guild."""

    __tablename__ = "guild_scenarios"
    __table_args__ = (UniqueConstraint("guild_id", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    slug: Mapped[str] = mapped_column(String(40))
    theme: Mapped[str] = mapped_column(String(40))
    difficulty: Mapped[int] = mapped_column(Integer)
    context: Mapped[str] = mapped_column(Text)
    customer_says: Mapped[str] = mapped_column(Text)
    replies: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    principle: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(20), default=None)
    customer_role: Mapped[str | None] = mapped_column(String(80), default=None)
    sector: Mapped[str | None] = mapped_column(String(40), default=None)
    steps: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, default=None)  # after the first choice
    # language -> the scenario as a localized pack translated it (its texts, and the theme's title in that
    # language); checked against the row again when shown, so a base re-imported in another shape falls back
    translations: Mapped[dict[str, dict[str, Any]] | None] = mapped_column(JSON, default=None)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DisabledScenario(Base):
    """A scenario (pack or guild) a guild's managers took out of rotation."""

    __tablename__ = "disabled_scenarios"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    scenario_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    disabled_by: Mapped[int] = mapped_column(BigInteger)
    disabled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Promise(Base):
    """What a rep told a customer they would do, and by when. Kept, late or dropped: never shamed publicly."""

    __tablename__ = "promises"
    __table_args__ = (Index("ix_promises_rep_id_status_due_on", "rep_id", "status", "due_on"),)

    id: Mapped[int] = mapped_column(TypedId, primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    # open, kept (on or before the due date), late (kept after it), dropped
    status: Mapped[str] = mapped_column(String(8), default="open")
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_on: Mapped[date | None] = mapped_column(Date, default=None)
    touch_id: Mapped[int | None] = mapped_column(ForeignKey("touches.id", ondelete="SET NULL"), default=None)


class TeamQuizPost(Base):
    """One scenario posted in a guild's channel for the whole team to answer."""

    __tablename__ = "team_quiz_posts"
    __table_args__ = (UniqueConstraint("guild_id", "posted_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    scenario_key: Mapped[str] = mapped_column(String(64))
    reply_order: Mapped[list[int]] = mapped_column(JSON)
    posted_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TeamQuizAnswer(Base):
    """A member's one answer to a team quiz post."""

    __tablename__ = "team_quiz_answers"

    post_id: Mapped[int] = mapped_column(ForeignKey("team_quiz_posts.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chosen_reply: Mapped[int] = mapped_column(Integer)
    correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxMessage(Base):
    """A message Rapport owes someone: planned once under a unique key, sent once by the drain."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    # "dm" (target_id is a user id) or "channel" (target_id is a channel id).
    target: Mapped[str] = mapped_column(String(8))
    target_id: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    created_by: Mapped[int | None] = mapped_column(BigInteger, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set just before a send: from then on the message may exist in Discord even if this row never hears
    # back (a crash, a timeout, a failed write after the send). The next attempt looks for it first, by
    # this fingerprint of what was sent, among the channel's messages since then.
    sending_since: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    sending_fingerprint: Mapped[str | None] = mapped_column(String(64), default=None)


class RolePlay(Base):
    """One role-play conversation: a rep and a persona, turn by turn, until trust, cold, a timeout or the rep
    ends it."""

    __tablename__ = "roleplays"
    __table_args__ = (
        Index("ix_roleplays_rep_id_status", "rep_id", "status"),
        Index("ix_roleplays_guild_id_ended_on", "guild_id", "ended_on"),
    )

    id: Mapped[int] = mapped_column(TypedId, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"))
    persona_id: Mapped[str] = mapped_column(String(40))
    persona_name: Mapped[str] = mapped_column(String(60))
    state: Mapped[str] = mapped_column(String(40))
    turns: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    opening: Mapped[str | None] = mapped_column(Text, default=None)  # the persona's first line, as said
    status: Mapped[str] = mapped_column(String(10), default="active")  # active, ended
    outcome: Mapped[str | None] = mapped_column(String(10), default=None)  # trust, cold, timeout, left
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    ended_on: Mapped[date | None] = mapped_column(Date, default=None)  # the rep's local day
    points: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    shared: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Set when the guild's retention purged the transcript: the numbers stay, the words go.
    purged: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class RolePlayTurn(Base):
    """One reply of a rep in a role-play, what the scorer found in it, and the customer's answer."""

    __tablename__ = "roleplay_turns"
    __table_args__ = (UniqueConstraint("roleplay_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    roleplay_id: Mapped[int] = mapped_column(TypedId, ForeignKey("roleplays.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 1 for the rep's first reply
    customer_before: Mapped[str | None] = mapped_column(Text)  # what the customer had just said
    reply: Mapped[str | None] = mapped_column(Text)
    reply_words: Mapped[int] = mapped_column(Integer)
    customer_words: Mapped[int] = mapped_column(Integer)  # of the customer's line before the reply
    verdict: Mapped[str] = mapped_column(String(10))
    move: Mapped[str] = mapped_column(String(20))
    cues: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    open_questions: Mapped[int] = mapped_column(Integer, default=0)
    closed_questions: Mapped[int] = mapped_column(Integer, default=0)
    reflections: Mapped[int] = mapped_column(Integer, default=0)
    specific: Mapped[bool] = mapped_column(Boolean, default=False)  # listening that used their words
    customer_after: Mapped[str | None] = mapped_column(Text)
    state_after: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A manager's ruling on the scorer's verdict, from `/coach roleplay review`.
    override_verdict: Mapped[str | None] = mapped_column(String(10), default=None)
    override_note: Mapped[str | None] = mapped_column(Text, default=None)
    override_by: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # The language model's verdict when it disagreed ({"verdict", "reason", "quotes"}), and whether the
    # customer's answer was voiced by it rather than read from the script.
    second_opinion: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    voiced: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Assignment(Base):
    """Practice a manager asked of a rep: a quiz theme or a role-play persona, by a day or not; done when the rep
    answered `QUIZ_ANSWERS_TO_COMPLETE` scenarios of that theme, or finished a conversation with that persona."""

    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_rep_id_completed_at", "rep_id", "completed_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # "quiz" or "roleplay"
    subject: Mapped[str] = mapped_column(String(40))  # the theme's slug or the persona's id
    title: Mapped[str] = mapped_column(String(100))
    assigned_by: Mapped[int] = mapped_column(BigInteger)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due: Mapped[date | None] = mapped_column(Date, default=None)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    result: Mapped[str | None] = mapped_column(String(200), default=None)


class LlmUsage(Base):
    """Language-model tokens a guild spent on a UTC day, against its daily cap."""

    __tablename__ = "llm_usage"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    tokens: Mapped[int] = mapped_column(Integer, default=0)


class GuildPersona(Base):
    """A persona a guild's managers imported for their own product."""

    __tablename__ = "guild_personas"
    __table_args__ = (UniqueConstraint("guild_id", "persona_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    persona_id: Mapped[str] = mapped_column(String(40))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BotState(Base):
    """Small facts the process keeps between runs, e.g. the hash of the last synced command tree."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Lease(Base):
    """A job only one process may run at a time (the scheduler and its drain), held until `expires_at`.

    A row, not a PostgreSQL advisory lock: a session lock lives on one server connection, which a pooler in
    transaction mode (PgBouncer) hands to another client after each transaction. The holder renews the row
    well before it expires; when a holder dies, another process takes the row once it has expired.
    """

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ShardProcess(Base):
    """A running `rapport run` process and the shards it serves, so a second process on the same shards
    refuses to start (both would answer every interaction of those shards). `shard_ids` NULL means every
    shard (an unsharded process); a row whose `heartbeat_at` is older than the expiry is a process that died."""

    __tablename__ = "shard_processes"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    shard_count: Mapped[int | None] = mapped_column(Integer)
    shard_ids: Mapped[str | None] = mapped_column(String(2000))
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime)
