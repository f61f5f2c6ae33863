"""multi-step scenarios: a presentation moves through steps; a guild's scenarios say where and who

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("quiz_presentations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("step_id", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("steps_taken", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("path", sa.JSON(), nullable=True))
    with op.batch_alter_table("guild_scenarios", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("customer_role", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("sector", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("steps", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("guild_scenarios", schema=None) as batch_op:
        batch_op.drop_column("steps")
        batch_op.drop_column("sector")
        batch_op.drop_column("customer_role")
        batch_op.drop_column("channel")
    with op.batch_alter_table("quiz_presentations", schema=None) as batch_op:
        batch_op.drop_column("path")
        batch_op.drop_column("steps_taken")
        batch_op.drop_column("step_id")
