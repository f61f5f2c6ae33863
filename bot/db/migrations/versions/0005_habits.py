"""habits

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:00:18.998688
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "promises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("touch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_promises_customer_id_customers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["rep_id"], ["reps.id"], name=op.f("fk_promises_rep_id_reps"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["touch_id"], ["touches.id"], name=op.f("fk_promises_touch_id_touches"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promises")),
    )
    with op.batch_alter_table("promises", schema=None) as batch_op:
        batch_op.create_index("ix_promises_rep_id_status_due_on", ["rep_id", "status", "due_on"], unique=False)

    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("holidays", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("weekly_points_cap", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("board_includes_managers", sa.Boolean(), server_default="0", nullable=False))

    with op.batch_alter_table("reps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("board_visibility", sa.String(length=8), server_default="public", nullable=False))
        batch_op.add_column(sa.Column("is_manager", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("away_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("away_to", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reps", schema=None) as batch_op:
        batch_op.drop_column("away_to")
        batch_op.drop_column("away_from")
        batch_op.drop_column("is_manager")
        batch_op.drop_column("board_visibility")

    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.drop_column("board_includes_managers")
        batch_op.drop_column("weekly_points_cap")
        batch_op.drop_column("holidays")

    with op.batch_alter_table("promises", schema=None) as batch_op:
        batch_op.drop_index("ix_promises_rep_id_status_due_on")

    op.drop_table("promises")
