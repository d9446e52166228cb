"""Telegram's command menus: each role's commands, described in the user's language."""

from __future__ import annotations

import contextlib

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError

from handlers import replies
from handlers.context import CareContext
from handlers.i18n import plain

# Each role's command menu, in order (descriptions: `command-<role>-<name>`).
COMMANDS: dict[str, tuple[str, ...]] = {
    "patient": (
        "start", "book", "my", "notifications", "records", "profile", "privacy", "calendar",
        "help", "stop",
    ),
    "doctor": (
        "start", "today", "agenda", "patients", "digest", "hours", "off", "calendar", "help",
        "stop",
    ),
    "staff": ("start", "find", "newpatient", "day", "slots", "report", "help", "stop"),
    "admin": (
        "start", "users", "invite", "invites", "audit", "clinics", "doctors", "day", "report",
        "slots", "help", "stop",
    ),
}


def command_menu(role: str, lang: str) -> list[BotCommand]:
    role = role if role in COMMANDS else "patient"
    return [BotCommand(c, plain(lang, f"command-{role}-{c}")) for c in COMMANDS[role]]


async def publish_commands(update: Update, context: CareContext) -> None:
    """The user's own command list in their chat: their role's, in their language."""
    chat = update.effective_chat
    if chat is None:
        return
    role = replies.role_of(context)
    await context.bot.set_my_commands(
        command_menu(role, context.lang), scope=BotCommandScopeChat(chat.id)
    )


async def forget_commands(update: Update, context: CareContext) -> None:
    """Drops the chat's own command list (a deleted account's): the chat gets the menu every
    new patient sees in their language."""
    chat = update.effective_chat
    if chat is None:
        return
    with contextlib.suppress(TelegramError):  # none was set: nothing to drop
        await context.bot.delete_my_commands(scope=BotCommandScopeChat(chat.id))
