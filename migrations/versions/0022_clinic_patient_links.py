"""a patient linked to a clinic by its front desk, who confirmed their phone and birth date

Revision ID: 0022
Revises: 0020
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clinic_patient_links",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("clinic_id", sa.UUID(), nullable=False),
        sa.Column("patient_id", sa.UUID(), nullable=False),
        sa.Column("linked_by", sa.UUID(), nullable=True),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_clinic_patient_links_clinic_id_clinics"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_clinic_patient_links_patient_id_patients"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["linked_by"],
            ["users.id"],
            name=op.f("fk_clinic_patient_links_linked_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_patient_links")),
        sa.UniqueConstraint(
            "clinic_id", "patient_id", name=op.f("uq_clinic_patient_links_clinic_id_patient_id")
        ),
    )
    op.create_index(
        op.f("ix_clinic_patient_links_patient_id"), "clinic_patient_links", ["patient_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_clinic_patient_links_patient_id"), table_name="clinic_patient_links")
    op.drop_table("clinic_patient_links")
