"""working hours from a date (earlier weeks keep theirs), the slots each time off closed and
those new hours closed, and the patient's notice of a visit the doctor cancelled

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-01 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS_BEFORE = (
    "appointment.reminder",
    "doctor.appointment_booked",
    "doctor.appointment_cancelled",
    "appointment.no_show",
    "appointment.running_late",
)
NEW_KIND = "appointment.cancelled_by_doctor"

# Two active blocks of one doctor and weekday that are in effect on a common date never
# overlap in time (the service says so first; this holds for every writer). The doctor's
# advisory lock makes two concurrent writers check one after the other.
OVERLAP_SQL = """
CREATE FUNCTION careslot_schedule_no_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT NEW.is_active THEN
        RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended('careslot.schedule:' || NEW.doctor_id, 0));
    IF EXISTS (
        SELECT 1 FROM doctor_schedules s
        WHERE s.doctor_id = NEW.doctor_id AND s.weekday = NEW.weekday AND s.id <> NEW.id
          AND s.is_active
          AND s.start_time < NEW.end_time AND s.end_time > NEW.start_time
          AND daterange(coalesce(s.effective_from, '-infinity'),
                        coalesce(s.effective_until, 'infinity'))
              && daterange(coalesce(NEW.effective_from, '-infinity'),
                           coalesce(NEW.effective_until, 'infinity'))
    ) THEN
        RAISE EXCEPTION 'working hours of one doctor and weekday overlap'
            USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'doctor_schedules_no_overlap';
    END IF;
    RETURN NEW;
END $$
"""
TRIGGER_SQL = """
CREATE TRIGGER doctor_schedules_no_overlap
    BEFORE INSERT OR UPDATE OF weekday, start_time, end_time, is_active, effective_from,
        effective_until ON doctor_schedules
    FOR EACH ROW EXECUTE FUNCTION careslot_schedule_no_overlap();
"""


def _kinds(kinds: tuple[str, ...]) -> str:
    return f"kind IN ({', '.join(repr(k) for k in kinds)})"


def upgrade() -> None:
    op.add_column("doctor_schedules", sa.Column("effective_from", sa.Date(), nullable=True))
    op.add_column("doctor_schedules", sa.Column("effective_until", sa.Date(), nullable=True))
    op.create_check_constraint(
        op.f("ck_doctor_schedules_effective_range"),
        "doctor_schedules",
        "effective_until IS NULL OR effective_from IS NULL OR effective_until > effective_from",
    )
    op.drop_constraint(
        op.f("uq_doctor_schedules_doctor_id_weekday_start_time"), "doctor_schedules", type_="unique"
    )
    op.create_unique_constraint(
        op.f("uq_doctor_schedules_doctor_id_weekday_start_time_effective_from"),
        "doctor_schedules",
        ["doctor_id", "weekday", "start_time", "effective_from"],
        postgresql_nulls_not_distinct=True,
    )
    op.execute(OVERLAP_SQL)
    op.execute(TRIGGER_SQL)
    op.create_table(
        "time_off_slots",
        sa.Column("time_off_id", sa.UUID(), nullable=False),
        sa.Column("slot_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["appointment_slots.id"],
            name=op.f("fk_time_off_slots_slot_id_appointment_slots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["time_off_id"],
            ["time_off.id"],
            name=op.f("fk_time_off_slots_time_off_id_time_off"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("time_off_id", "slot_id", name=op.f("pk_time_off_slots")),
        sa.UniqueConstraint("slot_id", name=op.f("uq_time_off_slots_slot_id")),
    )
    op.create_table(
        "hours_closed_slots",
        sa.Column("slot_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["appointment_slots.id"],
            name=op.f("fk_hours_closed_slots_slot_id_appointment_slots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("slot_id", name=op.f("pk_hours_closed_slots")),
    )
    op.drop_constraint(op.f("ck_notifications_kind_known"), "notifications", type_="check")
    op.create_check_constraint(
        op.f("ck_notifications_kind_known"), "notifications", _kinds((*KINDS_BEFORE, NEW_KIND))
    )


def downgrade() -> None:
    op.execute(f"DELETE FROM notifications WHERE kind = '{NEW_KIND}'")
    op.drop_constraint(op.f("ck_notifications_kind_known"), "notifications", type_="check")
    op.create_check_constraint(
        op.f("ck_notifications_kind_known"), "notifications", _kinds(KINDS_BEFORE)
    )
    op.drop_table("hours_closed_slots")
    op.drop_table("time_off_slots")
    op.execute("DROP TRIGGER doctor_schedules_no_overlap ON doctor_schedules")
    op.execute("DROP FUNCTION careslot_schedule_no_overlap()")
    # Hours that begin on a date cannot be told apart from the ones they replaced without
    # their dates: the versions not in effect any more go, the rest stay as they are.
    op.execute("DELETE FROM doctor_schedules WHERE effective_until IS NOT NULL")
    op.execute(
        "DELETE FROM doctor_schedules s WHERE EXISTS (SELECT 1 FROM doctor_schedules o"
        " WHERE o.doctor_id = s.doctor_id AND o.weekday = s.weekday"
        " AND o.start_time = s.start_time AND o.id <> s.id AND s.effective_from IS NOT NULL)"
    )
    op.drop_constraint(
        op.f("uq_doctor_schedules_doctor_id_weekday_start_time_effective_from"),
        "doctor_schedules",
        type_="unique",
    )
    op.create_unique_constraint(
        op.f("uq_doctor_schedules_doctor_id_weekday_start_time"),
        "doctor_schedules",
        ["doctor_id", "weekday", "start_time"],
    )
    op.drop_constraint(
        op.f("ck_doctor_schedules_effective_range"), "doctor_schedules", type_="check"
    )
    op.drop_column("doctor_schedules", "effective_until")
    op.drop_column("doctor_schedules", "effective_from")
