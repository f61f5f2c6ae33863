"""board rollups: customers.reengaged_on, quiz answers and promises kept in daily_points, and each rep's
latest streak replay, and weekly_points (daily_points by calendar week), so the whole board reads rollups
rather than scanning touches, quiz answers, promises and days

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 21:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The guild's threshold for "cold" when it never set one (bot/coach/reps.py, DEFAULT_COLD_AFTER_DAYS, today).
_DEFAULT_COLD_AFTER_DAYS = 14


_COUNTERS = ("points", "touch_count", "quiz_points", "quiz_answered", "quiz_listening", "promises_kept")
_BOARD = ["points", "quiz_listening", "quiz_answered", "promises_kept"]
_LATEST = [
    ("streak_latest_on", sa.Date()),
    ("streak_latest_rule", sa.BigInteger()),
    ("streak_latest_days", sa.Integer()),
    ("streak_latest_freezes", sa.Integer()),
    ("streak_latest_week_complete", sa.Boolean()),
    ("streak_latest_week_had_due_day", sa.Boolean()),
    ("streak_latest_touched", sa.Boolean()),
]


def upgrade() -> None:
    with op.batch_alter_table("reps", schema=None) as batch_op:  # empty until each rep's next log
        for name, kind in _LATEST:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reengaged_on", sa.Date(), nullable=True))
    with op.batch_alter_table("daily_points", schema=None) as batch_op:
        for column in ("quiz_answered", "quiz_listening", "promises_kept"):
            batch_op.add_column(sa.Column(column, sa.Integer(), server_default="0", nullable=False))
    # The most recent day each customer was re-engaged under their guild's threshold as it stands.
    op.execute(
        sa.text(
            "UPDATE customers SET reengaged_on = ("
            " SELECT max(touches.local_date) FROM touches WHERE touches.customer_id = customers.id"
            " AND touches.gap_days >= coalesce(("
            "  SELECT guild_settings.cold_after_days FROM guild_settings JOIN reps"
            "  ON reps.guild_id = guild_settings.guild_id WHERE reps.id = customers.rep_id"
            " ), :default))"
        ).bindparams(default=_DEFAULT_COLD_AFTER_DAYS)
    )
    op.execute(
        "INSERT INTO daily_points (rep_id, day, guild_id, points, touch_count, quiz_points, quiz_answered,"
        " quiz_listening)"
        " SELECT rep_id, answered_on, guild_id, 0, 0, 0, count(*),"
        " sum(CASE WHEN correct THEN 1 ELSE 0 END)"
        " FROM quiz_presentations WHERE answered_at IS NOT NULL AND answered_on IS NOT NULL"
        " GROUP BY rep_id, answered_on, guild_id"
        " ON CONFLICT (rep_id, day) DO UPDATE SET quiz_answered = excluded.quiz_answered,"
        " quiz_listening = excluded.quiz_listening"
    )
    op.execute(
        "INSERT INTO daily_points (rep_id, day, guild_id, points, touch_count, quiz_points, quiz_answered,"
        " quiz_listening, promises_kept)"
        " SELECT promises.rep_id, promises.closed_on, reps.guild_id, 0, 0, 0, 0, 0, count(*)"
        " FROM promises JOIN reps ON reps.id = promises.rep_id"
        " WHERE promises.status = 'kept' AND promises.closed_on IS NOT NULL"
        " GROUP BY promises.rep_id, promises.closed_on, reps.guild_id"
        " ON CONFLICT (rep_id, day) DO UPDATE SET promises_kept = excluded.promises_kept"
    )

    op.create_table(
        "weekly_points",
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        *(sa.Column(name, sa.Integer(), server_default="0", nullable=False) for name in _COUNTERS),
        sa.ForeignKeyConstraint(["rep_id"], ["reps.id"], name=op.f("fk_weekly_points_rep_id_reps"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("rep_id", "week", name=op.f("pk_weekly_points")),
    )
    op.create_index("ix_weekly_points_board", "weekly_points", ["guild_id", "week", "rep_id", *_BOARD], unique=False)
    # The boards read a guild's days with every counter they sum from one index.
    op.drop_index("ix_daily_points_guild_id_day", table_name="daily_points")
    op.create_index("ix_daily_points_board", "daily_points", ["guild_id", "day", "rep_id", *_BOARD], unique=False)
    sqlite = op.get_bind().dialect.name == "sqlite"
    monday = (
        "date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')"
        if sqlite
        else ("CAST(date_trunc('week', day) AS date)")
    )
    counters = ", ".join(_COUNTERS)
    sums = ", ".join(f"sum({name})" for name in _COUNTERS)
    # The names are this module's constants, not input.
    backfill = f"INSERT INTO weekly_points (rep_id, week, guild_id, {counters}) SELECT rep_id, {monday}, min(guild_id),"
    backfill += f" {sums} FROM daily_points GROUP BY rep_id, {monday}"
    op.execute(backfill)


def downgrade() -> None:
    op.drop_index("ix_daily_points_board", table_name="daily_points")
    op.create_index("ix_daily_points_guild_id_day", "daily_points", ["guild_id", "day"], unique=False)
    op.drop_index("ix_weekly_points_board", table_name="weekly_points")
    op.drop_table("weekly_points")
    with op.batch_alter_table("daily_points", schema=None) as batch_op:
        for column in ("promises_kept", "quiz_listening", "quiz_answered"):
            batch_op.drop_column(column)
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_column("reengaged_on")
    with op.batch_alter_table("reps", schema=None) as batch_op:
        for name, _ in reversed(_LATEST):
            batch_op.drop_column(name)
