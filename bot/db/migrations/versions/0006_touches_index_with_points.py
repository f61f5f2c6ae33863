"""touches index with points

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 23:58:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("touches", schema=None) as batch_op:
        batch_op.create_index(
            "ix_touches_customer_id_local_date_points", ["customer_id", "local_date", "points"], unique=False
        )
        batch_op.drop_index("ix_touches_customer_id_local_date")


def downgrade() -> None:
    with op.batch_alter_table("touches", schema=None) as batch_op:
        batch_op.create_index("ix_touches_customer_id_local_date", ["customer_id", "local_date"], unique=False)
        batch_op.drop_index("ix_touches_customer_id_local_date_points")
