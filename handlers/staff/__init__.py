"""The front desk: /day, /find (their flows arrive with the next issues)."""

from __future__ import annotations

from handlers.callbacks import MenuAction

ROLES = ("staff", "admin")
FEATURES = {"day": MenuAction.DAY, "find": MenuAction.FIND}
