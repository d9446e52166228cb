"""The doctor's, front desk's and admin's parts that come in the next versions.

Until then their commands and menu entries answer with one clear sentence — for the
roles the permission table gives them to; anyone else is told they may not.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from handlers import admin, doctor, flowstate, replies, staff
from handlers.callbacks import MenuAction
from handlers.context import CareContext
from handlers.i18n import t
from handlers.routing import Callback, command
from services import policy

END = -1

FEATURES = {**doctor.FEATURES, **staff.FEATURES, **admin.FEATURES}
BY_MENU = {entry: action for entry, action in FEATURES.values()}


async def feature(update: Update, context: CareContext, entry: MenuAction) -> int | None:
    """A part of another role: "coming soon" where allowed, "not allowed" elsewhere."""
    action = BY_MENU.get(entry)
    if action is None:
        return await replies.expired(update, context)
    flowstate.clear(context)
    lang = context.lang
    if policy.role_has(context.actor, action):
        text = t(lang, "coming-soon", feature=t(lang, f"feature-{entry.value}"))
    else:
        text = t(lang, "not-allowed")
    await replies.send_with_menu(update, context, text)
    return END


def commands() -> list[BaseHandler]:
    """/today, /day, /clinics, …: each answers, whoever sends it."""

    def answer(entry: MenuAction) -> Callback:
        async def callback(update: Update, context: CareContext) -> int | None:
            return await feature(update, context, entry)

        return callback

    return [command(name, answer(entry)) for name, (entry, _action) in FEATURES.items()]
