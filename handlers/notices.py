"""Screens of the outbox's messages and of /notifications (pure functions).

The dispatcher hands the bot an `Outgoing` built from the current state of what it is
about; `render` turns it into the text and buttons in the recipient's language and the
clinic's time zone. A kind without a renderer here cannot be sent (the row fails).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from handlers import keyboards, rebook_screens, waitlist_screens
from handlers.callbacks import (
    Appt,
    ApptAction,
    ConfirmVisit,
    InboxOpen,
    InboxPage,
    InboxReadAll,
    Menu,
    MenuAction,
)
from handlers.doctor import screens as doctor_screens
from handlers.i18n import language_for, t
from handlers.screens import Screen, at, zone
from services.booking import AppointmentAction, AppointmentOut
from services.dispatch import NoticeItem, Outgoing
from services.inbox import NotificationOut, NotificationPage
from services.notifications import Kind

# kind → the suffix of its catalogue keys
_KEY = {
    Kind.reminder: "reminder",
    Kind.doctor_booked: "doctor_booked",
    Kind.doctor_cancelled: "doctor_cancelled",
    Kind.no_show: "no_show",
    Kind.running_late: "running_late",
    Kind.cancelled_by_doctor: "cancelled_by_doctor",
    Kind.waitlist_offer: "waitlist_offer",
    Kind.morning_digest: "morning_digest",
    Kind.today_refresh: "today_refresh",
    Kind.desk_booked: "desk_booked",
    Kind.desk_moved: "desk_moved",
    Kind.desk_cancelled: "desk_cancelled",
}


def _visit_args(lang: str, appt: AppointmentOut, now: datetime | None) -> dict[str, object]:
    return {
        "when": at(lang, appt.local_start, now),
        "tz": zone(lang, appt.timezone),
        "doctor": appt.doctor_name,
        "specialty": appt.specialty,
        "clinic": appt.clinic_name,
        "address": appt.clinic_address,
    }


def reminder(message: Outgoing) -> Screen:
    """A reminder of a visit: Confirm while it is only booked; Reschedule and Cancel while
    the clinic's cancellation notice allows, else whom to call."""
    lang = language_for(message.language)
    appt = message.appointment
    if appt is None:
        raise ValueError("a reminder is sent with its visit")
    args = _visit_args(lang, appt, message.now)
    if message.for_someone_else:
        text = t(lang, "notice-reminder-for", patient=message.patient_name or "", **args)
    else:
        text = t(lang, "notice-reminder", **args)
    grid = []
    if appt.status == "scheduled":
        grid.append([keyboards.button(t(lang, "notice-confirm"), ConfirmVisit(appt.id))])
    if message.can_change:
        grid.append(
            [
                keyboards.button(t(lang, "appt-move"), Appt(ApptAction.RESCHEDULE, appt.id)),
                keyboards.button(t(lang, "appt-cancel"), Appt(ApptAction.CANCEL, appt.id)),
            ]
        )
    else:
        phone = appt.clinic_phone or t(lang, "not-set")
        text += "\n\n" + t(lang, "notice-call-to-change", phone=phone)
    return Screen(text, keyboards.markup(grid) if grid else None)


def change_buttons(appt: AppointmentOut) -> list[tuple[str, Appt]]:
    """Reschedule and Cancel, as far as the service says the reader may still use them."""
    offered = [
        (AppointmentAction.reschedule, "appt-move", ApptAction.RESCHEDULE),
        (AppointmentAction.cancel, "appt-cancel", ApptAction.CANCEL),
    ]
    return [(key, Appt(press, appt.id)) for action, key, press in offered if action in appt.actions]


def _doctor_line(lang: str, item: NoticeItem, now: datetime) -> str:
    if item.moved_from is not None:  # one line for a move, not a cancellation and a booking
        return t(
            lang,
            "notice-line-doctor_moved",
            old=at(lang, item.moved_from.astimezone(item.appointment.tz), now),
            when=at(lang, item.appointment.local_start, now),
            patient=item.patient_name,
        )
    return t(
        lang,
        f"notice-line-{_KEY[item.kind]}",
        when=at(lang, item.appointment.local_start, now),
        patient=item.patient_name,
    )


def doctor_digest(message: Outgoing) -> Screen:
    """The bookings and cancellations of today and tomorrow that came in one minute."""
    lang = language_for(message.language)
    lines = [_doctor_line(lang, item, message.now) for item in message.items]
    return Screen("\n".join([t(lang, "notice-doctor-title"), *lines]))


def no_show(message: Outgoing) -> Screen:
    """A missed visit: a short word and a button to book again (the dispatcher sends these
    with their appointment only)."""
    appt = message.appointment
    if appt is None:
        raise ValueError("a visit's notice is sent with its visit")
    return doctor_screens.no_show_notice(
        message.language, doctor=appt.doctor_name, clinic=appt.clinic_name,
        when=appt.local_start, now=message.now,
    )  # fmt: skip


def running_late(message: Outgoing) -> Screen:
    """The doctor runs late by the minutes the row holds (sent with their appointment)."""
    appt = message.appointment
    if appt is None:
        raise ValueError("a visit's notice is sent with its visit")
    return doctor_screens.running_late_notice(
        message.language, doctor=appt.doctor_name, clinic=appt.clinic_name,
        when=appt.local_start, minutes=int(message.payload.get("minutes", 15)), now=message.now,
    )  # fmt: skip


def cancelled_by_doctor(message: Outgoing) -> Screen:
    """The doctor cancelled the visit: which one (naming the family member it was for), and
    the nearest free times the dispatcher found as it was sent, as buttons."""
    appt = message.appointment
    if appt is None:
        raise ValueError("a visit's notice is sent with its visit")
    return rebook_screens.cancelled_notice(
        message.language, appt, message.offers, now=message.now,
        patient_name=message.patient_name if message.for_someone_else else None,
    )  # fmt: skip


def by_the_desk(message: Outgoing) -> Screen:
    """The front desk booked, moved or cancelled the visit (naming the family member it is
    for); the calendar file follows (bot.outbox)."""
    appt = message.appointment
    if appt is None:
        raise ValueError("a visit's notice is sent with its visit")
    lang = language_for(message.language)
    text = t(lang, f"notice-{_KEY[message.kind]}", **_visit_args(lang, appt, message.now))
    if message.for_someone_else and message.patient_name:
        text += "\n" + t(lang, "visit-for", name=message.patient_name)
    mine = keyboards.button(t(lang, "my-appointments"), Menu(MenuAction.MY))
    return Screen(text, keyboards.markup([[mine]]))


def morning_digest(message: Outgoing) -> Screen:
    """Today's list at the doctor's time (the dispatcher sends it with the day as it is)."""
    if message.day is None:
        raise ValueError("a digest is sent with its day")
    return doctor_screens.digest(language_for(message.language), message.day, message.now)


def today_refresh(message: Outgoing) -> Screen:
    """The doctor's /today as it is now, to edit their last /today message with."""
    if message.day is None:
        raise ValueError("a refresh is sent with its day")
    return doctor_screens.today(language_for(message.language), message.day, message.now)


RENDERERS: dict[Kind, Callable[[Outgoing], Screen]] = {
    Kind.reminder: reminder,
    Kind.doctor_booked: doctor_digest,
    Kind.doctor_cancelled: doctor_digest,
    Kind.no_show: no_show,
    Kind.running_late: running_late,
    Kind.cancelled_by_doctor: cancelled_by_doctor,
    Kind.waitlist_offer: waitlist_screens.offer,
    Kind.morning_digest: morning_digest,
    Kind.today_refresh: today_refresh,
    Kind.desk_booked: by_the_desk,
    Kind.desk_moved: by_the_desk,
    Kind.desk_cancelled: by_the_desk,
}


def render(message: Outgoing) -> Screen:
    return RENDERERS[message.kind](message)


# --- /notifications ---------------------------------------------------------------------------


def label(lang: str, item: NotificationOut, now: datetime) -> str:
    """One line of the list: unread marked, what it was about."""
    appt = item.appointment
    when = at(lang, appt.local_start, now) if appt else at(lang, item.sent_at, now)
    text = t(lang, f"notice-label-{_KEY.get(Kind(item.kind), 'reminder')}", when=when)
    return ("🔵 " if item.unread else "") + text


def inbox(lang: str, page: NotificationPage, number: int, now: datetime) -> Screen:
    if not page.items:
        return Screen(
            t(lang, "notice-list-none"),
            keyboards.markup([[keyboards.button(t(lang, "home"), Menu(MenuAction.HOME))]]),
        )
    grid = [[keyboards.button(label(lang, n, now), InboxOpen(n.id))] for n in page.items]
    moves = []
    if number > 0:
        moves.append(keyboards.button(t(lang, "prev"), InboxPage(number - 1)))
    if page.offset + page.limit < page.total:
        moves.append(keyboards.button(t(lang, "next"), InboxPage(number + 1)))
    if moves:
        grid.append(moves)
    last = [keyboards.button(t(lang, "home"), Menu(MenuAction.HOME))]
    if page.unread:
        last.insert(0, keyboards.button(t(lang, "notice-read-all"), InboxReadAll(number)))
    grid.append(last)
    title = t(lang, "notice-list-title", total=page.total, unread=page.unread)
    return Screen(title, keyboards.markup(grid))


def opened(lang: str, item: NotificationOut, now: datetime) -> Screen:
    """One notification: what it was about, as things stand now."""
    appt = item.appointment
    lines = [label(lang, item.model_copy(update={"read_at": now}), now)]
    grid = []
    if appt is not None:
        lines.append(t(lang, "notice-about", **_visit_args(lang, appt, now)))
        if item.kind == Kind.reminder.value:
            grid.append(
                [keyboards.button(t(lang, "notice-open-visit"), Appt(ApptAction.OPEN, appt.id))]
            )
    sent = item.sent_at.astimezone(appt.tz) if appt else item.sent_at
    lines.append(t(lang, "notice-sent", when=at(lang, sent, now)))
    grid.append([keyboards.button(t(lang, "notice-back"), InboxPage(0))])
    return Screen("\n\n".join(lines), keyboards.markup(grid))
