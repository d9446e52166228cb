"""The patient's side: registration, booking and rescheduling, /my, /profile, /privacy."""

from __future__ import annotations

from telegram.ext import BaseHandler, MessageHandler, filters

from handlers.callbacks import (
    AddMember,
    Appt,
    ApptAction,
    AskDelete,
    BirthDay,
    CancelWhy,
    Confirm,
    ConfirmDelete,
    Consent,
    EditProfile,
    ExportData,
    Family,
    FindBy,
    ForWhom,
    Member,
    MemberRelation,
    Month,
    MyList,
    Nav,
    NavAction,
    Page,
    PickClinic,
    PickDay,
    PickDoctor,
    PickRelation,
    PickSlot,
    PickSpecialty,
    SetLanguage,
)
from handlers.patient import (
    appointments,
    confirm,
    family,
    family_edit,
    find,
    pick,
    privacy,
    profile,
    registration,
    repeat,
    series_changes,
    shortcut,
    waitlist,
    whom,
)
from handlers.patient.booking_state import Step
from handlers.routing import TEXT, Press, command, text
from handlers.series_buttons import (
    RepeatCount,
    RepeatEvery,
    RepeatPick,
    RepeatSkip,
    RepeatStep,
    SeriesChange,
)
from handlers.waitlist_buttons import (
    OfferAnswer,
    WaitAnywhere,
    WaitDoctor,
    WaitJoin,
    WaitLeave,
    WaitPart,
    WaitSpecialty,
    WaitWho,
)


class NavPress(Press):
    """A Back / Skip / Days / Close press of the open flow (one action of Nav)."""

    def __init__(self, action: NavAction, callback) -> None:
        self.action = action
        super().__init__(Nav, callback, live=True)

    def _unpack(self, data: object) -> Nav | None:
        nav = Nav.unpack(data)
        return nav if nav is not None and nav.action is self.action else None


def entries() -> list[BaseHandler]:
    """The patient's commands and the presses that start or leave a flow."""
    return [
        command("book", find.start_booking),
        command("my", appointments.my_command),
        command("profile", profile.show_profile),
        command("privacy", privacy.privacy_command),
        Press(MyList, appointments.list_pressed),
        Press(Appt, _appointment),
        Press(CancelWhy, appointments.cancel_confirmed),
        Press(EditProfile, profile.edit_pressed),
        Press(SetLanguage, profile.language_pressed),
        Press(Confirm, confirm.already_booked),
        Press(RepeatStep, repeat.already_done),
        Press(SeriesChange, series_changes.change_pressed),
        Press(ExportData, privacy.export_pressed),
        Press(AskDelete, privacy.delete_pressed),
        Press(Family, family.family_pressed),
        Press(AddMember, family.add_pressed),
        Press(Member, family_edit.member_pressed),
        Press(MemberRelation, family_edit.relation_pressed),
        Press(WaitDoctor, waitlist.start),
        Press(WaitSpecialty, waitlist.start),
        Press(WaitAnywhere, waitlist.start),
        Press(OfferAnswer, waitlist.offer_pressed),
        Press(WaitLeave, waitlist.leave_pressed),
    ]


async def _appointment(update, context):
    if context.press.action is ApptAction.RESCHEDULE:
        return await confirm.start_move(update, context)
    return await appointments.appointment_pressed(update, context)


def states() -> dict[object, list[BaseHandler]]:
    """Each step's handlers: the presses and the text it asked for, nothing else."""
    back = lambda callback: NavPress(NavAction.BACK, callback)  # noqa: E731
    return {
        registration.Step.PRIVACY: [Press(Consent, registration.privacy_answer, live=True)],
        registration.Step.PHONE: [
            MessageHandler(filters.UpdateType.MESSAGE & filters.CONTACT, registration.phone_shared),
            MessageHandler(TEXT, registration.phone_typed),
        ],
        registration.Step.NAME: [
            Press(Consent, registration.name_button, live=True),
            MessageHandler(TEXT, registration.name_typed),
        ],
        registration.Step.BIRTH: [
            Press(Consent, registration.birth_back, live=True),
            Press(BirthDay, registration.birth_chosen, live=True),
            MessageHandler(TEXT, registration.birth_typed),
        ],
        profile.Step.VALUE: [
            text(profile.value_typed),
            Press(BirthDay, profile.birth_chosen, live=True),
        ],
        privacy.Step.CONFIRM: [Press(ConfirmDelete, privacy.delete_confirmed, live=True)],
        **_family_states(back),
        Step.FIND: [Press(FindBy, find.find_by, live=True)],
        Step.LIST: [
            Press(PickSpecialty, find.pick_group, live=True),
            Press(PickClinic, find.pick_group, live=True),
            Press(PickDoctor, find.pick_doctor, live=True),
            Press(Page, find.list_page, live=True),
            text(find.list_text),
            back(find.back_from_list),
        ],
        Step.SEARCH: [text(find.search_typed), back(find.back_to_find)],
        Step.CARD: [NavPress(NavAction.DAYS, pick.choose_day), back(find.back_from_card)],
        Step.DAY: [
            Press(PickDay, pick.day_pressed, live=True),
            Press(Month, pick.month_moved, live=True),
            text(pick.day_typed),
            back(confirm.back_from_day),
        ],
        Step.TIME: [
            Press(PickSlot, pick.slot_pressed, live=True),
            Press(PickDay, pick.day_pressed, live=True),
            text(shortcut.follow_up),
            back(pick.back_from_time),
        ],
        Step.WHOM: [
            Press(ForWhom, whom.whom_pressed, live=True),
            Press(AddMember, family.add_from_booking, live=True),
            back(whom.back_from_whom),
        ],
        Step.REASON: [
            text(pick.reason_typed),
            NavPress(NavAction.SKIP, pick.skip_reason),
            back(pick.back_from_reason),
        ],
        Step.WAIT: [
            Press(WaitPart, waitlist.part_pressed, live=True),
            Press(WaitWho, waitlist.who_pressed, live=True),
            Press(WaitJoin, waitlist.join_pressed, live=True),
            text(waitlist.dates_typed),
            back(waitlist.back_from_wait),
        ],
        Step.CONFIRM: [
            Press(Confirm, confirm.confirm_pressed, live=True),
            Press(RepeatStep, repeat.repeat_step, live=True),
            NavPress(NavAction.CLOSE, confirm.close_flow),
            back(confirm.back_from_confirm),
        ],
        Step.REPEAT_EVERY: [
            Press(RepeatEvery, repeat.every_pressed, live=True),
            Press(RepeatStep, repeat.repeat_step, live=True),
        ],
        Step.REPEAT_COUNT: [
            Press(RepeatCount, repeat.count_pressed, live=True),
            Press(RepeatStep, repeat.repeat_step, live=True),
            text(repeat.count_typed),
        ],
        Step.REPEAT_PLAN: [
            Press(RepeatPick, repeat.pick_pressed, live=True),
            Press(RepeatSkip, repeat.pick_pressed, live=True),
            Press(RepeatStep, repeat.repeat_step, live=True),
        ],
    }


def _family_states(back) -> dict[object, list[BaseHandler]]:
    """The steps of adding a family member and of editing one."""
    steps = family.Step
    return {
        steps.NAME: [text(family.name_typed), back(family.back(steps.NAME))],
        steps.BIRTH: [
            text(family.birth_typed),
            Press(BirthDay, family.birth_chosen, live=True),
            back(family.back(steps.BIRTH)),
        ],
        steps.RELATION: [
            Press(PickRelation, family.relation_pressed, live=True),
            back(family.back(steps.RELATION)),
        ],
        steps.ALLERGIES: [
            text(family.allergies_typed),
            NavPress(NavAction.SKIP, family.allergies_skipped),
            back(family.back(steps.ALLERGIES)),
        ],
        family_edit.Step.VALUE: [
            text(family_edit.value_typed),
            Press(BirthDay, family_edit.birth_chosen, live=True),
        ],
    }
