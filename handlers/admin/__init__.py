"""Managing the practice: /clinics, /doctors, /invite, /report, /audit (next issues)."""

from __future__ import annotations

from handlers.callbacks import MenuAction
from services.policy import Action

# command → (menu entry, what the services must allow the asker)
FEATURES = {
    "clinics": (MenuAction.CLINICS, Action.manage_clinics),
    "doctors": (MenuAction.DOCTORS, Action.manage_doctors),
    "invite": (MenuAction.INVITE, Action.invite),
    "report": (MenuAction.REPORT, Action.view_reports),
    "audit": (MenuAction.AUDIT, Action.view_audit),
}
