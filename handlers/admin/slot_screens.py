"""The screens of /slots as pure functions of what they show."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers import keyboards
from handlers.formats import day_label, time_hm
from handlers.i18n import plain, t
from handlers.screens import Screen, zone
from handlers.slot_buttons import (
    SlotsClinic,
    SlotsClose,
    SlotsDay,
    SlotsDoctor,
    SlotsGenerate,
    SlotsPick,
)
from services.slot_admin import Choice, ClinicSlots, Closed, DoctorDays, Generated, SlotLine


def clinics(lang: str, found: list[Choice]) -> Screen:
    if not found:
        return Screen(t(lang, "slots-no-clinics"))
    buttons = [keyboards.button(c.name, SlotsClinic(id=c.id)) for c in found]
    return Screen(t(lang, "slots-clinics"), keyboards.markup(keyboards.rows(buttons, per_row=1)))


def clinic(lang: str, shown: ClinicSlots) -> Screen:
    whole = keyboards.button(
        plain(lang, "slots-generate-clinic"), SlotsGenerate(clinic=True, id=shown.clinic.id)
    )
    rows = [[whole]]
    for d in shown.doctors:
        rows.append(
            [
                keyboards.button(plain(lang, "slots-generate-doctor", doctor=d.name),
                                 SlotsGenerate(clinic=False, id=d.id)),
                keyboards.button(plain(lang, "slots-close-doctor", doctor=d.name),
                                 SlotsDoctor(id=d.id)),
            ]
        )  # fmt: skip
    key = "slots-clinic" if shown.doctors else "slots-clinic-no-doctors"
    return Screen(t(lang, key, clinic=shown.clinic.name), keyboards.markup(rows))


def ask_range(lang: str, name: str, horizon_days: int, note: str = "") -> str:
    text = str(t(lang, "slots-range-ask", name=name, horizon_days=horizon_days))
    return f"{note}\n\n{text}" if note else text


def generated(lang: str, out: Generated) -> str:
    return str(
        t(lang, "slots-generated", created=out.created, name=out.name, first=out.first,
          last=out.last)
    )  # fmt: skip


def days(lang: str, shown: DoctorDays, now: datetime) -> Screen:
    if not shown.days:
        return Screen(t(lang, "slots-no-days", doctor=shown.doctor.name))
    this_year = now.year
    buttons = [
        keyboards.button(day_label(d, lang, this_year=this_year),
                         SlotsDay(doctor=shown.doctor.id, day=d))
        for d in shown.days
    ]  # fmt: skip
    return Screen(
        t(lang, "slots-pick-day", doctor=shown.doctor.name),
        keyboards.markup(keyboards.rows(buttons, per_row=2)),
    )


def _local(line: SlotLine) -> datetime:
    return line.starts_at.astimezone(ZoneInfo(line.timezone))


def day(lang: str, lines: list[SlotLine], doctor_id, name: str) -> Screen:
    back = keyboards.button(plain(lang, "slots-back-to-days"), SlotsDoctor(id=doctor_id))
    if not lines:
        return Screen(t(lang, "slots-no-slots", doctor=name), keyboards.markup([[back]]))
    buttons = [
        keyboards.button(
            plain(lang, "slots-slot-booked" if s.booked else "slots-slot-free",
                  time=time_hm(_local(s))),
            SlotsPick(id=s.id),
        )
        for s in lines
    ]  # fmt: skip
    return Screen(
        t(lang, "slots-pick-slot", doctor=name),
        keyboards.markup(keyboards.rows(buttons, per_row=3), [[back]]),
    )


def confirm_close(lang: str, line: SlotLine) -> Screen:
    when = _local(line)
    text = t(lang, "slots-close-ask", doctor=line.doctor_name, when=when,
             tz=zone(lang, line.timezone), count=line.booked)  # fmt: skip
    row = [
        keyboards.button(plain(lang, "slots-close-yes"), SlotsClose(id=line.id, ok=True)),
        keyboards.button(plain(lang, "slots-close-no"), SlotsClose(id=line.id, ok=False)),
    ]
    return Screen(text, keyboards.markup([row]))


def closed(lang: str, out: Closed) -> str:
    when = _local(out.slot)
    return str(
        t(lang, "slots-closed", doctor=out.slot.doctor_name, when=when,
          tz=zone(lang, out.slot.timezone), count=out.cancelled)
    )  # fmt: skip


def left_open(lang: str, line: SlotLine) -> str:
    return str(t(lang, "slots-left-open", when=_local(line)))
