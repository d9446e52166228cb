"""A patient's one tap on a time offered after the doctor cancelled their visit."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from handlers import flowstate, rebook_screens, render, replies
from handlers.context import CareContext
from handlers.i18n import error_text
from handlers.routing import Press
from handlers.schedule_buttons import Rebook
from services import rebooking
from services.errors import DomainError, NotAllowed, NotFound, SlotTaken

END = -1


def entries() -> list[BaseHandler]:
    return [Press(Rebook, rebook_pressed)]


async def rebook_pressed(update: Update, context: CareContext) -> int:
    """Books the time pressed by the normal booking rules; taken → the nearest free ones now;
    a press that is not the presser's to make → "This button has expired."."""
    press: Rebook = context.press
    lang, now = context.lang, context.now()
    try:
        appt = await rebooking.rebook_offer(
            context.db, actor=context.actor, appointment_id=press.appointment,
            slot_id=press.slot, now=now,
        )  # fmt: skip
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    except SlotTaken:
        async with context.write() as session:  # ORM rows: a session, not a bare connection
            visit, offers = await rebooking.offers_for(
                session, actor=context.actor, appointment_id=press.appointment, now=now
            )
        screen = rebook_screens.taken(lang, visit, offers, now)
        await render.show(update, screen.text, screen.markup)
        return END
    except DomainError as exc:
        await render.alert(update, error_text(lang, exc))
        return END
    flowstate.clear(context)
    screen = rebook_screens.booked(lang, appt, now, already=appt.replayed)
    await render.show_surely(update, screen.text, screen.markup)
    return END
