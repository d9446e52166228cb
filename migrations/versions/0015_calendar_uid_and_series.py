"""calendar files that follow changes: one stable UID per visit across moves, its SEQUENCE
counting the moves; recurring visits: a series' occurrences are of one patient and doctor

Revision ID: 0015
Revises: 0008
Create Date: 2026-12-01 15:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The database decides both values, whatever the writer sends: a new visit's UID is its own
# id; a visit moved from another keeps that one's UID with the SEQUENCE one higher, so a
# calendar app replaces the old event. Neither ever changes afterwards.
_TRIGGER = (
    """
CREATE FUNCTION appointments_calendar_identity() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    prev RECORD;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.calendar_uid IS DISTINCT FROM OLD.calendar_uid
           OR NEW.calendar_sequence IS DISTINCT FROM OLD.calendar_sequence THEN
            RAISE EXCEPTION 'an appointment''s calendar identity never changes'
                USING ERRCODE = 'check_violation',
                      CONSTRAINT = 'appointments_calendar_identity';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.rescheduled_from_id IS NULL THEN
        NEW.calendar_uid := NEW.id;
        NEW.calendar_sequence := 0;
    ELSE
        SELECT calendar_uid, calendar_sequence INTO prev
        FROM appointments WHERE id = NEW.rescheduled_from_id;
        NEW.calendar_uid := prev.calendar_uid;
        NEW.calendar_sequence := prev.calendar_sequence + 1;
    END IF;
    RETURN NEW;
END $$
""",
    """
CREATE TRIGGER appointments_calendar_identity
    BEFORE INSERT OR UPDATE ON appointments
    FOR EACH ROW EXECUTE FUNCTION appointments_calendar_identity();
""",
)

# A series' occurrences belong to one person and one doctor (a move keeps the series).
_SERIES_TRIGGER = (
    """
CREATE FUNCTION appointments_series_same_people() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.series_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM appointments a
        WHERE a.series_id = NEW.series_id AND a.id <> NEW.id
          AND (a.patient_id <> NEW.patient_id OR a.doctor_id <> NEW.doctor_id)) THEN
        RAISE EXCEPTION 'a series belongs to one patient and one doctor'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'appointments_series_same_people';
    END IF;
    RETURN NEW;
END $$
""",
    """
CREATE TRIGGER appointments_series_same_people
    BEFORE INSERT OR UPDATE OF series_id, patient_id, doctor_id ON appointments
    FOR EACH ROW EXECUTE FUNCTION appointments_series_same_people();
""",
)

# Visits already moved: each chain's first visit gives its UID, the sequence is the depth.
_BACKFILL = """
WITH RECURSIVE chain AS (
    SELECT id, id AS uid, 0 AS seq FROM appointments WHERE rescheduled_from_id IS NULL
    UNION ALL
    SELECT a.id, chain.uid, chain.seq + 1
    FROM appointments a JOIN chain ON a.rescheduled_from_id = chain.id
)
UPDATE appointments a SET calendar_uid = chain.uid, calendar_sequence = chain.seq
FROM chain WHERE chain.id = a.id
"""


def upgrade() -> None:
    op.add_column("appointments", sa.Column("calendar_uid", postgresql.UUID(as_uuid=True)))
    op.add_column(
        "appointments",
        sa.Column("calendar_sequence", sa.Integer(), server_default="0", nullable=False),
    )
    op.execute(_BACKFILL)
    op.execute("UPDATE appointments SET calendar_uid = id WHERE calendar_uid IS NULL")
    # The trigger decides; the default only serves writers that skip triggers (bulk loads
    # under session_replication_role = replica), whose visits were never moved.
    op.alter_column(
        "appointments", "calendar_uid", nullable=False, server_default=sa.text("gen_random_uuid()")
    )
    op.create_check_constraint(
        op.f("ck_appointments_calendar_sequence_not_negative"), "appointments",
        "calendar_sequence >= 0",
    )  # fmt: skip
    op.create_index("ix_appointments_calendar_uid", "appointments", ["calendar_uid"])
    for statement in (*_TRIGGER, *_SERIES_TRIGGER):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TRIGGER appointments_series_same_people ON appointments")
    op.execute("DROP FUNCTION appointments_series_same_people()")
    op.execute("DROP TRIGGER appointments_calendar_identity ON appointments")
    op.execute("DROP FUNCTION appointments_calendar_identity()")
    op.drop_index("ix_appointments_calendar_uid", table_name="appointments")
    op.drop_constraint("ck_appointments_calendar_sequence_not_negative", "appointments")
    op.drop_column("appointments", "calendar_sequence")
    op.drop_column("appointments", "calendar_uid")
