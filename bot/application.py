"""The one place that builds the bot (PTB's `main()` pattern)."""

from __future__ import annotations

import gc

from telegram import BotCommand, BotCommandScopeDefault
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

from bot.carebot import CareBot
from bot.http import AiohttpRequest
from bot.persistence import PostgresPersistence
from bot.processor import ChatOrderedUpdateProcessor
from bot.ratelimit import RetryingRateLimiter
from bot.runtime import Clock, Database, Runtime, utc_now
from bot.settings import Settings
from handlers import i18n, register_handlers, texts
from handlers.context import CareContext


def build_application(
    settings: Settings,
    *,
    database: Database | None = None,
    clock: Clock = utc_now,
    overall_max_rate: float = 30,
    persistence_interval: float = 1.0,
    freeze_heap: bool = False,
) -> Application:
    """Builder calls, persistence, defaults, handlers; the engine opens in post_init.

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
        rate_limiter=RetryingRateLimiter(overall_max_rate=overall_max_rate),
    )
    app = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=CareContext, bot_data=Runtime))
        .persistence(PostgresPersistence(database, update_interval=persistence_interval))
        .concurrent_updates(ChatOrderedUpdateProcessor())
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    runtime: Runtime = app.bot_data
    runtime.settings = settings
    runtime.database = database
    runtime.clock = clock
    runtime.freeze_heap = freeze_heap
    # Parsed now, not on the first message (and before gc.freeze); also sets the English
    # rendering of DomainError.message for the handlers that still read it.
    i18n.load_catalogues()
    register_handlers(app)
    return app


async def _post_init(app: Application) -> None:
    """Opens the engine and publishes the patients' commands (other roles get theirs per chat)."""
    runtime: Runtime = app.bot_data
    assert runtime.database is not None
    await runtime.database.open()
    await app.bot.set_my_commands(
        [BotCommand(c, d) for c, d in texts.COMMANDS["patient"]], scope=BotCommandScopeDefault()
    )
    if runtime.freeze_heap:
        gc.collect()
        gc.freeze()


async def _post_shutdown(app: Application) -> None:
    runtime: Runtime = app.bot_data
    if runtime.database is not None:
        await runtime.database.close()
