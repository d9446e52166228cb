"""Start-up: bad configuration gives one sentence and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from bot.settings import ConfigError, load_settings


def _careslot(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("CARESLOT_", "DATABASE_URL"))
    }
    environment.pop("TELEGRAM_BOT_TOKEN", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "sentence"),
    [
        (
            {"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nothing"},
            "Could not connect to the PostgreSQL server in DATABASE_URL",
        ),
        ({"DATABASE_URL": "mysql://localhost/x"}, "DATABASE_URL is invalid"),
        ({"CARESLOT_LOG_LEVEL": "loud"}, "CARESLOT_LOG_LEVEL is invalid"),
        ({"CARESLOT_LOG_FORMAT": "xml"}, "CARESLOT_LOG_FORMAT is invalid"),
        ({"CARESLOT_JWT_SECRET": "short"}, "CARESLOT_JWT_SECRET is invalid"),
        ({"CARESLOT_PUBLIC_URL": "bot.example.org"}, "CARESLOT_PUBLIC_URL is invalid"),
        ({"CARESLOT_HTTP_PORT": "70000"}, "CARESLOT_HTTP_PORT is invalid"),
        ({"CARESLOT_WEBHOOK_URL": "ftp://x"}, "CARESLOT_WEBHOOK_URL is invalid"),
        ({"CARESLOT_WEBHOOK_SECRET": "has spaces"}, "CARESLOT_WEBHOOK_SECRET is invalid"),
        ({"CARESLOT_WEBHOOK_MAX_CONNECTIONS": "500"}, "CARESLOT_WEBHOOK_MAX_CONNECTIONS"),
        ({"CARESLOT_TIMEZONE": "Mars/Olympus"}, "CARESLOT_TIMEZONE is invalid"),
        (
            {"CARESLOT_SLOT_HORIZON_EVERY_HOURS": "0"},
            "CARESLOT_SLOT_HORIZON_EVERY_HOURS is invalid",
        ),
    ],
)
def test_migrate_with_bad_configuration(env: dict[str, str], sentence: str) -> None:
    result = _careslot("migrate", **env)
    assert result.returncode == 2
    assert sentence in result.stderr
    assert "Traceback" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.startswith("careslot:")]) == 1


def test_run_without_a_token_says_how_to_get_one() -> None:
    result = _careslot("run")
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("env", "sentence"),
    [
        ({}, "CARESLOT_WEBHOOK_URL is not set"),
        ({"CARESLOT_WEBHOOK_URL": "https://bot.example.org/tg"}, "CARESLOT_WEBHOOK_SECRET is not"),
    ],
)
def test_webhook_without_its_url_or_secret_says_what_to_set(env, sentence) -> None:
    result = _careslot("webhook", TELEGRAM_BOT_TOKEN="123456:ABCDEFGH", **env)
    assert result.returncode == 2
    assert sentence in result.stderr and "Traceback" not in result.stderr


def test_restore_asks_for_yes_before_replacing_anything() -> None:
    result = _careslot("restore", "some.dump")
    assert result.returncode == 2
    assert "--yes" in result.stderr and "Traceback" not in result.stderr


def test_bad_token_is_named_but_not_printed() -> None:
    result = _careslot("run", TELEGRAM_BOT_TOKEN="not-a-token-secret")
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is invalid" in result.stderr
    assert "not-a-token-secret" not in result.stderr


def test_settings_defaults_and_secret() -> None:
    settings = load_settings(TELEGRAM_BOT_TOKEN="123456:ABCDEF", CARESLOT_TIMEZONE="Europe/Berlin")
    assert settings.tz.key == "Europe/Berlin"
    assert "ABCDEF" not in repr(settings)
    assert settings.require_token().get_secret_value() == "123456:ABCDEF"
    with pytest.raises(ConfigError, match="CARESLOT_TIMEZONE is invalid"):
        load_settings(CARESLOT_TIMEZONE="Nowhere/Land")


def test_update_id_window_is_whole_hours_within_bounds() -> None:
    assert load_settings().update_id_window == timedelta(hours=24)
    assert load_settings(CARESLOT_UPDATE_ID_WINDOW_HOURS="48").update_id_window_hours == 48
    for bad in ("0", "721", "1.5", "soon"):
        with pytest.raises(ConfigError, match="CARESLOT_UPDATE_ID_WINDOW_HOURS is invalid"):
            load_settings(CARESLOT_UPDATE_ID_WINDOW_HOURS=bad)


def test_slot_horizon_interval_is_whole_hours_within_bounds() -> None:
    assert load_settings().slot_horizon_every == timedelta(hours=24)
    assert load_settings(CARESLOT_SLOT_HORIZON_EVERY_HOURS="6").slot_horizon_every_hours == 6
    for bad in ("0", "169", "1.5", "daily"):
        with pytest.raises(ConfigError, match="CARESLOT_SLOT_HORIZON_EVERY_HOURS is invalid"):
            load_settings(CARESLOT_SLOT_HORIZON_EVERY_HOURS=bad)


def test_the_bot_schedules_the_slot_horizon_job() -> None:
    from bot.application import SLOT_HORIZON_FIRST_RUN, SLOT_HORIZON_JOB, build_application

    settings = load_settings(
        TELEGRAM_BOT_TOKEN="123456:ABCDEF", CARESLOT_SLOT_HORIZON_EVERY_HOURS="6"
    )
    app = build_application(settings)  # as `careslot run` and `careslot demo` build it
    assert app.job_queue is not None
    (job,) = app.job_queue.get_jobs_by_name(SLOT_HORIZON_JOB)
    assert job.job.trigger.interval == timedelta(hours=6)
    # Once soon after start, then every interval.
    assert timedelta(0) < SLOT_HORIZON_FIRST_RUN <= timedelta(minutes=1)
    expected_first = datetime.now(UTC) + SLOT_HORIZON_FIRST_RUN
    assert abs(job.job.trigger.start_date - expected_first) < timedelta(seconds=5)


def test_token_never_reaches_the_log(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from bot.logs import RedactFilter

    handler = logging.StreamHandler()
    handler.addFilter(RedactFilter(["123456:SECRET"]))
    record = logging.LogRecord(
        "httpx",
        logging.INFO,
        __file__,
        1,
        "POST https://api.telegram.org/bot%s/getMe",
        ("123456:SECRET",),
        None,
    )
    handler.filter(record)
    assert record.getMessage() == "POST https://api.telegram.org/bot[REDACTED]/getMe"
