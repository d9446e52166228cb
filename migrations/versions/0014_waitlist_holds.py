"""the waitlist: entries with a part of the day, slot holds that PostgreSQL enforces, the
offer notification, the clinic's hold length

Revision ID: 0014
Revises: 0008
Create Date: 2026-12-01 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "('scheduled', 'confirmed', 'arrived')"
OPEN = "status IN ('waiting', 'offered')"
KINDS = (
    "appointment.reminder",
    "doctor.appointment_booked",
    "doctor.appointment_cancelled",
    "appointment.no_show",
    "appointment.running_late",
    "appointment.cancelled_by_doctor",  # 0012
)
NEW_KINDS = ("waitlist.offer",)

# Whose clock says whether a hold still lasts. The services stamp their (injected) clock in
# the transaction (`SELECT set_config('careslot.clock', <now>, true)`, see
# services.waitlist.stamp_clock): tests stand at any time, and a hold must end when the
# business clock says so, not when the database's wall clock does. A writer that stamps
# nothing (raw SQL, another tool) is judged by now(). Either way a hold counts only while
# it is `active` and its entry is still `offered`, so a hold the services ended never
# blocks anyone, whatever clock is used.
CLOCK = "coalesce(nullif(current_setting('careslot.clock', true), '')::timestamptz, now())"

HOLD_SQL = f"""
CREATE FUNCTION careslot_appointment_hold() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    clock timestamptz := {CLOCK};
    held integer;
    free integer;
BEGIN
    IF NEW.status NOT IN {ACTIVE} THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status IN {ACTIVE} AND OLD.slot_id = NEW.slot_id THEN
        RETURN NEW;
    END IF;
    -- The places held for other patients of the waitlist, while their holds last.
    SELECT count(*) INTO held FROM slot_holds h
    JOIN waitlist_entries e ON e.id = h.entry_id
    WHERE h.slot_id = NEW.slot_id AND h.status = 'active' AND e.status = 'offered'
      AND h.expires_at > clock AND h.patient_id <> NEW.patient_id;
    IF held > 0 THEN
        -- booked_count does not count NEW yet (the count trigger runs after the row).
        SELECT s.capacity - s.booked_count INTO free FROM appointment_slots s
        WHERE s.id = NEW.slot_id FOR UPDATE;
        IF free - held < 1 THEN
            RAISE EXCEPTION 'this place is held for a patient of the waitlist until their offer ends'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'appointments_slot_held';
        END IF;
    END IF;
    -- The holder booked the place held for them: the hold is used and the entry done.
    WITH used AS (
        UPDATE slot_holds SET status = 'accepted', ended_at = clock, updated_at = now()
        WHERE slot_id = NEW.slot_id AND patient_id = NEW.patient_id AND status = 'active'
        RETURNING entry_id
    )
    UPDATE waitlist_entries SET status = 'booked', ended_at = clock, updated_at = now()
    WHERE id IN (SELECT entry_id FROM used) AND {OPEN};
    RETURN NEW;
END $$;

CREATE TRIGGER trg_appointments_hold
    BEFORE INSERT OR UPDATE OF status, slot_id ON appointments
    FOR EACH ROW EXECUTE FUNCTION careslot_appointment_hold();

-- A hold is made only on a free place: the slot's free places cover the holds on it.
CREATE FUNCTION careslot_slot_hold_free() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    free integer;
    held integer;
BEGIN
    IF NEW.status <> 'active' THEN
        RETURN NEW;
    END IF;
    SELECT s.capacity - s.booked_count INTO free FROM appointment_slots s
    WHERE s.id = NEW.slot_id AND s.is_active FOR UPDATE;
    SELECT count(*) INTO held FROM slot_holds h
    WHERE h.slot_id = NEW.slot_id AND h.status = 'active' AND h.id <> NEW.id;
    IF free IS NULL OR free - held < 1 THEN
        RAISE EXCEPTION 'a hold needs a free place'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'slot_holds_free_place';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER trg_slot_holds_free
    BEFORE INSERT ON slot_holds
    FOR EACH ROW EXECUTE FUNCTION careslot_slot_hold_free();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS trg_slot_holds_free ON slot_holds;
DROP TRIGGER IF EXISTS trg_appointments_hold ON appointments;
DROP FUNCTION IF EXISTS careslot_slot_hold_free();
DROP FUNCTION IF EXISTS careslot_appointment_hold();
"""


def _statements(sql: str) -> list[str]:
    """One statement at a time (asyncpg prepares each), split outside `$$` bodies."""
    out: list[str] = []
    current: list[str] = []
    for line in sql.strip().splitlines():
        current.append(line)
        in_body = sum(part.count("$$") for part in current) % 2 == 1
        if line.rstrip().endswith(";") and not in_body:
            out.append("\n".join(current))
            current = []
    return out


def _kinds(kinds: tuple[str, ...]) -> str:
    return f"kind IN ({', '.join(repr(k) for k in kinds)})"


def upgrade() -> None:
    op.add_column(
        "clinics",
        sa.Column("waitlist_hold_minutes", sa.SmallInteger(), server_default="15", nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_clinics_waitlist_hold_range"), "clinics", "waitlist_hold_minutes BETWEEN 1 AND 240"
    )
    w = "waitlist_entries"
    op.add_column(w, sa.Column("part_of_day", sa.String(length=16), nullable=True))
    op.add_column(w, sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(w, sa.Column("created_by", sa.UUID(), nullable=True))
    op.create_foreign_key(
        op.f("fk_waitlist_entries_created_by_users"), w, "users", ["created_by"], ["id"],
        ondelete="RESTRICT",
    )  # fmt: skip
    op.create_check_constraint(
        op.f("ck_waitlist_entries_part_of_day_known"),
        w,
        "part_of_day IN ('morning', 'afternoon', 'evening')",
    )
    op.create_check_constraint(
        op.f("ck_waitlist_entries_doctor_alone"),
        w,
        "doctor_id IS NULL OR (specialty_id IS NULL AND clinic_id IS NULL)",
    )
    op.create_index(
        "ix_waitlist_entries_specialty_waiting", w, ["specialty_id", "earliest_date"],
        postgresql_where=sa.text("status = 'waiting' AND doctor_id IS NULL"),
    )  # fmt: skip
    op.create_index(
        "uq_waitlist_entries_open_doctor", w, ["patient_id", "doctor_id"], unique=True,
        postgresql_where=sa.text(f"{OPEN} AND doctor_id IS NOT NULL"),
    )  # fmt: skip
    op.create_index(
        "uq_waitlist_entries_open_specialty_clinic", w,
        ["patient_id", "specialty_id", "clinic_id"], unique=True,
        postgresql_where=sa.text(f"{OPEN} AND doctor_id IS NULL AND clinic_id IS NOT NULL"),
    )  # fmt: skip
    op.create_index(
        "uq_waitlist_entries_open_specialty", w, ["patient_id", "specialty_id"], unique=True,
        postgresql_where=sa.text(f"{OPEN} AND doctor_id IS NULL AND clinic_id IS NULL"),
    )  # fmt: skip
    op.create_table(
        "slot_holds",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("slot_id", sa.UUID(), nullable=False),
        sa.Column("entry_id", sa.UUID(), nullable=False),
        sa.Column("patient_id", sa.UUID(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="active", nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('active', 'accepted', 'declined', 'expired')",
            name=op.f("ck_slot_holds_status_known"),
        ),
        sa.CheckConstraint(
            "(status = 'active') = (ended_at IS NULL)", name=op.f("ck_slot_holds_ended_at_iff_ended")
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"], ["appointment_slots.id"],
            name=op.f("fk_slot_holds_slot_id_appointment_slots"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["waitlist_entries.id"],
            name=op.f("fk_slot_holds_entry_id_waitlist_entries"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"],
            name=op.f("fk_slot_holds_patient_id_patients"), ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slot_holds")),
        sa.UniqueConstraint("slot_id", "entry_id", name=op.f("uq_slot_holds_slot_id_entry_id")),
    )  # fmt: skip
    op.create_index(op.f("ix_slot_holds_entry_id"), "slot_holds", ["entry_id"])
    op.create_index(op.f("ix_slot_holds_patient_id"), "slot_holds", ["patient_id"])
    op.create_index(
        "ix_slot_holds_live", "slot_holds", ["slot_id"],
        postgresql_where=sa.text("status = 'active'"),
    )  # fmt: skip
    op.create_index(
        "ix_slot_holds_due", "slot_holds", ["expires_at"],
        postgresql_where=sa.text("status = 'active'"),
    )  # fmt: skip
    for statement in _statements(HOLD_SQL):
        op.execute(statement)
    op.drop_constraint(op.f("ck_notifications_kind_known"), "notifications", type_="check")
    op.create_check_constraint(
        op.f("ck_notifications_kind_known"), "notifications", _kinds(KINDS + NEW_KINDS)
    )


def downgrade() -> None:
    op.execute(f"DELETE FROM notifications WHERE {_kinds(NEW_KINDS)}")
    op.drop_constraint(op.f("ck_notifications_kind_known"), "notifications", type_="check")
    op.create_check_constraint(op.f("ck_notifications_kind_known"), "notifications", _kinds(KINDS))
    for statement in _statements(DROP_SQL):
        op.execute(statement)
    op.drop_table("slot_holds")
    w = "waitlist_entries"
    for name in (
        "uq_waitlist_entries_open_specialty",
        "uq_waitlist_entries_open_specialty_clinic",
        "uq_waitlist_entries_open_doctor",
        "ix_waitlist_entries_specialty_waiting",
    ):
        op.drop_index(name, table_name=w)
    op.drop_constraint(op.f("ck_waitlist_entries_doctor_alone"), w, type_="check")
    op.drop_constraint(op.f("ck_waitlist_entries_part_of_day_known"), w, type_="check")
    op.drop_constraint(op.f("fk_waitlist_entries_created_by_users"), w, type_="foreignkey")
    op.drop_column(w, "created_by")
    op.drop_column(w, "ended_at")
    op.drop_column(w, "part_of_day")
    op.drop_constraint(op.f("ck_clinics_waitlist_hold_range"), "clinics", type_="check")
    op.drop_column("clinics", "waitlist_hold_minutes")
