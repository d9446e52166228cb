"""the front desk's patients: registered by phone without a chat, found by name with typos

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-01 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The keys a name is found by, with one typo in each word's first four letters, without
# pg_trgm: each word (lower case, letters only) gives its first four letters and those four
# with one letter taken out ("john" → john, ohn, jhn, jon, joh). Two spellings one edit
# apart there (a letter changed, left out, added or two swapped) share a key ("jhon" and
# "john" share "jon"). A GIN index over the array (core PostgreSQL) finds the candidates,
# one `&&` per word of the query, and the service ranks them (rapidfuzz).
WORD_KEYS = r"""
CREATE FUNCTION careslot_word_keys(word text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN p = '' THEN '{}'::text[] ELSE array(
        SELECT DISTINCT k FROM (
            SELECT p AS k
            UNION ALL
            SELECT left(p, i - 1) || substr(p, i + 1)
              FROM generate_series(1, length(p)) AS i WHERE length(p) > 2
        ) AS keys
    ) END
    FROM (SELECT left(regexp_replace(lower(word), '[^[:alpha:]]+', '', 'g'), 4) AS p) AS w
$$
"""

NAME_KEYS = r"""
CREATE FUNCTION careslot_name_keys(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT k), '{}'::text[])
      FROM regexp_split_to_table(coalesce(name, ''), '[^[:alpha:]]+') AS word,
           unnest(careslot_word_keys(word)) AS k
$$
"""

USER_KEYS = r"""
CREATE FUNCTION careslot_user_name_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.name_keys := careslot_name_keys(NEW.full_name);
    RETURN NEW;
END $$
"""

TRIGGER = r"""
CREATE TRIGGER trg_users_name_keys
    BEFORE INSERT OR UPDATE OF full_name, name_keys ON users
    FOR EACH ROW EXECUTE FUNCTION careslot_user_name_keys()
"""


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column(
            "name_keys", sa.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False
        ),
    )
    op.add_column("users", sa.Column("registered_by", sa.UUID(), nullable=True))
    op.create_foreign_key(
        op.f("fk_users_registered_by_users"),
        "users",
        "users",
        ["registered_by"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.add_column("patients", sa.Column("registered_clinic_id", sa.UUID(), nullable=True))
    op.create_foreign_key(
        op.f("fk_patients_registered_clinic_id_clinics"),
        "patients",
        "clinics",
        ["registered_clinic_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.create_index(
        "ix_patients_registered_clinic", "patients", ["registered_clinic_id"],
        postgresql_where=sa.text("registered_clinic_id IS NOT NULL"),
    )  # fmt: skip
    for statement in (WORD_KEYS, NAME_KEYS, USER_KEYS, TRIGGER):
        op.execute(statement)
    op.execute("UPDATE users SET name_keys = careslot_name_keys(full_name)")
    op.create_index("ix_users_name_keys", "users", ["name_keys"], postgresql_using="gin")
    # One record without a chat per number: two front desks typing the same caller in at
    # once make one patient, and /start with that number's contact has one record to link.
    op.create_index(
        "uq_users_phone_without_chat", "users", ["phone"], unique=True,
        postgresql_where=sa.text(
            "telegram_user_id IS NULL AND deleted_at IS NULL AND phone IS NOT NULL"
        ),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("uq_users_phone_without_chat", table_name="users")
    op.drop_index("ix_users_name_keys", table_name="users")
    op.execute("DROP TRIGGER trg_users_name_keys ON users")
    op.execute("DROP FUNCTION careslot_user_name_keys()")
    op.execute("DROP FUNCTION careslot_name_keys(text)")
    op.execute("DROP FUNCTION careslot_word_keys(text)")
    op.drop_index("ix_patients_registered_clinic", table_name="patients")
    op.drop_constraint(
        op.f("fk_patients_registered_clinic_id_clinics"), "patients", type_="foreignkey"
    )
    op.drop_column("patients", "registered_clinic_id")
    op.drop_constraint(op.f("fk_users_registered_by_users"), "users", type_="foreignkey")
    op.drop_column("users", "registered_by")
    op.drop_column("users", "name_keys")
