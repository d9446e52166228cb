"""search_doctors scores an index kept under the digest of the doctors' rows: a search
reads the digest and the doctors it returns, not every doctor, and any change to a name,
a specialty, a clinic or whether a doctor is bookable is seen by the next search."""

from __future__ import annotations

from sqlalchemy import update

from db.engine import SessionFactory, unit_of_work
from db.models import Clinic, Doctor
from services import catalog
from tests.test_search_dates_calendar import build_practice, search


async def test_a_search_reads_the_doctors_only_when_they_changed(
    session_factory: SessionFactory, monkeypatch
) -> None:
    practice = await build_practice(session_factory)
    assert await search(session_factory, "smith") == [("Dr. Emma Smith", "name")]
    reads = []
    real = catalog.list_doctor_search_rows

    async def counted(session):
        reads.append(1)
        return await real(session)

    async def every_doctor(*args, **kwargs):
        raise AssertionError("search_doctors loaded every doctor")

    monkeypatch.setattr(catalog, "list_doctor_search_rows", counted)
    monkeypatch.setattr(catalog, "list_doctors", every_doctor)
    assert {n for n, _ in await search(session_factory, "heart")} == {
        "Dr. John Carter", "Dr. Olivia Brown",
    }  # fmt: skip
    assert await search(session_factory, "smith") == [("Dr. Emma Smith", "name")]
    assert reads == []  # the index of the first search served both
    smith = practice.doctors["Dr. Emma Smith"].id
    async with unit_of_work(session_factory) as session:
        await session.execute(
            update(Doctor).where(Doctor.id == smith).values(full_name="Dr. Emma Smythe-Jones")
        )
    assert await search(session_factory, "smythe") == [("Dr. Emma Smythe-Jones", "name")]
    assert reads == [1]  # rebuilt once, on the change
    async with unit_of_work(session_factory) as session:
        await session.execute(update(Doctor).where(Doctor.id == smith).values(is_active=False))
    assert await search(session_factory, "smythe") == []
    carter = practice.doctors["Dr. John Carter"]
    async with unit_of_work(session_factory) as session:  # his clinic closes
        await session.execute(
            update(Clinic).where(Clinic.id == carter.clinic_id).values(is_active=False)
        )
    assert {n for n, _ in await search(session_factory, "heart")} == {"Dr. Olivia Brown"}
