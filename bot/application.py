"""The one place that builds the bot (PTB's `main()` pattern)."""

from __future__ import annotations

import gc
import logging
from datetime import timedelta

from telegram import BotCommandScopeDefault, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

from bot import outbox
from bot.carebot import CareBot
from bot.http import AiohttpRequest
from bot.metrics import count_error
from bot.persistence import PostgresPersistence
from bot.processor import ChatOrderedUpdateProcessor
from bot.ratelimit import RetryingRateLimiter
from bot.runtime import Clock, Database, Runtime, utc_now
from bot.settings import Settings
from bot.web import HttpConfig
from db.engine import reading
from handlers import i18n, register_handlers
from handlers.commands import command_menu
from handlers.context import CareContext
from handlers.i18n import DEFAULT_LANGUAGE, LANGUAGES
from services import digest, slot_horizon, updates

log = logging.getLogger("careslot.runtime")

# How often the processed update ids older than the window are deleted.
PRUNE_UPDATE_IDS_EVERY = timedelta(minutes=10)
# The first extension of the slots to the booking horizon runs this long after start, out of
# the way of start-up (and after the demo's seeding); then every
# CARESLOT_SLOT_HORIZON_EVERY_HOURS.
SLOT_HORIZON_FIRST_RUN = timedelta(seconds=10)
SLOT_HORIZON_JOB = "slot-horizon"
# The doctors' next morning digests are written to the outbox this often (ahead of their
# time: the dispatcher sends each when it is due).
DIGEST_EVERY = timedelta(minutes=10)
DIGEST_JOB = "morning-digests"
# The updates CareSlot handles (channel posts only to say it works in private chats).
ALLOWED_UPDATES = ["message", "edited_message", "channel_post", "callback_query", "my_chat_member"]


def build_application(
    settings: Settings,
    *,
    database: Database | None = None,
    clock: Clock = utc_now,
    overall_max_rate: float | None = None,
    persistence_interval: float = 1.0,
    freeze_heap: bool = False,
    flow_timeout: float | None = None,
    slot_horizon_first: timedelta | None = SLOT_HORIZON_FIRST_RUN,
    http: HttpConfig | None = None,
) -> Application:
    """Builder calls, persistence, defaults, handlers, jobs; the engine opens in post_init.

    `overall_max_rate`: the bot's own limit of messages a second (default: the
    CARESLOT_SEND_RATE setting; 0: none). The outbox's dispatcher starts right after start
    unless CARESLOT_OUTBOX_IN_BOT is off (bot.outbox).

    `slot_horizon_first`: when the first extension of the slots (and the first writing of the
    morning digests) runs after start (None: only
    after one interval, as tests that trigger the job themselves want).

    `freeze_heap` (for a process that runs one bot, as `careslot run` does): once started,
    everything loaded so far is moved out of the garbage collector's sight (gc.freeze), so
    its full collections no longer walk the hundreds of thousands of long-lived objects of
    the libraries — pauses that otherwise stall every chat for a moment.
    """
    token = settings.require_token().get_secret_value()
    database = database or Database(settings.database_url, settings=settings)
    bot = CareBot(
        token,
        base_url=settings.bot_api_url,
        base_file_url=settings.bot_api_file_url,
        # aiohttp instead of PTB's default httpx: a fraction of the CPU per Bot API call.
        request=AiohttpRequest(connection_pool_size=32, pool_timeout=10.0),
        get_updates_request=AiohttpRequest(connection_pool_size=1),
        defaults=Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz),
        rate_limiter=RetryingRateLimiter(
            overall_max_rate=settings.send_rate if overall_max_rate is None else overall_max_rate
        ),
    )
    app = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=CareContext, bot_data=Runtime))
        .persistence(PostgresPersistence(database, update_interval=persistence_interval))
        .concurrent_updates(processor := ChatOrderedUpdateProcessor())
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    processor.application = app
    bot.set_journal(lambda fetched: journal_updates(app, fetched))
    runtime: Runtime = app.bot_data
    runtime.settings = settings
    runtime.database = database
    runtime.clock = clock
    runtime.freeze_heap = freeze_heap
    runtime.http = http
    # Parsed now, not on the first message (and before gc.freeze).
    i18n.load_catalogues()
    register_handlers(app, flow_timeout=flow_timeout)
    app.add_error_handler(count_error)
    assert app.job_queue is not None  # python-telegram-bot[job-queue]
    runtime.schedule_jobs = lambda: _schedule_jobs(app, settings, slot_horizon_first)
    return app


def _schedule_jobs(
    app: Application, settings: Settings, slot_horizon_first: timedelta | None
) -> None:
    """The repeating jobs and the dispatcher's start, scheduled as the Application starts
    (post_init), not when it is built: a standby may wait hours between the two, and a job
    whose first run was due then would be skipped as misfired."""
    assert app.job_queue is not None
    app.job_queue.run_repeating(
        prune_processed_updates, interval=PRUNE_UPDATE_IDS_EVERY, name="prune-update-ids"
    )
    app.job_queue.run_repeating(
        extend_slot_horizon,
        interval=settings.slot_horizon_every,
        first=slot_horizon_first,
        name=SLOT_HORIZON_JOB,
    )
    app.job_queue.run_repeating(
        enqueue_morning_digests, interval=DIGEST_EVERY, first=slot_horizon_first, name=DIGEST_JOB
    )
    if settings.outbox_in_bot:
        app.job_queue.run_once(outbox.start_in_application, when=0, name=outbox.OUTBOX_JOB)


def http_config(settings: Settings, *, webhook: bool, port: int | None = None) -> HttpConfig:
    """The HTTP server of `careslot run` (health and metrics) or `careslot webhook`."""
    secret = settings.require_webhook()[1].get_secret_value() if webhook else None
    return HttpConfig(
        host=settings.http_host,
        port=settings.http_port if port is None else port,
        webhook_path=settings.webhook_path if webhook else None,
        webhook_secret=secret,
        max_body_bytes=settings.webhook_max_body_bytes,
        metrics_token=(
            settings.metrics_token.get_secret_value() if settings.metrics_token else None
        ),
    )


async def set_webhook(app: Application, *, url: str, secret: str, max_connections: int) -> None:
    """Points Telegram at this process's webhook, with the secret it must send back."""
    await app.bot.set_webhook(
        url=url,
        secret_token=secret,
        allowed_updates=ALLOWED_UPDATES,
        max_connections=max_connections,
        drop_pending_updates=False,
    )


async def journal_updates(app: Application, fetched) -> None:
    """Writes arriving updates down, unclaimed (`services.updates.journal`)."""
    runtime: Runtime = app.bot_data
    assert runtime.database is not None
    async with reading(runtime.database.reader) as connection:
        await updates.journal(
            connection,
            updates=[(u.update_id, u.to_dict()) for u in fetched],
            now=runtime.clock(),
        )


async def replay_unclaimed(app: Application) -> int:
    """Queues the updates that arrived but were never handled (a process died between);
    returns how many. Run by the process that has just become the active one."""
    runtime: Runtime = app.bot_data
    assert runtime.database is not None
    async with reading(runtime.database.reader) as connection:
        payloads = await updates.unclaimed(connection)
    for payload in payloads:
        update = Update.de_json(payload, app.bot)
        if update is not None:
            await app.update_queue.put(update)
    if payloads:
        log.info("replaying %d updates that arrived but were never handled", len(payloads))
    return len(payloads)


async def prune_processed_updates(context: CareContext) -> None:
    """The repeating job that forgets the update ids older than the window (one DELETE)."""
    runtime: Runtime = context.bot_data
    assert runtime.settings is not None
    older_than = context.now() - runtime.settings.update_id_window
    async with context.read() as connection:
        pruned = await updates.prune_processed_updates(connection, older_than=older_than)
    log.debug("forgot %d processed update ids", pruned)


async def extend_slot_horizon(context: CareContext) -> slot_horizon.ExtendReport:
    """The repeating job that extends every doctor's slots to their clinic's booking horizon
    (any number of processes may run it: one at a time does the work). Logs counts only."""
    runtime: Runtime = context.bot_data
    assert runtime.database is not None
    report = await slot_horizon.extend_to_horizon(runtime.database.factory, now=context.now())
    if report.skipped_locked:
        log.info("slot horizon: another process is extending the slots; skipped")
    else:
        log.info(
            "slot horizon: %d slots created for %d doctors in %d clinics (%d clinics left out)",
            report.created,
            report.doctors,
            report.clinics,
            report.failed_clinics,
        )
    return report


async def enqueue_morning_digests(context: CareContext) -> int:
    """The repeating job that writes every doctor's next morning digest to the outbox (any
    number of processes may run it: the dedupe key keeps one a doctor a day). Logs a count."""
    runtime: Runtime = context.bot_data
    assert runtime.database is not None
    doctors = await digest.enqueue_digests(runtime.database.factory, now=context.now())
    log.info("morning digests: next digest written for %d doctors", doctors)
    return doctors


async def _post_init(app: Application) -> None:
    """Opens the engine, starts the HTTP server when configured, and publishes the patients'
    commands in every language (other roles get theirs per chat)."""
    runtime: Runtime = app.bot_data
    assert runtime.database is not None
    await runtime.database.open()
    if runtime.schedule_jobs is not None:
        runtime.schedule_jobs()
        runtime.schedule_jobs = None  # once, however often post_init is called
    if runtime.http is not None and runtime.web is None:  # bot.runner may have started it
        from bot.web import WebServer

        runtime.web = WebServer(app, runtime.http)
        await runtime.web.start()
    scope = BotCommandScopeDefault()
    await app.bot.set_my_commands(command_menu("patient", DEFAULT_LANGUAGE), scope=scope)
    for lang in LANGUAGES:
        await app.bot.set_my_commands(
            command_menu("patient", lang), scope=scope, language_code=lang
        )
    if runtime.freeze_heap:
        gc.collect()
        gc.freeze()


async def _post_shutdown(app: Application) -> None:
    runtime: Runtime = app.bot_data
    if runtime.lease is not None:
        await runtime.lease.release()
        runtime.lease = None
    if runtime.web is not None:
        await runtime.web.stop()
        runtime.web = None
    if runtime.database is not None:
        await runtime.database.close()
