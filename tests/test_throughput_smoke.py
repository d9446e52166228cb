"""The throughput benchmark's pieces run end to end at toy size (no timing asserted).

Each bot runs in its own process, as in the real benchmark; the test checks that both
processes shut down cleanly and are gone afterwards.
"""

from __future__ import annotations

import os

from benchmarks import throughput
from db.engine import SessionFactory

LATENCY_KEYS = {"p50", "p99", "max"}
PHASE_KEYS = {"updates", "seconds", "updates_per_second", "latency_ms", "complete_ms", "errors"}
CPU_KEYS = {
    "cpu_ms_per_update",
    "bot_process_cpu_ms_per_update",
    "driver_process_cpu_ms_per_update",
    "machine_busy_cores",
}


def test_process_cpu_seconds_reads_this_process():
    spent = throughput.process_cpu_seconds(os.getpid())
    assert spent is not None and spent > 0
    assert throughput.process_cpu_seconds(-1) is None


async def test_benchmark_runs_end_to_end(session_factory: SessionFactory, database_url: str):
    result = await throughput.run_throughput(
        session_factory,
        database_url,
        users=2,
        duration=0.5,
        rate=20,
        echo_seconds=0.3,
        echo_warmup=0,
        sessions=2,
        warmup_users=0,
        failover_kills=1,
    )

    assert {"echo", "careslot", "careslot_at_20_per_s", "ratio_vs_echo", "targets"} <= set(result)
    assert {"webhook", "webhook_at_20_per_s", "failover", "bot_peak_rss_mb"} <= set(result)
    assert set(result["targets"]) == {
        "half_of_echo",
        "p99_under_100ms_at_20_per_s",
        "p99_under_50ms_at_20_per_s",
        "bot_cpu_at_most_twice_echo",
        "webhook_p99_under_50ms_at_20_per_s",
        "failover_median_under_10s",
        "bot_rss_under_150mb",
    }
    failover = result["failover"]
    assert failover["kills"] == 1 and len(failover["takeover_s"]) == 1
    assert 0 < failover["median_s"] < 60 and failover["answer_s"][0] >= failover["median_s"]
    assert result["bot_peak_rss_mb"] > 10
    assert result["bot_cpu_per_update_vs_echo"] > 0
    echo, careslot, paced = result["echo"], result["careslot"], result["careslot_at_20_per_s"]
    webhook, webhook_paced = result["webhook"], result["webhook_at_20_per_s"]
    for phase in (echo, careslot, paced, webhook, webhook_paced):
        assert set(phase) >= PHASE_KEYS | CPU_KEYS
        assert phase["bot_process_cpu_ms_per_update"] > 0
        assert set(phase["latency_ms"]) == LATENCY_KEYS
        assert phase["errors"] == 0, phase["error_examples"]
        assert phase["updates"] > 0
    assert careslot["appointments_created"] == 2 and careslot["appointments_ok"]
    assert careslot["updates"] == 2 * throughput.ACTIONS_PER_BOOKING
    assert set(careslot["latency_by_step_ms"]) >= {"book", "day", "time", "confirm"}
    assert paced["conversations_started"] >= 1
    assert paced["appointments_created"] == paced["conversations_completed"]
    assert paced["appointments_ok"]

    processes = result["bot_processes"]
    assert set(processes) == {"echo", "careslot", "careslot-webhook"}
    for process in processes.values():
        assert process["exit_code"] == 0, process
        assert process["pid"] != os.getpid()
        assert throughput.process_cpu_seconds(process["pid"]) is None  # stopped and reaped
    assert "own process" in result["notes"]
