"""Gatekeeping, the main menu, /help, and buttons nobody else claims."""

from __future__ import annotations

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.ext import ApplicationHandlerStop

from handlers import keyboards, render, texts
from handlers.callbacks import Menu, parse_as
from handlers.context import CareContext
from services import users


async def gatekeeper(update: Update, context: CareContext) -> None:
    """Before every update: ignores a redelivered one (each update_id is handled once), loads
    the user behind it and stops blocked accounts early — one statement (`users.gate`)."""
    tg_user = update.effective_user
    async with context.read() as connection:
        gate = await users.gate(
            connection,
            update_id=update.update_id,
            telegram_user_id=tg_user.id if tg_user is not None else None,
            now=context.now(),
        )
    if not gate.fresh:  # handled already, answers and all: nothing more to say
        raise ApplicationHandlerStop
    context.current_user = gate.user
    if context.current_user is not None and not context.current_user.is_active:
        await render.alert(update, texts.BLOCKED)
        raise ApplicationHandlerStop


def role_of(context: CareContext) -> str:
    return context.current_user.role if context.current_user else "patient"


async def publish_commands(update: Update, context: CareContext) -> None:
    """Doctors, staff and admins see their own command list in their chat."""
    role = role_of(context)
    if role != "patient" and update.effective_chat is not None:
        await context.bot.set_my_commands(
            [BotCommand(c, d) for c, d in texts.COMMANDS[role]],
            scope=BotCommandScopeChat(update.effective_chat.id),
        )


async def show_main_menu(update: Update, context: CareContext, *, new: bool = False) -> None:
    """The menu of the user's role, as an edit or a new message."""
    user = context.current_user
    name = user.full_name if user else (update.effective_user.first_name or "")
    title = texts.WELCOME_BACK.format(name=texts.esc(name))
    markup = keyboards.main_menu(role_of(context))
    if new:
        await render.send(update, title, markup)
    else:
        await render.show(update, title, markup)


async def help_command(update: Update, context: CareContext) -> None:
    """Lists what the user's role can do."""
    await render.send(update, texts.HELP[role_of(context)], keyboards.main_menu(role_of(context)))


async def menu_pressed(update: Update, context: CareContext) -> None:
    """Menu entries that no flow has claimed: help, and the parts still to come."""
    data = parse_as(update.callback_query.data, Menu)
    if data is None:
        await expired_button(update, context)
        return
    if data.action == "help":
        await render.show(
            update, texts.HELP[role_of(context)], keyboards.main_menu(role_of(context))
        )
    elif data.action == "home":
        await show_main_menu(update, context)
    else:
        await render.alert(update, texts.COMING_SOON)


async def expired_button(update: Update, context: CareContext) -> None:
    """A press no handler recognises: stale, from an old version, or forged."""
    await update.callback_query.answer(texts.BUTTON_EXPIRED, show_alert=True)
