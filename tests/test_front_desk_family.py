"""Family members at the front desk on the real database: found by their own name (typos
welcome, migration 0021's keys kept by a trigger), shown with their holder and the holder's
phone, linked to a clinic by their own visits or their holder's, and their card opens."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from db.engine import unit_of_work
from db.models import Appointment, AppointmentSlot, Patient
from services import family, front_desk
from services.errors import NotAllowed
from tests.test_front_desk import _desk_b, _find
from tests.world import NOW, add_patient, add_staff, build_world

TODAY = NOW.date()
JOHN, DESK, ADMIN = 1001, 5001, 7001


@pytest.fixture
async def world(session_factory):
    w = await build_world(session_factory, doctors=1)
    await add_patient(w, JOHN, "John Smith")
    await add_staff(w, DESK)
    await add_staff(w, ADMIN, role="admin")
    async with unit_of_work(w.factory) as session:
        lily = await family.add_member(
            session, actor=w.actors[JOHN], holder_id=w.patients[JOHN], full_name="Lily Smith",
            date_of_birth=date(2020, 5, 6), relation="child", allergies=None, today=TODAY,
            now=NOW,
        )  # fmt: skip
    w.lily = lily.id
    return w


async def _visit(w, patient_id, days: int) -> None:
    async with unit_of_work(w.factory) as session:
        starts = NOW + timedelta(days=days)
        slot = AppointmentSlot(
            doctor_id=w.doctor_ids[0], clinic_id=w.clinic_id, starts_at=starts,
            ends_at=starts + timedelta(minutes=30),
        )  # fmt: skip
        session.add(slot)
        await session.flush()
        session.add(
            Appointment(patient_id=patient_id, doctor_id=w.doctor_ids[0], clinic_id=w.clinic_id,
                        slot_id=slot.id, starts_at=starts, ends_at=slot.ends_at)
        )  # fmt: skip


async def test_the_database_keeps_a_family_members_name_keys(world) -> None:
    async with unit_of_work(world.factory) as session:
        await session.execute(
            text("UPDATE patients SET name_keys = '{forged}' WHERE id = :id"), {"id": world.lily}
        )
        keys = await session.scalar(select(Patient.name_keys).where(Patient.id == world.lily))
        own = await session.scalar(
            select(Patient.name_keys).where(Patient.id == world.patients[JOHN])
        )
    assert "forged" not in keys and {"lily", "smith", "smit", "smth", "smi"} <= set(keys)
    assert own == []  # an account's own record has no name of its own


async def test_a_family_member_is_found_by_name_with_the_holder_and_their_phone(world) -> None:
    desk, admin = world.actors[DESK], world.actors[ADMIN]
    desk_b = await _desk_b(world)
    # Nobody of the family has been to the clinic: by name nobody's but the admin's.
    assert (await _find(world, desk, "lily smith")).total == 0
    seen = (await _find(world, admin, "lily smith")).hits
    assert [(h.patient_id, h.holder_name) for h in seen] == [(world.lily, "John Smith")]
    # Her own visit links her (her holder stays unlinked); typos still find her.
    await _visit(world, world.lily, 2)
    found = await _find(world, desk, "lilly smth")
    assert found.total == 1
    hit = found.hits[0]
    assert (hit.patient_id, hit.full_name, hit.holder_name) == (
        world.lily,
        "Lily Smith",
        "John Smith",
    )
    assert hit.phone == "+447911123456" and hit.date_of_birth == date(2020, 5, 6)
    assert hit.linked and hit.next_visit is not None
    assert (await _find(world, desk, "john smith")).total == 0
    assert (await _find(world, desk_b, "lily smith")).total == 0
    # "smith" finds the member (linked) but not the unlinked holder.
    assert [h.holder_name for h in (await _find(world, desk, "smith")).hits] == ["John Smith"]
    async with unit_of_work(world.factory) as session:
        card = await front_desk.patient_card(session, actor=desk, patient_id=world.lily, now=NOW)
        assert card.hit.holder_name == "John Smith" and len(card.visits) == 1
        with pytest.raises(NotAllowed):
            await front_desk.patient_card(session, actor=desk_b, patient_id=world.lily, now=NOW)


async def test_the_holders_link_links_the_family_and_a_removed_member_is_gone(world) -> None:
    desk = world.actors[DESK]
    await _visit(world, world.patients[JOHN], 3)
    names = sorted((h.full_name, h.holder_name) for h in (await _find(world, desk, "smith")).hits)
    assert names == [("John Smith", None), ("Lily Smith", "John Smith")]
    await family.remove_member(
        world.factory, actor=world.actors[JOHN], member_id=world.lily, now=NOW
    )
    assert [h.full_name for h in (await _find(world, desk, "smith")).hits] == ["John Smith"]


async def test_a_members_name_is_looked_up_in_the_partial_index(world) -> None:
    async with unit_of_work(world.factory) as session:
        # Enough family members (of one holder, straight in SQL) for the planner to care.
        await session.execute(
            text(
                "INSERT INTO patients (holder_id, relation, full_name)"
                " SELECT :holder, 'child', translate(md5(g::text), '0123456789', 'ghijklmnop')"
                " FROM generate_series(1, 3000) AS g"
            ),
            {"holder": world.patients[JOHN]},
        )
        # As autovacuum would: the new keys out of GIN's pending list, and fresh statistics.
        await session.execute(text("SELECT gin_clean_pending_list('ix_patients_member_name_keys')"))
        await session.execute(text("ANALYZE patients"))
        plan = " ".join(
            (
                await session.execute(
                    text(
                        "EXPLAIN SELECT id FROM patients WHERE holder_id IS NOT NULL"
                        " AND name_keys && careslot_word_keys('lilly')"
                    )
                )
            ).scalars()
        )
    assert "ix_patients_member_name_keys" in plan
