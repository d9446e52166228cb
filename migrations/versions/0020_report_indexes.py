"""/report's indexes: a clinic's appointments and slots by start, for its period's figures
and its CSV (without them every report reads the whole of both tables)

Revision ID: 0020
Revises: 0021
Create Date: 2026-12-01 18:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_appointments_clinic_starts", "appointments", ["clinic_id", "starts_at"])
    op.create_index(
        "ix_appointment_slots_clinic_starts", "appointment_slots", ["clinic_id", "starts_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_appointment_slots_clinic_starts", table_name="appointment_slots")
    op.drop_index("ix_appointments_clinic_starts", table_name="appointments")
