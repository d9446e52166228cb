"""update journal: an update is written down when it arrives, claimed when handled

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Polling confirms a batch to Telegram with the next getUpdates, and a webhook with its 200:
# a process that dies after that but before handling the update lost it for good. Now the
# update is written here first (unclaimed, with its payload); the gatekeeper's claim marks
# it handled and drops the payload; whoever is active next handles what is still unclaimed.
def upgrade() -> None:
    op.add_column("processed_updates", sa.Column("payload", postgresql.JSONB(), nullable=True))
    op.add_column(
        "processed_updates",
        sa.Column("claimed", sa.Boolean(), server_default=sa.text("true"), nullable=False),
    )
    op.create_index(
        "ix_processed_updates_unclaimed", "processed_updates", ["update_id"],
        postgresql_where=sa.text("NOT claimed"),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_processed_updates_unclaimed", table_name="processed_updates")
    op.drop_column("processed_updates", "claimed")
    op.drop_column("processed_updates", "payload")
