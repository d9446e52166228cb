"""Family members in the schema, proven in raw SQL: a dependant has a holder and no account,
nobody holds a holder, nobody holds themselves, and the overlap rule is per person."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from tests import test_schema
from tests.test_schema import T0, _book, _constraint, _exec, _one, _slot

world = test_schema.world  # the raw-SQL practice: one clinic, two doctors, three patients


async def _dependant(engine, holder, name="Mia", relation="child"):
    return await _one(
        engine,
        "INSERT INTO patients (holder_id, full_name, relation) VALUES (:h, :n, :r) RETURNING id",
        h=holder, n=name, r=relation,
    )  # fmt: skip


async def test_a_dependant_has_a_holder_a_relation_a_name_and_no_account(engine, world) -> None:
    holder = world["patients"][0]
    mia = await _dependant(engine, holder)
    assert await _exec(
        engine, "SELECT user_id, holder_id, relation FROM patients WHERE id = :p", p=mia
    ) == [(None, holder, "child")]
    user = await _one(engine, "SELECT id FROM users WHERE full_name = 'Patient 1'")
    bad = [
        # an account and a holder at once
        ("INSERT INTO patients (user_id, holder_id, full_name, relation)"
         " VALUES (:u, :h, 'X', 'child')", "ck_patients_account_or_holder"),
        # neither
        ("INSERT INTO patients (date_of_birth) VALUES ('2020-01-01')",
         "ck_patients_account_or_holder"),
        # a dependant without a relation, or without a name
        ("INSERT INTO patients (holder_id, full_name) VALUES (:h, 'X')",
         "ck_patients_account_or_holder"),
        ("INSERT INTO patients (holder_id, relation) VALUES (:h, 'child')",
         "ck_patients_account_or_holder"),
        ("INSERT INTO patients (holder_id, full_name, relation) VALUES (:h, 'X', 'cousin')",
         "ck_patients_relation_known"),
    ]  # fmt: skip
    for sql, constraint in bad:
        with pytest.raises(IntegrityError) as err:
            await _exec(engine, sql, u=user, h=holder)
        assert _constraint(err.value) == constraint, sql


async def test_a_dependant_of_a_dependant_is_refused(engine, world) -> None:
    mia = await _dependant(engine, world["patients"][0])
    with pytest.raises(IntegrityError) as err:
        await _dependant(engine, mia, name="Grandchild")
    assert _constraint(err.value) == "patients_holder_not_dependant"
    # Nor can an existing dependant be moved under one.
    leo = await _dependant(engine, world["patients"][1], name="Leo")
    with pytest.raises(IntegrityError) as err:
        await _exec(engine, "UPDATE patients SET holder_id = :m WHERE id = :l", m=mia, l=leo)
    assert _constraint(err.value) == "patients_holder_not_dependant"


async def test_a_holder_cannot_become_a_dependant(engine, world) -> None:
    holder, other = world["patients"][0], world["patients"][1]
    await _dependant(engine, holder)
    with pytest.raises(IntegrityError) as err:
        await _exec(
            engine,
            "UPDATE patients SET user_id = NULL, holder_id = :o, full_name = 'X',"
            " relation = 'parent' WHERE id = :h",
            o=other, h=holder,
        )
    assert _constraint(err.value) == "patients_dependant_not_holder"


async def test_a_dependant_cannot_be_its_own_holder(engine, world) -> None:
    mia = await _dependant(engine, world["patients"][0])
    with pytest.raises(IntegrityError) as err:
        await _exec(engine, "UPDATE patients SET holder_id = id WHERE id = :m", m=mia)
    assert _constraint(err.value) == "ck_patients_not_own_holder"
    new_id = uuid.uuid4()
    with pytest.raises(IntegrityError) as err:
        await _exec(
            engine,
            "INSERT INTO patients (id, holder_id, full_name, relation)"
            " VALUES (:i, :i, 'X', 'child')",
            i=new_id,
        )
    assert _constraint(err.value) in (
        "ck_patients_not_own_holder",
        "fk_patients_holder_id_patients",
    )


async def test_holder_and_dependant_changes_at_once_never_make_a_chain(engine, world) -> None:
    """Making B a dependant of A while making C a dependant of B: one of them loses."""
    a, b, _c = world["patients"]
    c_user = await _one(engine, "SELECT user_id FROM patients WHERE id = :c", c=_c)
    make_b_dependant = _exec(
        engine,
        "UPDATE patients SET user_id = NULL, holder_id = :a, full_name = 'B', relation = 'spouse'"
        " WHERE id = :b",
        a=a, b=b,
    )  # fmt: skip
    c_under_b = _dependant(engine, b, name="C2")
    results = await asyncio.gather(make_b_dependant, c_under_b, return_exceptions=True)
    assert sum(isinstance(r, IntegrityError) for r in results) == 1, results
    chains = await _one(
        engine,
        "SELECT count(*) FROM patients d JOIN patients h ON h.id = d.holder_id"
        " WHERE h.holder_id IS NOT NULL",
    )
    assert chains == 0 and c_user is not None


async def test_the_overlap_rule_is_per_person(engine, world) -> None:
    holder = world["patients"][0]
    mia = await _dependant(engine, holder)
    a = await _slot(engine, world, doctor=0, start=T0)
    b = await _slot(engine, world, doctor=1, start=T0 + timedelta(minutes=15))
    c = await _slot(engine, world, doctor=1, start=T0 + timedelta(hours=2))
    await _exec(
        engine,
        "INSERT INTO appointments (patient_id, doctor_id, clinic_id, slot_id, starts_at, ends_at)"
        " SELECT :p, s.doctor_id, s.clinic_id, s.id, s.starts_at, s.ends_at"
        " FROM appointment_slots s WHERE s.id = :s",
        p=mia, s=a,
    )
    # The holder may be booked at the same time as their child …
    await _book(engine, world, b, patient=0)
    # … but the child cannot hold two overlapping visits.
    with pytest.raises(IntegrityError) as err:
        await _exec(
            engine,
            "UPDATE appointments SET patient_id = :p WHERE slot_id = :s",
            p=mia, s=b,
        )
    assert _constraint(err.value) == "appointments_patient_overlap"
    await _exec(
        engine,
        "INSERT INTO appointments (patient_id, doctor_id, clinic_id, slot_id, starts_at, ends_at)"
        " SELECT :p, s.doctor_id, s.clinic_id, s.id, s.starts_at, s.ends_at"
        " FROM appointment_slots s WHERE s.id = :s",
        p=mia, s=c,
    )
    assert await _one(
        engine, "SELECT count(*) FROM appointments WHERE patient_id = :p", p=mia
    ) == 2
