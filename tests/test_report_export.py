"""/report's CSV on the real database: the rows come from the cursor a chunk at a time (the
file is written as they come, never the whole period at once), only the period's and the
clinic's rows, none of the patient's data; a non-reader gets NotAllowed and no audit row."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import Appointment, AppointmentSlot, AuditLog
from services.errors import NotAllowed
from services.policy import Actor, Role
from services.report_export import export_csv
from tests.world import add_patient, build_world

DAY = datetime(2030, 2, 11, 9, 0, tzinfo=UTC)  # a Monday in February (London on GMT)


class Recording(io.BytesIO):
    """A file that counts its writes."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, data) -> int:  # type: ignore[override]
        self.writes += 1
        return super().write(data)


@pytest.fixture
async def world(session_factory):
    w = await build_world(session_factory, doctors=1)
    patient = await add_patient(w, 5001, name="Hidden Person")
    async with unit_of_work(session_factory) as session:
        for k in range(7):  # five in the week, one the Sunday before, one the Monday after
            at = DAY + timedelta(days=k - 1 if k < 6 else 7)
            slot = AppointmentSlot(doctor_id=w.doctor_ids[0], clinic_id=w.clinic_id,
                                   starts_at=at, ends_at=at + timedelta(minutes=30))  # fmt: skip
            session.add(slot)
            await session.flush()
            session.add(Appointment(
                patient_id=patient, doctor_id=w.doctor_ids[0], clinic_id=w.clinic_id,
                slot_id=slot.id, starts_at=at, ends_at=at + timedelta(minutes=30),
                status="completed", reason="Private matter", created_at=at - timedelta(days=2),
            ))  # fmt: skip
    return w


async def test_the_rows_are_written_a_chunk_at_a_time(world) -> None:
    out = Recording()
    admin = Actor(user_id=None, role=Role.admin)
    rows = await export_csv(
        world.factory, actor=admin, clinic_id=world.clinic_id, first=date(2030, 2, 11),
        last=date(2030, 2, 17), out=out, now=DAY, chunk=2,
    )  # fmt: skip
    assert rows == 5  # Monday 11 to Sunday 17: not the Sunday before, not the Monday after
    assert out.writes == 1 + 3  # the header, then chunks of 2, 2 and 1
    raw = out.getvalue().decode("utf-8-sig")
    found = list(csv.DictReader(io.StringIO(raw)))
    assert [r["date"] for r in found] == [f"2030-02-{d}" for d in range(11, 16)]
    assert {r["lead_days"] for r in found} == {"2.0"}
    assert "Hidden" not in raw and "Private" not in raw and "+44" not in raw
    async with unit_of_work(world.factory) as session:
        (details,) = (
            await session.scalars(
                select(AuditLog.details).where(AuditLog.action == "report.export")
            )
        ).all()
    assert details == {"first": "2030-02-11", "last": "2030-02-17", "rows": 5}


async def test_staff_of_another_clinic_gets_nothing(world) -> None:
    import uuid

    desk = Actor(user_id=None, role=Role.staff, staff_clinic_id=uuid.uuid4())
    out = Recording()
    with pytest.raises(NotAllowed):
        await export_csv(
            world.factory, actor=desk, clinic_id=world.clinic_id, first=date(2030, 2, 11),
            last=date(2030, 2, 17), out=out, now=DAY,
        )  # fmt: skip
    assert out.writes == 0
    async with unit_of_work(world.factory) as session:
        assert await session.scalar(select(func.count()).select_from(AuditLog)) == 0
