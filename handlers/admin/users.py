"""/users <name or phone>: find an account, see it, change its role (confirmed), block it."""

from __future__ import annotations

from telegram import Update

from handlers import flowstate, render, replies
from handlers.admin import screens
from handlers.admin_buttons import UserBlock, UserOpen, UserRole
from handlers.context import CareContext
from handlers.flowstate import FlowState
from handlers.i18n import error_plain, error_text, t
from services import accounts, policy
from services.errors import Conflict, InvalidInput, NotAllowed, NotFound
from services.policy import Action

END = -1
ASK = "admin.users"


class UsersFlow(FlowState):
    """Waiting for the name or phone to look for."""

    name = "admin.users"
    version = 1


async def _found(update: Update, context: CareContext, query: str) -> int | str:
    try:
        async with context.read() as reader:
            found = await accounts.find(reader, actor=context.actor, query=query)
    except NotAllowed:
        flowstate.clear(context)
        await replies.send_with_menu(update, context, t(context.lang, "not-allowed"))
        return END
    except InvalidInput as exc:
        text = f"{error_text(context.lang, exc)}\n\n{t(context.lang, 'users-ask')}"
        await render.present(update, context, UsersFlow(), text, new=True)
        return ASK
    flowstate.clear(context)
    screen = screens.accounts(context.lang, found)
    await render.send(update, screen.text, screen.markup)
    return END


async def users_command(update: Update, context: CareContext) -> int | str:
    """/users <name or phone>: the accounts found; without words, asks for them (→ ASK)."""
    flowstate.clear(context)
    query = " ".join(context.args or [])
    if query:
        return await _found(update, context, query)
    if not policy.role_has(context.actor, Action.view_users):
        await replies.send_with_menu(update, context, t(context.lang, "not-allowed"))
        return END
    await render.present(update, context, UsersFlow(), t(context.lang, "users-ask"), new=True)
    return ASK


async def query_typed(update: Update, context: CareContext) -> int | str:
    """The name or phone typed: the accounts found, or asked again."""
    message = update.effective_message
    return await _found(update, context, message.text if message else "")


async def _card(update: Update, context: CareContext, user_id, note: str = "") -> None:
    async with context.read() as reader:
        user = await accounts.card(reader, actor=context.actor, user_id=user_id)
    screen = screens.account(context.lang, user, note)
    await render.show(update, screen.text, screen.markup)


async def open_pressed(update: Update, context: CareContext) -> None:
    """An account of the list: its card, with role and block buttons."""
    press: UserOpen = context.press
    try:
        await _card(update, context, press.id)
    except (NotAllowed, NotFound):
        await replies.expired(update, context)


async def role_pressed(update: Update, context: CareContext) -> None:
    """A role: first asks to confirm; confirmed, the account gets it (never the last admin's)."""
    press: UserRole = context.press
    lang = context.lang
    try:
        if not press.ok:
            async with context.read() as reader:
                user = await accounts.card(reader, actor=context.actor, user_id=press.id)
            if press.role not in screens.ROLES or press.role == user.role:
                await replies.expired(update, context)
                return
            screen = screens.confirm_role(lang, user, press.role)
            await render.show(update, screen.text, screen.markup)
            return
        async with context.write() as session:
            user = await accounts.change_role(
                session, actor=context.actor, user_id=press.id, role=press.role, now=context.now()
            )
    except (NotAllowed, NotFound, InvalidInput):
        await replies.expired(update, context)
        return
    except Conflict as exc:
        await render.alert(update, error_plain(lang, exc))
        return
    note = t(lang, "user-role-changed", role=screens.role_name(lang, user.role))
    screen = screens.account(lang, user, str(note))
    await render.show(update, screen.text, screen.markup)


async def block_pressed(update: Update, context: CareContext) -> None:
    """Block or unblock: done, and the card shown again."""
    press: UserBlock = context.press
    lang = context.lang
    try:
        async with context.write() as session:
            user = await accounts.set_blocked(
                session, actor=context.actor, user_id=press.id, blocked=press.block,
                now=context.now(),
            )  # fmt: skip
    except (NotAllowed, NotFound):
        await replies.expired(update, context)
        return
    except Conflict as exc:
        await render.alert(update, error_plain(lang, exc))
        return
    note = t(lang, "user-blocked-now" if press.block else "user-unblocked-now")
    screen = screens.account(lang, user, str(note))
    await render.show(update, screen.text, screen.markup)
