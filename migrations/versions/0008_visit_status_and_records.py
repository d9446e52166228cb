"""the doctor's day: a visit's status moves only along the allowed transitions (with a short
undo), visit records editable by their author for a while, then corrected append-only

Revision ID: 0008
Revises: 0011
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = "('scheduled', 'confirmed', 'arrived', 'completed', 'cancelled', 'no_show')"

# A change of status is stamped with when it happened and who made it (the service stamps
# both with its own clock and user; a writer that stamps nothing gets now() and nobody).
# The moves a clinic makes:
#   scheduled → confirmed (the patient confirms)        any time
#   scheduled/confirmed/arrived → cancelled             any time
#   scheduled/confirmed → arrived                       from 2 hours before the start
#   scheduled/confirmed/arrived → completed             from the start
#   scheduled/confirmed → no_show                       from the start
# and back to the status before (Undo) within UNDO_MINUTES of the change, once.
# Arrived, completed and no-show are the visit's doctor's (or their clinic's front desk,
# or an admin) to set: a stamped user who is none of them is refused.
TRANSITION_SQL = """
CREATE FUNCTION careslot_appointment_transition() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    at timestamptz;
    ok boolean := false;
    undo boolean := false;
BEGIN
    IF NEW.status = OLD.status THEN
        RETURN NEW;
    END IF;
    IF NEW.status_changed_at IS NOT DISTINCT FROM OLD.status_changed_at THEN
        NEW.status_changed_at := now();
        IF NEW.status_changed_by IS NOT DISTINCT FROM OLD.status_changed_by THEN
            NEW.status_changed_by := NULL;
        END IF;
    END IF;
    at := NEW.status_changed_at;
    IF OLD.status_changed_at IS NOT NULL AND at < OLD.status_changed_at THEN
        RAISE EXCEPTION 'a status change cannot be dated before the previous one'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'appointments_status_transition';
    END IF;
    undo := OLD.previous_status IS NOT NULL AND NEW.status = OLD.previous_status
        AND OLD.status IN ('arrived', 'completed', 'no_show')
        AND at - OLD.status_changed_at <= interval '5 minutes';
    ok := CASE
        WHEN undo THEN true
        WHEN OLD.status = 'scheduled' AND NEW.status = 'confirmed' THEN true
        WHEN OLD.status IN ('scheduled', 'confirmed', 'arrived') AND NEW.status = 'cancelled'
            THEN true
        WHEN OLD.status IN ('scheduled', 'confirmed') AND NEW.status = 'arrived'
            THEN at >= NEW.starts_at - interval '2 hours'
        WHEN OLD.status IN ('scheduled', 'confirmed', 'arrived') AND NEW.status = 'completed'
            THEN at >= NEW.starts_at
        WHEN OLD.status IN ('scheduled', 'confirmed') AND NEW.status = 'no_show'
            THEN at >= NEW.starts_at
        ELSE false
    END;
    IF NOT ok THEN
        RAISE EXCEPTION 'appointment status cannot go from % to % at %', OLD.status, NEW.status, at
            USING ERRCODE = 'check_violation', CONSTRAINT = 'appointments_status_transition';
    END IF;
    IF NEW.status IN ('arrived', 'completed', 'no_show') AND NEW.status_changed_by IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM doctors d WHERE d.id = NEW.doctor_id
                       AND d.user_id = NEW.status_changed_by)
       AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.user_id = NEW.status_changed_by
                       AND s.clinic_id = NEW.clinic_id AND s.status = 'active')
       AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = NEW.status_changed_by
                       AND u.role = 'admin') THEN
        RAISE EXCEPTION 'only the visit''s doctor, its clinic or an admin marks a visit'
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'appointments_status_by';
    END IF;
    NEW.previous_status := CASE WHEN undo THEN NULL ELSE OLD.status END;
    RETURN NEW;
END $$;

CREATE TRIGGER trg_appointments_transition
    BEFORE UPDATE OF status ON appointments
    FOR EACH ROW EXECUTE FUNCTION careslot_appointment_transition();

-- A visit record: its author may change it until `editable_until` (checked against the
-- later of the database's clock and the writer's `edited_at`), never delete it, and never
-- move it to another visit, patient, doctor or author. After that, corrections are new
-- rows of medical_record_corrections, which are never changed or removed.
CREATE FUNCTION careslot_medical_record_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'visit records are kept'
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'medical_records_kept';
    END IF;
    IF NEW.patient_id IS DISTINCT FROM OLD.patient_id OR NEW.doctor_id IS DISTINCT FROM OLD.doctor_id
       OR NEW.appointment_id IS DISTINCT FROM OLD.appointment_id
       OR NEW.author_user_id IS DISTINCT FROM OLD.author_user_id
       OR NEW.editable_until IS DISTINCT FROM OLD.editable_until THEN
        RAISE EXCEPTION 'a visit record stays with its visit and author'
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'medical_records_locked';
    END IF;
    IF GREATEST(now(), COALESCE(NEW.edited_at, now())) >= OLD.editable_until THEN
        RAISE EXCEPTION 'a visit record can no longer be edited; add a correction'
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'medical_records_locked';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER trg_medical_records_guard
    BEFORE UPDATE OR DELETE ON medical_records
    FOR EACH ROW EXECUTE FUNCTION careslot_medical_record_guard();

CREATE FUNCTION careslot_record_corrections_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'corrections of visit records are append-only'
        USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'medical_record_corrections_append_only';
END $$;

CREATE TRIGGER trg_medical_record_corrections_append_only
    BEFORE UPDATE OR DELETE ON medical_record_corrections
    FOR EACH ROW EXECUTE FUNCTION careslot_record_corrections_append_only();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS trg_medical_record_corrections_append_only ON medical_record_corrections;
DROP TRIGGER IF EXISTS trg_medical_records_guard ON medical_records;
DROP TRIGGER IF EXISTS trg_appointments_transition ON appointments;
DROP FUNCTION IF EXISTS careslot_record_corrections_append_only();
DROP FUNCTION IF EXISTS careslot_medical_record_guard();
DROP FUNCTION IF EXISTS careslot_appointment_transition();
"""


def _statements(sql: str) -> list[str]:
    """One statement at a time (asyncpg prepares each): split at each `;` that ends a line
    outside a `$$` body."""
    out: list[str] = []
    current: list[str] = []
    for line in sql.strip().splitlines():
        current.append(line)
        in_body = sum(part.count("$$") for part in current) % 2 == 1
        if line.rstrip().endswith(";") and not in_body:
            out.append("\n".join(current))
            current = []
    return out


def upgrade() -> None:
    op.add_column(
        "appointments", sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("appointments", sa.Column("status_changed_by", sa.UUID(), nullable=True))
    op.add_column("appointments", sa.Column("previous_status", sa.String(16), nullable=True))
    op.create_foreign_key(
        op.f("fk_appointments_status_changed_by_users"),
        "appointments",
        "users",
        ["status_changed_by"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.create_check_constraint(
        op.f("ck_appointments_previous_status_known"),
        "appointments",
        f"previous_status IN {STATUSES}",
    )
    op.add_column("medical_records", sa.Column("author_user_id", sa.UUID(), nullable=True))
    op.add_column(
        "medical_records",
        sa.Column(
            "editable_until",
            sa.DateTime(timezone=True),
            server_default=sa.text("now() + interval '24 hours'"),
            nullable=False,
        ),
    )
    op.add_column(
        "medical_records", sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_foreign_key(
        op.f("fk_medical_records_author_user_id_users"),
        "medical_records",
        "users",
        ["author_user_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.create_table(
        "medical_record_corrections",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("record_id", sa.UUID(), nullable=False),
        sa.Column("author_user_id", sa.UUID(), nullable=True),
        sa.Column("diagnosis", sa.Text(), nullable=True),
        sa.Column("prescription", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["medical_records.id"],
            name=op.f("fk_medical_record_corrections_record_id_medical_records"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["author_user_id"],
            ["users.id"],
            name=op.f("fk_medical_record_corrections_author_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medical_record_corrections")),
    )
    op.create_index(
        op.f("ix_medical_record_corrections_record_id"),
        "medical_record_corrections",
        ["record_id"],
        unique=False,
    )
    op.create_index(
        "ix_medical_records_doctor_patient",
        "medical_records",
        ["doctor_id", "patient_id"],
        unique=False,
    )
    op.create_index(
        "ix_appointments_doctor_patient",
        "appointments",
        ["doctor_id", "patient_id", "starts_at"],
        unique=False,
    )
    op.create_index(
        "ix_doctor_patient_assignments_patient",
        "doctor_patient_assignments",
        ["patient_id"],
        unique=False,
    )
    for statement in _statements(TRANSITION_SQL):
        op.execute(statement)
    # The outbox (0007) learns the patient's notices of a visit: a no-show, running late.
    op.drop_constraint(op.f("ck_notifications_kind_known"), "notifications", type_="check")
    op.create_check_constraint(
        op.f("ck_notifications_kind_known"), "notifications", _kinds(OUTBOX_KINDS + VISIT_KINDS)
    )


OUTBOX_KINDS = ("appointment.reminder", "doctor.appointment_booked",
                "doctor.appointment_cancelled")  # fmt: skip
VISIT_KINDS = ("appointment.no_show", "appointment.running_late")


def _kinds(kinds: tuple[str, ...]) -> str:
    return f"kind IN ({', '.join(repr(k) for k in kinds)})"


def downgrade() -> None:
    op.execute(f"DELETE FROM notifications WHERE kind IN {VISIT_KINDS!r}")
    op.drop_constraint(op.f("ck_notifications_kind_known"), "notifications", type_="check")
    op.create_check_constraint(
        op.f("ck_notifications_kind_known"), "notifications", _kinds(OUTBOX_KINDS)
    )
    for statement in _statements(DROP_SQL):
        op.execute(statement)
    op.drop_index("ix_doctor_patient_assignments_patient", table_name="doctor_patient_assignments")
    op.drop_index("ix_appointments_doctor_patient", table_name="appointments")
    op.drop_index("ix_medical_records_doctor_patient", table_name="medical_records")
    op.drop_index(
        op.f("ix_medical_record_corrections_record_id"), table_name="medical_record_corrections"
    )
    op.drop_table("medical_record_corrections")
    op.drop_constraint(
        op.f("fk_medical_records_author_user_id_users"), "medical_records", type_="foreignkey"
    )
    op.drop_column("medical_records", "edited_at")
    op.drop_column("medical_records", "editable_until")
    op.drop_column("medical_records", "author_user_id")
    op.drop_constraint(
        op.f("ck_appointments_previous_status_known"), "appointments", type_="check"
    )
    op.drop_constraint(
        op.f("fk_appointments_status_changed_by_users"), "appointments", type_="foreignkey"
    )
    op.drop_column("appointments", "previous_status")
    op.drop_column("appointments", "status_changed_by")
    op.drop_column("appointments", "status_changed_at")
