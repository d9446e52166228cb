"""The patient's data as files (pure functions): everything as JSON, the visits as CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

from services.privacy import ExportedAppointment, PatientExport

CSV_COLUMNS = (
    "appointment_id", "patient", "starts_at_utc", "ends_at_utc", "starts_at_local", "ends_at_local",
    "timezone", "doctor", "specialty", "clinic", "clinic_address", "status", "reason",
    "cancelled_at_utc", "cancellation_reason", "booked_at_utc",
)  # fmt: skip

# A spreadsheet reads a cell starting with one of these as a formula; typed text (a reason)
# must stay text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def filename(export: PatientExport, extension: str) -> str:
    return f"careslot-my-data-{export.generated_at:%Y-%m-%d}.{extension}"


def as_json(export: PatientExport) -> bytes:
    """One object: the profile, every appointment (UTC and clinic-local times), every visit
    record."""
    return json.dumps(export.model_dump(mode="json"), ensure_ascii=False, indent=2).encode()


def _time(value: datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def _text(value: str | None) -> str:
    text = value or ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(a: ExportedAppointment, patient: str) -> list[str]:
    return [
        str(a.id), _text(patient), _time(a.starts_at), _time(a.ends_at), _time(a.starts_at_local),
        _time(a.ends_at_local), a.timezone, _text(a.doctor), _text(a.specialty), _text(a.clinic),
        _text(a.clinic_address), a.status, _text(a.reason), _time(a.cancelled_at),
        _text(a.cancellation_reason), _time(a.booked_at),
    ]  # fmt: skip


def as_csv(export: PatientExport) -> bytes:
    """A header and one row per appointment — the patient's own, then each family member's,
    named in the `patient` column; UTF-8 with a byte order mark, which spreadsheet programs
    need to read the letters of other alphabets."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_row(a, export.profile.full_name) for a in export.appointments)
    for member in export.family:
        writer.writerows(_row(a, member.full_name) for a in member.appointments)
    return out.getvalue().encode("utf-8-sig")
