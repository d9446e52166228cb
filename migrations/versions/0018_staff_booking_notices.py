"""the patient's messages of what the front desk booked, moved or cancelled for them

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-01 18:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every kind before this revision (written out: a migration never reads the models).
KINDS = (
    "appointment.reminder",
    "doctor.appointment_booked",
    "doctor.appointment_cancelled",
    "appointment.no_show",
    "appointment.running_late",
    "appointment.cancelled_by_doctor",
    "waitlist.offer",
    "doctor.morning_digest",
    "doctor.today_refresh",
)
NEW_KINDS = ("appointment.desk_booked", "appointment.desk_moved", "appointment.desk_cancelled")
NAME = "ck_notifications_kind_known"


def _kinds(kinds: tuple[str, ...]) -> str:
    return f"kind IN ({', '.join(repr(k) for k in kinds)})"


def upgrade() -> None:
    op.drop_constraint(op.f(NAME), "notifications", type_="check")
    op.create_check_constraint(op.f(NAME), "notifications", _kinds(KINDS + NEW_KINDS))


def downgrade() -> None:
    op.execute(f"DELETE FROM notifications WHERE {_kinds(NEW_KINDS)}")
    op.drop_constraint(op.f(NAME), "notifications", type_="check")
    op.create_check_constraint(op.f(NAME), "notifications", _kinds(KINDS))
