"""the doctor's morning digest (a time of day per doctor, or off) and the /today message
that is edited in place when a patient changes a visit of that day

Revision ID: 0013
Revises: 0008
Create Date: 2026-12-01 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = (
    "appointment.reminder",
    "doctor.appointment_booked",
    "doctor.appointment_cancelled",
    "appointment.no_show",
    "appointment.running_late",
    "appointment.cancelled_by_doctor",  # 0012
    "waitlist.offer",  # 0014
)
NEW_KINDS = ("doctor.morning_digest", "doctor.today_refresh")
# The last /today message is known whole (chat, message, the local day it shows) or not at all.
TODAY_WHOLE = (
    "(today_chat_id IS NULL) = (today_message_id IS NULL)"
    " AND (today_chat_id IS NULL) = (today_day IS NULL)"
)


def _kinds(kinds: tuple[str, ...]) -> str:
    return f"kind IN ({', '.join(repr(k) for k in kinds)})"


def upgrade() -> None:
    # NULL: the doctor turned the digest off.
    op.add_column(
        "doctors",
        sa.Column("digest_at", sa.Time(), server_default=sa.text("'07:30'"), nullable=True),
    )
    op.add_column("doctors", sa.Column("today_chat_id", sa.BigInteger(), nullable=True))
    op.add_column("doctors", sa.Column("today_message_id", sa.BigInteger(), nullable=True))
    op.add_column("doctors", sa.Column("today_day", sa.Date(), nullable=True))
    op.create_check_constraint(op.f("ck_doctors_today_message_whole"), "doctors", TODAY_WHOLE)
    op.drop_constraint(op.f("ck_notifications_kind_known"), "notifications", type_="check")
    op.create_check_constraint(
        op.f("ck_notifications_kind_known"), "notifications", _kinds(OLD_KINDS + NEW_KINDS)
    )


def downgrade() -> None:
    op.execute(f"DELETE FROM notifications WHERE kind IN {NEW_KINDS!r}")
    op.drop_constraint(op.f("ck_notifications_kind_known"), "notifications", type_="check")
    op.create_check_constraint(
        op.f("ck_notifications_kind_known"), "notifications", _kinds(OLD_KINDS)
    )
    op.drop_constraint(op.f("ck_doctors_today_message_whole"), "doctors", type_="check")
    for column in ("today_day", "today_message_id", "today_chat_id", "digest_at"):
        op.drop_column("doctors", column)
