"""/book: find a doctor, pick a day and a time, give a reason, confirm — and reschedule.

Flow state lives in `user_data["flow"]` (JSON only, persisted). Every press is
checked again by the services: a slot may be gone, a doctor inactive, a nonce stale.
"""

from __future__ import annotations

import secrets
import uuid
import warnings
from datetime import date, timedelta
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InputFile, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from db.engine import Reader, unit_of_work
from handlers import common, keyboards, render, texts
from handlers.callbacks import (
    Appt,
    CallbackData,
    Confirm,
    FindBy,
    Menu,
    Month,
    Nav,
    Page,
    PickClinic,
    PickDay,
    PickDoctor,
    PickSlot,
    PickSpecialty,
    parse,
)
from handlers.context import CareContext
from services import availability, booking, calendar, catalog, dates, search
from services.catalog import DoctorOut
from services.errors import DomainError, InvalidInput, NotAllowed, NotFound, SlotTaken
from services.slots import SlotOut

FLOW_TIMEOUT = 15 * 60
END = ConversationHandler.END


class Step(IntEnum):
    FIND = 10
    LIST = 11
    SEARCH = 12
    CARD = 13
    DAY = 14
    TIME = 15
    REASON = 16
    CONFIRM = 17


def _flow(context: CareContext) -> dict[str, Any]:
    return context.user_data.setdefault("flow", {"mode": "book"})


def _data(update: Update) -> CallbackData | None:
    return parse(update.callback_query.data) if update.callback_query else None


def _id(flow: dict[str, Any], key: str) -> uuid.UUID | None:
    value = flow.get(key)
    return uuid.UUID(value) if value else None


async def _require_patient(update: Update, context: CareContext) -> bool:
    user = context.current_user
    if user is None or user.patient_id is None:
        await render.alert(update, texts.NOT_REGISTERED)
        return False
    return True


# --- entry: how to find a doctor ----------------------------------------------------------------


async def start_booking(update: Update, context: CareContext) -> int:
    """/book or the menu: asks how to find a doctor (→ FIND)."""
    if not await _require_patient(update, context):
        return END
    context.user_data["flow"] = {"mode": "book"}
    await render.show(update, texts.FIND_HOW, _find_markup())
    return Step.FIND


def _find_markup():
    return keyboards.markup(
        [
            [keyboards.button(texts.BY_SPECIALTY, FindBy("spec"))],
            [keyboards.button(texts.BY_CLINIC, FindBy("clinic"))],
            [keyboards.button(texts.BY_NAME, FindBy("name"))],
            [keyboards.nav(texts.HOME, "home")],
        ]
    )


async def find_by(update: Update, context: CareContext) -> int:
    """Lists specialties or clinics (→ LIST), or asks for a name (→ SEARCH)."""
    data = _data(update)
    assert isinstance(data, FindBy)
    if data.kind == "name":
        await render.show(
            update, texts.TYPE_SEARCH, keyboards.markup([[keyboards.nav(texts.BACK, "back")]])
        )
        return Step.SEARCH
    kind = "spec" if data.kind == "spec" else "clinic"
    _flow(context)["list"] = {"kind": kind}
    return await _show_list(update, context, page=0)


async def _show_list(update: Update, context: CareContext, *, page: int, new: bool = False) -> int:
    listing = _flow(context).get("list", {"kind": "spec"})
    kind = listing["kind"]
    async with context.read() as session:
        if kind == "spec":
            title = texts.PICK_SPECIALTY
            items = [
                keyboards.button(f"{s.name} ({s.doctor_count})", PickSpecialty(s.id))
                for s in await catalog.list_specialties(session)
            ]
        elif kind == "clinic":
            title = texts.PICK_CLINIC
            items = [
                keyboards.button(f"{c.name} · {c.city}", PickClinic(c.id))
                for c in await catalog.list_clinics(session)
            ]
        elif kind == "search":
            query = listing["query"]
            matches = await search.search_doctors(session, query=query)
            title = texts.SEARCH_RESULTS.format(query=texts.esc(query))
            if not matches:
                title = texts.NOTHING_FOUND.format(query=texts.esc(query))
            items = [_doctor_button(m.doctor) for m in matches]
        else:
            doctors = await catalog.list_doctors(
                session,
                specialty_id=uuid.UUID(listing["spec"]) if listing.get("spec") else None,
                clinic_id=uuid.UUID(listing["clinic"]) if listing.get("clinic") else None,
            )
            title = texts.PICK_DOCTOR if doctors else texts.NO_DOCTORS
            items = [_doctor_button(d) for d in doctors]
    rows, _shown = keyboards.paged(items, page, kind)
    rows.append([keyboards.nav(texts.BACK, "back"), keyboards.nav(texts.HOME, "home")])
    markup = keyboards.markup(rows)
    await (render.send if new else render.show)(update, title, markup)
    return Step.LIST


def _doctor_button(doctor: DoctorOut) -> keyboards.InlineKeyboardButton:
    return keyboards.button(
        f"{doctor.full_name} · {doctor.specialty} · {doctor.clinic}", PickDoctor(doctor.id)
    )


async def list_page(update: Update, context: CareContext) -> int:
    """Another page of the current list (→ LIST)."""
    data = _data(update)
    assert isinstance(data, Page)
    return await _show_list(update, context, page=data.page)


async def search_typed(update: Update, context: CareContext) -> int:
    """Fuzzy search by name or specialty (→ LIST, or re-ask)."""
    query = " ".join(update.message.text.split())
    if not query or len(query) > search.MAX_QUERY_LENGTH:
        await render.send(update, texts.SEARCH_TOO_LONG.format(limit=search.MAX_QUERY_LENGTH))
        return Step.SEARCH
    _flow(context)["list"] = {"kind": "search", "query": query}
    return await _show_list(update, context, page=0, new=True)


async def pick_group(update: Update, context: CareContext) -> int:
    """A specialty or clinic was chosen: its doctors (→ LIST)."""
    data = _data(update)
    key = "spec" if isinstance(data, PickSpecialty) else "clinic"
    previous = _flow(context).get("list", {}).get("kind", key)
    _flow(context)["list"] = {"kind": "doctors", key: str(data.id), "from": previous}
    return await _show_list(update, context, page=0)


async def pick_doctor(update: Update, context: CareContext) -> int:
    """A doctor from a list (→ CARD)."""
    data = _data(update)
    assert isinstance(data, PickDoctor)
    return await show_card(update, context, data.id)


async def show_card(update: Update, context: CareContext, doctor_id: uuid.UUID) -> int:
    """The doctor card with the next free time (→ CARD)."""
    async with context.read() as session:
        try:
            doctor = await catalog.get_doctor(session, doctor_id=doctor_id)
        except NotFound:
            doctor = None
        if doctor is None or not doctor.is_active:
            await common.expired_button(update, context)
            return Step.LIST
        nearest = await availability.nearest_bookable(
            session, now=context.now(), doctor=doctor, limit=1
        )
    _flow(context)["doctor"] = str(doctor.id)
    next_free = (
        f"{texts.when(nearest[0].starts_at.astimezone(ZoneInfo(doctor.timezone)))}"
        if nearest
        else texts.NO_FREE_TIME
    )
    text = texts.DOCTOR_CARD.format(
        name=texts.esc(doctor.full_name),
        specialty=texts.esc(doctor.specialty),
        years=doctor.experience_years,
        clinic=texts.esc(doctor.clinic),
        address=texts.esc(doctor.clinic_address),
        next_free=next_free,
    )
    markup = keyboards.markup(
        [
            [keyboards.nav(texts.PICK_DAY_BUTTON, "days")],
            [keyboards.nav(texts.BACK, "back"), keyboards.nav(texts.HOME, "home")],
        ]
    )
    await render.show(update, text, markup)
    return Step.CARD


# --- day and time ------------------------------------------------------------------------------


async def _doctor(context: CareContext, session: Reader) -> DoctorOut:
    """The doctor of the flow, read with the caller's connection or session."""
    doctor_id = _id(_flow(context), "doctor")
    if doctor_id is None:
        raise NotFound("Please choose a doctor first.")
    return await catalog.get_doctor(session, doctor_id=doctor_id)


async def show_calendar(
    update: Update,
    context: CareContext,
    month: date | None = None,
    *,
    new: bool = False,
    note: str | None = None,
) -> int:
    """The month calendar of the chosen doctor (→ DAY)."""
    now = context.now()
    async with context.read() as session:
        doctor = await _doctor(context, session)
        tz = ZoneInfo(doctor.timezone)
        today = dates.local_today(now, tz)
        last = today + timedelta(days=doctor.booking_horizon_days)
        if month is None:
            nearest = await availability.nearest_bookable(
                session, now=now, doctor=doctor, limit=1
            )
            month = nearest[0].starts_at.astimezone(tz).date() if nearest else today
        month = min(max(month.replace(day=1), today.replace(day=1)), last.replace(day=1))
        month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        free = await availability.bookable_days(
            session, doctor=doctor, start=month, end=month_end, now=now
        )
    rows = keyboards.calendar(month, free, today, last)
    rows.append([keyboards.nav(texts.BACK, "back"), keyboards.nav(texts.HOME, "home")])
    text = texts.PICK_DAY.format(name=texts.esc(doctor.full_name))
    if note:
        text = f"{texts.esc(note)}\n\n{text}"
    await (render.send if new else render.show)(update, text, keyboards.markup(rows))
    return Step.DAY


async def choose_day(update: Update, context: CareContext) -> int:
    """From the doctor card to the calendar (→ DAY)."""
    return await show_calendar(update, context)


async def month_moved(update: Update, context: CareContext) -> int:
    """Calendar ‹ › (→ DAY)."""
    data = _data(update)
    assert isinstance(data, Month)
    return await show_calendar(update, context, data.day)


async def day_typed(update: Update, context: CareContext) -> int:
    """A day in free text, read in the clinic's time zone (→ TIME, or re-ask)."""
    async with context.read() as session:
        doctor = await _doctor(context, session)
    try:
        day = dates.parse_day(
            update.message.text,
            tz=ZoneInfo(doctor.timezone),
            now=context.now(),
            horizon_days=doctor.booking_horizon_days,
        )
    except InvalidInput as exc:
        return await show_calendar(update, context, new=True, note=exc.message)
    return await show_times(update, context, day, new=True)


async def day_pressed(update: Update, context: CareContext) -> int:
    """A calendar day (→ TIME)."""
    data = _data(update)
    assert isinstance(data, PickDay)
    return await show_times(update, context, data.day)


async def show_times(update: Update, context: CareContext, day: date, *, new: bool = False) -> int:
    """That day's free times, or the nearest days that have some (→ TIME)."""
    _flow(context)["day"] = day.isoformat()
    async with context.read() as session:
        doctor = await _doctor(context, session)
        tz = ZoneInfo(doctor.timezone)
        free = await availability.bookable_slots(
            session, doctor=doctor, day=day, now=context.now()
        )
        nearby: list[date] = []
        if not free:
            days = await availability.bookable_days(
                session,
                doctor=doctor,
                start=day - timedelta(days=14),
                end=day + timedelta(days=28),
                now=context.now(),
            )
            nearby = sorted(days, key=lambda d: (abs((d - day).days), d))[:4]
    back = [keyboards.nav(texts.BACK, "back"), keyboards.nav(texts.HOME, "home")]
    if free:
        buttons = [
            keyboards.button(f"{s.starts_at.astimezone(tz):%H:%M}", PickSlot(s.id)) for s in free
        ]
        text = texts.PICK_TIME.format(
            name=texts.esc(doctor.full_name), day=texts.day_label(day), tz=doctor.timezone
        )
        rows = keyboards.rows(buttons, per_row=4)
    elif nearby:
        text = texts.NONE_THAT_DAY.format(
            name=texts.esc(doctor.full_name), day=texts.day_label(day)
        )
        rows = keyboards.rows(
            [keyboards.button(texts.day_label(d), PickDay(d)) for d in sorted(nearby)], per_row=1
        )
    else:
        text = texts.NONE_AT_ALL.format(name=texts.esc(doctor.full_name))
        rows = []
    rows.append(back)
    await (render.send if new else render.show)(update, text, keyboards.markup(rows))
    return Step.TIME


async def _slot_labels(
    session: Reader, slots: list[SlotOut]
) -> list[keyboards.InlineKeyboardButton]:
    doctors = {
        d: await catalog.get_doctor(session, doctor_id=d) for d in {s.doctor_id for s in slots}
    }
    many = len(doctors) > 1
    out = []
    for s in slots:
        doc = doctors[s.doctor_id]
        label = texts.when(s.starts_at.astimezone(ZoneInfo(doc.timezone)))
        if many:
            label += f" · {doc.full_name}"
        out.append(keyboards.button(label, PickSlot(s.id)))
    return out


async def _offer_alternatives(update: Update, context: CareContext, slots: list[SlotOut]) -> int:
    async with context.read() as session:
        buttons = await _slot_labels(session, slots)
    text = texts.SLOT_TAKEN_ALTERNATIVES if buttons else texts.SLOT_TAKEN_NONE
    rows = keyboards.rows(buttons, per_row=1)
    rows.append([keyboards.nav(texts.BACK, "back"), keyboards.nav(texts.HOME, "home")])
    await render.show(update, text, keyboards.markup(rows))
    return Step.TIME


async def _alternatives_near(context: CareContext, slot: SlotOut | None) -> list[SlotOut]:
    async with context.read() as session:
        doctor_id = slot.doctor_id if slot else _id(_flow(context), "doctor")
        if doctor_id is None:
            return []
        doctor = await catalog.get_doctor(session, doctor_id=doctor_id)
        return await availability.nearest_bookable(
            session,
            now=context.now(),
            doctor=doctor,
            around=slot.starts_at if slot else None,
        )


async def slot_pressed(update: Update, context: CareContext) -> int:
    """A time: still free? → reason (→ REASON) or, when moving, the summary (→ CONFIRM)."""
    data = _data(update)
    assert isinstance(data, PickSlot)
    async with context.read() as session:
        slot = await availability.get_slot(session, slot_id=data.id)
    if slot is None:
        await common.expired_button(update, context)
        return Step.TIME
    if not slot.is_active or slot.free < 1 or slot.starts_at <= context.now():
        return await _offer_alternatives(update, context, await _alternatives_near(context, slot))
    flow = _flow(context)
    flow.update(slot=str(slot.id), doctor=str(slot.doctor_id))
    if flow.get("mode") == "move":
        return await show_summary(update, context)
    limit = booking.REASON_MAX
    await render.show(
        update,
        texts.ASK_REASON.format(limit=limit),
        keyboards.markup(
            [
                [keyboards.nav(texts.SKIP, "skip")],
                [keyboards.nav(texts.BACK, "back"), keyboards.nav(texts.HOME, "home")],
            ]
        ),
    )
    return Step.REASON


async def reason_typed(update: Update, context: CareContext) -> int:
    """The visit reason, length-checked (→ CONFIRM, or re-ask)."""
    try:
        reason = booking.clean_reason(update.message.text)
    except InvalidInput as exc:
        await render.send(update, texts.esc(exc.message))
        return Step.REASON
    _flow(context)["reason"] = reason
    return await show_summary(update, context, new=True)


async def show_summary(update: Update, context: CareContext, *, new: bool = False) -> int:
    """What will be booked, with Confirm (→ CONFIRM)."""
    flow = _flow(context)
    flow["nonce"] = secrets.token_urlsafe(6)
    moving = flow.get("mode") == "move"
    # Reads only; the appointment being moved is loaded as ORM rows, which need a session.
    async with unit_of_work(context.db) if moving else context.read() as session:
        doctor = await _doctor(context, session)
        tz = ZoneInfo(doctor.timezone)
        slot = await availability.get_slot(session, slot_id=uuid.UUID(flow["slot"]))
        old = None
        if moving:
            old = await booking.get_appointment(
                session,
                appointment_id=uuid.UUID(flow["appt"]),
                actor=context.actor,
                now=context.now(),
            )
    if slot is None:
        await common.expired_button(update, context)
        return Step.TIME
    text = texts.SUMMARY.format(
        doctor=texts.esc(doctor.full_name),
        specialty=texts.esc(doctor.specialty),
        clinic=texts.esc(doctor.clinic),
        address=texts.esc(doctor.clinic_address),
        when=texts.when(slot.starts_at.astimezone(tz)),
        tz=doctor.timezone,
    )
    if flow.get("reason"):
        text += texts.SUMMARY_REASON.format(reason=texts.esc(flow["reason"]))
    if old is not None:
        text += texts.SUMMARY_MOVE.format(old=texts.when(old.local_start))
    markup = keyboards.markup(
        [
            [keyboards.button(texts.CONFIRM, Confirm(flow["nonce"]))],
            [keyboards.nav(texts.BACK, "back"), keyboards.nav(texts.CANCEL_FLOW, "close")],
        ]
    )
    await (render.send if new else render.show)(update, text, markup)
    return Step.CONFIRM


async def confirm_pressed(update: Update, context: CareContext) -> int:
    """Books (or moves) once per summary; a lost race offers the nearest free times."""
    data = _data(update)
    assert isinstance(data, Confirm)
    flow = _flow(context)
    if data.nonce != flow.get("nonce") or not flow.get("slot"):
        await common.expired_button(update, context)
        return Step.CONFIRM
    user = context.current_user
    key = f"tg:{update.effective_user.id}:{data.nonce}"
    slot_id = uuid.UUID(flow["slot"])
    try:
        if flow.get("mode") == "move":
            appt = await booking.reschedule_appointment(
                context.db,
                appointment_id=uuid.UUID(flow["appt"]),
                new_slot_id=slot_id,
                actor=context.actor,
                now=context.now(),
                idempotency_key=key,
            )
        else:
            appt = await booking.book_slot(
                context.db,
                actor=context.actor,
                patient_id=user.patient_id,
                slot_id=slot_id,
                now=context.now(),
                reason=flow.get("reason"),
                idempotency_key=key,
            )
    except SlotTaken:
        return await _offer_alternatives(
            update, context, await _alternatives_near(context, await _get_slot(context, slot_id))
        )
    except DomainError as exc:
        await render.alert(update, exc.message)
        return (
            await show_times(update, context, date.fromisoformat(flow["day"]))
            if flow.get("day")
            else Step.CONFIRM
        )
    await send_booked(update, context, appt, moved=flow.get("mode") == "move")
    context.user_data["last_booking"] = {"nonce": data.nonce, "appt": str(appt.id)}
    context.user_data.pop("flow", None)
    return END


async def _get_slot(context: CareContext, slot_id: uuid.UUID) -> SlotOut | None:
    async with context.read() as session:
        return await availability.get_slot(session, slot_id=slot_id)


async def send_booked(
    update: Update, context: CareContext, appt: booking.AppointmentOut, *, moved: bool = False
) -> None:
    """The summary becomes the confirmation that stays in the chat; the .ics file follows."""
    fields = dict(
        doctor=texts.esc(appt.doctor_name),
        specialty=texts.esc(appt.specialty),
        clinic=texts.esc(appt.clinic_name),
        address=texts.esc(appt.clinic_address),
        when=texts.when(appt.local_start),
        tz=appt.timezone,
    )
    markup = keyboards.markup(
        [
            [
                keyboards.button(texts.MY_APPOINTMENTS, Menu("my")),
                keyboards.button(texts.BOOK_ANOTHER, Menu("book")),
            ]
        ]
    )
    await render.show(update, (texts.MOVED if moved else texts.BOOKED).format(**fields), markup)
    await send_ics(update, context, appt)


async def send_ics(update: Update, context: CareContext, appt: booking.AppointmentOut) -> None:
    """The appointment as an iCalendar file."""
    data = calendar.appointment_ics(
        uid=str(appt.id),
        summary=f"{appt.specialty} visit with {appt.doctor_name}",
        starts_at=appt.starts_at,
        ends_at=appt.ends_at,
        location=f"{appt.clinic_name}, {appt.clinic_address}",
        description=f"Booked with CareSlot. Clinic phone: {appt.clinic_phone or '-'}",
        tzid=appt.timezone,
        now=context.now(),
    )
    name = calendar.ics_filename(appt.starts_at, appt.tz)
    await update.effective_chat.send_document(
        InputFile(data, filename=name),
        caption=texts.ICS_CAPTION.format(doctor=texts.esc(appt.doctor_name)),
    )


async def confirm_after_end(update: Update, context: CareContext) -> None:
    """A second tap on Confirm after the booking (double tap, redelivery): nothing new."""
    data = _data(update)
    last = context.user_data.get("last_booking", {})
    if isinstance(data, Confirm) and data.nonce == last.get("nonce"):
        await update.callback_query.answer(texts.ALREADY_BOOKED)
        return
    await common.expired_button(update, context)


# --- reschedule entry and the natural shortcut -------------------------------------------------


async def start_move(update: Update, context: CareContext) -> int:
    """Reschedule from an appointment card: same doctor, pick a new day (→ DAY)."""
    data = _data(update)
    assert isinstance(data, Appt)
    user = context.current_user
    if user is None:
        await common.expired_button(update, context)
        return END
    try:
        async with unit_of_work(context.db) as session:
            appt = await booking.ensure_cancellable(
                session, appointment_id=data.id, actor=context.actor, now=context.now()
            )
    except (NotAllowed, NotFound):  # someone else's, or gone: the press changes nothing
        await common.expired_button(update, context)
        return END
    context.user_data["flow"] = {
        "mode": "move",
        "appt": str(appt.id),
        "doctor": str(appt.doctor_id),
    }
    return await show_calendar(update, context)


async def natural_request(update: Update, context: CareContext) -> int:
    """“I need a dermatologist next Monday morning” → matching free times (→ TIME)."""
    user = context.current_user
    if user is None or user.patient_id is None:
        await render.send(update, texts.NOT_REGISTERED)
        return END
    settings = context.runtime.settings
    async with context.read() as session:
        intent = await search.parse_booking_request(
            session,
            text=update.message.text,
            tz=settings.tz,
            now=context.now(),
            horizon_days=60,
        )
        if intent is None:
            await render.send(update, texts.UNKNOWN_INPUT, keyboards.main_menu(user.role))
            return END
        slots = await availability.find_bookable(
            session,
            now=context.now(),
            specialty_id=intent.specialty.id if intent.specialty and not intent.doctor else None,
            doctor_id=intent.doctor.id if intent.doctor else None,
            day=intent.day,
            window=intent.window,
        )
        buttons = await _slot_labels(session, slots)
    what = (
        intent.doctor.full_name
        if intent.doctor
        else (intent.specialty.name if intent.specialty else "your request")
    )
    if intent.day:
        what += f", {texts.day_label(intent.day)}"
    context.user_data["flow"] = {"mode": "book"}
    if intent.doctor:
        _flow(context)["doctor"] = str(intent.doctor.id)
    if not buttons:
        await render.send(
            update, texts.MATCHES_NONE.format(what=texts.esc(what)), keyboards.main_menu(user.role)
        )
        return END
    rows = keyboards.rows(buttons, per_row=1)
    rows.append([keyboards.nav(texts.HOME, "home")])
    await render.send(update, texts.MATCHES.format(what=texts.esc(what)), keyboards.markup(rows))
    return Step.TIME


# --- Back, home, stop, timeouts --------------------------------------------------------------


async def back_to_find(update: Update, context: CareContext) -> int:
    await render.show(update, texts.FIND_HOW, _find_markup())
    return Step.FIND


async def back_from_list(update: Update, context: CareContext) -> int:
    listing = _flow(context).get("list", {})
    if listing.get("kind") == "doctors":
        listing["kind"] = listing.get("from", "spec")
        return await _show_list(update, context, page=0)
    if listing.get("kind") == "search":
        await render.show(
            update, texts.TYPE_SEARCH, keyboards.markup([[keyboards.nav(texts.BACK, "back")]])
        )
        return Step.SEARCH
    return await back_to_find(update, context)


async def back_from_day(update: Update, context: CareContext) -> int:
    flow = _flow(context)
    if flow.get("mode") == "move":
        from handlers import appointments

        context.user_data.pop("flow", None)
        await appointments.show_card(update, context, uuid.UUID(flow["appt"]))
        return END
    return await pick_doctor_again(update, context)


async def pick_doctor_again(update: Update, context: CareContext) -> int:
    doctor_id = _id(_flow(context), "doctor")
    if doctor_id is None:
        return await back_to_find(update, context)
    return await show_card(update, context, doctor_id)


async def back_from_time(update: Update, context: CareContext) -> int:
    if not _flow(context).get("doctor"):
        return await back_to_find(update, context)
    day = _flow(context).get("day")
    return await show_calendar(update, context, date.fromisoformat(day) if day else None)


async def back_from_reason(update: Update, context: CareContext) -> int:
    day = _flow(context).get("day")
    if day and _flow(context).get("doctor"):
        return await show_times(update, context, date.fromisoformat(day))
    return await back_to_find(update, context)


async def back_from_confirm(update: Update, context: CareContext) -> int:
    flow = _flow(context)
    if flow.get("mode") == "move" and flow.get("day"):
        return await show_times(update, context, date.fromisoformat(flow["day"]))
    flow.pop("reason", None)
    await render.show(
        update,
        texts.ASK_REASON.format(limit=booking.REASON_MAX),
        keyboards.markup(
            [
                [keyboards.nav(texts.SKIP, "skip")],
                [keyboards.nav(texts.BACK, "back"), keyboards.nav(texts.HOME, "home")],
            ]
        ),
    )
    return Step.REASON


async def skip_reason(update: Update, context: CareContext) -> int:
    _flow(context)["reason"] = None
    return await show_summary(update, context)


async def close_flow(update: Update, context: CareContext) -> int:
    """✖️ Cancel on the summary: nothing is booked."""
    context.user_data.pop("flow", None)
    await render.show(update, texts.FLOW_CLOSED, keyboards.main_menu(common.role_of(context)))
    return END


async def go_home(update: Update, context: CareContext) -> int:
    """🏠 Menu from anywhere in the flow."""
    context.user_data.pop("flow", None)
    await common.show_main_menu(update, context)
    return END


async def noop(update: Update, context: CareContext) -> None:
    """Inert calendar cells."""
    await update.callback_query.answer(texts.NO_TIMES_THAT_DAY)


async def stop(update: Update, context: CareContext) -> int:
    """/stop: leaves the flow, nothing booked."""
    context.user_data.pop("flow", None)
    await render.send(update, texts.STOPPED)
    return END


async def timed_out(update: Update, context: CareContext) -> None:
    context.user_data.pop("flow", None)
    if update is not None and update.effective_chat is not None:
        await update.effective_chat.send_message(texts.TIMED_OUT)


async def use_buttons(update: Update, context: CareContext) -> None:
    """Text where the step expects a button: say so, keep the step."""
    await render.send(update, texts.USE_BUTTONS)


async def stale_press(update: Update, context: CareContext) -> None:
    """A button of another step or an old message: expired, state unchanged."""
    await common.expired_button(update, context)


# Buttons that belong to this flow; other presses (menu, appointment cards) pass through.
FLOW_BUTTONS = (
    "^("
    + "|".join(
        c.prefix
        for c in (
            FindBy,
            Page,
            PickSpecialty,
            PickClinic,
            PickDoctor,
            PickDay,
            Month,
            PickSlot,
            Confirm,
            Nav,
        )
    )
    + "):"
)


def _nav(action: str) -> str:
    return rf"^{Nav.prefix}:{action}:"


def build() -> ConversationHandler:
    """The booking conversation; /book and Reschedule restart it from any step."""
    text = filters.TEXT & ~filters.COMMAND
    back = lambda callback: CallbackQueryHandler(callback, pattern=_nav("back"))  # noqa: E731
    with warnings.catch_warnings():
        # Per-user state is intended; PTB warns CallbackQueryHandlers are then tracked per
        # chat, not per message — exactly what this flow wants.
        warnings.filterwarnings("ignore", category=PTBUserWarning)
        return ConversationHandler(
            name="booking",
            persistent=True,
            # No allow_reentry: free text is an entry point (the natural shortcut) and must
            # not steal a typed date or reason; the other entries are repeated as fallbacks.
            conversation_timeout=FLOW_TIMEOUT,
            entry_points=[
                CommandHandler("book", start_booking),
                CallbackQueryHandler(start_booking, pattern=rf"^{Menu.prefix}:book$"),
                CallbackQueryHandler(start_move, pattern=rf"^{Appt.prefix}:resched:"),
                MessageHandler(text, natural_request),
            ],
            states={
                Step.FIND: [
                    CallbackQueryHandler(find_by, pattern=FindBy.pattern()),
                ],
                Step.LIST: [
                    CallbackQueryHandler(pick_group, pattern=PickSpecialty.pattern()),
                    CallbackQueryHandler(pick_group, pattern=PickClinic.pattern()),
                    CallbackQueryHandler(pick_doctor, pattern=PickDoctor.pattern()),
                    CallbackQueryHandler(list_page, pattern=Page.pattern()),
                    back(back_from_list),
                ],
                Step.SEARCH: [MessageHandler(text, search_typed), back(back_to_find)],
                Step.CARD: [
                    CallbackQueryHandler(choose_day, pattern=_nav("days")),
                    back(back_from_list),
                ],
                Step.DAY: [
                    CallbackQueryHandler(day_pressed, pattern=PickDay.pattern()),
                    CallbackQueryHandler(month_moved, pattern=Month.pattern()),
                    MessageHandler(text, day_typed),
                    back(back_from_day),
                ],
                Step.TIME: [
                    CallbackQueryHandler(slot_pressed, pattern=PickSlot.pattern()),
                    MessageHandler(text, day_typed),
                    CallbackQueryHandler(day_pressed, pattern=PickDay.pattern()),
                    back(back_from_time),
                ],
                Step.REASON: [
                    MessageHandler(text, reason_typed),
                    CallbackQueryHandler(skip_reason, pattern=_nav("skip")),
                    back(back_from_reason),
                ],
                Step.CONFIRM: [
                    CallbackQueryHandler(confirm_pressed, pattern=Confirm.pattern()),
                    CallbackQueryHandler(close_flow, pattern=_nav("close")),
                    back(back_from_confirm),
                ],
                ConversationHandler.TIMEOUT: [
                    MessageHandler(filters.ALL, timed_out),
                    CallbackQueryHandler(timed_out),
                ],
            },
            fallbacks=[
                CommandHandler("stop", stop),
                CommandHandler("book", start_booking),
                CallbackQueryHandler(start_booking, pattern=rf"^{Menu.prefix}:book$"),
                CallbackQueryHandler(start_move, pattern=rf"^{Appt.prefix}:resched:"),
                CallbackQueryHandler(go_home, pattern=_nav("home")),
                CallbackQueryHandler(noop, pattern=_nav("noop")),
                CallbackQueryHandler(stale_press, pattern=FLOW_BUTTONS),
                MessageHandler(text, use_buttons),
            ],
        )
