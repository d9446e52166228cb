"""/invite doctor|staff, /invites with Revoke, and opening an invite link (/start <code>)."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update

from handlers import flowstate, render, replies
from handlers.admin import screens
from handlers.admin_buttons import InviteRevoke, InviteRole, InviteTarget
from handlers.commands import publish_commands
from handlers.context import CareContext
from handlers.i18n import error_text, t
from services import invites, policy
from services.errors import Conflict, DomainError, InvalidInput, NotAllowed, NotFound
from services.policy import Action

END = -1


async def _refuse(update: Update, context: CareContext) -> int:
    await replies.send_with_menu(update, context, t(context.lang, "not-allowed"))
    return END


async def _targets(update: Update, context: CareContext, role: str) -> int:
    async with context.read() as reader:
        found = await invites.targets(reader, actor=context.actor, role=role)
    screen = screens.invite_targets(context.lang, role, found)
    await render.show(update, screen.text, screen.markup)
    return END


async def invite_command(update: Update, context: CareContext) -> int:
    """/invite [doctor|staff]: the records to invite for, or first whom to invite."""
    flowstate.clear(context)
    if not policy.role_has(context.actor, Action.invite):
        return await _refuse(update, context)
    role = (context.args[0].casefold() if context.args else "").strip()
    if role in ("doctor", "staff"):
        try:
            return await _targets(update, context, role)
        except NotAllowed:
            return await _refuse(update, context)
    screen = screens.invite_roles(context.lang)
    await render.send(update, screen.text, screen.markup)
    return END


async def role_pressed(update: Update, context: CareContext) -> int | None:
    """Doctor or staff member: the records to choose from."""
    press: InviteRole = context.press
    try:
        return await _targets(update, context, press.role)
    except (NotAllowed, InvalidInput):
        return await replies.expired(update, context)


async def target_pressed(update: Update, context: CareContext) -> int | None:
    """A doctor or clinic chosen: the invite is made and its one-time link shown."""
    press: InviteTarget = context.press
    hours = context.deps.settings.invite_ttl_hours
    try:
        async with context.write() as session:
            made = await invites.create(
                session, actor=context.actor, role=press.role, target_id=press.id,
                now=context.now(), ttl=timedelta(hours=hours),
            )  # fmt: skip
    except (NotAllowed, NotFound, InvalidInput):
        return await replies.expired(update, context)
    except Conflict as exc:
        await render.show(update, error_text(context.lang, exc))
        return END
    link = f"https://t.me/{context.bot.username}?start={made.code}"
    screen = screens.invite_link(context.lang, made.invite, link, context.tz)
    await render.send(update, screen.text)
    return END


async def _list(update: Update, context: CareContext, *, note: str = "", new: bool) -> int:
    async with context.read() as reader:
        found = await invites.open_invites(reader, actor=context.actor, now=context.now())
    screen = screens.open_invites(context.lang, found, context.tz, note)
    await (render.send if new else render.show)(update, screen.text, screen.markup)
    return END


async def invites_command(update: Update, context: CareContext) -> int:
    """/invites: the open invites, each with Revoke."""
    flowstate.clear(context)
    try:
        return await _list(update, context, new=True)
    except NotAllowed:
        return await _refuse(update, context)


async def revoke_pressed(update: Update, context: CareContext) -> int | None:
    """Revoke: that invite is closed for good; the list is shown again."""
    press: InviteRevoke = context.press
    try:
        async with context.write() as session:
            await invites.revoke(
                session, actor=context.actor, invite_id=press.id, now=context.now()
            )
        return await _list(update, context, note=t(context.lang, "invite-revoked"), new=False)
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)


async def open_link(update: Update, context: CareContext, code: str) -> int:
    """/start <code>: the account is linked to the invite's record and sees its role's menu;
    a forged, used, revoked or expired code gets its own sentence and changes nothing."""
    flowstate.clear(context)
    tg, chat = update.effective_user, update.effective_chat
    if tg is None or chat is None:
        return END
    try:
        async with context.write() as session:
            user = await invites.redeem(
                session, code=code, telegram_user_id=tg.id, chat_id=chat.id,
                full_name=tg.full_name, language=context.lang, now=context.now(),
            )  # fmt: skip
    except DomainError as exc:
        await render.send(update, error_text(context.lang, exc))
        return END
    context.current_user = user
    await publish_commands(update, context)
    role = screens.role_name(context.lang, user.role)
    await replies.send_with_menu(update, context, t(context.lang, "invite-welcome", role=role))
    return END
