"""The admin's rules on the real database: invites closed for good once used or revoked and
their target matching their role (raw SQL, past Python), never fewer than one active admin
(raw SQL and the service), a blocked actor refused by the policy, the audit log's pages
by keyset on an index, and invite codes redacted from log lines."""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from bot.logs import RedactFilter
from db.engine import unit_of_work
from db.models import Invite, User
from services import accounts, audit, audit_log, invites
from services.errors import Conflict, NotAllowed, NotFound
from services.policy import Action, Actor, Role, allowed
from tests.world import NOW, add_patient, add_staff, build_world

ADMIN_TG, PATIENT_TG = 9001, 1


@pytest.fixture
async def world(session_factory):
    w = await build_world(session_factory, doctors=2)
    await add_staff(w, ADMIN_TG, role="admin")
    await add_patient(w, PATIENT_TG)
    return w


def _constraint(exc: DBAPIError) -> str:
    return getattr(exc.orig, "__cause__", None).constraint_name


async def _sql(engine, statement: str, **params):
    async with engine.begin() as conn:
        return await conn.execute(text(statement), params)


async def _new_invite(world, doctor: int = 0) -> tuple[uuid.UUID, str]:
    async with unit_of_work(world.factory) as session:
        made = await invites.create(
            session, actor=world.actors[ADMIN_TG], role="doctor",
            target_id=world.doctor_ids[doctor], now=NOW,
        )  # fmt: skip
    return made.invite.id, made.code


async def test_a_code_is_random_url_safe_and_only_its_hash_is_kept(world) -> None:
    first, code = await _new_invite(world)
    _, other = await _new_invite(world, doctor=1)
    assert code != other and invites.CODE_SHAPE.fullmatch(code) and len(code) == 32
    async with unit_of_work(world.factory) as session:
        stored = await session.get_one(Invite, first)
    assert stored.code_hash == invites.code_hash(code) and code not in stored.code_hash


async def test_a_used_or_revoked_invite_cannot_be_reopened_or_reused_in_sql(engine, world) -> None:
    invite_id, code = await _new_invite(world)
    async with unit_of_work(world.factory) as session:
        await invites.redeem(session, code=code, telegram_user_id=7001, chat_id=7001,
                             full_name="Emma", language="en", now=NOW)  # fmt: skip
    for statement in (
        "UPDATE invites SET used_at = NULL, used_by = NULL WHERE id = :i",
        "UPDATE invites SET used_at = now() WHERE id = :i",
        "UPDATE invites SET expires_at = expires_at + interval '1 day' WHERE id = :i",
    ):
        with pytest.raises(DBAPIError) as err:
            await _sql(engine, statement, i=invite_id)
        assert _constraint(err.value) == "invites_closed"
    revoked_id, _ = await _new_invite(world, doctor=1)
    await _sql(engine, "UPDATE invites SET revoked_at = now() WHERE id = :i", i=revoked_id)
    with pytest.raises(DBAPIError) as err:
        await _sql(engine, "UPDATE invites SET revoked_at = NULL WHERE id = :i", i=revoked_id)
    assert _constraint(err.value) == "invites_closed"


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ("'doctor', NULL, NULL, repeat('a', 64)", "ck_invites_target_matches_role"),
        ("'staff', NULL, :doctor, repeat('a', 64)", "ck_invites_target_matches_role"),
        ("'admin', NULL, :doctor, repeat('a', 64)", "ck_invites_role_known"),
        ("'doctor', NULL, :doctor, 'the-code-itself'", "ck_invites_code_hash_shape"),
    ],
)
async def test_an_invite_names_the_record_its_role_needs_and_a_hash(
    engine, world, values, constraint
) -> None:
    with pytest.raises(DBAPIError) as err:
        await _sql(
            engine,
            "INSERT INTO invites (role, clinic_id, doctor_id, code_hash, expires_at)"
            f" VALUES ({values}, now() + interval '1 day')",
            doctor=world.doctor_ids[0],
        )
    assert _constraint(err.value) == constraint


async def test_two_openings_at_once_link_one_account(world) -> None:
    _, code = await _new_invite(world)

    async def open_as(tg: int):
        async with unit_of_work(world.factory) as session:
            return await invites.redeem(session, code=code, telegram_user_id=tg, chat_id=tg,
                                        full_name="X", language="en", now=NOW)  # fmt: skip

    results = await asyncio.gather(open_as(7001), open_as(7002), return_exceptions=True)
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert [r.code for r in results if isinstance(r, Exception)] == ["invite-used"]
    async with unit_of_work(world.factory) as session:
        tgs = await session.scalars(select(User.telegram_user_id).where(User.role == "doctor"))
        assert len(list(tgs)) == 1


async def test_the_last_active_admin_stays_one_in_sql_and_in_the_service(engine, world) -> None:
    admin_id = world.actors[ADMIN_TG].user_id
    for statement in (
        "UPDATE users SET role = 'patient' WHERE id = :u",
        "UPDATE users SET is_active = false WHERE id = :u",
    ):
        with pytest.raises(DBAPIError) as err:
            await _sql(engine, statement, u=admin_id)
        assert _constraint(err.value) == "users_last_admin"
    async with unit_of_work(world.factory) as session:
        with pytest.raises(Conflict) as refused:
            await accounts.change_role(
                session, actor=Actor.system(), user_id=admin_id, role="staff", now=NOW
            )
        assert refused.value.code == "last-admin"
        with pytest.raises(Conflict):
            await accounts.set_blocked(
                session, actor=Actor.system(), user_id=admin_id, blocked=True, now=NOW
            )
    # With a second admin, either may go.
    await add_staff(world, 9002, role="admin")
    await _sql(engine, "UPDATE users SET role = 'staff' WHERE id = :u", u=admin_id)


async def test_a_blocked_actor_may_do_nothing_whatever_its_role() -> None:
    for role in Role:
        blocked = Actor(user_id=uuid.uuid4(), role=role, patient_id=uuid.uuid4(), active=False)
        for action in Action:
            assert not allowed(blocked, action, patient_id=blocked.patient_id,
                               user_id=blocked.user_id)  # fmt: skip


async def test_redeem_refuses_forged_expired_and_revoked_codes_and_changes_nothing(world) -> None:
    invite_id, code = await _new_invite(world)
    cases = [("x" * 70, "invite-forged"), ("A" * 32, "invite-forged")]
    for raw, expected in cases:
        async with unit_of_work(world.factory) as session:
            with pytest.raises(NotFound) as err:
                await invites.redeem(session, code=raw, telegram_user_id=7001, chat_id=7001,
                                     full_name="X", language="en", now=NOW)  # fmt: skip
        assert err.value.code == expected
    later = NOW + timedelta(hours=72)
    async with unit_of_work(world.factory) as session:
        with pytest.raises(Conflict) as err:
            await invites.redeem(session, code=code, telegram_user_id=7001, chat_id=7001,
                                 full_name="X", language="en", now=later)  # fmt: skip
    assert err.value.code == "invite-expired"
    async with unit_of_work(world.factory) as session:
        await invites.revoke(session, actor=world.actors[ADMIN_TG], invite_id=invite_id, now=NOW)
    async with unit_of_work(world.factory) as session:
        with pytest.raises(Conflict) as err:
            await invites.redeem(session, code=code, telegram_user_id=7001, chat_id=7001,
                                 full_name="X", language="en", now=NOW)  # fmt: skip
        assert err.value.code == "invite-revoked"
        assert await session.scalar(select(User).where(User.telegram_user_id == 7001)) is None
    async with unit_of_work(world.factory) as session:
        with pytest.raises(NotAllowed):
            await invites.create(session, actor=world.actors[PATIENT_TG], role="doctor",
                                 target_id=world.doctor_ids[1], now=NOW)  # fmt: skip


async def test_audit_pages_walk_every_row_once_newest_first_on_an_index(world, engine) -> None:
    async with unit_of_work(world.factory) as session:
        for n in range(20):  # pairs of rows at the same moment: the id breaks the tie
            await audit.record(session, action="x.y", resource_type="t", resource_id=str(n),
                               at=NOW + timedelta(minutes=n // 2))  # fmt: skip
    seen, after = [], None
    admin = world.actors[ADMIN_TG]
    while True:
        async with unit_of_work(world.factory) as session:
            _, page = await audit_log.page(
                session, actor=admin, filters=audit_log.AuditFilters(action="x.y"), after=after,
                now=NOW + timedelta(hours=1), size=6,
            )  # fmt: skip
        seen += [(r.at, r.id) for r in page.rows]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert len(seen) == 20 == len(set(seen)) and seen == sorted(seen, reverse=True)
    async with engine.connect() as conn:
        await conn.execute(text("SET enable_seqscan = off"))
        plan = "\n".join(
            r[0]
            for r in await conn.execute(
                text(
                    "EXPLAIN SELECT * FROM audit_logs WHERE action = 'x.y' AND (at, id) < "
                    "(now(), gen_random_uuid()) ORDER BY at DESC, id DESC LIMIT 9"
                )
            )
        )
    # Which (…, at, id) index the planner takes depends on the table's statistics at that
    # moment; what must hold is that the page is read in index order, never sorted.
    assert re.search(r"Index Scan Backward using ix_audit_logs_(action|at)_", plan), plan
    assert "Sort" not in plan


def test_an_invite_code_is_redacted_from_any_log_line() -> None:
    args = ("/start abcDEF_-123", "https://t.me/b?start=XYZ-9")
    record = logging.LogRecord("careslot", logging.INFO, __file__, 1, "got %s, link %s", args, None)
    RedactFilter([]).filter(record)
    assert record.getMessage() == "got /start [REDACTED], link https://t.me/b?start=[REDACTED]"
