"""The doctor's workspace: /today, /agenda, a visit's card and record, my patients, the
morning digest's settings (/hours arrives with the next issue)."""

from __future__ import annotations

from telegram.ext import BaseHandler

from handlers.callbacks import MenuAction, Nav, NavAction
from handlers.doctor import agenda, digest, patients, record, today
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
from handlers.visit_callbacks import AgendaDay, DoctorVisit, RunningLate, Today
from services.policy import Action

# command → (menu entry, what the services must allow the asker): still "coming soon"
FEATURES = {
    "hours": (MenuAction.HOURS, Action.manage_schedule),
}


def entries() -> list[BaseHandler]:
    return [
        command("today", today.today_command),
        command("agenda", agenda.agenda_command),
        Press(Today, today.today_pressed),
        Press(DoctorVisit, today.visit_pressed),
        Press(AgendaDay, agenda.day_pressed),
        Press(RunningLate, today.late_pressed),
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
        patients.ASK: [text(patients.name_typed)],
        record.STEP: [
            text(record.typed),
            _NavPress(NavAction.SKIP, record.skipped),
            _NavPress(NavAction.CLOSE, record.cancelled),
        ],
    }
