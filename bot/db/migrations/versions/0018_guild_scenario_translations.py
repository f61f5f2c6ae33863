"""guild_scenarios.translations: a guild's own scenario as a localized pack translated it, by language

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 00:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("guild_scenarios", schema=None) as batch_op:  # empty until a translation is imported
        batch_op.add_column(sa.Column("translations", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("guild_scenarios", schema=None) as batch_op:
        batch_op.drop_column("translations")
