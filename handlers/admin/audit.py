"""/audit [filters]: the audit log, newest first, a page at a time (Older →)."""

from __future__ import annotations

import uuid

from telegram import Update

from handlers import flowstate, render, replies
from handlers.admin import screens
from handlers.admin_buttons import AuditMore
from handlers.context import CareContext
from handlers.flowstate import FlowState
from handlers.i18n import error_text, t
from services import audit_log
from services.audit_log import AuditFilters
from services.errors import InvalidInput, NotAllowed

END = -1
PAGES = "admin.audit"


class AuditFlow(FlowState):
    """The filters of the pages shown (the user already resolved to an id)."""

    name = "admin.audit"
    version = 1
    filters: AuditFilters = AuditFilters()


async def _page(
    update: Update, context: CareContext, filters: AuditFilters, after: uuid.UUID | None
) -> int | str:
    async with context.write() as session:
        filters, page = await audit_log.page(
            session, actor=context.actor, filters=filters, after=after, now=context.now()
        )
    screen = screens.audit_page(context.lang, page, context.tz, first=after is None)
    state = AuditFlow(filters=filters)
    await render.present(update, context, state, screen.text, screen.markup, new=after is None)
    return PAGES


async def audit_command(update: Update, context: CareContext) -> int | str:
    """/audit [user:… action:… resource:… period]: the first page (→ PAGES)."""
    flowstate.clear(context)
    lang = context.lang
    try:
        filters = audit_log.parse_filters(
            " ".join(context.args or []), tz=context.tz, now=context.now()
        )
        return await _page(update, context, filters, None)
    except NotAllowed:
        await replies.send_with_menu(update, context, t(lang, "not-allowed"))
        return END
    except InvalidInput as exc:
        await render.send(update, f"{error_text(lang, exc)}\n\n{t(lang, 'audit-how')}")
        return END


async def more_pressed(update: Update, context: CareContext) -> int | str | None:
    """Older →: the next page, in place, with the same filters."""
    state = flowstate.load(context, AuditFlow)
    press: AuditMore = context.press
    if state is None:
        return await replies.expired(update, context)
    try:
        return await _page(update, context, state.filters, press.after)
    except (NotAllowed, InvalidInput):
        return await replies.expired(update, context)
