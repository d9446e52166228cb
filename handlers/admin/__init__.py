"""Managing the practice: /invite, /invites, /users, /audit, /report, /slots (the last
two also the front desk's); /clinics and /doctors still "coming soon" (next issues)."""

from __future__ import annotations

from telegram.ext import BaseHandler

from handlers.admin import audit, invites, reports, slots, staff_record, users
from handlers.admin_buttons import (
    AuditMore,
    InviteRevoke,
    InviteRole,
    InviteTarget,
    UserBlock,
    UserOpen,
    UserRole,
)
from handlers.callbacks import MenuAction
from handlers.report_buttons import ReportClinic, ReportPeriod
from handlers.routing import Press, command, text
from handlers.slot_buttons import (
    SlotsClinic,
    SlotsClose,
    SlotsDay,
    SlotsDoctor,
    SlotsGenerate,
    SlotsPick,
    StaffEdit,
    StaffSetStatus,
)
from services.policy import Action

# command → (menu entry, what the services must allow the asker): still "coming soon"
FEATURES = {
    "clinics": (MenuAction.CLINICS, Action.manage_clinics),
    "doctors": (MenuAction.DOCTORS, Action.manage_doctors),
}


def entries() -> list[BaseHandler]:
    return [
        command("invite", invites.invite_command),
        command("invites", invites.invites_command),
        Press(InviteRole, invites.role_pressed),
        Press(InviteTarget, invites.target_pressed),
        Press(InviteRevoke, invites.revoke_pressed),
        command("users", users.users_command),
        Press(UserOpen, users.open_pressed),
        Press(UserRole, users.role_pressed),
        Press(UserBlock, users.block_pressed),
        Press(StaffEdit, staff_record.edit_pressed),
        Press(StaffSetStatus, staff_record.status_pressed),
        command("audit", audit.audit_command),
        command("slots", slots.slots_command),
        Press(SlotsClinic, slots.clinic_pressed),
        Press(SlotsGenerate, slots.generate_pressed),
        Press(SlotsDoctor, slots.doctor_pressed),
        Press(SlotsDay, slots.day_pressed),
        Press(SlotsPick, slots.pick_pressed),
        Press(SlotsClose, slots.close_pressed),
        command("report", reports.report_command),
    ]


def menu() -> dict[MenuAction, object]:
    """The admin's menu entries that open a part of their workspace."""
    return {
        MenuAction.INVITE: invites.invite_command,
        MenuAction.USERS: users.users_command,
        MenuAction.AUDIT: audit.audit_command,
        MenuAction.REPORT: reports.report_command,  # the front desk's too (its clinic)
    }


def states() -> dict[object, list[BaseHandler]]:
    return {
        users.ASK: [text(users.query_typed)],
        audit.PAGES: [Press(AuditMore, audit.more_pressed, live=True)],
        slots.RANGE: [text(slots.range_typed)],
        staff_record.TYPE: [text(staff_record.text_typed)],
        reports.PICK: [Press(ReportClinic, reports.clinic_pressed, live=True)],
        reports.PERIOD: [
            Press(ReportPeriod, reports.period_pressed, live=True),
            text(reports.period_typed),
        ],
    }
