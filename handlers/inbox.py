"""/notifications and the reminders' Confirm button.

Every press names a notification or a visit by id; the services check again that it is the
presser's and that its state allows the action: a forged or stale button gets "This button
has expired." and changes nothing.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from handlers import flowstate, keyboards, notices, render, replies
from handlers.callbacks import ConfirmVisit, InboxOpen, InboxPage, InboxReadAll
from handlers.context import CareContext
from handlers.i18n import t
from handlers.routing import Press, command
from services import booking, inbox
from services.errors import DomainError, NotAllowed, NotFound

PAGE = 5
END = -1


def entries() -> list[BaseHandler]:
    """The command and the presses (any role: doctors get notices too)."""
    return [
        command("notifications", notifications_command),
        Press(InboxPage, page_pressed),
        Press(InboxOpen, open_pressed),
        Press(InboxReadAll, read_all_pressed),
        Press(ConfirmVisit, confirm_pressed),
    ]


async def notifications_command(update: Update, context: CareContext) -> int:
    """/notifications: the first page, newest first (ends any open flow)."""
    flowstate.clear(context)
    await show_page(update, context, 0)
    return END


async def page_pressed(update: Update, context: CareContext) -> int:
    """Paging, and Back from an opened notification."""
    flowstate.clear(context)
    await show_page(update, context, context.press.page)
    return END


async def show_page(update: Update, context: CareContext, number: int) -> None:
    user = context.current_user
    if user is None:
        await replies.send_with_menu(update, context, t(context.lang, "not-registered"))
        return
    async with context.write() as session:
        page = await inbox.list_notifications(
            session, actor=context.actor, user_id=user.id, offset=number * PAGE, limit=PAGE
        )
    screen = notices.inbox(context.lang, page, number, context.now())
    await render.show(update, screen.text, screen.markup)


async def open_pressed(update: Update, context: CareContext) -> int | None:
    """Opens one notification and marks it read."""
    try:
        async with context.write() as session:
            item = await inbox.open_notification(
                session, actor=context.actor, notification_id=context.press.id, now=context.now()
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    flowstate.clear(context)
    screen = notices.opened(context.lang, item, context.now())
    await render.show(update, screen.text, screen.markup)
    return END


async def read_all_pressed(update: Update, context: CareContext) -> int | None:
    """Marks every notification read and shows the page again."""
    user = context.current_user
    if user is None:
        return await replies.expired(update, context)
    async with context.write() as session:
        await inbox.mark_all_read(session, actor=context.actor, user_id=user.id, now=context.now())
    flowstate.clear(context)
    await show_page(update, context, context.press.page)
    return END


async def confirm_pressed(update: Update, context: CareContext) -> int | None:
    """A reminder's Confirm: the visit is confirmed; the reminder keeps its other buttons."""
    try:
        appt = await booking.confirm_appointment(
            context.db, appointment_id=context.press.id, actor=context.actor, now=context.now()
        )
    except DomainError:  # not theirs, gone, cancelled or begun: the button has expired
        return await replies.expired(update, context)
    lang = context.lang
    text = t(lang, "notice-confirmed", doctor=appt.doctor_name, when=appt.local_start)
    grid = [[keyboards.button(t(lang, key), press) for key, press in notices.change_buttons(appt)]]
    await render.show(update, text, keyboards.markup(grid) if grid[0] else None)
    return END
