"""name keys over each word's first five letters (one typo there finds it, fewer strangers)

The keys of 0016 were each word's first four letters and those four with one letter left
out: three-letter keys such as "bar" or "dni" that every Barbenton, Barford and Barley, or
every Daniel, shares, so that at a million names the keys of one misspelt surname matched
tens of thousands of rows. Now a word is keyed by its first five letters and those five
with one letter left out (four-letter keys, some hundred times rarer), and by its first
three letters, so that a desk that types only "smi" still finds every Smith. A search's
keys (`careslot_typo_keys`) leave out that three-letter key: one edit in the first five
letters always leaves a four-letter key in common. Every stored key is recomputed.

Revision ID: 0024
Revises: 0022
Create Date: 2026-12-02 01:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The keys kept for a word: its first five letters (after lower-casing, letters only),
# those five with one left out, and its first three. In PL/pgSQL, whose expressions keep
# their plans: an SQL function like 0016's is planned again on every call, about half a
# millisecond a name, which made recomputing a million names take seven minutes.
_STORED = r"""
CREATE OR REPLACE FUNCTION careslot_word_keys(word text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    p text := left(regexp_replace(lower(word), '[^[:alpha:]]+', '', 'g'), 5);
    keys text[];
BEGIN
    keys := careslot_typo_keys(p);
    IF length(p) > 4 THEN
        keys := keys || left(p, 3);
    END IF;
    RETURN keys;
END $$
"""

# The keys a search for a word asks for: the stored ones but the first three letters (one
# edit in the first five letters leaves a longer key in common).
_TYPO = r"""
CREATE FUNCTION careslot_typo_keys(word text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    p text := left(regexp_replace(lower(word), '[^[:alpha:]]+', '', 'g'), 5);
    keys text[] := '{}';
    k text;
BEGIN
    IF p = '' THEN
        RETURN keys;
    END IF;
    keys := ARRAY[p];
    IF length(p) > 2 THEN
        FOR i IN 1 .. length(p) LOOP
            k := left(p, i - 1) || substr(p, i + 1);
            IF NOT k = ANY (keys) THEN
                keys := keys || k;
            END IF;
        END LOOP;
    END IF;
    RETURN keys;
END $$
"""

# A name's keys: those of each of its words, once each.
_NAME = r"""
CREATE OR REPLACE FUNCTION careslot_name_keys(name text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    word text;
    k text;
    keys text[] := '{}';
BEGIN
    FOREACH word IN ARRAY regexp_split_to_array(coalesce(name, ''), '[^[:alpha:]]+') LOOP
        FOREACH k IN ARRAY careslot_word_keys(word) LOOP
            IF NOT k = ANY (keys) THEN
                keys := keys || k;
            END IF;
        END LOOP;
    END LOOP;
    RETURN keys;
END $$
"""

# The key a word typed right must have: its first five letters (fewer if it is shorter).
_EXACT = r"""
CREATE FUNCTION careslot_exact_key(word text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT left(regexp_replace(lower(word), '[^[:alpha:]]+', '', 'g'), 5)
$$
"""

# 0016's own keys: the first four letters, and those four with one left out.
_OLD_STORED = r"""
CREATE OR REPLACE FUNCTION careslot_word_keys(word text) RETURNS text[]
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


_OLD_NAME = r"""
CREATE OR REPLACE FUNCTION careslot_name_keys(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT k), '{}'::text[])
      FROM regexp_split_to_table(coalesce(name, ''), '[^[:alpha:]]+') AS word,
           unnest(careslot_word_keys(word)) AS k
$$
"""


def _recompute() -> None:
    """Every stored key again, the GIN indexes built afresh after the rows rather than kept
    up row by row. At a million users 58 s here (seven minutes with 0016's SQL functions,
    which the triggers also ran a second time for each row the UPDATE wrote)."""
    op.drop_index("ix_users_name_keys", table_name="users")
    op.drop_index("ix_patients_member_name_keys", table_name="patients")
    # The triggers of 0016 and 0021 write the keys of whatever is updated.
    op.execute("UPDATE users SET name_keys = '{}'")
    op.execute("UPDATE patients SET name_keys = '{}' WHERE full_name IS NOT NULL")
    op.create_index("ix_users_name_keys", "users", ["name_keys"], postgresql_using="gin")
    op.create_index(
        "ix_patients_member_name_keys", "patients", ["name_keys"], postgresql_using="gin",
        postgresql_where=sa.text("holder_id IS NOT NULL"),
    )  # fmt: skip


def upgrade() -> None:
    op.execute(_TYPO)
    op.execute(_STORED)
    op.execute(_NAME)
    op.execute(_EXACT)
    _recompute()


def downgrade() -> None:
    op.execute(_OLD_STORED)
    op.execute(_OLD_NAME)
    op.execute("DROP FUNCTION careslot_exact_key(text)")
    op.execute("DROP FUNCTION careslot_typo_keys(text)")
    _recompute()
