"""The benchmarks run end to end at toy sizes and report what they promise.

Correctness only: the numbers they measure are never asserted, timings least of all.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from benchmarks import contention, dispatch, search
from benchmarks.common import latency_ms, percentile

CONTENTION_KEYS = {
    "benchmark",
    "attempts",
    "slots",
    "pool",
    "appointments_created",
    "successful_attempts",
    "slot_taken",
    "other_errors",
    "other_error_kinds",
    "overlaps",
    "overlap_checks",
    "invariants_ok",
    "wall_seconds",
    "attempts_per_second",
    "bookings_per_second",
    "latency_ms",
    "latency_with_queue_ms",
    "machine",
}
SEARCH_KEYS = {
    "benchmark",
    "doctors",
    "days",
    "first_day",
    "slots",
    "booked_slots",
    "limited_doctors",
    "load_seconds",
    "invariant_violations",
    "queries",
    "next_free_for_specialty_ms",
    "free_for_doctor_day_ms",
    "list_page_with_next_free_ms",
    "next_free_per_list_page_ms",
    "shortcut_ms",
    "shortcut_target_met",
    "empty_call_baseline_ms",
    "server_side_ms",
    "index_used",
    "target_p99_ms",
    "target_met",
    "machine",
}
PERCENTILES = {"p50", "p99", "max"}


def test_percentiles_are_nearest_rank() -> None:
    values = [0.001 * i for i in range(1, 101)]  # 1 ms .. 100 ms
    assert percentile(values, 50) == pytest.approx(0.050)
    assert percentile(values, 99) == pytest.approx(0.099)
    assert percentile([], 99) == 0.0
    assert latency_ms([0.002, 0.001]) == {"p50": 1.0, "p99": 2.0, "max": 2.0}


@pytest.mark.usefixtures("session_factory")  # empties the database afterwards
async def test_contention_books_exactly_one_appointment_per_slot(engine) -> None:
    result = await contention.run_contention(engine, attempts=24, slots=4, pool=4)

    assert result.keys() >= CONTENTION_KEYS
    assert json.loads(json.dumps(result)) == result
    assert result["appointments_created"] == 4
    assert result["successful_attempts"] == 4
    assert result["slot_taken"] == 20
    assert result["other_errors"] == 0, result["other_error_kinds"]
    assert result["overlaps"] == 0 and set(result["overlap_checks"].values()) == {0}
    assert result["invariants_ok"] is True
    assert PERCENTILES == result["latency_ms"].keys() == result["latency_with_queue_ms"].keys()


@pytest.mark.usefixtures("session_factory")
async def test_contention_with_more_slots_than_attempts_books_every_attempt(engine) -> None:
    result = await contention.run_contention(engine, attempts=3, slots=12, pool=2)

    assert result["appointments_created"] == result["successful_attempts"] == 3
    assert result["slot_taken"] == 0
    assert result["invariants_ok"] is True


def _weekdays(first: date, days: int) -> int:
    return sum(1 for i in range(days) if (first + timedelta(days=i)).weekday() < 5)


@pytest.mark.usefixtures("session_factory")
async def test_search_loads_a_sound_practice_and_times_both_searches(engine) -> None:
    result = await search.run_search(engine, doctors=30, days=8, queries=5)

    assert result.keys() >= SEARCH_KEYS
    assert json.loads(json.dumps(result)) == result
    first = date.fromisoformat(result["first_day"])
    assert result["slots"] == 30 * _weekdays(first, 8) * len(search.SLOT_TIMES)
    assert 0 < result["booked_slots"] < result["slots"]
    assert set(result["invariant_violations"].values()) == {0}
    assert "full_days_mismatches" in result["invariant_violations"]
    # Every seventh doctor takes two patients a day: some of their days are full.
    assert result["limited_doctors"]["full_doctor_days"] > 0
    assert set(result["index_used"]) == {
        "next_free_for_specialty", "free_for_doctor_day", "next_free_per_list_page"
    }
    assert result["index_used"]["next_free_per_list_page"] == search.INDEX_FREE_BY_DOCTOR
    for key in (
        "next_free_for_specialty_ms", "free_for_doctor_day_ms", "list_page_with_next_free_ms",
        "next_free_per_list_page_ms", "shortcut_ms",
    ):
        assert result[key].keys() == PERCENTILES, key
    assert isinstance(result["target_met"], bool)
    # Every specialty has doctors even at this size, so the searches find slots.
    assert result["mean_results"]["next_free_for_specialty"] > 0
    assert result["mean_results"]["free_for_doctor_day"] > 0
    # The list pages find next free times, and the sentences find specialties and times.
    assert result["mean_results"]["next_free_per_list_page"] > 0
    assert result["mean_results"]["shortcut"] > 0


@pytest.mark.usefixtures("session_factory")
async def test_search_loads_through_the_row_triggers_when_it_may_not_bypass_them(engine) -> None:
    result = await search.run_search(engine, doctors=4, days=5, queries=2, bulk=False)

    assert result["load_mode"] == "row triggers"
    first = date.fromisoformat(result["first_day"])
    assert result["slots"] == 4 * _weekdays(first, 5) * len(search.SLOT_TIMES)
    assert result["booked_slots"] > 0  # ~26 of ~260; the counting trigger kept booked_count
    assert set(result["invariant_violations"].values()) == {0}


@pytest.mark.usefixtures("session_factory")
async def test_search_verification_catches_what_the_triggers_would_refuse(engine) -> None:
    practice = await search.load_practice(engine, doctors=2, days=5, bulk=True)
    assert set((await search.verify_invariants(engine, practice)).values()) == {0}

    async with engine.begin() as conn:
        await conn.execute(text("SET LOCAL session_replication_role = replica"))
        # A slot overlapping another of the same doctor, and a count with no appointment.
        await conn.execute(
            text(
                "INSERT INTO appointment_slots (doctor_id, clinic_id, starts_at, ends_at) "
                "SELECT doctor_id, clinic_id, starts_at + interval '15 minutes', "
                "       ends_at + interval '15 minutes' "
                "FROM appointment_slots WHERE doctor_id = :d ORDER BY starts_at LIMIT 1"
            ),
            {"d": practice.doctor_ids[0]},
        )
        await conn.execute(
            text(
                "UPDATE appointment_slots SET booked_count = 1 WHERE id = ("
                "  SELECT id FROM appointment_slots WHERE doctor_id = :d AND booked_count = 0 "
                "  ORDER BY starts_at DESC LIMIT 1)"
            ),
            {"d": practice.doctor_ids[1]},
        )
    found = await search.verify_invariants(engine, practice)
    assert found["slot_overlaps"] == 2  # the new slot, and the next one that starts inside it
    assert found["booked_count_mismatches"] == 1


@pytest.mark.usefixtures("session_factory")
async def test_contention_cli_prints_one_json_object(database_url, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)

    # main() runs its own event loop, as it does from the command line: give it a thread.
    argv = ["--attempts", "6", "--slots", "2", "--pool", "2"]
    assert await asyncio.to_thread(contention.main, argv) == 0

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    report = json.loads(lines[0])
    assert report["benchmark"] == "contention" and report["appointments_created"] == 2


@pytest.mark.usefixtures("session_factory")
async def test_dispatch_sends_every_row_once_with_one_two_and_a_killed_dispatcher(
    database_url,
) -> None:
    args = dispatch.parse_args(
        ["--rows", "40", "--chats", "20", "--rate", "40", "--dispatchers", "1", "2",
         "--kill-lease", "2"]
    )  # fmt: skip
    result = await dispatch.run_dispatch(database_url, args)

    assert json.loads(json.dumps(result)) == result
    assert result.keys() >= {"runs", "rate_fraction", "duplicates", "lost", "resent_after_kill"}
    assert [(r["dispatchers"], r["killed"]) for r in result["runs"]] == [
        (1, False),
        (2, False),
        (2, True),
    ]
    assert result["lost"] == 0 and result["duplicates"] == 0
    assert all(r["db_not_sent"] == 0 and r["distinct"] == 40 for r in result["runs"])
    assert 0 < result["rate_fraction"] <= 1.2
async def test_agenda_loads_a_practice_and_times_the_doctors_day(engine) -> None:
    from benchmarks import agenda

    result = await agenda.run_agenda(engine, doctors=3, days=10, per_day=4, queries=3)

    assert json.loads(json.dumps(result)) == result
    for key in ("today", "agenda_week", "visit_card"):
        assert {"p50_ms", "p99_ms"} <= result[key].keys(), key
    off = result["time_off"]
    assert isinstance(off["seconds"], float)
    assert off["visits"] == off["messages_queued"] == off["slots_closed"] == 40
    assert result["appointments"] > 3 * 4  # weekdays of ten days, and the long history
    assert result["visit_card"]["earlier_visits"] == result["visit_card"]["records"] == 10
    assert isinstance(result["target_met"], bool)


async def test_audit_log_loads_rows_and_times_every_kind_of_page(engine, session_factory) -> None:
    """(`session_factory` empties the database afterwards: the rows are not left to the
    tests after this one.)"""
    from benchmarks import audit_log

    result = await audit_log.run_audit(engine, rows=300, users=5, queries=2)

    assert json.loads(json.dumps(result)) == result
    assert {"p50_ms", "p99_ms", "with_commit_p99_ms"} <= result["audit_page"].keys()
    kinds = {"newest", "deep", "actor", "action", "resource", "period", "actor_and_period"}
    assert set(result["pages"]) == kinds
    assert result["rows"] == 300 and result["rows_shown"] > 0
    assert isinstance(result["target_met"], bool)


async def test_patient_search_finds_what_it_looks_for(session_factory, engine) -> None:
    from benchmarks import patient_search

    result = await patient_search.run_patient_search(engine, patients=3000, queries=8)
    assert result["patients"] == 3000
    for kind in ("by_phone_desk_ms", "by_phone_admin_ms", "by_name_desk_ms", "by_name_admin_ms"):
        assert result[kind]["queries"] == 8 and result[kind]["found"] == 8, kind
    assert "ix_users_phone" in result["plans"]["phone"]
    assert "users" in result["plans"]["name"]  # at 3,000 rows the planner reads them all
    # Two words: the index of their pair keys (0026); one word: its word keys.
    indexed = await patient_search.name_plan(engine, "jmaes barnas", seqscan=False)
    assert "Bitmap Index Scan on ix_users_name_pairs" in indexed
    assert "ix_users_name_keys" not in indexed
    one_word = await patient_search.name_plan(engine, "barnas", seqscan=False)
    assert "Bitmap Index Scan on ix_users_name_keys" in one_word


async def test_reports_loads_a_practice_and_times_the_report_and_the_csv(
    session_factory, engine
) -> None:
    """(`session_factory` empties the database afterwards.)"""
    from benchmarks import reports

    result = await reports.run_reports(
        engine, doctors=4, clinics=2, per_day=2, queries=3, audit_rows=300, patients=3000
    )

    assert json.loads(json.dumps(result)) == result
    assert {"p50_ms", "p99_ms"} <= result["report"].keys()
    assert result["report"]["bookings_last"] > 0
    # A year of one of the two clinics: about half the appointments, one CSV row each.
    assert 0 < result["csv_export"]["rows"] < result["appointments"]
    assert result["csv_export"]["peak_rss_mb"] > 0
    assert result["chart"]["png_bytes"] > 1000
    assert isinstance(result["audit_page"]["p99_ms"], float)
    assert isinstance(result["patient_search"]["p99_ms"], float)
    assert isinstance(result["target_met"], bool)
