"""The front desk: /find, /newpatient, booking for a patient from their card, the clinic's day."""

from __future__ import annotations

from telegram.ext import BaseHandler

from handlers.callbacks import (
    BirthDay,
    Confirm,
    Consent,
    MenuAction,
    Month,
    NavAction,
    PickDay,
    PickSlot,
)
from handlers.desk_booking_buttons import (
    DeskBook,
    DeskCancel,
    DeskCancelYes,
    DeskDoctor,
    DeskDoctorChoice,
    DeskMove,
    DeskSpecialty,
)
from handlers.desk_buttons import (
    BoardMark,
    BoardOf,
    BoardOfMark,
    BoardRefresh,
    DeskNew,
    DeskPage,
    DeskPatient,
    DeskStep,
)
from handlers.desk_link_buttons import DeskLinkAsk, DeskLinkBack
from handlers.patient import NavPress
from handlers.routing import Press, command, text
from handlers.staff import (
    board,
    desk_booking,
    desk_cancel,
    desk_confirm,
    desk_doctors,
    desk_link,
    find,
    newpatient,
)
from services.policy import Action

# command → (menu entry, what the services must allow the asker): still "coming soon"
FEATURES: dict[str, tuple[MenuAction, Action]] = {}


class _NewPress(Press):
    """➕ New patient from anywhere; Save and Drop only on the summary (its step)."""

    def __init__(self, callback, *, steps: tuple[DeskStep, ...], live: bool = False) -> None:
        self.steps = steps
        super().__init__(DeskNew, callback, live=live)

    def _unpack(self, data: object) -> DeskNew | None:
        press = DeskNew.unpack(data)
        return press if press is not None and press.step in self.steps else None


def entries() -> list[BaseHandler]:
    return [
        command("find", find.find_command),
        command("newpatient", newpatient.new_command),
        Press(DeskPatient, find.patient_pressed),
        _NewPress(newpatient.new_command, steps=(DeskStep.NEW,)),
        command(["board", "day"], board.board_command),
        Press(BoardMark, board.mark_pressed),
        Press(BoardRefresh, board.board_command),
        Press(BoardOf, board.board_command),
        Press(BoardOfMark, board.mark_pressed),
        Press(DeskBook, desk_booking.book_pressed),
        Press(DeskMove, desk_booking.move_pressed),
        Press(DeskCancel, desk_cancel.cancel_pressed),
    ]


def menu() -> dict[MenuAction, object]:
    return {MenuAction.FIND: find.find_command, MenuAction.DAY: board.board_command}


def states() -> dict[object, list[BaseHandler]]:
    return {
        find.ASK: [
            text(find.query_typed),
            Press(DeskPage, find.page_pressed, live=True),
            Press(DeskLinkAsk, desk_link.ask_pressed, live=True),
        ],
        desk_link.BIRTH: [
            text(desk_link.birth_typed),
            Press(BirthDay, desk_link.birth_chosen, live=True),
            Press(DeskLinkBack, desk_link.back_pressed, live=True),
        ],
        newpatient.NAME: [text(newpatient.name_typed)],
        newpatient.PHONE: [text(newpatient.phone_typed)],
        newpatient.BIRTH: [
            text(newpatient.birth_typed),
            Press(BirthDay, newpatient.birth_chosen, live=True),
            Press(Consent, newpatient.birth_back, live=True),
        ],
        newpatient.SAVE: [
            _NewPress(newpatient.save_pressed, steps=(DeskStep.SAVE, DeskStep.DROP), live=True)
        ],
        **_booking_states(),
    }


def _booking_states() -> dict[object, list[BaseHandler]]:
    """Booking, moving and cancelling on a patient's behalf (the patient journey's screens)."""
    book, confirm = desk_booking, desk_confirm
    back = lambda callback: NavPress(NavAction.BACK, callback)  # noqa: E731
    return {
        book.DOCTOR: [
            Press(DeskDoctor, book.doctor_pressed, live=True),
            Press(DeskSpecialty, desk_doctors.specialty_pressed, live=True),
            Press(DeskDoctorChoice, desk_doctors.choice_pressed, live=True),
            Press(DeskPatient, confirm.card_pressed, live=True),
            text(desk_doctors.name_typed),
        ],
        book.DAY: [
            Press(PickDay, book.day_pressed, live=True),
            Press(Month, book.month_moved, live=True),
            text(book.day_typed),
            back(confirm.back_from_day),
        ],
        book.TIME: [
            Press(PickSlot, confirm.slot_pressed, live=True),
            Press(PickDay, book.day_pressed, live=True),
            back(confirm.back_to_calendar),
        ],
        book.REASON: [
            text(confirm.reason_typed),
            NavPress(NavAction.SKIP, confirm.reason_skipped),
            back(confirm.back_to_times),
        ],
        book.CONFIRM: [
            Press(Confirm, confirm.confirm_pressed, live=True),
            NavPress(NavAction.CLOSE, confirm.close_pressed),
            back(confirm.back_from_confirm),
        ],
        desk_cancel.ASK: [
            Press(DeskCancelYes, desk_cancel.cancel_confirmed, live=True),
            Press(DeskPatient, confirm.card_pressed, live=True),
        ],
    }
