"""family members: a dependant is a patient with a holder (the account holder's patient)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RELATIONS = ("child", "parent", "spouse", "sibling", "other")
RELATION_SQL = "relation IN ({})".format(", ".join(f"'{r}'" for r in RELATIONS))
# An account's own patient record has the account and nothing of a dependant; a dependant
# has a holder, a relation and its own name, and no account (no Telegram, no chat).
SHAPE = (
    "(holder_id IS NULL AND user_id IS NOT NULL AND relation IS NULL AND full_name IS NULL"
    " AND removed_at IS NULL)"
    " OR (holder_id IS NOT NULL AND user_id IS NULL AND relation IS NOT NULL"
    " AND full_name IS NOT NULL)"
)

# A holder is an account's own patient record, never a dependant, and a dependant holds
# nobody. The holder's row is locked (FOR SHARE) so that a concurrent change making the
# holder a dependant waits for this one and then sees it (and the other way round).
HOLDER_FUNCTION = """
CREATE FUNCTION careslot_patient_holder() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    holders_holder uuid;
BEGIN
    IF NEW.holder_id IS NOT NULL THEN
        SELECT p.holder_id INTO holders_holder FROM patients p
        WHERE p.id = NEW.holder_id AND p.id <> NEW.id FOR SHARE;
        IF holders_holder IS NOT NULL THEN
            RAISE EXCEPTION 'a family member cannot hold family members'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'patients_holder_not_dependant';
        END IF;
        IF EXISTS (SELECT 1 FROM patients d WHERE d.holder_id = NEW.id) THEN
            RAISE EXCEPTION 'a holder of family members cannot become one'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'patients_dependant_not_holder';
        END IF;
    END IF;
    RETURN NEW;
END $$
"""
HOLDER_TRIGGER = """
CREATE TRIGGER trg_patients_holder
    BEFORE INSERT OR UPDATE OF holder_id ON patients
    FOR EACH ROW EXECUTE FUNCTION careslot_patient_holder()
"""


def upgrade() -> None:
    op.alter_column("patients", "user_id", existing_type=postgresql.UUID(), nullable=True)
    op.add_column("patients", sa.Column("holder_id", sa.UUID(), nullable=True))
    op.add_column("patients", sa.Column("relation", sa.String(length=16), nullable=True))
    op.add_column("patients", sa.Column("full_name", sa.String(length=200), nullable=True))
    op.add_column(
        "patients", sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_foreign_key(
        op.f("fk_patients_holder_id_patients"),
        "patients",
        "patients",
        ["holder_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.create_index(op.f("ix_patients_holder_id"), "patients", ["holder_id"])
    op.create_check_constraint(op.f("ck_patients_relation_known"), "patients", RELATION_SQL)
    op.create_check_constraint(op.f("ck_patients_account_or_holder"), "patients", SHAPE)
    op.create_check_constraint(op.f("ck_patients_not_own_holder"), "patients", "holder_id <> id")
    op.execute(HOLDER_FUNCTION)
    op.execute(HOLDER_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER trg_patients_holder ON patients")
    op.execute("DROP FUNCTION careslot_patient_holder()")
    op.drop_constraint(op.f("ck_patients_not_own_holder"), "patients", type_="check")
    op.drop_constraint(op.f("ck_patients_account_or_holder"), "patients", type_="check")
    op.drop_constraint(op.f("ck_patients_relation_known"), "patients", type_="check")
    op.drop_index(op.f("ix_patients_holder_id"), table_name="patients")
    op.drop_constraint(op.f("fk_patients_holder_id_patients"), "patients", type_="foreignkey")
    op.drop_column("patients", "removed_at")
    op.drop_column("patients", "full_name")
    op.drop_column("patients", "relation")
    op.drop_column("patients", "holder_id")
    op.alter_column("patients", "user_id", existing_type=postgresql.UUID(), nullable=False)
