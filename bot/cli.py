"""`careslot` — migrate, seed-demo, run, webhook, dispatch, backup, restore, demo.

Bad configuration ends the command with one sentence on stderr and exit code 2,
never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from datetime import datetime

from bot.settings import ConfigError, Settings, load_settings

log = logging.getLogger("careslot")


class CommandError(Exception):
    """A failure the user can act on; the message is the sentence to print."""


def _database_url(settings: Settings) -> str:
    from db.embedded import EmbeddedDatabaseError
    from db.engine import resolve_database_url

    try:
        return resolve_database_url(settings.database_url, settings.data_dir)
    except EmbeddedDatabaseError as exc:
        raise CommandError(str(exc)) from None


def _migrate(url: str, *, external: bool) -> None:
    from db import migrate

    try:
        migrate.upgrade(url)
    except (OSError, ConnectionError) as exc:
        raise CommandError(_unreachable(exc, external)) from None
    except Exception as exc:  # alembic/asyncpg wrap connection failures in many types
        if _is_connection_problem(exc):
            raise CommandError(_unreachable(exc, external)) from None
        raise


def _is_connection_problem(exc: BaseException) -> bool:
    import asyncpg
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError | ConnectionError | OperationalError | InterfaceError):
            return True
        if isinstance(
            seen,
            asyncpg.exceptions.InvalidAuthorizationSpecificationError
            | asyncpg.exceptions.InvalidCatalogNameError
            | asyncpg.exceptions.InvalidPasswordError,
        ):
            return True
        if isinstance(seen, DBAPIError) and seen.connection_invalidated:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _unreachable(exc: BaseException, external: bool) -> str:
    where = "the PostgreSQL server in DATABASE_URL" if external else "the embedded PostgreSQL"
    return f"Could not connect to {where} ({exc.__class__.__name__}); check DATABASE_URL."


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    url = _database_url(settings)
    _migrate(url, external=bool(settings.database_url))
    print("Database is up to date.")
    return 0


async def _seed(url: str, now: datetime | None = None) -> object:
    """The demo data, as of `now` (the demo's clock; the real time by default)."""
    from bot.runtime import utc_now
    from db.engine import make_engine, make_session_factory, unit_of_work
    from services.demo_data import seed_demo
    from services.policy import Actor

    engine = make_engine(url, pool_size=2)
    try:
        async with unit_of_work(make_session_factory(engine)) as session:
            return await seed_demo(session, actor=Actor.system(), now=now or utc_now())
    finally:
        await engine.dispose()


def print_seed_report(report) -> None:
    print(
        f"Demo data: {report.clinics} clinics, {report.doctors} doctors, {report.slots} slots "
        f"(created now: {report.clinics_created} clinics, {report.specialties_created} "
        f"specialties, {report.doctors_created} doctors, {report.schedules_created} working-hour "
        f"blocks, {report.slots_created} slots). Admin: Telegram id {report.admin_telegram_id}."
    )


def cmd_seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    url = _database_url(settings)
    _migrate(url, external=bool(settings.database_url))
    print_seed_report(asyncio.run(_seed(url)))
    return 0


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """Long polling, as the active process or a standby (`bot.runner`)."""
    return _serve(settings, webhook=False)


def cmd_webhook(settings: Settings, args: argparse.Namespace) -> int:
    """The webhook behind a reverse proxy, as the active process or a standby."""
    return _serve(settings, webhook=True)


def _serve(settings: Settings, *, webhook: bool) -> int:
    from bot.application import build_application, http_config
    from bot.logs import add_secret
    from bot.runner import WebhookTarget, serve
    from bot.runtime import Database

    token = settings.require_token()
    add_secret(token.get_secret_value())
    target = None
    if webhook:
        public_url, secret = settings.require_webhook()
        add_secret(secret.get_secret_value())
        target = WebhookTarget(
            public_url, secret.get_secret_value(), settings.webhook_max_connections
        )
    url = _database_url(settings)
    _migrate(url, external=bool(settings.database_url))
    app = build_application(
        settings,
        database=Database(url, settings=settings),
        freeze_heap=True,
        http=http_config(settings, webhook=webhook),
    )
    app.bot_data.standby = True
    log.info("CareSlot starts (%s) against %s", "webhook" if webhook else "polling",
             settings.bot_api_url.split("/bot")[0])  # fmt: skip
    return asyncio.run(serve(app, webhook=target))


async def _dispatch(settings: Settings, url: str) -> None:
    import signal

    from bot.carebot import CareBot
    from bot.http import AiohttpRequest
    from bot.outbox import run_alone
    from bot.ratelimit import RetryingRateLimiter
    from bot.runtime import Database, utc_now

    bot = CareBot(
        settings.require_token().get_secret_value(),
        base_url=settings.bot_api_url,
        base_file_url=settings.bot_api_file_url,
        request=AiohttpRequest(connection_pool_size=32, pool_timeout=10.0),
        rate_limiter=RetryingRateLimiter(overall_max_rate=settings.send_rate),
    )
    database = Database(url, settings=settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    factory = await database.open()
    try:
        async with bot:
            await run_alone(settings, factory=factory, bot=bot, clock=utc_now, stop=stop)
    finally:
        await database.close()


def cmd_dispatch(settings: Settings, args: argparse.Namespace) -> int:
    """The outbox's dispatcher alone (any number beside `careslot run`), until SIGINT/SIGTERM."""
    from bot.logs import add_secret

    add_secret(settings.require_token().get_secret_value())
    url = _database_url(settings)
    _migrate(url, external=bool(settings.database_url))
    log.info("CareSlot is sending the outbox's notifications")
    asyncio.run(_dispatch(settings, url))
    return 0


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    return run_demo(
        settings, script=args.script, data_dir=args.data_dir, keep=args.keep,
        speed=args.speed, start=args.start,
    )  # fmt: skip


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import UTC, datetime
    from pathlib import Path

    from db.backup import BackupError, backup

    url = _database_url(settings)
    out = Path(args.out or f"careslot-{datetime.now(UTC):%Y%m%d-%H%M%S}.dump")
    try:
        backup(url, out)
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    print(f"Backed up to {out} ({out.stat().st_size} bytes).")
    return 0


def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    from pathlib import Path

    from db.backup import BackupError, restore

    if not args.yes:
        raise CommandError(
            "restore replaces everything in the database with the backup: "
            "run it again with --yes once the bot is stopped."
        )
    url = _database_url(settings)
    try:
        restore(url, Path(args.file))
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    _migrate(url, external=bool(settings.database_url))  # an older backup: up to this code
    print(f"Restored from {args.file}.")
    return 0


def _speed(value: str) -> float:
    try:
        speed = float(value)
    except ValueError:
        speed = 0.0
    if not 1 <= speed <= 3600:
        raise argparse.ArgumentTypeError("the speed is a number from 1 to 3600")
    return speed


def _start(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "the start is a date and time like 2030-03-04T10:00"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="careslot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="upgrade the database to the newest schema")
    sub.add_parser("seed-demo", help="add the demo clinics, doctors and slots (idempotent)")
    sub.add_parser("run", help="run the bot with long polling")
    sub.add_parser("webhook", help="run the bot taking updates by webhook (behind a proxy)")
    backup = sub.add_parser("backup", help="dump the database to a file (pg_dump)")
    backup.add_argument("--out", help="the file to write (default: careslot-<time>.dump)")
    restore = sub.add_parser("restore", help="replace the database by a backup (pg_restore)")
    restore.add_argument("file", help="a file written by `careslot backup`")
    restore.add_argument("--yes", action="store_true", help="yes, replace the database")
    sub.add_parser("dispatch", help="send the outbox's notifications (beside `run`, any number)")
    demo = sub.add_parser("demo", help="the bot and a local Bot API sandbox, chat in the terminal")
    demo.add_argument("--script", help="read input lines from FILE ('-' for stdin) and exit")
    demo.add_argument("--data-dir", help="keep the demo database here (default: a fresh one)")
    demo.add_argument("--keep", action="store_true", help="do not delete a fresh demo database")
    demo.add_argument(
        "--speed", type=_speed, default=1.0, metavar="N",
        help="run the bot's clock N times faster (60: a real second is a minute), so "
        "reminders arrive while you watch (1-3600; default 1)",
    )  # fmt: skip
    demo.add_argument(
        "--start", type=_start, default=None, metavar="WHEN",
        help="start the bot's clock at WHEN (YYYY-MM-DDTHH:MM in CARESLOT_TIMEZONE, "
        "default: now); the demo data is made around it",
    )  # fmt: skip
    return parser


COMMANDS = {
    "migrate": cmd_migrate,
    "seed-demo": cmd_seed_demo,
    "run": cmd_run,
    "webhook": cmd_webhook,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "dispatch": cmd_dispatch,
    "demo": cmd_demo,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        from bot.logs import configure_logging

        configure_logging(
            settings.log_level,
            json_lines=settings.log_format == "json",
            secrets=[
                settings.telegram_bot_token.get_secret_value()
                if settings.telegram_bot_token
                else ""
            ],
        )
        return COMMANDS[args.command](settings, args)
    except (ConfigError, CommandError) as exc:
        print(f"careslot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    # Re-import so `python -m bot.cli` shares exception classes with the other modules.
    from bot.cli import main as _main

    sys.exit(_main())
