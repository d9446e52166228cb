"""The whole CareSlot schema (brief, section 3) as typed SQLAlchemy 2 models.

Rules that must always hold are written as constraints here; the ones a
constraint cannot express (overlaps, the slot's booked count, append-only audit)
are plpgsql triggers created by the first migration.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Timestamped, uuid_pk

ROLES = ("patient", "doctor", "staff", "admin")
APPOINTMENT_STATUSES = ("scheduled", "confirmed", "arrived", "completed", "cancelled", "no_show")
ACTIVE_STATUSES = ("scheduled", "confirmed", "arrived")
CREATED_VIA = ("patient", "staff", "admin", "doctor", "waitlist", "system")
STAFF_STATUSES = ("active", "inactive", "on_leave")
WAITLIST_STATUSES = ("waiting", "offered", "booked", "cancelled", "expired")
# waiting: looking for a place; offered: a place is held for the entry (a live slot hold);
# booked: an offer was accepted; cancelled: the patient left; expired: its dates passed.
OPEN_WAITLIST_STATUSES = ("waiting", "offered")
PARTS_OF_DAY = ("morning", "afternoon", "evening")
# active: the place is held for the entry's patient until `expires_at`; accepted (booked);
# declined ("No thanks"); expired (nobody answered in time, or the entry ended meanwhile).
HOLD_STATUSES = ("active", "accepted", "declined", "expired")
RELATIONS = ("child", "parent", "spouse", "sibling", "other")  # a family member's, to the holder
# What the outbox sends (services.notifications.Kind). A new kind is added here and to the
# check constraint by its migration, and gets a renderer in handlers/notices.py.
NOTIFICATION_KINDS = (
    "appointment.reminder",
    "doctor.appointment_booked",
    "doctor.appointment_cancelled",
    "appointment.no_show",
    "appointment.running_late",
    "appointment.cancelled_by_doctor",
    "waitlist.offer",
    "doctor.morning_digest",
    "doctor.today_refresh",
    # to the patient (or a family member's holder): what the front desk booked, moved or
    # cancelled for them, with the calendar file (migration 0018)
    "appointment.desk_booked",
    "appointment.desk_moved",
    "appointment.desk_cancelled",
)
# pending: waiting to be sent (or claimed by a dispatcher until `claimed_until`);
# sent; failed (retries used up, or refused for good); skipped (nobody to send it to, or
# the visit it is about is no longer on); dropped (too late: the visit has begun);
# unknown (the request went out and no answer came: not repeated, see services.dispatch).
NOTIFICATION_STATUSES = ("pending", "sent", "failed", "skipped", "dropped", "unknown")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


ACTIVE_APPOINTMENT_SQL = _in("status", ACTIVE_STATUSES)


def _fk(target: str, ondelete: str = "RESTRICT") -> ForeignKey:
    return ForeignKey(target, ondelete=ondelete)


TZ = DateTime(timezone=True)
UUIDT = UUID(as_uuid=True)


# A deleted account is kept for the records that point at it, but reaches nobody.
USER_DETACHED_SQL = (
    "deleted_at IS NULL OR (telegram_user_id IS NULL AND chat_id IS NULL"
    " AND phone IS NULL AND email IS NULL AND NOT is_active)"
)


class User(Timestamped, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="role_known"),
        CheckConstraint(USER_DETACHED_SQL, name="deleted_detached"),
        # The front desk finds names with typos through these keys (trigger of 0016).
        Index("ix_users_name_keys", "name_keys", postgresql_using="gin"),
        # ... and two-word names through the keys of their words' pairs (0026).
        Index(
            "ix_users_name_pairs",
            text("careslot_pair_keys(full_name)"),
            postgresql_using="gin",
        ),
        # One record without a chat per number (a patient the front desk registered).
        Index(
            "uq_users_phone_without_chat",
            "phone",
            unique=True,
            postgresql_where=text(
                "telegram_user_id IS NULL AND deleted_at IS NULL AND phone IS NOT NULL"
            ),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    role: Mapped[str] = mapped_column(String(16), server_default="patient")
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8), server_default="en")
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    privacy_accepted_at: Mapped[datetime | None] = mapped_column(TZ)
    last_seen_at: Mapped[datetime | None] = mapped_column(TZ)
    deleted_at: Mapped[datetime | None] = mapped_column(TZ)  # the patient deleted the account
    # Telegram refused a message with 403 (the user blocked the bot): the outbox skips them
    # until they write to the bot again.
    unreachable_at: Mapped[datetime | None] = mapped_column(TZ)
    # The outbox sends a chat at most one message a second, across all dispatchers: the
    # earliest moment (database time) the next one may go.
    outbox_next_at: Mapped[datetime | None] = mapped_column(TZ)
    # careslot_name_keys(full_name), kept by a trigger (0016): never written by the code.
    name_keys: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'::text[]"))
    # The front desk member who typed this patient in (a phone call, a walk-in).
    registered_by: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("users.id"))

    patient: Mapped[Patient | None] = relationship(back_populates="user", uselist=False)


# An account's own patient record has the account; a family member (a dependant: a child,
# a parent) has a holder, a relation and its own name instead, and no account of its own.
PATIENT_SHAPE_SQL = (
    "(holder_id IS NULL AND user_id IS NOT NULL AND relation IS NULL AND full_name IS NULL"
    " AND removed_at IS NULL)"
    " OR (holder_id IS NOT NULL AND user_id IS NULL AND relation IS NOT NULL"
    " AND full_name IS NOT NULL)"
)


class Patient(Timestamped, Base):
    """A person who sees a doctor: an account's own record, or a family member of one.

    A holder is never a family member itself (trigger `careslot_patient_holder`, 0006)."""

    __tablename__ = "patients"
    __table_args__ = (
        CheckConstraint(_in("relation", RELATIONS), name="relation_known"),
        CheckConstraint(PATIENT_SHAPE_SQL, name="account_or_holder"),
        CheckConstraint("holder_id <> id", name="not_own_holder"),
        Index(
            "ix_patients_registered_clinic",
            "registered_clinic_id",
            postgresql_where=text("registered_clinic_id IS NOT NULL"),
        ),
        # A name search's candidates reach their patient rows without the table (0025).
        Index(
            "ix_patients_user_cover",
            "user_id",
            postgresql_include=["id", "holder_id", "registered_clinic_id", "date_of_birth"],
        ),
        # The front desk finds family members by name through these keys (trigger of 0021).
        Index(
            "ix_patients_member_name_keys",
            "name_keys",
            postgresql_using="gin",
            postgresql_where=text("holder_id IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("users.id"), unique=True)
    holder_id: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("patients.id"), index=True)
    relation: Mapped[str | None] = mapped_column(String(16))
    full_name: Mapped[str | None] = mapped_column(String(200))  # a family member's name
    removed_at: Mapped[datetime | None] = mapped_column(TZ)  # taken off the holder's family
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    blood_group: Mapped[str | None] = mapped_column(String(8))
    allergies: Mapped[str | None] = mapped_column(Text)
    emergency_contact: Mapped[str | None] = mapped_column(String(200))
    insurance: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    # The clinic whose front desk registered the patient (by phone, without a chat).
    registered_clinic_id: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("clinics.id"))
    # careslot_name_keys(full_name), kept by a trigger (0021): never written by the code.
    name_keys: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'::text[]"))

    user: Mapped[User | None] = relationship(back_populates="patient")


class Clinic(Timestamped, Base):
    __tablename__ = "clinics"
    __table_args__ = (
        CheckConstraint("min_booking_notice_minutes >= 0", name="booking_notice_nonneg"),
        CheckConstraint("min_cancel_notice_minutes >= 0", name="cancel_notice_nonneg"),
        CheckConstraint("booking_horizon_days BETWEEN 1 AND 365", name="horizon_range"),
        CheckConstraint("waitlist_hold_minutes BETWEEN 1 AND 240", name="waitlist_hold_range"),
        CheckConstraint(
            "cardinality(reminder_minutes) <= 4 AND 10 <= ALL (reminder_minutes)"
            " AND 20160 >= ALL (reminder_minutes)",
            name="reminder_minutes_range",
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(200), unique=True)
    address: Mapped[str] = mapped_column(String(300))
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(100))
    zip: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    timezone: Mapped[str] = mapped_column(String(64))
    min_booking_notice_minutes: Mapped[int] = mapped_column(Integer, server_default="60")
    min_cancel_notice_minutes: Mapped[int] = mapped_column(Integer, server_default="240")
    booking_horizon_days: Mapped[int] = mapped_column(Integer, server_default="60")
    # Reminders this many minutes before a visit, none sent in the quiet hours (clinic time).
    reminder_minutes: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), server_default=text("'{1440,120}'::integer[]")
    )
    quiet_from: Mapped[time] = mapped_column(Time, server_default=text("'21:00'"))
    quiet_until: Mapped[time] = mapped_column(Time, server_default=text("'08:00'"))
    # How long a freed place is held for the waitlist's patient it is offered to (0014).
    waitlist_hold_minutes: Mapped[int] = mapped_column(SmallInteger, server_default="15")
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))


class Specialty(Timestamped, Base):
    __tablename__ = "specialties"

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))


class Doctor(Timestamped, Base):
    __tablename__ = "doctors"
    __table_args__ = (
        CheckConstraint("experience_years BETWEEN 0 AND 80", name="experience_range"),
        CheckConstraint("max_patients_per_day BETWEEN 1 AND 200", name="max_patients_range"),
        CheckConstraint("visit_minutes BETWEEN 5 AND 480", name="visit_minutes_range"),
        Index("ix_doctors_specialty_active", "specialty_id", "is_active"),
        Index("ix_doctors_clinic_active", "clinic_id", "is_active"),
        CheckConstraint(
            "(today_chat_id IS NULL) = (today_message_id IS NULL)"
            " AND (today_chat_id IS NULL) = (today_day IS NULL)",
            name="today_message_whole",
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("users.id"), unique=True)
    clinic_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("clinics.id"))
    specialty_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("specialties.id"))
    full_name: Mapped[str] = mapped_column(String(200))
    license_number: Mapped[str] = mapped_column(String(50), unique=True)
    qualifications: Mapped[str | None] = mapped_column(Text)
    experience_years: Mapped[int] = mapped_column(SmallInteger, server_default="0")
    max_patients_per_day: Mapped[int] = mapped_column(SmallInteger, server_default="20")
    visit_minutes: Mapped[int] = mapped_column(SmallInteger, server_default="30")
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    # The morning digest's clinic-local time of day (migration 0013); NULL: turned off.
    digest_at: Mapped[time | None] = mapped_column(Time, server_default=text("'07:30'"))
    # The doctor's last /today message, edited in place when a patient changes a visit of
    # the day it shows (services.live_today).
    today_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    today_message_id: Mapped[int | None] = mapped_column(BigInteger)
    today_day: Mapped[date | None] = mapped_column(Date)

    clinic: Mapped[Clinic] = relationship()
    specialty: Mapped[Specialty] = relationship()


class DoctorSchedule(Timestamped, Base):
    """Weekly working hours: one row per doctor, weekday and working block, in effect on the
    clinic-local dates effective_from (NULL: always) up to effective_until (exclusive, NULL:
    open), so a change from a date leaves the weeks before it as they were."""

    __tablename__ = "doctor_schedules"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("end_time > start_time", name="ends_after_start"),
        CheckConstraint(
            "effective_until IS NULL OR effective_from IS NULL OR effective_until > effective_from",
            name="effective_range",
        ),
        UniqueConstraint(
            "doctor_id",
            "weekday",
            "start_time",
            "effective_from",
            postgresql_nulls_not_distinct=True,
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    doctor_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("doctors.id", "CASCADE"))
    weekday: Mapped[int] = mapped_column(SmallInteger)  # 0 = Monday, as date.weekday()
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    effective_from: Mapped[date | None] = mapped_column(Date)
    effective_until: Mapped[date | None] = mapped_column(Date)

    breaks: Mapped[list[ScheduleBreak]] = relationship(
        cascade="all, delete-orphan", order_by="ScheduleBreak.start_time"
    )


class ScheduleBreak(Base):
    __tablename__ = "schedule_breaks"
    __table_args__ = (CheckConstraint("end_time > start_time", name="ends_after_start"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    schedule_id: Mapped[uuid.UUID] = mapped_column(
        UUIDT, _fk("doctor_schedules.id", "CASCADE"), index=True
    )
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)


class TimeOff(Timestamped, Base):
    __tablename__ = "time_off"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_time_off_doctor_range", "doctor_id", "starts_at", "ends_at"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    doctor_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("doctors.id", "CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(TZ)
    ends_at: Mapped[datetime] = mapped_column(TZ)
    reason: Mapped[str | None] = mapped_column(String(300))


class TimeOffSlot(Base):
    """A slot a time off closed: removing the time off reopens exactly these (and no slot
    closed for another reason). A slot is closed by one time off at most."""

    __tablename__ = "time_off_slots"

    time_off_id: Mapped[uuid.UUID] = mapped_column(
        UUIDT, _fk("time_off.id", "CASCADE"), primary_key=True
    )
    slot_id: Mapped[uuid.UUID] = mapped_column(
        UUIDT, _fk("appointment_slots.id", "CASCADE"), primary_key=True, unique=True
    )


class HoursClosedSlot(Base):
    """A free slot closed because it fell outside a doctor's new working hours: hours that
    take that time back reopen these (and no slot closed for another reason)."""

    __tablename__ = "hours_closed_slots"

    slot_id: Mapped[uuid.UUID] = mapped_column(
        UUIDT, _fk("appointment_slots.id", "CASCADE"), primary_key=True
    )


class AppointmentSlot(Timestamped, Base):
    __tablename__ = "appointment_slots"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity BETWEEN 1 AND 100", name="capacity_range"),
        CheckConstraint("booked_count >= 0", name="booked_nonneg"),
        CheckConstraint("booked_count <= capacity", name="within_capacity"),
        UniqueConstraint("doctor_id", "starts_at"),
        # Free slots of a specialty / clinic in a date range, and of a doctor on a day.
        Index(
            "ix_appointment_slots_free_by_time",
            "starts_at",
            "doctor_id",
            postgresql_where=text("is_active AND booked_count < capacity"),
        ),
        Index(
            "ix_appointment_slots_free_by_doctor",
            "doctor_id",
            "starts_at",
            postgresql_where=text("is_active AND booked_count < capacity"),
        ),
        # A clinic's slots of a period: /report's offered minutes (migration 0020).
        Index("ix_appointment_slots_clinic_starts", "clinic_id", "starts_at"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    doctor_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("doctors.id"))
    clinic_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("clinics.id"))
    starts_at: Mapped[datetime] = mapped_column(TZ)
    ends_at: Mapped[datetime] = mapped_column(TZ)
    capacity: Mapped[int] = mapped_column(SmallInteger, server_default="1")
    booked_count: Mapped[int] = mapped_column(SmallInteger, server_default="0")
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))


class Appointment(Timestamped, Base):
    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(_in("status", APPOINTMENT_STATUSES), name="status_known"),
        CheckConstraint(_in("previous_status", APPOINTMENT_STATUSES), name="previous_status_known"),
        CheckConstraint(_in("created_via", CREATED_VIA), name="created_via_known"),
        CheckConstraint(
            "(status = 'cancelled') = (cancelled_at IS NOT NULL)", name="cancelled_at_iff_cancelled"
        ),
        Index("ix_appointments_patient_upcoming", "patient_id", "starts_at"),
        Index("ix_appointments_doctor_day", "doctor_id", "starts_at"),
        # A doctor's history with one patient: returning or first visit, the visit card.
        Index("ix_appointments_doctor_patient", "doctor_id", "patient_id", "starts_at"),
        Index("ix_appointments_slot", "slot_id"),
        # A clinic's appointments of a period: /report and its CSV (migration 0020).
        Index("ix_appointments_clinic_starts", "clinic_id", "starts_at"),
        Index("ix_appointments_calendar_uid", "calendar_uid"),
        CheckConstraint("calendar_sequence >= 0", name="calendar_sequence_not_negative"),
        # One active place per patient in a slot, even before the overlap trigger runs.
        Index(
            "uq_appointments_patient_slot_active",
            "patient_id",
            "slot_id",
            unique=True,
            postgresql_where=text(ACTIVE_APPOINTMENT_SQL),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    patient_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("patients.id"))
    doctor_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("doctors.id"))
    clinic_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("clinics.id"))
    slot_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("appointment_slots.id"))
    starts_at: Mapped[datetime] = mapped_column(TZ)
    ends_at: Mapped[datetime] = mapped_column(TZ)
    status: Mapped[str] = mapped_column(String(16), server_default="scheduled")
    reason: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(TZ)
    cancelled_by: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("users.id"))
    cancellation_reason: Mapped[str | None] = mapped_column(String(500))
    rescheduled_from_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDT, _fk("appointments.id"), unique=True
    )
    series_id: Mapped[uuid.UUID | None] = mapped_column(UUIDT, index=True)
    # The visit's event in calendar files (migration 0015's trigger sets both): a moved
    # visit keeps the UID of the first one, its sequence one higher than the one it replaced.
    calendar_uid: Mapped[uuid.UUID] = mapped_column(UUIDT, server_default=text("gen_random_uuid()"))
    calendar_sequence: Mapped[int] = mapped_column(Integer, server_default="0")
    idempotency_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    created_via: Mapped[str] = mapped_column(String(16), server_default="patient")
    created_by: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("users.id"))
    # The last change of status: when, by whom, and what it was before (for Undo). A
    # trigger (migration 0008) lets the status move only along the allowed transitions.
    status_changed_at: Mapped[datetime | None] = mapped_column(TZ)
    status_changed_by: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("users.id"))
    previous_status: Mapped[str | None] = mapped_column(String(16))


class MedicalRecord(Timestamped, Base):
    """A visit's record. Its author may change it until `editable_until`; after that it is
    corrected by MedicalRecordCorrection rows (a trigger refuses the edit and any delete)."""

    __tablename__ = "medical_records"
    __table_args__ = (Index("ix_medical_records_doctor_patient", "doctor_id", "patient_id"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    patient_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("patients.id"), index=True)
    doctor_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("doctors.id"))
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDT, _fk("appointments.id"), unique=True
    )
    diagnosis: Mapped[str | None] = mapped_column(Text)
    prescription: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    author_user_id: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("users.id"))
    editable_until: Mapped[datetime] = mapped_column(
        TZ, server_default=text("now() + interval '24 hours'")
    )
    edited_at: Mapped[datetime | None] = mapped_column(TZ)  # the writer's clock, last edit


class MedicalRecordCorrection(Base):
    """A correction of a visit record once its edit window closed: append-only."""

    __tablename__ = "medical_record_corrections"

    id: Mapped[uuid.UUID] = uuid_pk()
    record_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("medical_records.id"), index=True)
    author_user_id: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("users.id"))
    diagnosis: Mapped[str | None] = mapped_column(Text)
    prescription: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TZ, server_default=func.now())


class DoctorPatientAssignment(Timestamped, Base):
    __tablename__ = "doctor_patient_assignments"
    __table_args__ = (
        UniqueConstraint("doctor_id", "patient_id"),
        Index("ix_doctor_patient_assignments_patient", "patient_id"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    doctor_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("doctors.id"))
    patient_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("patients.id"))
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    notes: Mapped[str | None] = mapped_column(Text)


class ClinicPatientLink(Base):
    """A patient whom a clinic's front desk confirmed by their whole phone number and date of
    birth (0022): from then on the clinic knows them as it knows one who visited it."""

    __tablename__ = "clinic_patient_links"
    # The unique index (clinic_id, patient_id) is also what the desk's "linked" EXISTS reads.
    __table_args__ = (UniqueConstraint("clinic_id", "patient_id"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    clinic_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("clinics.id"))
    patient_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("patients.id"), index=True)
    linked_by: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("users.id"))
    linked_at: Mapped[datetime] = mapped_column(TZ)


class Staff(Timestamped, Base):
    __tablename__ = "staff"
    __table_args__ = (CheckConstraint(_in("status", STAFF_STATUSES), name="status_known"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("users.id"), unique=True)
    clinic_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("clinics.id"), index=True)
    department: Mapped[str | None] = mapped_column(String(100))
    position: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), server_default="active")


class Notification(Timestamped, Base):
    """The outbox: rows written in the transaction that caused them, sent by the dispatcher
    (services.dispatch) when `not_before` has come."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_nonneg"),
        CheckConstraint(_in("kind", NOTIFICATION_KINDS), name="kind_known"),
        CheckConstraint(_in("status", NOTIFICATION_STATUSES), name="status_known"),
        CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="sent_at_iff_sent"),
        CheckConstraint("(claimed_by IS NULL) = (claimed_until IS NULL)", name="claim_whole"),
        # The dispatcher's claim: pending rows whose time has come, oldest first.
        Index("ix_notifications_due", "not_before", postgresql_where=text("status = 'pending'")),
        Index(
            "ix_notifications_appointment",
            "appointment_id",
            postgresql_where=text("appointment_id IS NOT NULL"),
        ),
        # /notifications: a user's sent notifications, newest first.
        Index(
            "ix_notifications_user_sent",
            "user_id",
            "sent_at",
            postgresql_where=text("status = 'sent'"),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(50))
    # Checked at commit: the booking transaction writes its outbox rows before the
    # appointment (services.booking._insert_appointment explains the order).
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDT,
        ForeignKey("appointments.id", ondelete="CASCADE", deferrable=True, initially="DEFERRED"),
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    due_at: Mapped[datetime] = mapped_column(TZ, server_default=func.now())
    # The earliest moment it may be (re)tried: due_at at first, later a retry's wait or the
    # lease of the dispatcher that claimed it.
    not_before: Mapped[datetime] = mapped_column(TZ, server_default=func.now())
    status: Mapped[str] = mapped_column(String(16), server_default="pending")
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(TZ)
    sent_at: Mapped[datetime | None] = mapped_column(TZ)
    attempts: Mapped[int] = mapped_column(SmallInteger, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    read_at: Mapped[datetime | None] = mapped_column(TZ)
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)


class OutboxPace(Base):
    """One row: when (database time) the next outbox message may go, so that all the
    dispatchers together keep to the overall rate. Its row lock orders their claims."""

    __tablename__ = "outbox_pace"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    next_at: Mapped[datetime] = mapped_column(TZ, server_default=func.now())


_LIVE_ENTRY = _in("status", OPEN_WAITLIST_STATUSES)


class WaitlistEntry(Timestamped, Base):
    """A patient waiting for a place: with one doctor, or a specialty (at one clinic or at
    any), between two clinic-local dates, optionally in one part of the day. Joining order
    is `created_at` (the database's insertion time: who really asked first)."""

    __tablename__ = "waitlist_entries"
    __table_args__ = (
        CheckConstraint(_in("status", WAITLIST_STATUSES), name="status_known"),
        CheckConstraint("latest_date >= earliest_date", name="dates_ordered"),
        CheckConstraint(
            "doctor_id IS NOT NULL OR specialty_id IS NOT NULL", name="doctor_or_specialty"
        ),
        CheckConstraint(
            "doctor_id IS NULL OR (specialty_id IS NULL AND clinic_id IS NULL)",
            name="doctor_alone",
        ),
        CheckConstraint(_in("part_of_day", PARTS_OF_DAY), name="part_of_day_known"),
        Index("ix_waitlist_entries_doctor_waiting", "doctor_id", "earliest_date",
              postgresql_where=text("status = 'waiting'")),
        Index("ix_waitlist_entries_specialty_waiting", "specialty_id", "earliest_date",
              postgresql_where=text("status = 'waiting' AND doctor_id IS NULL")),
        # One open entry per person and what they wait for (a second is refused kindly).
        Index("uq_waitlist_entries_open_doctor", "patient_id", "doctor_id", unique=True,
              postgresql_where=text(f"{_LIVE_ENTRY} AND doctor_id IS NOT NULL")),
        Index("uq_waitlist_entries_open_specialty_clinic", "patient_id", "specialty_id",
              "clinic_id", unique=True,
              postgresql_where=text(f"{_LIVE_ENTRY} AND doctor_id IS NULL"
                                    " AND clinic_id IS NOT NULL")),
        Index("uq_waitlist_entries_open_specialty", "patient_id", "specialty_id", unique=True,
              postgresql_where=text(f"{_LIVE_ENTRY} AND doctor_id IS NULL AND clinic_id IS NULL")),
    )  # fmt: skip

    id: Mapped[uuid.UUID] = uuid_pk()
    patient_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("patients.id"), index=True)
    doctor_id: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("doctors.id"))
    specialty_id: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("specialties.id"))
    clinic_id: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("clinics.id"))
    earliest_date: Mapped[date] = mapped_column(Date)
    latest_date: Mapped[date] = mapped_column(Date)
    part_of_day: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), server_default="waiting")
    notified_at: Mapped[datetime | None] = mapped_column(TZ)
    ended_at: Mapped[datetime | None] = mapped_column(TZ)  # booked, left or expired (0014)
    created_by: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("users.id"))


class SlotHold(Timestamped, Base):
    """A freed place offered to one waiting patient: while `active` and before `expires_at`
    nobody else may book it (trigger `careslot_appointment_hold`, migration 0014)."""

    __tablename__ = "slot_holds"
    __table_args__ = (
        CheckConstraint(_in("status", HOLD_STATUSES), name="status_known"),
        CheckConstraint("(status = 'active') = (ended_at IS NULL)", name="ended_at_iff_ended"),
        # A place is offered to an entry once: declined or let go, it goes to the next.
        UniqueConstraint("slot_id", "entry_id"),
        Index("ix_slot_holds_live", "slot_id", postgresql_where=text("status = 'active'")),
        Index("ix_slot_holds_due", "expires_at", postgresql_where=text("status = 'active'")),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    slot_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("appointment_slots.id", "CASCADE"))
    entry_id: Mapped[uuid.UUID] = mapped_column(
        UUIDT, _fk("waitlist_entries.id", "CASCADE"), index=True
    )
    patient_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("patients.id"), index=True)
    expires_at: Mapped[datetime] = mapped_column(TZ)
    status: Mapped[str] = mapped_column(String(16), server_default="active")
    ended_at: Mapped[datetime | None] = mapped_column(TZ)


INVITE_ROLES = ("doctor", "staff")
# A doctor's invite names the doctor record it links; a staff invite the clinic of the new
# staff record it creates.
INVITE_TARGET_SQL = (
    "(role = 'doctor' AND doctor_id IS NOT NULL AND clinic_id IS NULL)"
    " OR (role = 'staff' AND clinic_id IS NOT NULL AND doctor_id IS NULL)"
)


class Invite(Timestamped, Base):
    """A one-time deep link: only the sha256 of its code is kept. Used once, or revoked, it is
    closed for good (migration 0017: a trigger refuses any change to a closed invite)."""

    __tablename__ = "invites"
    __table_args__ = (
        CheckConstraint(_in("role", INVITE_ROLES), name="role_known"),
        CheckConstraint(INVITE_TARGET_SQL, name="target_matches_role"),
        CheckConstraint("code_hash ~ '^[0-9a-f]{64}$'", name="code_hash_shape"),
        CheckConstraint("(used_at IS NULL) = (used_by IS NULL)", name="used_whole"),
        CheckConstraint("used_at IS NULL OR revoked_at IS NULL", name="used_or_revoked"),
        CheckConstraint("expires_at > created_at", name="expires_after_creation"),
        Index(
            "ix_invites_open",
            "expires_at",
            postgresql_where=text("used_at IS NULL AND revoked_at IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    clinic_id: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("clinics.id"))
    doctor_id: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("doctors.id"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("users.id"))
    expires_at: Mapped[datetime] = mapped_column(TZ)
    used_at: Mapped[datetime | None] = mapped_column(TZ)
    used_by: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(TZ)


class AuditLog(Base):
    """Append-only: a trigger refuses UPDATE and DELETE."""

    __tablename__ = "audit_logs"
    __table_args__ = (
        # The audit log's pages (services.audit_log): newest first, keyset on (at, id),
        # with or without one filter (migration 0017).
        Index("ix_audit_logs_at_id", "at", "id"),
        Index("ix_audit_logs_actor_at", "actor_user_id", "at", "id"),
        Index("ix_audit_logs_action_at", "action", "at", "id"),
        Index("ix_audit_logs_resource_at", "resource_type", "resource_id", "at", "id"),
        Index("ix_audit_logs_type_at", "resource_type", "at", "id"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(UUIDT, _fk("users.id"))
    action: Mapped[str] = mapped_column(String(64))
    resource_type: Mapped[str] = mapped_column(String(64))
    resource_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    at: Mapped[datetime] = mapped_column(TZ, server_default=func.now())


class DoctorFullDay(Base):
    """A clinic-local day on which the doctor's active appointments have reached
    `max_patients_per_day`: a new booking that day is refused (migration 0002), so the
    free-slot queries leave the day out. Kept by triggers in the transaction of every
    change of the count, the limit or the clinic's time zone (migration 0004)."""

    __tablename__ = "doctor_full_days"

    doctor_id: Mapped[uuid.UUID] = mapped_column(
        UUIDT, _fk("doctors.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)


FEED_SCOPES = ("patient", "doctor")


class CalendarFeed(Base):
    """A subscribable calendar link: its JWT names this row by `jti`; a reset revokes it.

    One live link per user and scope (a partial unique index); revoked rows stay, so a
    revoked token is known as revoked, not merely unknown."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (
        CheckConstraint(_in("scope", FEED_SCOPES), name="scope_known"),
        Index(
            "uq_calendar_feeds_live", "user_id", "scope", unique=True,
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )  # fmt: skip

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(UUIDT, _fk("users.id", "CASCADE"))
    scope: Mapped[str] = mapped_column(String(16))
    jti: Mapped[uuid.UUID] = mapped_column(UUIDT, unique=True)
    created_at: Mapped[datetime] = mapped_column(TZ, server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(TZ)
    revoked_at: Mapped[datetime | None] = mapped_column(TZ)


class ProcessedUpdate(Base):
    """Telegram update ids already handled (or received and not yet handled), kept for a
    bounded window (pruned by `received_at`), so a redelivered update is ignored."""

    __tablename__ = "processed_updates"

    __table_args__ = (
        Index("ix_processed_updates_unclaimed", "update_id", postgresql_where=text("NOT claimed")),
    )

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[datetime] = mapped_column(TZ, server_default=func.now(), index=True)
    # The journal: an update written down on arrival is unclaimed and keeps its payload
    # until the gatekeeper claims it (then the payload goes); see services.updates.
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    claimed: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))


# --- python-telegram-bot persistence -----------------------------------------------------


class BotConversation(Base):
    __tablename__ = "bot_conversations"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    state: Mapped[Any] = mapped_column(JSONB)
    updated_at: Mapped[datetime] = mapped_column(TZ, server_default=func.now())


class BotUserData(Base):
    __tablename__ = "bot_user_data"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    updated_at: Mapped[datetime] = mapped_column(TZ, server_default=func.now())


class BotChatData(Base):
    __tablename__ = "bot_chat_data"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    updated_at: Mapped[datetime] = mapped_column(TZ, server_default=func.now())


class BotKeyValue(Base):
    """Singletons of the persistence: `bot_data` and `callback_data`."""

    __tablename__ = "bot_kv"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONB)
    updated_at: Mapped[datetime] = mapped_column(TZ, server_default=func.now())
