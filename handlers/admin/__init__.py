"""Managing the practice: /clinics, /doctors, /invite, /invites, /users, /audit, /report
and /slots (the last two also the front desk's)."""

from __future__ import annotations

from telegram.ext import BaseHandler

from handlers.admin import (
    audit,
    clinic_add,
    clinics,
    doctor_add,
    doctor_hours,
    doctor_move,
    doctors,
    invites,
    reports,
    slots,
    staff_record,
    users,
)
from handlers.admin_buttons import (
    AuditMore,
    InviteRevoke,
    InviteRole,
    InviteTarget,
    UserBlock,
    UserOpen,
    UserRole,
)
from handlers.admin_hours_buttons import DoctorHours, DoctorOutsideVisit
from handlers.callbacks import MenuAction
from handlers.catalog_buttons import (
    ClinicActive,
    ClinicDraftStep,
    ClinicEdit,
    ClinicList,
    ClinicNew,
    ClinicOpen,
    DoctorActive,
    DoctorClinicPick,
    DoctorDraftStep,
    DoctorEdit,
    DoctorNew,
    DoctorOpen,
    DoctorSetSpecialty,
    DoctorsOf,
    DoctorSpecialtyNew,
    DoctorSpecialtyPick,
)
from handlers.doctor_move_buttons import DoctorMoveClinics, DoctorMoveConfirm, DoctorMoveTo
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
FEATURES: dict[str, tuple[MenuAction, Action]] = {}


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
        command("clinics", clinics.clinics_command),
        Press(ClinicList, clinics.list_pressed),
        Press(ClinicOpen, clinics.open_pressed),
        Press(ClinicEdit, clinics.edit_pressed),
        Press(ClinicActive, clinics.active_pressed),
        Press(ClinicNew, clinic_add.new_pressed),
        command("doctors", doctors.doctors_command),
        Press(DoctorsOf, doctors.of_pressed),
        Press(DoctorOpen, doctors.open_pressed),
        Press(DoctorEdit, doctors.edit_pressed),
        Press(DoctorSetSpecialty, doctors.specialty_pressed),
        Press(DoctorActive, doctors.active_pressed),
        Press(DoctorNew, doctor_add.new_pressed),
        Press(DoctorHours, doctor_hours.hours_pressed),
        Press(DoctorOutsideVisit, doctor_hours.outside_pressed),
        Press(DoctorMoveClinics, doctor_move.clinics_pressed),
        Press(DoctorMoveTo, doctor_move.clinic_pressed),
        Press(DoctorMoveConfirm, doctor_move.confirm_pressed),
    ]


def menu() -> dict[MenuAction, object]:
    """The admin's menu entries that open a part of their workspace."""
    return {
        MenuAction.INVITE: invites.invite_command,
        MenuAction.USERS: users.users_command,
        MenuAction.AUDIT: audit.audit_command,
        MenuAction.REPORT: reports.report_command,  # the front desk's too (its clinic)
        MenuAction.CLINICS: clinics.clinics_command,
        MenuAction.DOCTORS: doctors.doctors_command,
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
        clinics.EDIT: [text(clinics.value_typed)],
        clinic_add.NAME: [text(clinic_add.name_typed)],
        clinic_add.ADDRESS: [text(clinic_add.address_typed)],
        clinic_add.CITY: [text(clinic_add.city_typed)],
        clinic_add.ZONE: [text(clinic_add.zone_typed)],
        clinic_add.PHONE: [
            text(clinic_add.phone_typed),
            Press(ClinicDraftStep, clinic_add.skip_pressed, live=True),
        ],
        clinic_add.SAVE: [Press(ClinicDraftStep, clinic_add.save_pressed, live=True)],
        doctors.EDIT: [text(doctors.value_typed)],
        doctor_add.NAME: [text(doctor_add.name_typed)],
        doctor_add.CLINIC: [Press(DoctorClinicPick, doctor_add.clinic_pressed, live=True)],
        doctor_add.SPECIALTY: [
            Press(DoctorSpecialtyPick, doctor_add.specialty_pressed, live=True),
            Press(DoctorSpecialtyNew, doctor_add.new_specialty_pressed, live=True),
        ],
        doctor_add.SPEC_NAME: [text(doctor_add.specialty_typed)],
        doctor_add.LICENSE: [text(doctor_add.license_typed)],
        doctor_add.VISIT: [text(doctor_add.visit_typed)],
        doctor_add.MAX: [text(doctor_add.max_typed)],
        doctor_add.SAVE: [Press(DoctorDraftStep, doctor_add.save_pressed, live=True)],
    }
