"""The admin's screens: invites, accounts and the audit log, as pure functions of what they show."""

from __future__ import annotations

from datetime import tzinfo

from handlers import keyboards
from handlers.admin_buttons import (
    AuditMore,
    InviteRevoke,
    InviteRole,
    InviteTarget,
    UserBlock,
    UserOpen,
    UserRole,
)
from handlers.i18n import Safe, plain, t
from handlers.screens import Screen
from handlers.slot_buttons import StaffEdit, StaffField, StaffSetStatus, StaffStatus
from services.accounts import STAFF_TEXT_MAX, AccountOut, AccountRow
from services.audit_log import AuditPage, Change
from services.invites import InviteOut, TargetOut

ROLES = ("patient", "doctor", "staff", "admin")


def role_name(lang: str, role: str) -> str:
    return plain(lang, f"role-{role}")


def _tz_name(tz: tzinfo) -> str:
    return str(getattr(tz, "key", tz))


def invite_roles(lang: str) -> Screen:
    row = [
        keyboards.button(plain(lang, "invite-a-doctor"), InviteRole(role="doctor")),
        keyboards.button(plain(lang, "invite-a-staff-member"), InviteRole(role="staff")),
    ]
    return Screen(t(lang, "invite-whom"), keyboards.markup([row]))


def invite_targets(lang: str, role: str, targets: list[TargetOut]) -> Screen:
    if not targets:
        key = "invite-no-doctors" if role == "doctor" else "invite-no-clinics"
        return Screen(t(lang, key))
    buttons = [keyboards.button(x.name, InviteTarget(role=role, id=x.id)) for x in targets]
    key = "invite-pick-doctor" if role == "doctor" else "invite-pick-clinic"
    return Screen(t(lang, key), keyboards.markup(keyboards.rows(buttons, per_row=1)))


def invite_link(lang: str, invite: InviteOut, link: str, tz: tzinfo) -> Screen:
    text = t(
        lang, "invite-created", role=role_name(lang, invite.role), name=invite.target,
        text=link, when=invite.expires_at.astimezone(tz), tz=_tz_name(tz),
    )  # fmt: skip
    return Screen(text)


def open_invites(lang: str, invites: list[InviteOut], tz: tzinfo, note: str = "") -> Screen:
    lines = [note] if note else []
    if not invites:
        lines.append(str(t(lang, "invites-none")))
        return Screen("\n\n".join(lines))
    lines.append(str(t(lang, "invites-title", count=len(invites))))
    buttons = []
    for n, invite in enumerate(invites, 1):
        lines.append(
            str(t(lang, "invites-line", count=n, role=role_name(lang, invite.role),
                  name=invite.target, when=invite.expires_at.astimezone(tz), tz=_tz_name(tz)))
        )  # fmt: skip
        buttons.append(
            keyboards.button(plain(lang, "invite-revoke", count=n), InviteRevoke(id=invite.id))
        )
    return Screen("\n".join(lines), keyboards.markup(keyboards.rows(buttons, per_row=3)))


def _status(lang: str, active: bool) -> str:
    return plain(lang, "user-active" if active else "user-blocked")


def accounts(lang: str, found: list[AccountRow]) -> Screen:
    if not found:
        return Screen(t(lang, "users-none"))
    buttons = [
        keyboards.button(
            plain(lang, "users-row", name=a.full_name, role=role_name(lang, a.role),
                  status=_status(lang, a.is_active)),
            UserOpen(id=a.id),
        )
        for a in found
    ]  # fmt: skip
    return Screen(t(lang, "users-found"), keyboards.markup(keyboards.rows(buttons, per_row=1)))


def account(lang: str, user: AccountOut, note: str = "") -> Screen:
    lines = [note] if note else []
    lines.append(
        str(t(lang, "user-card", name=user.full_name, phone=user.phone or "—",
              role=role_name(lang, user.role), status=_status(lang, user.is_active)))
    )  # fmt: skip
    if user.doctor:
        lines.append(str(t(lang, "user-card-doctor", doctor=user.doctor)))
    staff_rows = []
    if user.staff_clinic:
        status = staff_status(lang, user.staff_status) if user.staff_status else "—"
        lines.append(
            str(t(lang, "user-card-staff", clinic=user.staff_clinic,
                  field=user.staff_department or "—", what=user.staff_position or "—",
                  status=status))
        )  # fmt: skip
        staff_rows = _staff_buttons(lang, user)
    roles = [
        keyboards.button(plain(lang, "user-make", role=role_name(lang, r)),
                         UserRole(id=user.id, role=r, ok=False))
        for r in ROLES if r != user.role
    ]  # fmt: skip
    block = keyboards.button(
        plain(lang, "user-block" if user.is_active else "user-unblock"),
        UserBlock(id=user.id, block=user.is_active),
    )
    return Screen(
        "\n".join(lines),
        keyboards.markup(keyboards.rows(roles, per_row=3), [[block]], staff_rows),
    )


def staff_status(lang: str, status: str) -> str:
    return plain(lang, f"staff-status-{status}")


def _staff_buttons(lang: str, user: AccountOut) -> list[list[keyboards.InlineKeyboardButton]]:
    """A staff record's edits: department and position typed, the other statuses pressed."""
    edits = [
        keyboards.button(plain(lang, "user-staff-department"),
                         StaffEdit(user=user.id, field=StaffField.DEPARTMENT)),
        keyboards.button(plain(lang, "user-staff-position"),
                         StaffEdit(user=user.id, field=StaffField.POSITION)),
    ]  # fmt: skip
    statuses = [
        keyboards.button(plain(lang, "user-staff-status", status=staff_status(lang, s.value)),
                         StaffSetStatus(user=user.id, status=s))
        for s in StaffStatus if s.value != user.staff_status
    ]  # fmt: skip
    return [edits, statuses]


def ask_staff_text(lang: str, user: AccountOut, field: StaffField, note: str = "") -> str:
    key = "staff-ask-department" if field is StaffField.DEPARTMENT else "staff-ask-position"
    text = str(t(lang, key, name=user.full_name, limit=STAFF_TEXT_MAX))
    return f"{note}\n\n{text}" if note else text


def confirm_role(lang: str, user: AccountOut, role: str) -> Screen:
    text = t(lang, "user-role-confirm", name=user.full_name,
             role=role_name(lang, role), status=role_name(lang, user.role))  # fmt: skip
    row = [
        keyboards.button(plain(lang, "confirm"), UserRole(id=user.id, role=role, ok=True)),
        keyboards.button(plain(lang, "cancel-flow"), UserOpen(id=user.id)),
    ]
    return Screen(text, keyboards.markup([row]))


def _change(lang: str, c: Change) -> Safe:
    before, after = c.before or "—", c.after or "—"
    if not c.field:
        return t(lang, "audit-change-value", before=before, after=after)
    if c.before is None:
        return t(lang, "audit-detail", field=c.field, after=after)
    return t(lang, "audit-change", field=c.field, before=before, after=after)


def audit_page(lang: str, page: AuditPage, tz: tzinfo, *, first: bool) -> Screen:
    if not page.rows:
        return Screen(t(lang, "audit-empty" if first else "audit-no-more"))
    blocks = [str(t(lang, "audit-title", tz=_tz_name(tz)))]
    for row in page.rows:
        resource = row.resource_type + (f" {row.resource_id[:8]}" if row.resource_id else "")
        head = t(lang, "audit-row", when=row.at.astimezone(tz), what=row.action,
                 name=row.actor or plain(lang, "audit-system"), text=resource)  # fmt: skip
        changes = [str(_change(lang, c)) for c in row.changes]
        blocks.append("\n".join([str(head), *changes]))
    markup = None
    if page.next_cursor is not None:
        more = keyboards.button(plain(lang, "audit-older"), AuditMore(after=page.next_cursor))
        markup = keyboards.markup([[more]])
    return Screen(Safe("\n\n".join(blocks)), markup)
