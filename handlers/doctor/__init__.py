"""The doctor's workspace: /today, /agenda, /hours (their flows arrive with the next issue)."""

from __future__ import annotations

from handlers.callbacks import MenuAction
from services.policy import Action

# command → (menu entry, what the services must allow the asker)
FEATURES = {
    "today": (MenuAction.TODAY, Action.view_doctor_day),
    "agenda": (MenuAction.AGENDA, Action.view_doctor_day),
    "hours": (MenuAction.HOURS, Action.manage_schedule),
}
