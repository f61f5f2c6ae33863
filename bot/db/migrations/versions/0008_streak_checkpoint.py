"""streak checkpoint

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 17:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every rep starts without one: their next `/touch log` replays their whole history once and stores it.
    with op.batch_alter_table("reps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("streak_checkpoint_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("streak_checkpoint_rule", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("streak_checkpoint_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("streak_checkpoint_freezes", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("streak_checkpoint_week_complete", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("streak_checkpoint_week_had_due_day", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reps", schema=None) as batch_op:
        batch_op.drop_column("streak_checkpoint_week_had_due_day")
        batch_op.drop_column("streak_checkpoint_week_complete")
        batch_op.drop_column("streak_checkpoint_freezes")
        batch_op.drop_column("streak_checkpoint_days")
        batch_op.drop_column("streak_checkpoint_rule")
        batch_op.drop_column("streak_checkpoint_on")
