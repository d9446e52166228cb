"""The front desk: /day, /find (their flows arrive with the next issues)."""

from __future__ import annotations

from handlers.callbacks import MenuAction
from services.policy import Action

# command → (menu entry, what the services must allow the asker)
FEATURES = {
    "day": (MenuAction.DAY, Action.view_clinic_day),
    "find": (MenuAction.FIND, Action.register_patient),
}
