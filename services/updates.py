"""Telegram update ids already handled: each update_id is processed once (brief, section 6).

Telegram sends an update again when it did not see the bot confirm it (a restart before the
next getUpdates, a webhook answer that was lost). The other way round, an update Telegram
saw confirmed but the bot never handled (the process died in between) would be lost: so
each update is first written down unclaimed with its payload (`journal`), the claim drops
the payload, and the process that is active next handles what is left (`unclaimed`).

The gatekeeper claims every update's id before any handler runs, inside the statement that
loads the user (`services.users.gate`), and ignores the update when the id was already
claimed. The ids are kept for a bounded window; `prune_processed_updates` deletes the older
ones.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CTE, bindparam, delete, select
from sqlalchemy.dialects.postgresql import insert

from db.engine import Reader
from db.models import ProcessedUpdate

# Core statements on the table, not the mapped class: they run alike on a session and on a
# connection from `db.engine.reading`, without the ORM's bookkeeping.
_TABLE = ProcessedUpdate.__table__


def claim_cte(name: str = "claimed") -> CTE:
    """INSERT of the update id (`:update_id`, at `:now`) as a data-modifying CTE: one row
    (the id) when this update is fresh — new, or journaled on arrival and not yet claimed
    (the claim then drops the journaled payload) — none when it was claimed already (a
    redelivery). Two connections claiming the same id at once: the second waits for the
    first to commit and then gets none, so exactly one of them handles the update."""
    statement = insert(_TABLE).values(
        update_id=bindparam("update_id"), received_at=bindparam("now"), claimed=True
    )
    return (
        statement.on_conflict_do_update(
            index_elements=[_TABLE.c.update_id],
            set_={"claimed": True, "payload": None},
            where=_TABLE.c.claimed.is_(False),
        )
        .returning(_TABLE.c.update_id)
        .cte(name)
    )


# Built once, like the gatekeeper's statement.
_CLAIMED = claim_cte()
_CLAIM = select(_CLAIMED.c.update_id)
_PRUNE = delete(_TABLE).where(_TABLE.c.received_at < bindparam("older_than"))


async def claim(reader: Reader, *, update_id: int, now: datetime) -> bool:
    """Claims an update id on its own (an update without a user); True when it is fresh.
    The gatekeeper's usual path claims it together with the user lookup (`users.gate`)."""
    row = (await reader.execute(_CLAIM, {"update_id": update_id, "now": now})).first()
    return row is not None


async def journal(reader: Reader, *, updates: list[tuple[int, dict]], now: datetime) -> None:
    """Writes down updates as they arrive, before Telegram is told they were received (the
    next getUpdates, the webhook's 200): unclaimed, with their payload. One that is
    already there (a redelivery, claimed or not) is left as it is."""
    if not updates:
        return
    rows = [
        {"update_id": update_id, "received_at": now, "payload": payload, "claimed": False}
        for update_id, payload in updates
    ]
    await reader.execute(
        insert(_TABLE).values(rows).on_conflict_do_nothing(index_elements=[_TABLE.c.update_id])
    )


async def unclaimed(reader: Reader) -> list[dict]:
    """The payloads of updates that arrived but were never handled (their process died),
    oldest first."""
    rows = await reader.execute(
        select(_TABLE.c.payload)
        .where(_TABLE.c.claimed.is_(False), _TABLE.c.payload.is_not(None))
        .order_by(_TABLE.c.update_id)
    )
    return [row.payload for row in rows]


async def prune_processed_updates(reader: Reader, *, older_than: datetime) -> int:
    """Forgets the update ids received before `older_than`; returns how many."""
    result = await reader.execute(_PRUNE, {"older_than": older_than})
    return result.rowcount
