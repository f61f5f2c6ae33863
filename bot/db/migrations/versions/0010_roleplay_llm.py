"""role-play's optional language model: a guild's opt-in, its daily token use, a turn's second opinion

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "llm_usage",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("tokens", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "day"),
    )
    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("roleplay_llm", sa.Boolean(), server_default="0", nullable=False))
    with op.batch_alter_table("roleplay_turns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("second_opinion", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("voiced", sa.Boolean(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("roleplay_turns", schema=None) as batch_op:
        batch_op.drop_column("voiced")
        batch_op.drop_column("second_opinion")
    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.drop_column("roleplay_llm")
    op.drop_table("llm_usage")
