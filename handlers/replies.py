"""Answers shared by every flow: expired buttons, unexpected input, the menu."""

from __future__ import annotations

from telegram import Update

from handlers import keyboards, render
from handlers.callbacks import Menu, MenuAction
from handlers.context import CareContext
from handlers.i18n import t


def role_of(context: CareContext) -> str:
    return context.current_user.role if context.current_user else "patient"


async def expired(update: Update, context: CareContext) -> None:
    """A press no step can use — stale, from an old version, or forged. Changes nothing."""
    await render.alert(update, t(context.lang, "button-expired"))


async def not_expected(update: Update, context: CareContext) -> None:
    """Input the open step did not ask for: say so, keep the step."""
    if update.callback_query is not None:
        await expired(update, context)
        return
    await render.send(update, t(context.lang, "text-not-expected"))


async def show_menu(
    update: Update, context: CareContext, *, new: bool = False, greet: bool = True
) -> None:
    """The menu of the user's role, as an edit or a new message (`greet`: "Welcome back")."""
    user = context.current_user
    tg = update.effective_user
    name = user.full_name if user else (tg.first_name if tg else "")
    text = t(context.lang, "welcome-back" if greet else "what-next", name=name or "")
    markup = keyboards.main_menu(role_of(context), context.lang)
    await (render.send if new else render.show)(update, text, markup)


async def require_patient(update: Update, context: CareContext) -> bool:
    """A patient record is needed here; doctors, staff and admins are offered to add theirs."""
    user = context.current_user
    if user is not None and user.patient_id is not None:
        return True
    if user is None or user.role == "patient":
        await send_with_menu(update, context, t(context.lang, "not-registered"))
        return False
    add = Menu(MenuAction.ADD_DETAILS)
    markup = keyboards.markup([[keyboards.button(t(context.lang, "add-my-details"), add)]])
    await render.show(update, t(context.lang, "need-patient-details"), markup)
    return False


async def send_with_menu(update: Update, context: CareContext, text: str) -> None:
    """A sentence followed by the user's menu, as one new message."""
    await render.send(update, text, keyboards.main_menu(role_of(context), context.lang))
