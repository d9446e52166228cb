"""Screens of the patient's own data: what is stored, deleting the account (pure functions)."""

from __future__ import annotations

from datetime import tzinfo

from handlers import keyboards
from handlers.callbacks import AskDelete, ConfirmDelete, ExportData, Menu, MenuAction
from handlers.i18n import LANGUAGE_NAMES, short_date, t
from handlers.screens import Screen
from services.privacy import DeletionOut, DeletionPreview, PrivacyOverview


def overview(lang: str, seen: PrivacyOverview, *, tz: tzinfo, deletable: bool) -> Screen:
    """Each category CareSlot keeps with its value; Download (when there is a patient record)
    and Delete (for a patient's own account)."""
    not_set = t(lang, "not-set")
    accepted = seen.privacy_accepted_at
    text = t(
        lang,
        "privacy-overview",
        name=seen.full_name,
        phone=seen.phone or not_set,
        birth=short_date(seen.date_of_birth, lang) if seen.date_of_birth else not_set,
        allergies=seen.allergies or not_set,
        emergency=seen.emergency_contact or not_set,
        language=LANGUAGE_NAMES.get(seen.language, seen.language),
        upcoming=seen.upcoming,
        past=seen.past,
        accepted=short_date(accepted.astimezone(tz).date(), lang) if accepted else not_set,
    )
    if seen.family:
        names = ", ".join(seen.family)
        text += "\n\n" + t(lang, "privacy-family", count=len(seen.family), names=names)
    grid = []
    if seen.patient_id is not None:
        grid.append([keyboards.button(t(lang, "privacy-download"), ExportData(seen.patient_id))])
    if deletable:
        grid.append([keyboards.button(t(lang, "privacy-delete"), AskDelete(seen.user_id))])
    grid.append([keyboards.button(t(lang, "home"), Menu(MenuAction.HOME))])
    return Screen(text, keyboards.markup(grid))


def delete_question(lang: str, preview: DeletionPreview) -> Screen:
    """Exactly what deleting the account does, and the button that does it."""
    text = t(lang, "privacy-delete-ask", count=preview.cancels)
    if preview.family:
        text += "\n\n" + t(lang, "privacy-delete-family", count=preview.family)
    return Screen(
        text,
        keyboards.markup(
            [
                [keyboards.button(t(lang, "privacy-delete-yes"), ConfirmDelete(preview.user_id))],
                [keyboards.button(t(lang, "privacy-keep"), Menu(MenuAction.PRIVACY))],
            ]
        ),
    )


def deleted(lang: str, done: DeletionOut) -> Screen:
    """The last sentence of a deleted account: no buttons, nothing left to press."""
    return Screen(t(lang, "privacy-deleted", count=done.cancelled))
