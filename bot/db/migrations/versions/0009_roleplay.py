"""role-play: conversations, their turns, guilds' own personas, review and retention settings

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "roleplays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("persona_id", sa.String(length=40), nullable=False),
        sa.Column("persona_name", sa.String(length=60), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("turns", sa.Integer(), server_default="0", nullable=False),
        sa.Column("opening", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("points", sa.Integer(), server_default="0", nullable=False),
        sa.Column("shared", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("purged", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(["rep_id"], ["reps.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("roleplays", schema=None) as batch_op:
        batch_op.create_index("ix_roleplays_guild_id_ended_on", ["guild_id", "ended_on"], unique=False)
        batch_op.create_index("ix_roleplays_rep_id_status", ["rep_id", "status"], unique=False)
    op.create_table(
        "roleplay_turns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roleplay_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("customer_before", sa.Text(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("reply_words", sa.Integer(), nullable=False),
        sa.Column("customer_words", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=10), nullable=False),
        sa.Column("move", sa.String(length=20), nullable=False),
        sa.Column("cues", sa.JSON(), nullable=False),
        sa.Column("open_questions", sa.Integer(), nullable=False),
        sa.Column("closed_questions", sa.Integer(), nullable=False),
        sa.Column("reflections", sa.Integer(), nullable=False),
        sa.Column("specific", sa.Boolean(), nullable=False),
        sa.Column("customer_after", sa.Text(), nullable=True),
        sa.Column("state_after", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("override_verdict", sa.String(length=10), nullable=True),
        sa.Column("override_note", sa.Text(), nullable=True),
        sa.Column("override_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["roleplay_id"], ["roleplays.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("roleplay_id", "number"),
    )
    op.create_table(
        "guild_personas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("persona_id", sa.String(length=40), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("guild_id", "persona_id"),
    )
    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("roleplay_open_review", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("roleplay_retention_days", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.drop_column("roleplay_retention_days")
        batch_op.drop_column("roleplay_open_review")
    op.drop_table("guild_personas")
    op.drop_table("roleplay_turns")
    with op.batch_alter_table("roleplays", schema=None) as batch_op:
        batch_op.drop_index("ix_roleplays_rep_id_status")
        batch_op.drop_index("ix_roleplays_guild_id_ended_on")
    op.drop_table("roleplays")
