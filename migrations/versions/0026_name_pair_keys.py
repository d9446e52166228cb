"""keys of pairs of a name's words, so a misspelt two-word name reads short lists

A search for "dnaiel dawninick" asked the word keys for a name with a key of each typed
word: every Daniel has one of "dnaiel" (dnie, daie) and, through his own first name, one of
"dawninick" (dani), so the index returned all 20,000 Daniels of a million names and read
every one of their posting lists — 6 ms before a single row was fetched. A key here is one
word's key and another word's key of the same name, in alphabetical order, joined by a
space ("bar james"); a search for two words asks for the pairs of their typo keys, so both
typed words must be found in two different words of the name, and each pair's list is
about as long as the names that fit it.

The keys are not stored: the index is over `careslot_pair_keys(full_name)` (a name of two
words has 49 of them, the heap stays as it was). The index has no statistics (the pairs are
too many and too rare for a sample to tell), so the planner takes the default for an
overlap; a sequential scan would call the function for every row, which its cost (1,000)
makes the planner reckon with. It is not marked parallel safe: a search that started
workers for its estimated matches waited 5 ms for them.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-02 14:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The first six words of the name (letters only); for every two of them, each key of the
# one (careslot_word_keys, 0024) with each key of the other, the two in alphabetical order.
# Keys repeated in one name are left in: the index keeps each once.
_PAIRS = r"""
CREATE FUNCTION careslot_pair_keys(name text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE COST 1000 AS $$
DECLARE
    words text[] := '{}';
    word text;
    keys text[] := '{}';
    first text[];
    a text;
    b text;
BEGIN
    FOREACH word IN ARRAY regexp_split_to_array(coalesce(name, ''), '[^[:alpha:]]+') LOOP
        CONTINUE WHEN word = '';
        words := words || word;
        EXIT WHEN cardinality(words) = 6;
    END LOOP;
    FOR i IN 1 .. cardinality(words) - 1 LOOP
        first := careslot_word_keys(words[i]);
        FOR j IN i + 1 .. cardinality(words) LOOP
            FOREACH b IN ARRAY careslot_word_keys(words[j]) LOOP
                FOREACH a IN ARRAY first LOOP
                    keys := keys || CASE WHEN a COLLATE "C" <= b THEN a || ' ' || b ELSE b || ' ' || a END;
                END LOOP;
            END LOOP;
        END LOOP;
    END LOOP;
    RETURN keys;
END $$
"""


def upgrade() -> None:
    op.execute(_PAIRS)
    # A million names take about two and a half minutes here; memory is asked for only as
    # the build needs it.
    op.execute("SET LOCAL maintenance_work_mem = '256MB'")
    op.execute(
        "CREATE INDEX ix_users_name_pairs ON users USING gin (careslot_pair_keys(full_name))"
    )
    op.execute("ALTER INDEX ix_users_name_pairs ALTER COLUMN 1 SET STATISTICS 0")


def downgrade() -> None:
    op.execute("DROP INDEX ix_users_name_pairs")
    op.execute("DROP FUNCTION careslot_pair_keys(text)")
