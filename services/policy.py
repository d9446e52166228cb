"""Who may do what: the one permission table the services check every actor against.

A service takes an `Actor` (who is asking, in which role, for which records) and,
before it reads another person's data or changes state, calls `require` with the
action and the records it touches (patient, doctor, clinic, user). Handlers only
choose what to show; the decision is made here.

Scopes nest: `any` covers everything, `clinic` covers the actor's clinic *and* what
`own` covers, so a doctor, staff member or admin with a patient record books,
moves and cancels their own visits anywhere, like any patient.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Flag, StrEnum, auto
from types import MappingProxyType
from typing import TYPE_CHECKING

from services.errors import NotAllowed

if TYPE_CHECKING:
    from services.users import UserOut


class Role(StrEnum):
    """The values `db.models.ROLES` stores."""

    patient = "patient"
    doctor = "doctor"
    staff = "staff"
    admin = "admin"


class Action(StrEnum):
    book = "book"
    cancel = "cancel"
    reschedule = "reschedule"
    view_appointment = "view_appointment"
    list_appointments = "list_appointments"
    view_profile = "view_profile"
    edit_profile = "edit_profile"
    register_patient = "register_patient"  # for someone else, at the front desk
    find_patient = "find_patient"  # the front desk's search and a patient's card there
    link_patient = "link_patient"  # a patient joined to the desk's clinic (phone + birth date)
    set_role = "set_role"
    view_users = "view_users"  # find an account and see its role, status and staff record
    block_user = "block_user"
    edit_staff_record = "edit_staff_record"  # a staff record's department, position, status
    manage_clinics = "manage_clinics"
    manage_specialties = "manage_specialties"
    manage_doctors = "manage_doctors"
    manage_schedule = "manage_schedule"  # weekly working hours
    manage_time_off = "manage_time_off"
    generate_slots = "generate_slots"
    close_slot = "close_slot"
    view_doctor_day = "view_doctor_day"
    view_clinic_day = "view_clinic_day"
    view_reports = "view_reports"
    view_audit = "view_audit"
    invite = "invite"
    book_inside_notice = "book_inside_notice"  # walk-ins inside the minimum booking notice
    change_inside_cancel_notice = "change_inside_cancel_notice"  # cancel/move inside it
    export_data = "export_data"  # what CareSlot stores about a patient, as files
    delete_account = "delete_account"  # a patient's account erased, the clinic's records kept
    calendar_feed = "calendar_feed"  # a subscribable calendar link of one's own visits
    manage_family = "manage_family"  # add, edit and remove the family members one holds
    confirm_visit = "confirm_visit"  # "I will come" (a reminder's Confirm)
    read_notifications = "read_notifications"  # /notifications: one's own, marked read
    mark_visit = "mark_visit"  # arrived, done, no-show (and their undo) on a visit
    view_patient_card = "view_patient_card"  # a patient's contact and history, for their doctor
    write_record = "write_record"  # a visit's record: diagnosis, prescription, notes
    read_records = "read_records"  # a patient's own visit records
    # join, see and leave the waitlist, and answer its offers (Book it / No thanks), for
    # oneself and the family members one holds
    use_waitlist = "use_waitlist"
    set_digest = "set_digest"  # the doctor's morning digest: its time, or off
    manage_assignments = "manage_assignments"  # "my patients": list, add, end an assignment


class Scope(StrEnum):
    own = "own"  # the actor's own records (which ones: OWN_RECORD below)
    clinic = "clinic"  # anything in the actor's clinic, and what `own` allows
    any = "any"


def _frozen(table: dict[Action, dict[Role, Scope]]) -> Mapping[Action, Mapping[Role, Scope]]:
    return MappingProxyType({action: MappingProxyType(row) for action, row in table.items()})


P, D, S, A = Role.patient, Role.doctor, Role.staff, Role.admin
OWN, CLINIC, ANY = Scope.own, Scope.clinic, Scope.any

# A role missing from an action's row may not do it.
PERMISSIONS: Mapping[Action, Mapping[Role, Scope]] = _frozen(
    {
        Action.book:                        {P: OWN, D: OWN, S: CLINIC, A: ANY},
        Action.cancel:                      {P: OWN, D: OWN, S: CLINIC, A: ANY},
        Action.reschedule:                  {P: OWN, D: OWN, S: CLINIC, A: ANY},
        Action.view_appointment:            {P: OWN, D: OWN, S: CLINIC, A: ANY},
        Action.list_appointments:           {P: OWN, D: OWN, S: CLINIC, A: ANY},
        Action.view_profile:                {P: OWN, D: OWN, S: OWN, A: ANY},
        Action.edit_profile:                {P: OWN, D: OWN, S: OWN, A: ANY},
        Action.register_patient:            {S: CLINIC, A: ANY},
        Action.find_patient:                {S: CLINIC, A: ANY},
        Action.link_patient:                {S: CLINIC, A: ANY},
        Action.set_role:                    {A: ANY},
        Action.view_users:                  {A: ANY},
        Action.block_user:                  {A: ANY},
        Action.edit_staff_record:           {A: ANY},
        Action.manage_clinics:              {A: ANY},
        Action.manage_specialties:          {A: ANY},
        Action.manage_doctors:              {A: ANY},
        Action.manage_schedule:             {D: OWN, S: CLINIC, A: ANY},
        Action.manage_time_off:             {D: OWN, S: CLINIC, A: ANY},
        Action.generate_slots:              {S: CLINIC, A: ANY},
        Action.close_slot:                  {S: CLINIC, A: ANY},
        Action.view_doctor_day:             {D: OWN, S: CLINIC, A: ANY},
        Action.view_clinic_day:             {S: CLINIC, A: ANY},
        Action.view_reports:                {S: CLINIC, A: ANY},
        Action.view_audit:                  {A: ANY},
        Action.invite:                      {A: ANY},
        Action.book_inside_notice:          {S: CLINIC, A: ANY},
        Action.change_inside_cancel_notice: {S: CLINIC, A: ANY},
        Action.export_data:                 {P: OWN, A: ANY},
        Action.delete_account:              {P: OWN, A: ANY},
        Action.calendar_feed:               {P: OWN, D: OWN, S: OWN, A: ANY},
        Action.manage_family:               {P: OWN, D: OWN, S: OWN, A: ANY},
        Action.confirm_visit:               {P: OWN, D: OWN, S: CLINIC, A: ANY},
        Action.read_notifications:          {P: OWN, D: OWN, S: OWN, A: ANY},
        Action.mark_visit:                  {D: OWN, S: CLINIC, A: ANY},
        Action.view_patient_card:           {D: OWN, A: ANY},
        Action.write_record:                {D: OWN, A: ANY},
        Action.read_records:                {P: OWN, D: OWN, S: OWN, A: ANY},
        Action.use_waitlist:                {P: OWN, D: OWN, S: OWN, A: ANY},
        Action.set_digest:                  {D: OWN, A: ANY},
        Action.manage_assignments:          {D: OWN, A: ANY},
    }
)  # fmt: skip
del P, D, S, A, OWN, CLINIC, ANY


class Record(Flag):
    """Which of the actor's records make a target theirs."""

    none = 0
    # the patient the action is about is the actor's patient record, or one of the family
    # members it holds (a dependant: `holder_id` names its holder)
    patient = auto()
    doctor = auto()  # the doctor the action is about is the actor's doctor record
    user = auto()  # the user account the action is about is the actor's


# What "own" means per action; an action not listed has no "own" (the notice
# privileges belong to a clinic's staff, not to whoever is the patient). A doctor sees
# the visits booked with them but does not cancel or move them here: that goes through
# their time off, which tells the patients.
OWN_RECORD: Mapping[Action, Record] = MappingProxyType(
    {
        Action.book: Record.patient,
        Action.cancel: Record.patient,
        Action.reschedule: Record.patient,
        Action.view_appointment: Record.patient | Record.doctor,
        Action.list_appointments: Record.patient,
        Action.view_profile: Record.user,
        Action.edit_profile: Record.user,
        Action.manage_schedule: Record.doctor,
        Action.manage_time_off: Record.doctor,
        Action.generate_slots: Record.doctor,
        Action.close_slot: Record.doctor,
        Action.view_doctor_day: Record.doctor,
        Action.export_data: Record.patient | Record.user,
        Action.delete_account: Record.user,
        Action.calendar_feed: Record.user,
        Action.manage_family: Record.patient,
        Action.confirm_visit: Record.patient,
        Action.read_notifications: Record.user,
        Action.mark_visit: Record.doctor,
        Action.view_patient_card: Record.doctor,
        Action.write_record: Record.doctor,
        Action.read_records: Record.patient,
        Action.use_waitlist: Record.patient,
        Action.set_digest: Record.doctor,
        Action.manage_assignments: Record.doctor,
    }
)

# Never on one's own account, whatever the scope: nobody promotes or blocks themselves.
NOT_ON_ONESELF = frozenset({Action.set_role, Action.block_user})


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is asking: their account, role and the records that make something theirs."""

    user_id: uuid.UUID | None
    role: Role
    patient_id: uuid.UUID | None = None
    doctor_id: uuid.UUID | None = None
    doctor_clinic_id: uuid.UUID | None = None  # the doctor's clinic, if a doctor
    staff_clinic_id: uuid.UUID | None = None
    telegram_user_id: int | None = None
    # False for a blocked account: it may do nothing at all, whatever its role.
    active: bool = True

    @classmethod
    def from_user(cls, user: UserOut | None, *, telegram_user_id: int | None = None) -> Actor:
        """The actor behind a loaded user; an unknown Telegram user is an anonymous patient."""
        if user is None:
            return cls(user_id=None, role=Role.patient, telegram_user_id=telegram_user_id)
        return cls(
            user_id=user.id,
            role=Role(user.role),
            patient_id=user.patient_id,
            doctor_id=user.doctor_id,
            doctor_clinic_id=user.doctor_clinic_id,
            staff_clinic_id=user.staff_clinic_id,
            telegram_user_id=user.telegram_user_id or telegram_user_id,
            active=user.is_active,
        )

    @classmethod
    def system(cls) -> Actor:
        """Internal jobs, seeding and tests: an admin without an account."""
        return cls(user_id=None, role=Role.admin)

    @property
    def is_system(self) -> bool:
        return self.user_id is None and self.role is Role.admin

    @property
    def created_via(self) -> str:
        """What an appointment this actor books records as its origin."""
        if self.is_system:
            return "system"
        return self.role.value


def _owns(
    actor: Actor,
    record: Record,
    patient_id: uuid.UUID | None,
    doctor_id: uuid.UUID | None,
    user_id: uuid.UUID | None,
    holder_id: uuid.UUID | None = None,
) -> bool:
    mine = actor.patient_id is not None and actor.patient_id in (patient_id, holder_id)
    return bool(
        (Record.patient in record and mine)
        or (Record.doctor in record and doctor_id is not None and doctor_id == actor.doctor_id)
        or (Record.user in record and user_id is not None and user_id == actor.user_id)
    )


def _in_clinic(actor: Actor, clinic_id: uuid.UUID | None) -> bool:
    return clinic_id is not None and clinic_id in (actor.staff_clinic_id, actor.doctor_clinic_id)


def allowed(
    actor: Actor,
    action: Action,
    *,
    patient_id: uuid.UUID | None = None,
    doctor_id: uuid.UUID | None = None,
    clinic_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    holder_id: uuid.UUID | None = None,
) -> bool:
    """Whether the actor may do `action` on the records named (those it touches).

    `holder_id` is the holder of the patient named when that patient is a family member
    (a dependant): the holder acts for them as for themselves, nobody else does.
    A blocked account (`actor.active` false) may do nothing."""
    if not actor.active:
        return False
    if action in NOT_ON_ONESELF and user_id is not None and user_id == actor.user_id:
        return False
    scope = PERMISSIONS[action].get(actor.role)
    if scope is None:
        return False
    if scope is Scope.any:
        return True
    if scope is Scope.clinic and _in_clinic(actor, clinic_id):
        return True
    return _owns(
        actor, OWN_RECORD.get(action, Record.none), patient_id, doctor_id, user_id, holder_id
    )


def role_has(actor: Actor, action: Action) -> bool:
    """Whether the actor's role may do `action` on anything at all (what menus offer)."""
    return actor.role in PERMISSIONS[action]


def require(
    actor: Actor,
    action: Action,
    *,
    patient_id: uuid.UUID | None = None,
    doctor_id: uuid.UUID | None = None,
    clinic_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    holder_id: uuid.UUID | None = None,
) -> None:
    """`allowed`, or `NotAllowed`."""
    if not allowed(
        actor,
        action,
        patient_id=patient_id,
        doctor_id=doctor_id,
        clinic_id=clinic_id,
        user_id=user_id,
        holder_id=holder_id,
    ):
        raise NotAllowed()
