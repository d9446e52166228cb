"""deleted accounts: when a patient deleted theirs, and that it is detached from any chat

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DETACHED = (
    "deleted_at IS NULL OR (telegram_user_id IS NULL AND chat_id IS NULL"
    " AND phone IS NULL AND email IS NULL AND NOT is_active)"
)


# A deleted account stays (past visits, visit records and audit rows point at it) but
# nothing in it reaches a person any more: no Telegram account, chat, phone or email.
# `is_active` alone could not tell a deleted account from a blocked one.
def upgrade() -> None:
    op.add_column("users", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.create_check_constraint(op.f("ck_users_deleted_detached"), "users", DETACHED)


def downgrade() -> None:
    op.drop_constraint(op.f("ck_users_deleted_detached"), "users", type_="check")
    op.drop_column("users", "deleted_at")
