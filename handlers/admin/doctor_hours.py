"""⏰ Working hours on the admin's doctor card: the doctor's week with the doctor's own
/hours steps and screens (handlers.doctor.hours), the chosen doctor's id carried in the flow
and in the buttons; the services check at every step that the presser may manage that
doctor's hours (an admin any doctor, the front desk its clinic's)."""

from __future__ import annotations

from telegram import Update

from handlers.admin_hours_buttons import DoctorHours, DoctorOutsideVisit
from handlers.context import CareContext
from handlers.doctor import hours


async def hours_pressed(update: Update, context: CareContext) -> int | str:
    """⏰ Working hours: the doctor's week, and how to change it (→ the /hours steps)."""
    press: DoctorHours = context.press
    return await hours.show_week(update, context, press.doctor)


async def outside_pressed(update: Update, context: CareContext) -> int | None:
    """Keep / Cancel and offer on a visit of that doctor outside their new hours."""
    press: DoctorOutsideVisit = context.press
    return await hours.change_visit(update, context, press.keep, press.id, press.doctor)
