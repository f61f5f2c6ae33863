"""ids and name keys fit their inputs: 64-bit promise and role-play ids, 300-character customer name keys

`/promise done id:2147483648` failed on PostgreSQL (`value out of int32 range`): an id people type is a Discord
integer option, which reaches 2^53. A customer name of 100 characters can case-fold to 300 ("ß" -> "ss"), past
the old `varchar(100)` of `name_key`. SQLite keeps INTEGER primary keys (the 64-bit rowid) and never enforced
the length; only the declared key length changes there.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, the sequence behind it or None): the columns that hold an id people type.
TYPED_IDS = (
    ("promises", "id", "promises_id_seq"),
    ("roleplays", "id", "roleplays_id_seq"),
    ("roleplay_turns", "roleplay_id", None),
)


def _ids(kind: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, sequence in TYPED_IDS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {kind}")
        if sequence is not None:
            # A serial's sequence stops at 2^31 - 1 of its own accord unless it is widened with its column.
            op.execute(f"ALTER SEQUENCE {sequence} AS {kind}")


def upgrade() -> None:
    _ids("BIGINT")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.alter_column(
            "name_key", existing_type=sa.String(length=100), type_=sa.String(length=300), existing_nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.alter_column(
            "name_key", existing_type=sa.String(length=300), type_=sa.String(length=100), existing_nullable=False
        )
    _ids("INTEGER")
