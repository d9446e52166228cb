"""family members found by name at the front desk: their own name keys, kept by a trigger

Revision ID: 0021
Revises: 0018
Create Date: 2026-12-01 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same keys as users.name_keys (careslot_name_keys of 0016), over a family member's own
# name (patients.full_name; an account's own record has none and keeps '{}').
PATIENT_KEYS = r"""
CREATE FUNCTION careslot_patient_name_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.name_keys := careslot_name_keys(NEW.full_name);
    RETURN NEW;
END $$
"""

TRIGGER = r"""
CREATE TRIGGER trg_patients_name_keys
    BEFORE INSERT OR UPDATE OF full_name, name_keys ON patients
    FOR EACH ROW EXECUTE FUNCTION careslot_patient_name_keys()
"""


def upgrade() -> None:
    op.add_column(
        "patients",
        sa.Column(
            "name_keys", sa.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False
        ),
    )
    for statement in (PATIENT_KEYS, TRIGGER):
        op.execute(statement)
    op.execute(
        "UPDATE patients SET name_keys = careslot_name_keys(full_name) WHERE full_name IS NOT NULL"
    )
    # Only family members have a name of their own: the index holds just their rows.
    op.create_index(
        "ix_patients_member_name_keys", "patients", ["name_keys"], postgresql_using="gin",
        postgresql_where=sa.text("holder_id IS NOT NULL"),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_patients_member_name_keys", table_name="patients")
    op.execute("DROP TRIGGER trg_patients_name_keys ON patients")
    op.execute("DROP FUNCTION careslot_patient_name_keys()")
    op.drop_column("patients", "name_keys")
