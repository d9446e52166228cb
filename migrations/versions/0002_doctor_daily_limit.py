"""a doctor's daily limit of patients, enforced by the database

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 04:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "('scheduled', 'confirmed', 'arrived')"

# doctors.max_patients_per_day was checked by the booking service only, so two bookings
# of different slots of one doctor on one day could both take the last place. The day is
# the clinic's local date, as the service counts it.
UPGRADE = [
    f"""
CREATE FUNCTION careslot_appointment_daily_limit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    zone text;
    most integer;
    day date;
    booked integer;
BEGIN
    IF NEW.status IN {ACTIVE} AND (
        TG_OP = 'INSERT' OR OLD.status NOT IN {ACTIVE}
        OR NEW.starts_at IS DISTINCT FROM OLD.starts_at
        OR NEW.doctor_id IS DISTINCT FROM OLD.doctor_id
    ) THEN
        SELECT c.timezone INTO zone FROM clinics c WHERE c.id = NEW.clinic_id;
        SELECT d.max_patients_per_day INTO most FROM doctors d WHERE d.id = NEW.doctor_id;
        day := (NEW.starts_at AT TIME ZONE zone)::date;
        -- Serialise one doctor's bookings of one day, so two cannot both take the last place.
        PERFORM pg_advisory_xact_lock(
            hashtextextended('careslot.doctor-day:' || NEW.doctor_id::text || ':' || day::text, 0)
        );
        SELECT count(*) INTO booked FROM appointments a
        WHERE a.doctor_id = NEW.doctor_id AND a.id <> NEW.id AND a.status IN {ACTIVE}
          AND a.starts_at >= (day::timestamp AT TIME ZONE zone)
          AND a.starts_at < ((day + 1)::timestamp AT TIME ZONE zone);
        IF booked >= most THEN
            RAISE EXCEPTION 'the doctor takes no more patients on %', day
                USING ERRCODE = 'check_violation', CONSTRAINT = 'appointments_doctor_daily_limit';
        END IF;
    END IF;
    RETURN NEW;
END $$
""",
    """
CREATE TRIGGER trg_appointments_daily_limit
    BEFORE INSERT OR UPDATE ON appointments
    FOR EACH ROW EXECUTE FUNCTION careslot_appointment_daily_limit()
""",
]

DOWNGRADE = [
    "DROP TRIGGER IF EXISTS trg_appointments_daily_limit ON appointments",
    "DROP FUNCTION IF EXISTS careslot_appointment_daily_limit()",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
