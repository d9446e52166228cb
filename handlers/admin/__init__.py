"""Managing the practice: /clinics, /doctors, /invite, /report, /audit (next issues)."""

from __future__ import annotations

from handlers.callbacks import MenuAction

ROLES = ("admin",)
FEATURES = {
    "clinics": MenuAction.CLINICS,
    "doctors": MenuAction.DOCTORS,
    "invite": MenuAction.INVITE,
    "report": MenuAction.REPORT,
    "audit": MenuAction.AUDIT,
}
