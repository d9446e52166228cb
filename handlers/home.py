"""What every role shares: /start, the menu, /help, /stop, unknown commands.

Each of these ends whatever flow is open before it answers; none is ever silent.
"""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update

from handlers import admin, doctor, flowstate, keyboards, render, replies, roles, staff
from handlers.callbacks import MenuAction, NavAction
from handlers.commands import publish_commands
from handlers.context import CareContext
from handlers.i18n import t
from handlers.patient import appointments, find, privacy, profile, registration

END = -1

async def start(update: Update, context: CareContext) -> int | str:
    """/start: known users get their menu; new users the privacy note (→ registration)."""
    flowstate.clear(context)
    if context.args:  # a deep link's start parameter: an invite's code
        return await admin.invites.open_link(update, context, context.args[0])
    user = context.current_user
    if user is not None and (user.patient_id is not None or user.role != "patient"):
        await publish_commands(update, context)
        await replies.show_menu(update, context, new=True)
        return END
    return await registration.begin(update, context)


async def menu(update: Update, context: CareContext) -> int:
    """/menu and 🏠: the menu of the user's role."""
    flowstate.clear(context)
    if context.current_user is None:
        await replies.send_with_menu(update, context, t(context.lang, "not-registered"))
        return END
    await replies.show_menu(update, context, new=update.callback_query is None)
    return END


async def help_command(update: Update, context: CareContext) -> int:
    """/help and ❓: what the user's role can do."""
    flowstate.clear(context)
    role = replies.role_of(context)
    await render.show(
        update, t(context.lang, f"help-{role}"), keyboards.main_menu(role, context.lang)
    )
    return END


async def stop(update: Update, context: CareContext) -> int:
    """/stop and /cancel: leave the open flow, nothing changed — or say there was none."""
    lang = context.lang
    if flowstate.open_flow(context) is None:
        await replies.send_with_menu(update, context, t(lang, "nothing-to-stop"))
        return END
    flowstate.clear(context)
    await render.send(update, t(lang, "stopped"), ReplyKeyboardRemove())
    return END


async def unknown_command(update: Update, context: CareContext) -> int:
    """A command CareSlot does not have: one sentence and the menu."""
    flowstate.clear(context)
    await replies.send_with_menu(update, context, t(context.lang, "unknown-command"))
    return END


async def timed_out(update: Update, context: CareContext) -> None:
    """An abandoned flow closed after a while: its buttons go, and the user is told."""
    shown = flowstate.shown_message(context)
    flowstate.clear(context)
    if isinstance(update, Update) and update.effective_chat is not None and shown is not None:
        await render.drop_buttons(update, shown)
    if isinstance(update, Update) and update.effective_chat is not None:
        await update.effective_chat.send_message(
            t(context.lang, "timed-out"), reply_markup=ReplyKeyboardRemove()
        )


async def menu_pressed(update: Update, context: CareContext) -> int | str | None:
    """A menu entry: each one starts its part of CareSlot."""
    action: MenuAction = context.press.action
    if action is MenuAction.BOOK:
        flowstate.clear(context)
        return await find.start_booking(update, context)
    if action is MenuAction.MY:
        return await appointments.my_command(update, context)
    if action is MenuAction.PROFILE:
        return await profile.show_profile(update, context)
    if action is MenuAction.HELP:
        return await help_command(update, context)
    if action is MenuAction.HOME:
        return await menu(update, context)
    if action is MenuAction.PRIVACY:
        return await privacy.privacy_command(update, context)
    if action is MenuAction.ADD_DETAILS:
        return await registration.add_details(update, context)
    opens = doctor.menu().get(action) or staff.menu().get(action) or admin.menu().get(action)
    if opens is not None:
        return await opens(update, context)
    return await roles.feature(update, context, action)


async def nav_pressed(update: Update, context: CareContext) -> int | None:
    """🏠 from any screen; inert calendar cells; any other move here has expired."""
    action = context.press.action
    if action is NavAction.HOME:
        return await menu(update, context)
    if action is NavAction.NOOP:
        await render.alert(update, t(context.lang, "no-times-that-day"))
        return None
    return await replies.expired(update, context)
