"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 01:30:42.196483
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Invariants PostgreSQL enforces itself (brief, section 3). Constraints in the
# tables above cover the simple ones; these triggers cover what a constraint
# cannot say without btree_gist (absent from the embedded build). Each trigger
# raises with a constraint name the services map to a domain error.
ACTIVE = "('scheduled', 'confirmed', 'arrived')"

INVARIANT_SQL = f"""
CREATE FUNCTION careslot_slot_no_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.is_active THEN
        -- Serialise slot writes per doctor so two transactions cannot both pass the check.
        PERFORM pg_advisory_xact_lock(hashtextextended('careslot.doctor:' || NEW.doctor_id::text, 0));
        -- Active slots never overlap, so only the latest one starting before NEW ends
        -- can overlap it: one index probe instead of a scan of the doctor's history.
        IF EXISTS (
            SELECT 1 FROM (
                SELECT s.ends_at FROM appointment_slots s
                WHERE s.doctor_id = NEW.doctor_id AND s.id <> NEW.id AND s.is_active
                  AND s.starts_at < NEW.ends_at
                ORDER BY s.starts_at DESC LIMIT 1
            ) latest WHERE latest.ends_at > NEW.starts_at
        ) THEN
            RAISE EXCEPTION 'the doctor already has a slot overlapping % - %', NEW.starts_at, NEW.ends_at
                USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'appointment_slots_doctor_overlap';
        END IF;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER trg_appointment_slots_no_overlap
    BEFORE INSERT OR UPDATE OF doctor_id, starts_at, ends_at, is_active ON appointment_slots
    FOR EACH ROW EXECUTE FUNCTION careslot_slot_no_overlap();

CREATE FUNCTION careslot_appointment_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    slot appointment_slots%ROWTYPE;
BEGIN
    IF TG_OP = 'INSERT' OR NEW.slot_id IS DISTINCT FROM OLD.slot_id
       OR NEW.starts_at IS DISTINCT FROM OLD.starts_at OR NEW.ends_at IS DISTINCT FROM OLD.ends_at THEN
        SELECT * INTO slot FROM appointment_slots WHERE id = NEW.slot_id;
        IF NEW.doctor_id <> slot.doctor_id OR NEW.clinic_id <> slot.clinic_id
           OR NEW.starts_at <> slot.starts_at OR NEW.ends_at <> slot.ends_at THEN
            RAISE EXCEPTION 'an appointment must match its slot'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'appointments_match_slot';
        END IF;
        IF NEW.status IN {ACTIVE} AND NOT slot.is_active THEN
            RAISE EXCEPTION 'the slot is closed'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'appointments_slot_active';
        END IF;
    END IF;
    IF NEW.status IN {ACTIVE} AND (
        TG_OP = 'INSERT' OR OLD.status NOT IN {ACTIVE}
        OR NEW.starts_at IS DISTINCT FROM OLD.starts_at OR NEW.ends_at IS DISTINCT FROM OLD.ends_at
        OR NEW.patient_id IS DISTINCT FROM OLD.patient_id
    ) THEN
        -- Serialise a patient's bookings so two overlapping ones cannot both pass the check.
        PERFORM pg_advisory_xact_lock(hashtextextended('careslot.patient:' || NEW.patient_id::text, 0));
        -- As for slots: active appointments of a patient never overlap, so the latest
        -- one starting before NEW ends is the only one that can overlap it.
        IF EXISTS (
            SELECT 1 FROM (
                SELECT a.ends_at FROM appointments a
                WHERE a.patient_id = NEW.patient_id AND a.id <> NEW.id AND a.status IN {ACTIVE}
                  AND a.starts_at < NEW.ends_at
                ORDER BY a.starts_at DESC LIMIT 1
            ) latest WHERE latest.ends_at > NEW.starts_at
        ) THEN
            RAISE EXCEPTION 'the patient already has an appointment overlapping % - %', NEW.starts_at, NEW.ends_at
                USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'appointments_patient_overlap';
        END IF;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER trg_appointments_guard
    BEFORE INSERT OR UPDATE ON appointments
    FOR EACH ROW EXECUTE FUNCTION careslot_appointment_guard();

-- The slot's booked_count follows its active appointments; the slot's CHECK
-- (booked_count <= capacity) then refuses the one too many, and the row lock
-- taken by this UPDATE makes concurrent bookings of one slot queue up.
CREATE FUNCTION careslot_appointment_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_active boolean := TG_OP <> 'INSERT' AND OLD.status IN {ACTIVE};
    is_active boolean := TG_OP <> 'DELETE' AND NEW.status IN {ACTIVE};
BEGIN
    IF was_active AND is_active AND OLD.slot_id = NEW.slot_id THEN
        RETURN NULL;
    END IF;
    IF was_active THEN
        UPDATE appointment_slots SET booked_count = booked_count - 1 WHERE id = OLD.slot_id;
    END IF;
    IF is_active THEN
        UPDATE appointment_slots SET booked_count = booked_count + 1 WHERE id = NEW.slot_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER trg_appointments_count
    AFTER INSERT OR DELETE OR UPDATE OF status, slot_id ON appointments
    FOR EACH ROW EXECUTE FUNCTION careslot_appointment_count();

CREATE FUNCTION careslot_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_logs is append-only'
        USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'audit_logs_append_only';
END $$;

CREATE TRIGGER trg_audit_logs_append_only
    BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION careslot_audit_append_only();
"""

DROP_INVARIANT_SQL = """
DROP TRIGGER IF EXISTS trg_audit_logs_append_only ON audit_logs;
DROP TRIGGER IF EXISTS trg_appointments_count ON appointments;
DROP TRIGGER IF EXISTS trg_appointments_guard ON appointments;
DROP TRIGGER IF EXISTS trg_appointment_slots_no_overlap ON appointment_slots;
DROP FUNCTION IF EXISTS careslot_audit_append_only();
DROP FUNCTION IF EXISTS careslot_appointment_count();
DROP FUNCTION IF EXISTS careslot_appointment_guard();
DROP FUNCTION IF EXISTS careslot_slot_no_overlap();
"""


def _statements(sql: str) -> list[str]:
    """asyncpg runs one statement per call; function bodies end with `$$;`."""
    parts, current = [], []
    for line in sql.strip().splitlines():
        current.append(line)
        stripped = line.strip()
        in_body = sum(part.count("$$") for part in current) % 2 == 1
        if stripped.endswith(";") and not in_body:
            parts.append("\n".join(current).strip())
            current = []
    return [p for p in parts if p]


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table(
        "bot_chat_data",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_bot_chat_data")),
    )
    op.create_table(
        "bot_conversations",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("state", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("name", "key", name=op.f("pk_bot_conversations")),
    )
    op.create_table(
        "bot_kv",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_bot_kv")),
    )
    op.create_table(
        "bot_user_data",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_bot_user_data")),
    )
    op.create_table(
        "clinics",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=100), nullable=True),
        sa.Column("zip", sa.String(length=20), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("min_booking_notice_minutes", sa.Integer(), server_default="60", nullable=False),
        sa.Column("min_cancel_notice_minutes", sa.Integer(), server_default="240", nullable=False),
        sa.Column("booking_horizon_days", sa.Integer(), server_default="60", nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "booking_horizon_days BETWEEN 1 AND 365", name=op.f("ck_clinics_horizon_range")
        ),
        sa.CheckConstraint(
            "min_booking_notice_minutes >= 0", name=op.f("ck_clinics_booking_notice_nonneg")
        ),
        sa.CheckConstraint(
            "min_cancel_notice_minutes >= 0", name=op.f("ck_clinics_cancel_notice_nonneg")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinics")),
        sa.UniqueConstraint("name", name=op.f("uq_clinics_name")),
    )
    op.create_table(
        "specialties",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_specialties")),
        sa.UniqueConstraint("name", name=op.f("uq_specialties_name")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("role", sa.String(length=16), server_default="patient", nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("language", sa.String(length=8), server_default="en", nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("privacy_accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "role IN ('patient', 'doctor', 'staff', 'admin')", name=op.f("ck_users_role_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("telegram_user_id", name=op.f("uq_users_telegram_user_id")),
    )
    op.create_index(op.f("ix_users_phone"), "users", ["phone"], unique=False)
    op.create_table(
        "audit_logs",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("actor_user_id", sa.UUID(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("resource_type", sa.String(length=64), nullable=False),
        sa.Column("resource_id", sa.String(length=64), nullable=True),
        sa.Column(
            "details",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["users.id"],
            name=op.f("fk_audit_logs_actor_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_logs")),
    )
    op.create_index("ix_audit_logs_at", "audit_logs", ["at"], unique=False)
    op.create_index(
        "ix_audit_logs_resource", "audit_logs", ["resource_type", "resource_id"], unique=False
    )
    op.create_table(
        "doctors",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=True),
        sa.Column("clinic_id", sa.UUID(), nullable=False),
        sa.Column("specialty_id", sa.UUID(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("license_number", sa.String(length=50), nullable=False),
        sa.Column("qualifications", sa.Text(), nullable=True),
        sa.Column("experience_years", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("max_patients_per_day", sa.SmallInteger(), server_default="20", nullable=False),
        sa.Column("visit_minutes", sa.SmallInteger(), server_default="30", nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "experience_years BETWEEN 0 AND 80", name=op.f("ck_doctors_experience_range")
        ),
        sa.CheckConstraint(
            "max_patients_per_day BETWEEN 1 AND 200", name=op.f("ck_doctors_max_patients_range")
        ),
        sa.CheckConstraint(
            "visit_minutes BETWEEN 5 AND 480", name=op.f("ck_doctors_visit_minutes_range")
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_doctors_clinic_id_clinics"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["specialty_id"],
            ["specialties.id"],
            name=op.f("fk_doctors_specialty_id_specialties"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_doctors_user_id_users"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doctors")),
        sa.UniqueConstraint("license_number", name=op.f("uq_doctors_license_number")),
        sa.UniqueConstraint("user_id", name=op.f("uq_doctors_user_id")),
    )
    op.create_index("ix_doctors_clinic_active", "doctors", ["clinic_id", "is_active"], unique=False)
    op.create_index(
        "ix_doctors_specialty_active", "doctors", ["specialty_id", "is_active"], unique=False
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column(
            "payload",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "due_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_notifications_attempts_nonneg")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_notifications_dedupe_key")),
    )
    op.create_index(
        "ix_notifications_due_unsent",
        "notifications",
        ["due_at"],
        unique=False,
        postgresql_where=sa.text("sent_at IS NULL"),
    )
    op.create_index(op.f("ix_notifications_user_id"), "notifications", ["user_id"], unique=False)
    op.create_table(
        "patients",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("blood_group", sa.String(length=8), nullable=True),
        sa.Column("allergies", sa.Text(), nullable=True),
        sa.Column("emergency_contact", sa.String(length=200), nullable=True),
        sa.Column("insurance", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_patients_user_id_users"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patients")),
        sa.UniqueConstraint("user_id", name=op.f("uq_patients_user_id")),
    )
    op.create_table(
        "staff",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("clinic_id", sa.UUID(), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=True),
        sa.Column("position", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="active", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('active', 'inactive', 'on_leave')", name=op.f("ck_staff_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_staff_clinic_id_clinics"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_staff_user_id_users"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("user_id", name=op.f("uq_staff_user_id")),
    )
    op.create_index(op.f("ix_staff_clinic_id"), "staff", ["clinic_id"], unique=False)
    op.create_table(
        "appointment_slots",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("doctor_id", sa.UUID(), nullable=False),
        sa.Column("clinic_id", sa.UUID(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.SmallInteger(), server_default="1", nullable=False),
        sa.Column("booked_count", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "booked_count <= capacity", name=op.f("ck_appointment_slots_within_capacity")
        ),
        sa.CheckConstraint("booked_count >= 0", name=op.f("ck_appointment_slots_booked_nonneg")),
        sa.CheckConstraint(
            "capacity BETWEEN 1 AND 100", name=op.f("ck_appointment_slots_capacity_range")
        ),
        sa.CheckConstraint(
            "ends_at > starts_at", name=op.f("ck_appointment_slots_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_appointment_slots_clinic_id_clinics"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["doctors.id"],
            name=op.f("fk_appointment_slots_doctor_id_doctors"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_slots")),
        sa.UniqueConstraint(
            "doctor_id", "starts_at", name=op.f("uq_appointment_slots_doctor_id_starts_at")
        ),
    )
    op.create_index(
        "ix_appointment_slots_free_by_doctor",
        "appointment_slots",
        ["doctor_id", "starts_at"],
        unique=False,
        postgresql_where=sa.text("is_active AND booked_count < capacity"),
    )
    op.create_index(
        "ix_appointment_slots_free_by_time",
        "appointment_slots",
        ["starts_at", "doctor_id"],
        unique=False,
        postgresql_where=sa.text("is_active AND booked_count < capacity"),
    )
    op.create_table(
        "doctor_patient_assignments",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("doctor_id", sa.UUID(), nullable=False),
        sa.Column("patient_id", sa.UUID(), nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["doctors.id"],
            name=op.f("fk_doctor_patient_assignments_doctor_id_doctors"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_doctor_patient_assignments_patient_id_patients"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doctor_patient_assignments")),
        sa.UniqueConstraint(
            "doctor_id",
            "patient_id",
            name=op.f("uq_doctor_patient_assignments_doctor_id_patient_id"),
        ),
    )
    op.create_table(
        "doctor_schedules",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("doctor_id", sa.UUID(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "end_time > start_time", name=op.f("ck_doctor_schedules_ends_after_start")
        ),
        sa.CheckConstraint(
            "weekday BETWEEN 0 AND 6", name=op.f("ck_doctor_schedules_weekday_range")
        ),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["doctors.id"],
            name=op.f("fk_doctor_schedules_doctor_id_doctors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doctor_schedules")),
        sa.UniqueConstraint(
            "doctor_id",
            "weekday",
            "start_time",
            name=op.f("uq_doctor_schedules_doctor_id_weekday_start_time"),
        ),
    )
    op.create_table(
        "invites",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("jti", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("clinic_id", sa.UUID(), nullable=True),
        sa.Column("doctor_id", sa.UUID(), nullable=True),
        sa.Column("created_by", sa.UUID(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by", sa.UUID(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "role IN ('patient', 'doctor', 'staff', 'admin')", name=op.f("ck_invites_role_known")
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_invites_clinic_id_clinics"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_invites_created_by_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["doctors.id"],
            name=op.f("fk_invites_doctor_id_doctors"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["used_by"], ["users.id"], name=op.f("fk_invites_used_by_users"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invites")),
        sa.UniqueConstraint("jti", name=op.f("uq_invites_jti")),
    )
    op.create_table(
        "time_off",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("doctor_id", sa.UUID(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_time_off_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["doctors.id"],
            name=op.f("fk_time_off_doctor_id_doctors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_off")),
    )
    op.create_index(
        "ix_time_off_doctor_range", "time_off", ["doctor_id", "starts_at", "ends_at"], unique=False
    )
    op.create_table(
        "waitlist_entries",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("patient_id", sa.UUID(), nullable=False),
        sa.Column("doctor_id", sa.UUID(), nullable=True),
        sa.Column("specialty_id", sa.UUID(), nullable=True),
        sa.Column("clinic_id", sa.UUID(), nullable=True),
        sa.Column("earliest_date", sa.Date(), nullable=False),
        sa.Column("latest_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="waiting", nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('waiting', 'offered', 'booked', 'cancelled', 'expired')",
            name=op.f("ck_waitlist_entries_status_known"),
        ),
        sa.CheckConstraint(
            "doctor_id IS NOT NULL OR specialty_id IS NOT NULL",
            name=op.f("ck_waitlist_entries_doctor_or_specialty"),
        ),
        sa.CheckConstraint(
            "latest_date >= earliest_date", name=op.f("ck_waitlist_entries_dates_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_waitlist_entries_clinic_id_clinics"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["doctors.id"],
            name=op.f("fk_waitlist_entries_doctor_id_doctors"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_waitlist_entries_patient_id_patients"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["specialty_id"],
            ["specialties.id"],
            name=op.f("fk_waitlist_entries_specialty_id_specialties"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entries")),
    )
    op.create_index(
        "ix_waitlist_entries_doctor_waiting",
        "waitlist_entries",
        ["doctor_id", "earliest_date"],
        unique=False,
        postgresql_where=sa.text("status = 'waiting'"),
    )
    op.create_index(
        op.f("ix_waitlist_entries_patient_id"), "waitlist_entries", ["patient_id"], unique=False
    )
    op.create_table(
        "appointments",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("patient_id", sa.UUID(), nullable=False),
        sa.Column("doctor_id", sa.UUID(), nullable=False),
        sa.Column("clinic_id", sa.UUID(), nullable=False),
        sa.Column("slot_id", sa.UUID(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="scheduled", nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by", sa.UUID(), nullable=True),
        sa.Column("cancellation_reason", sa.String(length=500), nullable=True),
        sa.Column("rescheduled_from_id", sa.UUID(), nullable=True),
        sa.Column("series_id", sa.UUID(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=100), nullable=True),
        sa.Column("created_via", sa.String(length=16), server_default="patient", nullable=False),
        sa.Column("created_by", sa.UUID(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(status = 'cancelled') = (cancelled_at IS NOT NULL)",
            name=op.f("ck_appointments_cancelled_at_iff_cancelled"),
        ),
        sa.CheckConstraint(
            "created_via IN ('patient', 'staff', 'admin', 'doctor', 'waitlist', 'system')",
            name=op.f("ck_appointments_created_via_known"),
        ),
        sa.CheckConstraint(
            "status IN ('scheduled', 'confirmed', 'arrived', 'completed', 'cancelled', 'no_show')",
            name=op.f("ck_appointments_status_known"),
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_appointments_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["cancelled_by"],
            ["users.id"],
            name=op.f("fk_appointments_cancelled_by_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_appointments_clinic_id_clinics"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_appointments_created_by_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["doctors.id"],
            name=op.f("fk_appointments_doctor_id_doctors"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_appointments_patient_id_patients"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["rescheduled_from_id"],
            ["appointments.id"],
            name=op.f("fk_appointments_rescheduled_from_id_appointments"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["appointment_slots.id"],
            name=op.f("fk_appointments_slot_id_appointment_slots"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_appointments_idempotency_key")),
        sa.UniqueConstraint(
            "rescheduled_from_id", name=op.f("uq_appointments_rescheduled_from_id")
        ),
    )
    op.create_index(
        "ix_appointments_doctor_day", "appointments", ["doctor_id", "starts_at"], unique=False
    )
    op.create_index(
        "ix_appointments_patient_upcoming",
        "appointments",
        ["patient_id", "starts_at"],
        unique=False,
    )
    op.create_index(op.f("ix_appointments_series_id"), "appointments", ["series_id"], unique=False)
    op.create_index("ix_appointments_slot", "appointments", ["slot_id"], unique=False)
    op.create_index(
        "uq_appointments_patient_slot_active",
        "appointments",
        ["patient_id", "slot_id"],
        unique=True,
        postgresql_where=sa.text("status IN ('scheduled', 'confirmed', 'arrived')"),
    )
    op.create_table(
        "schedule_breaks",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("schedule_id", sa.UUID(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.CheckConstraint(
            "end_time > start_time", name=op.f("ck_schedule_breaks_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["doctor_schedules.id"],
            name=op.f("fk_schedule_breaks_schedule_id_doctor_schedules"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_breaks")),
    )
    op.create_index(
        op.f("ix_schedule_breaks_schedule_id"), "schedule_breaks", ["schedule_id"], unique=False
    )
    op.create_table(
        "medical_records",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("patient_id", sa.UUID(), nullable=False),
        sa.Column("doctor_id", sa.UUID(), nullable=False),
        sa.Column("appointment_id", sa.UUID(), nullable=True),
        sa.Column("diagnosis", sa.Text(), nullable=True),
        sa.Column("prescription", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_medical_records_appointment_id_appointments"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["doctors.id"],
            name=op.f("fk_medical_records_doctor_id_doctors"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_medical_records_patient_id_patients"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medical_records")),
        sa.UniqueConstraint("appointment_id", name=op.f("uq_medical_records_appointment_id")),
    )
    op.create_index(
        op.f("ix_medical_records_patient_id"), "medical_records", ["patient_id"], unique=False
    )
    # ### end Alembic commands ###
    for statement in _statements(INVARIANT_SQL):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(DROP_INVARIANT_SQL):
        op.execute(statement)
    # ### commands auto generated by Alembic - please adjust! ###
    op.drop_index(op.f("ix_medical_records_patient_id"), table_name="medical_records")
    op.drop_table("medical_records")
    op.drop_index(op.f("ix_schedule_breaks_schedule_id"), table_name="schedule_breaks")
    op.drop_table("schedule_breaks")
    op.drop_index(
        "uq_appointments_patient_slot_active",
        table_name="appointments",
        postgresql_where=sa.text("status IN ('scheduled', 'confirmed', 'arrived')"),
    )
    op.drop_index("ix_appointments_slot", table_name="appointments")
    op.drop_index(op.f("ix_appointments_series_id"), table_name="appointments")
    op.drop_index("ix_appointments_patient_upcoming", table_name="appointments")
    op.drop_index("ix_appointments_doctor_day", table_name="appointments")
    op.drop_table("appointments")
    op.drop_index(op.f("ix_waitlist_entries_patient_id"), table_name="waitlist_entries")
    op.drop_index(
        "ix_waitlist_entries_doctor_waiting",
        table_name="waitlist_entries",
        postgresql_where=sa.text("status = 'waiting'"),
    )
    op.drop_table("waitlist_entries")
    op.drop_index("ix_time_off_doctor_range", table_name="time_off")
    op.drop_table("time_off")
    op.drop_table("invites")
    op.drop_table("doctor_schedules")
    op.drop_table("doctor_patient_assignments")
    op.drop_index(
        "ix_appointment_slots_free_by_time",
        table_name="appointment_slots",
        postgresql_where=sa.text("is_active AND booked_count < capacity"),
    )
    op.drop_index(
        "ix_appointment_slots_free_by_doctor",
        table_name="appointment_slots",
        postgresql_where=sa.text("is_active AND booked_count < capacity"),
    )
    op.drop_table("appointment_slots")
    op.drop_index(op.f("ix_staff_clinic_id"), table_name="staff")
    op.drop_table("staff")
    op.drop_table("patients")
    op.drop_index(op.f("ix_notifications_user_id"), table_name="notifications")
    op.drop_index(
        "ix_notifications_due_unsent",
        table_name="notifications",
        postgresql_where=sa.text("sent_at IS NULL"),
    )
    op.drop_table("notifications")
    op.drop_index("ix_doctors_specialty_active", table_name="doctors")
    op.drop_index("ix_doctors_clinic_active", table_name="doctors")
    op.drop_table("doctors")
    op.drop_index("ix_audit_logs_resource", table_name="audit_logs")
    op.drop_index("ix_audit_logs_at", table_name="audit_logs")
    op.drop_table("audit_logs")
    op.drop_index(op.f("ix_users_phone"), table_name="users")
    op.drop_table("users")
    op.drop_table("specialties")
    op.drop_table("clinics")
    op.drop_table("bot_user_data")
    op.drop_table("bot_kv")
    op.drop_table("bot_conversations")
    op.drop_table("bot_chat_data")
    # ### end Alembic commands ###
