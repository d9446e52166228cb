"""A chat joining the patient record the front desk made for that phone number."""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update

from handlers import flowstate, render, replies
from handlers.commands import publish_commands
from handlers.context import CareContext
from handlers.i18n import t
from services import users


async def linked(update: Update, context: CareContext, phone: str) -> bool:
    """The user's own shared contact names a record without a chat: the chat joins it, the
    registration ends there (the desk gave name and date of birth), the menu follows."""
    async with context.write() as session:
        user = await users.link_contact(
            session,
            telegram_user_id=update.effective_user.id,
            chat_id=update.effective_chat.id,
            phone=phone,
            language=context.lang,
            now=context.now(),
        )
    if user is None:
        return False
    context.current_user = user
    flowstate.clear(context)
    name = user.full_name
    await render.send(
        update, t(context.lang, "registration-linked", name=name), ReplyKeyboardRemove()
    )
    await publish_commands(update, context)
    await replies.show_menu(update, context, new=True, greet=False)
    return True


async def needs_contact(context: CareContext, phone: str) -> bool:
    """A typed number the front desk registered: only its shared contact may claim it."""
    async with context.read() as reader:
        return await users.waits_for_contact(reader, phone=phone)
