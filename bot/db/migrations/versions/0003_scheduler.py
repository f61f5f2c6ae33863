"""scheduler

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 08:34:35.133359
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=8), nullable=False),
        sa.Column("target_id", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_status_next_attempt_at", ["status", "next_attempt_at"], unique=False)

    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("manager_role_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("leaderboard_weekday", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("leaderboard_time", sa.Time(), server_default="09:00:00", nullable=False))
        batch_op.add_column(sa.Column("reminder_time", sa.Time(), server_default="16:30:00", nullable=False))
        batch_op.add_column(sa.Column("work_days", sa.JSON(), server_default="[0, 1, 2, 3, 4]", nullable=False))
        batch_op.add_column(sa.Column("point_weights", sa.JSON(), server_default="{}", nullable=False))
        batch_op.add_column(sa.Column("team_quiz", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("next_leaderboard_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("reps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_time", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("quiet_days", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("dms_enabled", sa.Boolean(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("dms_closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("dms_closed_told", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("next_reminder_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("next_digest_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("touches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gap_days", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("touches", schema=None) as batch_op:
        batch_op.drop_column("gap_days")

    with op.batch_alter_table("reps", schema=None) as batch_op:
        batch_op.drop_column("next_digest_at")
        batch_op.drop_column("next_reminder_at")
        batch_op.drop_column("dms_closed_told")
        batch_op.drop_column("dms_closed_at")
        batch_op.drop_column("dms_enabled")
        batch_op.drop_column("quiet_days")
        batch_op.drop_column("reminder_time")

    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.drop_column("next_leaderboard_at")
        batch_op.drop_column("team_quiz")
        batch_op.drop_column("point_weights")
        batch_op.drop_column("work_days")
        batch_op.drop_column("reminder_time")
        batch_op.drop_column("leaderboard_time")
        batch_op.drop_column("leaderboard_weekday")
        batch_op.drop_column("manager_role_id")
        batch_op.drop_column("channel_id")

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_status_next_attempt_at")

    op.drop_table("outbox")
