"""The doctor's workspace: /today, /agenda, a visit's card and record, my patients, the
morning digest's settings, /hours and /off."""

from __future__ import annotations

from telegram.ext import BaseHandler

from handlers.callbacks import MenuAction, Nav, NavAction
from handlers.doctor import agenda, digest, hours, off, patients, record, today
from handlers.doctor_buttons import (
    AssignEnd,
    AssignVisit,
    DigestOpen,
    DigestPick,
    PatientOpen,
    PatientsPage,
    PatientsSearch,
)
from handlers.routing import Press, command, text
from handlers.schedule_buttons import HoursFrom, HoursSave, OffRemove, OffSave, OutsideVisit
from handlers.visit_callbacks import AgendaDay, DoctorVisit, RunningLate, Today
from services.policy import Action

# command → (menu entry, what the services must allow the asker): still "coming soon"
FEATURES: dict[str, tuple[MenuAction, Action]] = {}


def entries() -> list[BaseHandler]:
    return [
        command("today", today.today_command),
        command("agenda", agenda.agenda_command),
        Press(Today, today.today_pressed),
        Press(DoctorVisit, today.visit_pressed),
        Press(AgendaDay, agenda.day_pressed),
        Press(RunningLate, today.late_pressed),
        command("hours", hours.hours_command),
        Press(OutsideVisit, hours.outside_pressed),
        command("off", off.off_command),
        Press(OffRemove, off.remove_pressed),
        command("patients", patients.patients_command),
        command("digest", digest.digest_command),
        Press(PatientsPage, patients.page_pressed),
        Press(PatientsSearch, patients.search_pressed),
        Press(PatientOpen, patients.open_pressed),
        Press(AssignEnd, patients.end_pressed),
        Press(AssignVisit, patients.add_pressed),
        Press(DigestOpen, digest.open_pressed),
        Press(DigestPick, digest.pick_pressed),
    ]


def menu() -> dict[MenuAction, object]:
    """The doctor's menu entries that open a part of the workspace."""
    return {
        MenuAction.TODAY: today.today_command,
        MenuAction.AGENDA: agenda.agenda_command,
        MenuAction.HOURS: hours.hours_command,
        MenuAction.PATIENTS: patients.patients_command,
        MenuAction.DIGEST: digest.digest_command,
    }


class _NavPress(Press):
    def __init__(self, action: NavAction, callback) -> None:
        self.action = action
        super().__init__(Nav, callback, live=True)

    def _unpack(self, data: object) -> Nav | None:
        nav = Nav.unpack(data)
        return nav if nav is not None and nav.action is self.action else None


def states() -> dict[object, list[BaseHandler]]:
    return {
        agenda.ASK: [text(agenda.range_typed)],
        hours.ASK: [text(hours.change_typed)],
        hours.FROM: [text(hours.date_typed), Press(HoursFrom, hours.tomorrow_pressed, live=True)],
        hours.SAVE: [Press(HoursSave, hours.save_pressed, live=True)],
        off.ASK: [text(off.range_typed)],
        off.SAVE: [Press(OffSave, off.save_pressed, live=True)],
        patients.ASK: [text(patients.name_typed)],
        record.STEP: [
            text(record.typed),
            _NavPress(NavAction.SKIP, record.skipped),
            _NavPress(NavAction.CLOSE, record.cancelled),
        ],
    }
