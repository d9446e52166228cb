"""calendar feeds: one live subscribable link per user and scope, revocable by jti

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-01 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("id", postgresql.UUID(as_uuid=True), server_default=sa.text("gen_random_uuid()"),
                  nullable=False),
        sa.Column("user_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("jti", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("scope IN ('patient', 'doctor')", name=op.f("ck_calendar_feeds_scope_known")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_calendar_feeds_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("jti", name=op.f("uq_calendar_feeds_jti")),
    )  # fmt: skip
    op.create_index(
        "uq_calendar_feeds_live", "calendar_feeds", ["user_id", "scope"], unique=True,
        postgresql_where=sa.text("revoked_at IS NULL"),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("uq_calendar_feeds_live", table_name="calendar_feeds")
    op.drop_table("calendar_feeds")
