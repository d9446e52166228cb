"""The doctor's, front desk's and admin's parts that come in the next versions.

Until then their commands and menu entries answer with one clear sentence — only for the
roles that will have them; anyone else is told they may not.
"""

from __future__ import annotations

from telegram import Update

from handlers import flowstate, replies
from handlers.callbacks import MenuAction
from handlers.context import CareContext
from handlers.i18n import t

END = -1


async def feature(update: Update, context: CareContext, action: MenuAction, roles) -> int:
    """A part of another role: "coming soon" for that role, "not allowed" for others."""
    flowstate.clear(context)
    lang = context.lang
    if replies.role_of(context) in roles:
        text = t(lang, "coming-soon", feature=t(lang, f"feature-{action.value}"))
    else:
        text = t(lang, "not-allowed")
    await replies.send_with_menu(update, context, text)
    return END
