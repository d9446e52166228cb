"""the days on which a doctor is fully booked, kept by triggers for the free-slot search

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "('scheduled', 'confirmed', 'arrived')"

# The daily limit (0002) is counted per clinic-local day over the doctor's active
# appointments. The free-slot queries must leave out the days it would refuse, but
# counting in them costs a count per slot or per doctor-day searched (tens of ms for a
# specialty). So the days where the count has reached max_patients_per_day are kept
# here, in the same transaction as every change of the count: the queries read a few
# rows per doctor instead. A row means "full": the day is refused to a new booking.
FUNCTIONS = [
    # One doctor's day, counted exactly as the daily-limit trigger counts it, under the
    # same advisory lock: a booking of the day and this count queue up, so the count sees
    # every committed appointment of the day. FOR SHARE on the doctor: a change of the
    # limit waits for this transaction, and this one reads the limit last committed.
    f"""
CREATE FUNCTION careslot_refresh_full_day(p_doctor uuid, p_clinic uuid, p_at timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    zone text;
    most integer;
    local_day date;
    booked integer;
BEGIN
    SELECT c.timezone INTO zone FROM clinics c WHERE c.id = p_clinic;
    local_day := (p_at AT TIME ZONE zone)::date;
    PERFORM pg_advisory_xact_lock(
        hashtextextended('careslot.doctor-day:' || p_doctor::text || ':' || local_day::text, 0)
    );
    SELECT d.max_patients_per_day INTO most FROM doctors d WHERE d.id = p_doctor FOR SHARE;
    SELECT count(*) INTO booked FROM appointments a
    WHERE a.doctor_id = p_doctor AND a.status IN {ACTIVE}
      AND a.starts_at >= (local_day::timestamp AT TIME ZONE zone)
      AND a.starts_at < ((local_day + 1)::timestamp AT TIME ZONE zone);
    IF booked >= most THEN
        INSERT INTO doctor_full_days (doctor_id, day) VALUES (p_doctor, local_day)
        ON CONFLICT DO NOTHING;
    ELSE
        DELETE FROM doctor_full_days f WHERE f.doctor_id = p_doctor AND f.day = local_day;
    END IF;
END $$
""",
    # Every full day of these doctors from scratch: after a change of the limit or of a
    # clinic's time zone, and to fill the table.
    f"""
CREATE FUNCTION careslot_rebuild_full_days(p_doctors uuid[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM doctor_full_days f WHERE f.doctor_id = ANY(p_doctors);
    INSERT INTO doctor_full_days (doctor_id, day)
    SELECT a.doctor_id, (a.starts_at AT TIME ZONE c.timezone)::date
    FROM appointments a
    JOIN clinics c ON c.id = a.clinic_id
    JOIN doctors d ON d.id = a.doctor_id
    WHERE a.doctor_id = ANY(p_doctors) AND a.status IN {ACTIVE}
    GROUP BY a.doctor_id, (a.starts_at AT TIME ZONE c.timezone)::date, d.max_patients_per_day
    HAVING count(*) >= d.max_patients_per_day;
END $$
""",
    f"""
CREATE FUNCTION careslot_appointment_full_days() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_active boolean := TG_OP <> 'INSERT' AND OLD.status IN {ACTIVE};
    is_active boolean := TG_OP <> 'DELETE' AND NEW.status IN {ACTIVE};
BEGIN
    IF was_active AND is_active AND OLD.doctor_id = NEW.doctor_id
       AND OLD.clinic_id = NEW.clinic_id AND OLD.starts_at = NEW.starts_at THEN
        RETURN NULL;  -- counted on the same day as before (e.g. scheduled -> confirmed)
    END IF;
    IF was_active THEN
        PERFORM careslot_refresh_full_day(OLD.doctor_id, OLD.clinic_id, OLD.starts_at);
    END IF;
    IF is_active THEN
        PERFORM careslot_refresh_full_day(NEW.doctor_id, NEW.clinic_id, NEW.starts_at);
    END IF;
    RETURN NULL;
END $$
""",
    """
CREATE FUNCTION careslot_doctor_full_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM careslot_rebuild_full_days(ARRAY[NEW.id]);
    RETURN NULL;
END $$
""",
    """
CREATE FUNCTION careslot_clinic_full_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM careslot_rebuild_full_days(
        ARRAY(SELECT DISTINCT a.doctor_id FROM appointments a WHERE a.clinic_id = NEW.id)
    );
    RETURN NULL;
END $$
""",
]

TRIGGERS = [
    """
CREATE TRIGGER trg_appointments_full_days
    AFTER INSERT OR DELETE OR UPDATE OF status, starts_at, doctor_id, clinic_id ON appointments
    FOR EACH ROW EXECUTE FUNCTION careslot_appointment_full_days()
""",
    """
CREATE TRIGGER trg_doctors_full_days
    AFTER UPDATE OF max_patients_per_day ON doctors
    FOR EACH ROW WHEN (OLD.max_patients_per_day IS DISTINCT FROM NEW.max_patients_per_day)
    EXECUTE FUNCTION careslot_doctor_full_days()
""",
    """
CREATE TRIGGER trg_clinics_full_days
    AFTER UPDATE OF timezone ON clinics
    FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone)
    EXECUTE FUNCTION careslot_clinic_full_days()
""",
]

DOWNGRADE = [
    "DROP TRIGGER IF EXISTS trg_clinics_full_days ON clinics",
    "DROP TRIGGER IF EXISTS trg_doctors_full_days ON doctors",
    "DROP TRIGGER IF EXISTS trg_appointments_full_days ON appointments",
    "DROP FUNCTION IF EXISTS careslot_clinic_full_days()",
    "DROP FUNCTION IF EXISTS careslot_doctor_full_days()",
    "DROP FUNCTION IF EXISTS careslot_appointment_full_days()",
    "DROP FUNCTION IF EXISTS careslot_rebuild_full_days(uuid[])",
    "DROP FUNCTION IF EXISTS careslot_refresh_full_day(uuid, uuid, timestamptz)",
]


def upgrade() -> None:
    op.create_table(
        "doctor_full_days",
        sa.Column("doctor_id", sa.UUID(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["doctors.id"],
            name=op.f("fk_doctor_full_days_doctor_id_doctors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("doctor_id", "day", name=op.f("pk_doctor_full_days")),
    )
    for statement in [*FUNCTIONS, *TRIGGERS]:
        op.execute(statement)
    op.execute("SELECT careslot_rebuild_full_days(ARRAY(SELECT id FROM doctors))")


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
    op.drop_table("doctor_full_days")
