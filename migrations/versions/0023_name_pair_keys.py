"""Patient names also keyed by pairs of words: a two-word search reads one short posting list

Every name kept its words' keys (0016: each word's first four letters and those four with
one letter left out). A search for "duniel smiht" then read the posting list of every key
one edit from "duni" — about 20,000 Daniels and Davids at a million patients — only to keep
the few who are also Smiths. Now a name's keys also hold each pair of its first five words'
keys (five letters and those with one left out), as "key|key" in alphabetical order (the
order the words were typed in does not matter), so two words are looked up together: a
list of a few hundred rows at most.

Revision ID: 0023
Revises: 0020
Create Date: 2026-12-01 21:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A word's keys for pairs: its first five letters and those five with one letter left out
# (one more letter than a single word's keys of 0016: a pair is looked up as one key, so
# it can afford to be that much more selective).
PAIR_WORD_KEYS = r"""
CREATE FUNCTION careslot_pair_word_keys(word text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN p = '' THEN '{}'::text[] ELSE array(
        SELECT DISTINCT k FROM (
            SELECT p AS k
            UNION ALL
            SELECT left(p, i - 1) || substr(p, i + 1)
              FROM generate_series(1, length(p)) AS i WHERE length(p) > 2
        ) AS keys
    ) END
    FROM (SELECT careslot_pair_prefix(word) AS p) AS w
$$
"""

PREFIX = r"""
CREATE FUNCTION careslot_pair_prefix(word text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT left(regexp_replace(lower(word), '[^[:alpha:]]+', '', 'g'), 5)
$$
"""

PAIR_KEY = r"""
CREATE FUNCTION careslot_pair_key(a text, b text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT least(a, b) || '|' || greatest(a, b)
$$
"""

# Every key of one word with every key of the other: what a misspelt pair may share.
PAIR_KEYS = r"""
CREATE FUNCTION careslot_pair_keys(a text, b text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT careslot_pair_key(x, y)), '{}'::text[])
      FROM unnest(careslot_pair_word_keys(a)) AS x, unnest(careslot_pair_word_keys(b)) AS y
$$
"""

NAME_KEYS = r"""
CREATE OR REPLACE FUNCTION careslot_name_keys(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH words AS (
        SELECT word, row_number() OVER (ORDER BY at) AS n
          FROM regexp_split_to_table(coalesce(name, ''), '[^[:alpha:]]+')
               WITH ORDINALITY AS w(word, at)
         WHERE word <> ''
    )
    SELECT coalesce(array_agg(DISTINCT k), '{}'::text[]) FROM (
        SELECT unnest(careslot_word_keys(word)) AS k FROM words
        UNION ALL
        SELECT unnest(careslot_pair_keys(one.word, two.word))
          FROM words AS one JOIN words AS two ON one.n < two.n AND two.n <= 5
    ) AS keys
$$
"""

OLD_NAME_KEYS = r"""
CREATE OR REPLACE FUNCTION careslot_name_keys(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT k), '{}'::text[])
      FROM regexp_split_to_table(coalesce(name, ''), '[^[:alpha:]]+') AS word,
           unnest(careslot_word_keys(word)) AS k
$$
"""

STATISTICS = 1000

# The triggers of 0016 and 0021 compute the keys again on any write of the column.
RECOMPUTE = (
    "UPDATE users SET name_keys = careslot_name_keys(full_name)",
    "UPDATE patients SET name_keys = careslot_name_keys(full_name) WHERE full_name IS NOT NULL",
)


def upgrade() -> None:
    for statement in (PREFIX, PAIR_WORD_KEYS, PAIR_KEY, PAIR_KEYS, NAME_KEYS, *RECOMPUTE):
        op.execute(statement)
    # The planner's element statistics: with the default target its list of frequent keys
    # ends at keys of about 0.25% of the rows, so it takes every pair key it does not list
    # for one of them and a 30-key search for 3% of the table (a sequential scan cut short
    # by LIMIT, seconds at a million patients). Ten times the target lists the keys down to
    # a few hundredth of a percent.
    for table in ("users", "patients"):
        op.execute(f"ALTER TABLE {table} ALTER COLUMN name_keys SET STATISTICS {STATISTICS}")


def downgrade() -> None:
    for table in ("users", "patients"):
        op.execute(f"ALTER TABLE {table} ALTER COLUMN name_keys SET STATISTICS -1")
    for statement in (OLD_NAME_KEYS, *RECOMPUTE):
        op.execute(statement)
    op.execute("DROP FUNCTION careslot_pair_keys(text, text)")
    op.execute("DROP FUNCTION careslot_pair_key(text, text)")
    op.execute("DROP FUNCTION careslot_pair_word_keys(text)")
    op.execute("DROP FUNCTION careslot_pair_prefix(text)")
