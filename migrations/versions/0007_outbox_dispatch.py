"""the outbox dispatcher: notification kinds, status, leases, retries; unreachable users;
reminder settings per clinic; the shared pace of all dispatchers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("appointment.reminder", "doctor.appointment_booked", "doctor.appointment_cancelled")
STATUSES = ("pending", "sent", "failed", "skipped", "dropped", "unknown")
REMINDER_RANGE = (
    "cardinality(reminder_minutes) <= 4 AND 10 <= ALL (reminder_minutes)"
    " AND 20160 >= ALL (reminder_minutes)"
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.add_column("users", sa.Column("unreachable_at", sa.DateTime(timezone=True)))
    op.add_column("users", sa.Column("outbox_next_at", sa.DateTime(timezone=True)))

    op.add_column(
        "clinics",
        sa.Column(
            "reminder_minutes",
            postgresql.ARRAY(sa.Integer()),
            server_default=sa.text("'{1440,120}'::integer[]"),
            nullable=False,
        ),
    )
    op.add_column(
        "clinics",
        sa.Column("quiet_from", sa.Time(), server_default=sa.text("'21:00'"), nullable=False),
    )
    op.add_column(
        "clinics",
        sa.Column("quiet_until", sa.Time(), server_default=sa.text("'08:00'"), nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_clinics_reminder_minutes_range"), "clinics", REMINDER_RANGE
    )

    n = "notifications"
    op.add_column(n, sa.Column("appointment_id", sa.UUID(), nullable=True))
    op.add_column(
        n,
        sa.Column(
            "not_before",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    )
    op.add_column(
        n, sa.Column("status", sa.String(length=16), server_default="pending", nullable=False)
    )
    op.add_column(n, sa.Column("claimed_by", sa.String(length=64), nullable=True))
    op.add_column(n, sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
    # Rows written before: their appointment from the payload, their time from due_at, and
    # a status from sent_at (nothing sent them, so they are all pending).
    op.execute(
        "UPDATE notifications SET not_before = due_at,"
        " status = CASE WHEN sent_at IS NULL THEN 'pending' ELSE 'sent' END,"
        " appointment_id = a.id"
        " FROM (SELECT id FROM appointments) a"
        " WHERE a.id::text = notifications.payload->>'appointment_id'"
    )
    op.execute(
        "UPDATE notifications SET not_before = due_at,"
        " status = CASE WHEN sent_at IS NULL THEN 'pending' ELSE 'sent' END"
        " WHERE appointment_id IS NULL"
    )
    op.create_foreign_key(
        op.f("fk_notifications_appointment_id_appointments"),
        n,
        "appointments",
        ["appointment_id"],
        ["id"],
        ondelete="CASCADE",
        deferrable=True,
        initially="DEFERRED",
    )
    op.create_check_constraint(op.f("ck_notifications_kind_known"), n, _in("kind", KINDS))
    op.create_check_constraint(op.f("ck_notifications_status_known"), n, _in("status", STATUSES))
    op.create_check_constraint(
        op.f("ck_notifications_sent_at_iff_sent"), n, "(status = 'sent') = (sent_at IS NOT NULL)"
    )
    op.create_check_constraint(
        op.f("ck_notifications_claim_whole"), n, "(claimed_by IS NULL) = (claimed_until IS NULL)"
    )
    op.drop_index("ix_notifications_due_unsent", table_name=n)
    op.create_index(
        "ix_notifications_due", n, ["not_before"], postgresql_where=sa.text("status = 'pending'")
    )
    op.create_index(
        "ix_notifications_appointment",
        n,
        ["appointment_id"],
        postgresql_where=sa.text("appointment_id IS NOT NULL"),
    )
    op.create_index(
        "ix_notifications_user_sent",
        n,
        ["user_id", "sent_at"],
        postgresql_where=sa.text("status = 'sent'"),
    )

    op.create_table(
        "outbox_pace",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column(
            "next_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint("id = 1", name=op.f("ck_outbox_pace_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_pace")),
    )


def downgrade() -> None:
    op.drop_table("outbox_pace")
    n = "notifications"
    op.drop_index("ix_notifications_user_sent", table_name=n)
    op.drop_index("ix_notifications_appointment", table_name=n)
    op.drop_index("ix_notifications_due", table_name=n)
    op.create_index(
        "ix_notifications_due_unsent", n, ["due_at"], postgresql_where=sa.text("sent_at IS NULL")
    )
    for name in ("claim_whole", "sent_at_iff_sent", "status_known", "kind_known"):
        op.drop_constraint(op.f(f"ck_notifications_{name}"), n, type_="check")
    op.drop_constraint(op.f("fk_notifications_appointment_id_appointments"), n, type_="foreignkey")
    for column in ("claimed_until", "claimed_by", "status", "not_before", "appointment_id"):
        op.drop_column(n, column)
    op.drop_constraint(op.f("ck_clinics_reminder_minutes_range"), "clinics", type_="check")
    for column in ("quiet_until", "quiet_from", "reminder_minutes"):
        op.drop_column("clinics", column)
    op.drop_column("users", "outbox_next_at")
    op.drop_column("users", "unreachable_at")
