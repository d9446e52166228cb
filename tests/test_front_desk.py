"""The front desk's patients on the real database: what PostgreSQL itself keeps (migration
0016: the name keys' trigger, one chat-less record per number), who finds whom, and a new
patient by phone written whole or not at all."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from db.engine import unit_of_work
from db.models import AuditLog, Clinic, Patient, Staff, User
from services import front_desk, users
from services.errors import InvalidInput, NotAllowed
from services.policy import Actor, Role
from tests.world import NOW, add_patient, add_staff, build_world

TODAY = NOW.date()


@pytest.fixture
async def world(session_factory):
    w = await build_world(session_factory, doctors=1)
    await add_patient(w, 1001, "John Smith")
    await add_staff(w, 5001)
    await add_staff(w, 7001, role="admin")
    return w


async def _raw_user(session, name: str, phone: str | None) -> None:
    await session.execute(
        text("INSERT INTO users (full_name, phone, name_keys) VALUES (:n, :p, '{forged}')"),
        {"n": name, "p": phone},
    )


async def test_the_database_keeps_the_name_keys_whatever_is_written(world) -> None:
    async with unit_of_work(world.factory) as session:
        await _raw_user(session, "Zoë O'Brien-Quinn", None)
        keys = await session.scalar(
            text("SELECT name_keys FROM users WHERE full_name = 'Zoë O''Brien-Quinn'")
        )
        assert "forged" not in keys
        assert {"zoë", "brien", "brie", "bri", "quinn", "qinn", "quin", "qui"} <= set(keys)
        await session.execute(
            text("UPDATE users SET name_keys = '{x}' WHERE full_name = 'Zoë O''Brien-Quinn'")
        )
        again = await session.scalar(
            text("SELECT name_keys FROM users WHERE full_name = 'Zoë O''Brien-Quinn'")
        )
        assert sorted(again) == sorted(keys)
        # One edit in the first five letters still shares a key with what a search asks
        # for: changed, dropped, added, swapped; in Cyrillic as in Latin. A name that shares
        # only its first three letters does not ("barbenton" is not a Barford).
        pairs = [("jhon", "John"), ("smth", "Smith"), ("smiith", "Smith"), ("jonh", "John"),
                 ("smiht", "Smith"), ("danile", "Daniel"), ("barbneton", "Barbenton"),
                 ("петренко", "ПЕТРЕНКО"), ("ивна", "Іванна"),
                 ("barbenton", "Barford"), ("duniel", "Dunstan")]  # fmt: skip
        strangers = {"ивна", "barbenton", "duniel"}  # и is not і: two letters off
        for typed, name in pairs:
            shared = await session.scalar(
                text("SELECT careslot_typo_keys(:a) && careslot_word_keys(:b)"),
                {"a": typed, "b": name},
            )
            assert shared is (typed not in strangers), (typed, name)
        # A word typed right, or only its first letters, has its key among the name's.
        for typed, name in [("smith", "Smith"), ("smi", "Smith"), ("dani", "Daniel"),
                            ("barbe", "Barbenton"), ("jo", "Jo")]:  # fmt: skip
            found = await session.scalar(
                text("SELECT careslot_word_keys(:b) @> ARRAY[careslot_exact_key(:a)]"),
                {"a": typed, "b": name},
            )
            assert found, (typed, name)


async def test_the_search_keys_are_the_databases_own(world) -> None:
    """The service computes a search's keys itself; they are those of the database's
    functions, for every script and case a name comes in."""
    words = ["Smith", "smiht", "O'Brien-Quinn", "ПЕТРЕНКО", "Іванна", "Zoë", "ŁUKASZ",
             "Ørsted", "İsmail", "straße", "Jo", "a", "D'Angelo", "Nguyễn"]  # fmt: skip
    async with unit_of_work(world.factory) as session:
        for word in words:
            typo, exact = (
                await session.execute(
                    text("SELECT careslot_typo_keys(:w), careslot_exact_key(:w)"), {"w": word}
                )
            ).one()
            assert (front_desk.typo_keys(word), front_desk.exact_key(word)) == (
                sorted(typo),
                exact,
            ), word
            stored = await session.scalar(text("SELECT careslot_word_keys(:w)"), {"w": word})
            assert exact in stored, word


async def test_the_pair_keys_are_the_databases_own(world) -> None:
    """A name's pair keys (migration 0026): each key of one word with each key of another,
    in code point order whatever the server's collation ("fabre" before "élodi", "ivano"
    before "иван", as Python orders them), for the first six words."""
    names = ["Élodie Fabre", "Иван Ivanov", "Ørsted Ñúñez", "Zoë O'Brien-Quinn",
             "Nguyễn Văn An", "Li Wei", "Madonna", "a b c d e f Seventh"]  # fmt: skip
    async with unit_of_work(world.factory) as session:
        for name in names:
            stored = set(await session.scalar(text("SELECT careslot_pair_keys(:n)"), {"n": name}))
            words = front_desk.query_words(name)
            for i, a in enumerate(words[:6]):
                for b in words[i + 1 : 6]:
                    key = front_desk.pair_key(front_desk.exact_key(a), front_desk.exact_key(b))
                    assert key in stored, (name, key)
                    typo = front_desk.pair_key(front_desk.typo_keys(a)[0], front_desk.exact_key(b))
                    assert typo in stored, (name, typo)
            if len(words) < 2:
                assert stored == set(), name
    assert front_desk.pair_key("élodi", "fabre") == "fabre élodi"
    async with unit_of_work(world.factory) as session:
        seventh = await session.scalar(
            text("SELECT careslot_pair_keys('a b c d e f Seventh') && ARRAY['a seven']")
        )
    assert seventh is False  # a seventh word is in no pair


async def test_two_words_typed_are_two_words_of_the_name(world) -> None:
    """ "dnaiel dawninick": every Daniel has a key of "dnaiel" and, through his first name,
    one of "dawninick" ("dani"); only a Daniel with a second word near Dawninick is a
    candidate, so the search does not read every Daniel there is."""
    admin = world.actors[7001]
    for number, name in enumerate(["Daniel Danwinick", "Daniel Smith", "Danny Dawes"]):
        await add_patient(world, 1100 + number, name)
    words = ["dawninick", "dnaiel"]
    async with unit_of_work(world.factory) as session:
        rows = (
            await session.execute(
                front_desk._name_search(False, 2, near=True), front_desk._search_keys(words)
            )
        ).all()
    assert {r.full_name for r in rows} == {"Daniel Danwinick"}
    found = await _find(world, admin, "dnaiel dawninick")
    assert [h.full_name for h in found.hits] == ["Daniel Danwinick"]
    # Typed the other way round, or three words of a longer name in any order.
    await add_patient(world, 1200, "María José García López")
    assert [h.full_name for h in (await _find(world, admin, "dawninick dnaiel")).hits] == [
        "Daniel Danwinick"
    ]
    for query in ("garcia maria", "lopez garcia jose", "garcai jose maria"):
        hits = (await _find(world, admin, query)).hits
        assert [h.full_name for h in hits] == ["María José García López"], query


async def test_one_record_without_a_chat_per_number(world) -> None:
    async with unit_of_work(world.factory) as session:
        await _raw_user(session, "Zoe Quinn", "+447911123999")
    with pytest.raises(IntegrityError):
        async with unit_of_work(world.factory) as session:
            await _raw_user(session, "Zoe Q", "+447911123999")
    # The same number on an account with a chat is another matter (the service refuses it).
    async with unit_of_work(world.factory) as session:
        count = await session.scalar(
            select(func.count()).select_from(User).where(User.phone == "+447911123999")
        )
    assert count == 1


async def _desk_b(world) -> Actor:
    async with unit_of_work(world.factory) as session:
        clinic = Clinic(name="B", address="1 St", city="London", timezone="Europe/London")
        desk = User(telegram_user_id=5002, chat_id=5002, full_name="Desk B", role="staff")
        session.add_all([clinic, desk])
        await session.flush()
        session.add(Staff(user_id=desk.id, clinic_id=clinic.id))
        return Actor(user_id=desk.id, role=Role.staff, staff_clinic_id=clinic.id)


async def _register(world, actor: Actor, name: str, phone: str) -> front_desk.PatientHit:
    async with unit_of_work(world.factory) as session:
        return await front_desk.register_by_phone(
            session, actor=actor, full_name=name, phone=phone, date_of_birth=date(1985, 3, 12),
            today=TODAY, now=NOW,
        )  # fmt: skip


async def _find(world, actor: Actor, query: str) -> front_desk.FoundPatients:
    async with unit_of_work(world.factory) as session:
        return await front_desk.find_patients(
            session, actor=actor, query=query, region="GB", now=NOW
        )


async def test_who_finds_whom(world) -> None:
    desk_a, admin = world.actors[5001], world.actors[7001]
    desk_b = await _desk_b(world)
    zoe = await _register(world, desk_a, "Zoe Quinn", "07911 123999")
    # Clinic A's desk registered her: A finds her by name, B only by her whole number.
    assert [h.patient_id for h in (await _find(world, desk_a, "zoe quin")).hits] == [zoe.patient_id]
    assert (await _find(world, desk_b, "zoe quinn")).total == 0
    by_phone = await _find(world, desk_b, "+44 7911 123999")
    assert by_phone.by_phone == "+447911123999" and not by_phone.hits[0].linked
    async with unit_of_work(world.factory) as session:
        with pytest.raises(NotAllowed):
            await front_desk.patient_card(session, actor=desk_b, patient_id=zoe.patient_id, now=NOW)
    # A self-registered patient with no visit here is no one's by name but an admin's.
    assert (await _find(world, desk_a, "john smith")).total == 0
    assert (await _find(world, admin, "jon smth")).total == 1
    with pytest.raises(NotAllowed):
        await _find(world, world.actors[1001], "zoe")
    with pytest.raises(InvalidInput):
        await _find(world, desk_a, "1")
    async with unit_of_work(world.factory) as session:
        opened = await session.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(AuditLog.action == "patient.card_opened")
        )
    assert opened == 0  # the refused card wrote nothing


async def test_two_letters_swapped_rank_before_one_changed(world) -> None:
    desk_a = world.actors[5001]
    await _register(world, desk_a, "James Galwinby", "07911 123903")
    await _register(world, desk_a, "James Salwinby", "07911 123904")
    # Both are as near to "aslwinby" by rapidfuzz's ratio; a swap is the likelier slip.
    found = await _find(world, desk_a, "james aslwinby")
    assert [h.full_name for h in found.hits] == ["James Salwinby", "James Galwinby"]
    found = await _find(world, desk_a, "james gslwinby")  # one letter changed: Galwinby
    assert found.hits[0].full_name == "James Galwinby"


async def test_a_badly_fitting_exact_prefix_still_lets_the_near_spellings_in(world) -> None:
    desk_a, admin = world.actors[5001], world.actors[7001]
    await _register(world, desk_a, "Jonasberg Smittenhouse", "07911 123901")
    await _register(world, desk_a, "Joans Smitt", "07911 123902")
    await add_patient(world, 1002, "Jonas Smith")
    # "jonas smitt": only the first is spelt so in each word's first five letters, but it
    # fits too badly to show, so the names one edit away there are searched after all.
    found = await _find(world, admin, "jonas smitt")
    assert [h.full_name for h in found.hits] == ["Joans Smitt", "Jonas Smith"]
    found = await _find(world, desk_a, "jonas smitt")  # Jonas Smith is not clinic A's
    assert [h.full_name for h in found.hits] == ["Joans Smitt"] and found.hits[0].linked
    # A good exact fit is all there is: the spellings one edit away are not looked at.
    found = await _find(world, admin, "jonasberg smittenhouse")
    assert [h.full_name for h in found.hits] == ["Jonasberg Smittenhouse"]
    assert [h.full_name for h in (await _find(world, admin, "john smith")).hits] == ["John Smith"]


async def test_a_new_patient_is_written_whole_or_not_at_all(world) -> None:
    desk = world.actors[5001]
    before = await _count_patients(world)
    for name, phone, code in [("1", "07911 123999", "name-too-short"),
                              ("Zoe Quinn", "12345", "bad-phone")]:  # fmt: skip
        with pytest.raises(InvalidInput, match=code):
            await _register(world, desk, name, phone)
    with pytest.raises(front_desk.PhoneTaken):  # John Smith's number (add_patient's)
        await _register(world, desk, "Zoe Quinn", "+447911123456")
    async with unit_of_work(world.factory) as session:
        with pytest.raises(InvalidInput, match="birth-date-in-future"):
            await front_desk.register_by_phone(
                session, actor=desk, full_name="Zoe", phone="07911 123999",
                date_of_birth=TODAY + timedelta(days=1), today=TODAY, now=NOW,
            )  # fmt: skip
    assert await _count_patients(world) == before


async def _count_patients(world) -> int:
    async with unit_of_work(world.factory) as session:
        return await session.scalar(select(func.count()).select_from(Patient))


async def test_a_contact_links_only_a_chatless_record_and_only_once(world) -> None:
    zoe = await _register(world, world.actors[5001], "Zoe Quinn", "07911 123999")
    async with unit_of_work(world.factory) as session:
        # An account that already exists keeps its own record.
        assert await users.link_contact(
            session, telegram_user_id=1001, chat_id=1001, phone="447911123999",
            language="en", now=NOW,
        ) is None  # fmt: skip
        linked = await users.link_contact(
            session, telegram_user_id=2001, chat_id=2001, phone="447911123999",
            language="es", now=NOW,
        )  # fmt: skip
        assert linked is not None and linked.patient_id == zoe.patient_id
        assert linked.language == "es"
    async with unit_of_work(world.factory) as session:
        assert await users.link_contact(
            session, telegram_user_id=2002, chat_id=2002, phone="447911123999",
            language="en", now=NOW,
        ) is None  # fmt: skip
        assert not await users.waits_for_contact(session, phone="+447911123999")
