"""The admin's clinic screens (/clinics): the list, a clinic's card, its fields to edit, a
new clinic read back, what deactivating one does — pure functions of what they show."""

from __future__ import annotations

from handlers import keyboards
from handlers.catalog_buttons import (
    ClinicActive,
    ClinicDraftStep,
    ClinicEdit,
    ClinicField,
    ClinicList,
    ClinicNew,
    ClinicOpen,
    Draft,
)
from handlers.formats import zone_city
from handlers.i18n import Safe, plain, t
from handlers.screens import Screen
from services.catalog import ClinicOut
from services.clinic_admin import ClinicCard, ClinicEffect

FIELDS = [f for f in ClinicField if f is not ClinicField.PICK]


def zone_name(lang: str, zone: str) -> str:
    """ "London (Europe/London)": the city people say, and the zone it stands for."""
    return f"{zone_city(zone, lang)} ({zone})"


def clinic_list(lang: str, clinics: list[ClinicOut], note: str = "") -> Screen:
    buttons = [
        keyboards.button(
            plain(lang, "clinic-row" if c.is_active else "clinic-row-inactive",
                  name=c.name, city=c.city),
            ClinicOpen(c.id),
        )
        for c in clinics
    ]  # fmt: skip
    buttons.append(keyboards.button(plain(lang, "clinic-add"), ClinicNew()))
    lines = [note] if note else []
    lines.append(str(t(lang, "clinics-title" if clinics else "clinics-none")))
    return Screen(Safe("\n\n".join(lines)), keyboards.markup(keyboards.rows(buttons, per_row=1)))


def _reminders(lang: str, minutes: list[int]) -> str:
    if not minutes:
        return plain(lang, "clinic-no-reminders")
    return ", ".join(plain(lang, "clinic-reminder", minutes=m) for m in minutes)


def card_text(lang: str, c: ClinicCard) -> str:
    lines = [
        t(lang, "clinic-card-head", name=c.name,
          status=plain(lang, "clinic-active" if c.is_active else "clinic-inactive")),
        t(lang, "clinic-card-address", address=c.address, city=c.city),
        t(lang, "clinic-card-state", text=c.state or "—"),
        t(lang, "clinic-card-zip", text=c.zip or "—"),
        t(lang, "clinic-card-contact", phone=c.phone or "—", text=c.email or "—"),
        t(lang, "clinic-card-zone", zone=zone_name(lang, c.timezone)),
        t(lang, "clinic-card-notice", minutes=c.min_booking_notice_minutes),
        t(lang, "clinic-card-horizon", horizon_days=c.booking_horizon_days),
        t(lang, "clinic-card-cancel", minutes=c.min_cancel_notice_minutes),
        t(lang, "clinic-card-reminders", text=_reminders(lang, c.reminder_minutes)),
    ]  # fmt: skip
    if c.locks_new_visits:
        lines.append(t(lang, "clinic-card-locked", minutes=c.min_cancel_notice_minutes))
    return "\n".join(str(x) for x in lines)


def clinic_card(lang: str, c: ClinicCard, note: str = "") -> Screen:
    text = f"{note}\n\n{card_text(lang, c)}" if note else card_text(lang, c)
    active = keyboards.button(
        plain(lang, "clinic-deactivate" if c.is_active else "clinic-reactivate"),
        ClinicActive(c.id, active=not c.is_active, ok=False),
    )
    row = [keyboards.button(plain(lang, "clinic-edit"), ClinicEdit(c.id)), active]
    back = [keyboards.button(plain(lang, "back-label"), ClinicList())]
    return Screen(Safe(text), keyboards.markup([row, back]))


def field_label(lang: str, field: ClinicField) -> str:
    return plain(lang, f"clinic-field-{field.value}")


def fields(lang: str, c: ClinicCard) -> Screen:
    buttons = [keyboards.button(field_label(lang, f), ClinicEdit(c.id, f)) for f in FIELDS]
    back = [[keyboards.button(plain(lang, "back-label"), ClinicOpen(c.id))]]
    text = t(lang, "clinic-pick-field", name=c.name)
    return Screen(text, keyboards.markup(keyboards.rows(buttons, per_row=2), back))


def ask_value(lang: str, c: ClinicCard, field: ClinicField) -> Screen:
    text = t(lang, f"clinic-ask-{field.value}", name=c.name)
    back = [[keyboards.button(plain(lang, "back-label"), ClinicOpen(c.id))]]
    return Screen(text, keyboards.markup(back))


def effect(lang: str, e: ClinicEffect) -> Screen:
    c = e.clinic
    if c.is_active:
        text = t(lang, "clinic-off-effect", name=c.name, count=e.future_visits, total=e.doctors)
        label = "clinic-off-confirm"
    else:
        text = t(lang, "clinic-on-effect", name=c.name, total=e.doctors)
        label = "clinic-on-confirm"
    row = [
        keyboards.button(plain(lang, label), ClinicActive(c.id, active=not c.is_active, ok=True)),
        keyboards.button(plain(lang, "cancel-flow"), ClinicOpen(c.id)),
    ]
    return Screen(text, keyboards.markup([row]))


def new_summary(
    lang: str, *, name: str, address: str, city: str, timezone: str, phone: str | None
) -> Screen:
    text = t(
        lang, "clinic-new-summary", name=name, address=address, city=city,
        zone=zone_name(lang, timezone), phone=phone or "—",
    )  # fmt: skip
    row = [
        keyboards.button(plain(lang, "desk-save"), ClinicDraftStep(Draft.SAVE)),
        keyboards.button(plain(lang, "desk-drop"), ClinicDraftStep(Draft.DROP)),
    ]
    return Screen(text, keyboards.markup([row]))


def ask_phone(lang: str, note: str = "") -> Screen:
    text = t(lang, "clinic-new-phone")
    skip = [[keyboards.button(plain(lang, "clinic-skip"), ClinicDraftStep(Draft.SKIP))]]
    return Screen(Safe(f"{note}\n\n{text}") if note else text, keyboards.markup(skip))
