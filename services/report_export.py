"""/report's CSV: one row per appointment that starts in the period at the clinic.

Privacy: the file is for counting, not for contacting anyone. It holds no patient at all —
no name, phone, date of birth, reason for the visit, notes or free-text cancellation
reason (those may be medical or personal); only when and with whom (the clinic's local
date and time, clinic, doctor, specialty), what became of it (status, how it was booked,
the role of whoever cancelled it and the reason's code, services.reports.REASON_CODES)
and how far ahead it was booked.

It is streamed from the database (a server-side cursor read in chunks of `CHUNK` rows)
into the file the caller gives — a temporary or spooled file — so memory stays flat
however long the period: a year of a large clinic is some hundred thousand rows.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, datetime
from typing import BinaryIO

from sqlalchemy import text

from db.engine import SessionFactory
from services import audit
from services.policy import Actor
from services.reports import CANCELLER_SQL, IN_PERIOD, REASON_SQL, bounds, clinic_choice

CHUNK = 2000
COLUMNS = (
    "date", "local_time", "clinic", "doctor", "specialty", "status", "created_via",
    "cancelled_by", "cancel_reason", "lead_days",
)  # fmt: skip
ROWS_SQL = (
    "SELECT to_char(a.starts_at AT TIME ZONE :tz, 'YYYY-MM-DD'),"
    " to_char(a.starts_at AT TIME ZONE :tz, 'HH24:MI'), c.name, d.full_name, sp.name,"
    f" a.status, a.created_via, {CANCELLER_SQL}, {REASON_SQL},"
    " round((extract(epoch FROM a.starts_at - a.created_at) / 86400)::numeric, 1)"
    " FROM appointments a JOIN clinics c ON c.id = a.clinic_id"
    " JOIN doctors d ON d.id = a.doctor_id JOIN specialties sp ON sp.id = d.specialty_id"
    " LEFT JOIN users u ON u.id = a.cancelled_by"
    f" WHERE {IN_PERIOD} ORDER BY a.starts_at, a.id"
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A name a spreadsheet would run as a formula ("=HYPERLINK(…)") is kept as text."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return "" if value is None else value


async def export_csv(
    factory: SessionFactory,
    *,
    actor: Actor,
    clinic_id: uuid.UUID,
    first: date,
    last: date,
    out: BinaryIO,
    now: datetime,
    chunk: int = CHUNK,
) -> int:
    """Writes the period's appointments to `out` as UTF-8 CSV (with a BOM, for spreadsheet
    programs) and returns how many rows; the export is audited (`report.export`)."""
    async with factory() as session, session.begin():
        clinic = await clinic_choice(session, actor=actor, clinic_id=clinic_id)
        since, until = bounds(clinic, first, last)
        params = {"clinic": clinic.id, "since": since, "until": until, "tz": clinic.timezone}
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        out.write(b"\xef\xbb\xbf" + buffer.getvalue().encode())
        rows = 0
        result = await session.stream(text(ROWS_SQL), params)  # a server-side cursor
        # The size must be given: without it a textual statement comes as one partition.
        async for part in result.partitions(chunk):
            buffer.seek(0)
            buffer.truncate()
            writer.writerows([_cell(v) for v in row] for row in part)
            out.write(buffer.getvalue().encode())
            rows += len(part)
        await audit.record(
            session,
            action="report.export",
            resource_type="clinic",
            resource_id=clinic.id,
            actor_user_id=actor.user_id,
            at=now,
            details={"first": first.isoformat(), "last": last.isoformat(), "rows": rows},
        )
    out.flush()
    return rows
