"""invites as one-time codes kept hashed (closed for good once used or revoked), never
fewer than one active admin, and the audit log's page indexes

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-01 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TARGET = (
    "(role = 'doctor' AND doctor_id IS NOT NULL AND clinic_id IS NULL)"
    " OR (role = 'staff' AND clinic_id IS NOT NULL AND doctor_id IS NULL)"
)

CLOSED_SQL = """
CREATE FUNCTION careslot_invite_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A used or revoked invite is final: it can be neither reopened nor used again.
    IF OLD.used_at IS NOT NULL OR OLD.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION 'invite % is closed', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'invites_closed';
    END IF;
    IF NEW.code_hash <> OLD.code_hash OR NEW.role <> OLD.role
       OR NEW.doctor_id IS DISTINCT FROM OLD.doctor_id
       OR NEW.clinic_id IS DISTINCT FROM OLD.clinic_id THEN
        RAISE EXCEPTION 'invite % cannot change its code or target', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'invites_fixed';
    END IF;
    RETURN NEW;
END $$;
---
CREATE TRIGGER trg_invites_closed BEFORE UPDATE ON invites
    FOR EACH ROW EXECUTE FUNCTION careslot_invite_closed();
"""

LAST_ADMIN_SQL = """
CREATE FUNCTION careslot_last_admin() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- One change of the admins at a time, so two admins cannot demote each other at once.
    PERFORM pg_advisory_xact_lock(hashtext('careslot.admins'));
    IF NOT EXISTS (
        SELECT 1 FROM users WHERE role = 'admin' AND is_active AND id <> NEW.id
    ) THEN
        RAISE EXCEPTION 'the last active admin stays an active admin'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'users_last_admin';
    END IF;
    RETURN NEW;
END $$;
---
CREATE TRIGGER trg_users_last_admin AFTER UPDATE OF role, is_active ON users
    FOR EACH ROW
    WHEN (OLD.role = 'admin' AND OLD.is_active AND NOT (NEW.role = 'admin' AND NEW.is_active))
    EXECUTE FUNCTION careslot_last_admin();
"""

NEW_INDEXES = {
    "ix_audit_logs_at_id": ["at", "id"],
    "ix_audit_logs_actor_at": ["actor_user_id", "at", "id"],
    "ix_audit_logs_action_at": ["action", "at", "id"],
    "ix_audit_logs_resource_at": ["resource_type", "resource_id", "at", "id"],
    "ix_audit_logs_type_at": ["resource_type", "at", "id"],
}


def upgrade() -> None:
    # No invite was ever handed out before this revision (there was no code to open).
    op.execute("DELETE FROM invites")
    op.drop_constraint(op.f("uq_invites_jti"), "invites", type_="unique")
    op.drop_column("invites", "jti")
    op.drop_constraint(op.f("ck_invites_role_known"), "invites", type_="check")
    op.add_column("invites", sa.Column("code_hash", sa.String(length=64), nullable=False))
    op.add_column("invites", sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
    op.create_unique_constraint(op.f("uq_invites_code_hash"), "invites", ["code_hash"])
    op.create_check_constraint(
        op.f("ck_invites_role_known"), "invites", "role IN ('doctor', 'staff')"
    )
    op.create_check_constraint(op.f("ck_invites_target_matches_role"), "invites", TARGET)
    op.create_check_constraint(
        op.f("ck_invites_code_hash_shape"), "invites", "code_hash ~ '^[0-9a-f]{64}$'"
    )
    op.create_check_constraint(
        op.f("ck_invites_used_whole"), "invites", "(used_at IS NULL) = (used_by IS NULL)"
    )
    op.create_check_constraint(
        op.f("ck_invites_used_or_revoked"), "invites", "used_at IS NULL OR revoked_at IS NULL"
    )
    op.create_check_constraint(
        op.f("ck_invites_expires_after_creation"), "invites", "expires_at > created_at"
    )
    op.create_index(
        "ix_invites_open",
        "invites",
        ["expires_at"],
        postgresql_where=sa.text("used_at IS NULL AND revoked_at IS NULL"),
    )
    for statement in (CLOSED_SQL + "---" + LAST_ADMIN_SQL).split("---"):
        op.execute(statement)
    op.drop_index("ix_audit_logs_at", table_name="audit_logs")
    op.drop_index("ix_audit_logs_resource", table_name="audit_logs")
    for name, columns in NEW_INDEXES.items():
        op.create_index(name, "audit_logs", columns)


def downgrade() -> None:
    for name in NEW_INDEXES:
        op.drop_index(name, table_name="audit_logs")
    op.create_index("ix_audit_logs_at", "audit_logs", ["at"])
    op.create_index("ix_audit_logs_resource", "audit_logs", ["resource_type", "resource_id"])
    op.execute("DROP TRIGGER IF EXISTS trg_users_last_admin ON users")
    op.execute("DROP FUNCTION IF EXISTS careslot_last_admin()")
    op.execute("DROP TRIGGER IF EXISTS trg_invites_closed ON invites")
    op.execute("DROP FUNCTION IF EXISTS careslot_invite_closed()")
    op.execute("DELETE FROM invites")
    op.drop_index("ix_invites_open", table_name="invites")
    for name in (
        "expires_after_creation", "used_or_revoked", "used_whole", "code_hash_shape",
        "target_matches_role", "role_known",
    ):  # fmt: skip
        op.drop_constraint(op.f(f"ck_invites_{name}"), "invites", type_="check")
    op.drop_constraint(op.f("uq_invites_code_hash"), "invites", type_="unique")
    op.drop_column("invites", "revoked_at")
    op.drop_column("invites", "code_hash")
    op.add_column("invites", sa.Column("jti", sa.String(length=64), nullable=False))
    op.create_unique_constraint(op.f("uq_invites_jti"), "invites", ["jti"])
    op.create_check_constraint(
        op.f("ck_invites_role_known"), "invites", "role IN ('patient', 'doctor', 'staff', 'admin')"
    )
