"""The doctor's workspace: /today, /agenda, /hours (their flows arrive with the next issue)."""

from __future__ import annotations

from handlers.callbacks import MenuAction

ROLES = ("doctor",)
FEATURES = {"today": MenuAction.TODAY, "agenda": MenuAction.AGENDA, "hours": MenuAction.HOURS}
