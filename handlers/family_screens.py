"""Screens of the family members a patient holds, and of whom a visit is for (pure functions)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from handlers import keyboards
from handlers.callbacks import (
    AddMember,
    Family,
    ForWhom,
    Member,
    MemberAction,
    MemberRelation,
    Menu,
    MenuAction,
    NavAction,
    PickRelation,
    Relation,
)
from handlers.i18n import plain, short_date, t
from handlers.screens import Screen
from services.family import MemberOut


def relation_label(lang: str, relation: str) -> str:
    return t(lang, f"family-relation-{relation}")


def members(lang: str, found: Sequence[MemberOut], note: str | None = None) -> Screen:
    """The family list: a button per member, Add, and back to the profile."""
    text = t(lang, "family-title") + "\n\n" + t(lang, "family-none" if not found else "family-pick")
    if note:
        text = f"{note}\n\n{text}"
    grid = [
        [keyboards.button(f"👤 {m.full_name}", Member(MemberAction.OPEN, m.id))] for m in found
    ]
    grid.append([keyboards.button(t(lang, "family-add"), AddMember(False))])
    grid.append([keyboards.button(t(lang, "back"), Menu(MenuAction.PROFILE))])
    return Screen(text, keyboards.markup(grid))


_EDITS = (
    (MemberAction.NAME, "family-edit-name"),
    (MemberAction.BIRTH, "family-edit-birth"),
    (MemberAction.RELATION, "family-edit-relation"),
    (MemberAction.ALLERGIES, "family-edit-allergies"),
)


def member_card(lang: str, member: MemberOut) -> Screen:
    """One family member with an edit button per field, Remove and Back."""
    not_set = t(lang, "not-set")
    text = t(
        lang,
        "family-member",
        name=member.full_name,
        relation=relation_label(lang, member.relation),
        birth=short_date(member.date_of_birth, lang) if member.date_of_birth else not_set,
        allergies=member.allergies or not_set,
    )
    edits = [keyboards.button(t(lang, key), Member(a, member.id)) for a, key in _EDITS]
    grid = keyboards.rows(edits, per_row=2)
    remove = Member(MemberAction.REMOVE, member.id)
    grid.append([keyboards.button(t(lang, "family-remove"), remove)])
    grid.append([keyboards.button(t(lang, "back"), Family(member.holder_id))])
    return Screen(text, keyboards.markup(grid))


def relations(lang: str, name: str, member_id: uuid.UUID | None = None) -> Screen:
    """"Who is Mia to you?" with a button per relation (and Back)."""
    buttons = [
        keyboards.button(
            relation_label(lang, r.value),
            MemberRelation(member_id, r) if member_id else PickRelation(r),
        )
        for r in Relation
    ]
    grid = keyboards.rows(buttons, per_row=2)
    if member_id is None:
        grid.append([keyboards.nav(lang, "back", NavAction.BACK)])
    else:
        grid.append([keyboards.button(t(lang, "back"), Member(MemberAction.OPEN, member_id))])
    return Screen(t(lang, "family-ask-relation", name=name), keyboards.markup(grid))


def ask(lang: str, key: str, *, name: str | None = None, skip: bool = False) -> Screen:
    """A question of the add flow that wants typed text: Back (and Skip)."""
    row = [keyboards.nav(lang, "back", NavAction.BACK)]
    if skip:
        row.append(keyboards.nav(lang, "skip", NavAction.SKIP))
    return Screen(t(lang, key, name=name or ""), keyboards.markup([row]))


def ask_edit(lang: str, key: str, member: MemberOut) -> Screen:
    """The new value of one field of a family member; Back to their card."""
    back = keyboards.button(t(lang, "back"), Member(MemberAction.OPEN, member.id))
    return Screen(t(lang, key, name=member.full_name), keyboards.markup([[back]]))


def remove_question(lang: str, member: MemberOut, upcoming: int) -> Screen:
    return Screen(
        t(lang, "family-remove-ask", name=member.full_name, count=upcoming),
        keyboards.markup(
            [
                [
                    keyboards.button(
                        t(lang, "family-remove-yes"), Member(MemberAction.REMOVE_YES, member.id)
                    )
                ],
                [keyboards.button(t(lang, "family-keep"), Member(MemberAction.OPEN, member.id))],
            ]
        ),
    )


def whom(
    lang: str,
    me_id: uuid.UUID,
    me_name: str,
    found: Sequence[MemberOut],
    *,
    pediatric: bool,
) -> Screen:
    """"Who is this visit for?": the patient, each family member, Add (a child, for
    Pediatrics without one), and Back to the times."""
    # A button's label is plain text: the name is not HTML-escaped there.
    grid = [[keyboards.button(plain(lang, "whom-me", name=me_name), ForWhom(me_id))]]
    grid += [[keyboards.button(f"👤 {m.full_name}", ForWhom(m.id))] for m in found]
    no_child = not any(m.relation == Relation.CHILD.value for m in found)
    add_key = "family-add-child" if pediatric and no_child else "family-add"
    grid.append([keyboards.button(t(lang, add_key), AddMember(True))])
    grid.append([keyboards.nav(lang, "back", NavAction.BACK)])
    key = "whom-ask-pediatric" if pediatric and no_child else "whom-ask"
    return Screen(t(lang, key), keyboards.markup(grid))
