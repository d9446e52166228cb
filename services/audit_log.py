"""The admin's /audit: the audit log filtered by actor, action, resource and period, newest
first, a page at a time by keyset on (at, id) (indexes of migration 0017, one per filter),
so a page costs the same at row 10 or row 10 million. Reading it is itself audited."""

from __future__ import annotations

import shlex
import uuid
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuditLog, User
from services import accounts, audit
from services.doctor_day import parse_agenda_range
from services.errors import InvalidInput
from services.policy import Action, Actor, require

PAGE_SIZE = 8
TEXT_MAX = 200
VALUE_MAX = 60


class AuditFilters(BaseModel):
    user_query: str | None = None  # whose actions: a name or phone, as typed
    actor_id: uuid.UUID | None = None  # … once found
    action: str | None = None  # "user.role" exactly, or "user" for every user.* action
    resource_type: str | None = None
    resource_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None  # exclusive


class Change(BaseModel):
    field: str
    before: str | None
    after: str | None


class AuditRow(BaseModel):
    id: uuid.UUID
    at: datetime
    actor: str | None  # the actor's name; None for the system
    action: str
    resource_type: str
    resource_id: str | None
    changes: list[Change]


class AuditPage(BaseModel):
    rows: list[AuditRow]
    next_cursor: uuid.UUID | None  # the last row shown, when older ones exist


def parse_filters(text: str, *, tz: ZoneInfo, now: datetime) -> AuditFilters:
    """`user:"Ann Lee" action:user.role resource:user last week` → filters; words that are not
    key:value form the period ("last week", "01.03–15.03", "yesterday")."""
    raw = (text or "").strip()
    if len(raw) > TEXT_MAX:
        raise InvalidInput(code="audit-filters-unclear")
    try:
        words = shlex.split(raw)
    except ValueError as exc:
        raise InvalidInput(code="audit-filters-unclear") from exc
    found: dict[str, Any] = {}
    period: list[str] = []
    for word in words:
        key, sep, value = word.partition(":")
        key = key.casefold()
        if sep and key in ("user", "action", "resource") and value:
            if len(value) > VALUE_MAX:
                raise InvalidInput(code="audit-filters-unclear")
            if key == "user":
                found["user_query"] = value
            elif key == "action":
                found["action"] = value.casefold()
            else:
                kind, _, ident = value.partition(":")
                found["resource_type"] = kind.casefold()
                found["resource_id"] = ident or None
        else:
            period.append(word)
    if period:
        first, last = parse_agenda_range(" ".join(period), tz=tz, now=now)
        found["since"] = datetime.combine(first, time(), tz)
        found["until"] = datetime.combine(last + timedelta(days=1), time(), tz)
    return AuditFilters(**found)


def changes_of(details: dict[str, Any]) -> list[Change]:
    """What changed, from a row's details: before → after per field, from → to, the rest."""
    out: list[Change] = []
    before, after = details.get("before"), details.get("after")
    if isinstance(before, dict) or isinstance(after, dict):
        before, after = before or {}, after or {}
        for key in [*before, *(k for k in after if k not in before)]:
            out.append(
                Change(field=key, before=_text(before.get(key)), after=_text(after.get(key)))
            )
    if "from" in details or "to" in details:
        out.append(
            Change(field="", before=_text(details.get("from")), after=_text(details.get("to")))
        )
    for key, value in details.items():
        if key not in ("before", "after", "from", "to"):
            out.append(Change(field=key, before=None, after=_text(value)))
    return out


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = value if isinstance(value, str) else str(value)
    return text[:VALUE_MAX]


async def _resolve_user(session: AsyncSession, actor: Actor, filters: AuditFilters) -> AuditFilters:
    if filters.user_query is None or filters.actor_id is not None:
        return filters
    found = await accounts.find(session, actor=actor, query=filters.user_query)
    if not found:
        raise InvalidInput(code="audit-user-unknown", query=filters.user_query)
    if len(found) > 1:
        raise InvalidInput(code="audit-user-ambiguous", query=filters.user_query)
    return filters.model_copy(update={"actor_id": found[0].id})


async def page(
    session: AsyncSession,
    *,
    actor: Actor,
    filters: AuditFilters,
    after: uuid.UUID | None = None,
    now: datetime,
    size: int = PAGE_SIZE,
) -> tuple[AuditFilters, AuditPage]:
    """One page of the audit log, newest first, older than the row `after` (the last row
    of the page before). The reading is audited (its filters, ids only). Returns the
    filters with the user resolved, for the next page."""
    require(actor, Action.view_audit)
    filters = await _resolve_user(session, actor, filters)
    query = select(AuditLog, User.full_name).outerjoin(User, User.id == AuditLog.actor_user_id)
    if filters.actor_id is not None:
        query = query.where(AuditLog.actor_user_id == filters.actor_id)
    if filters.action is not None:
        if "." in filters.action:
            query = query.where(AuditLog.action == filters.action)
        else:
            query = query.where(AuditLog.action.like(f"{filters.action}.%"))
    if filters.resource_type is not None:
        query = query.where(AuditLog.resource_type == filters.resource_type)
    if filters.resource_id is not None:
        query = query.where(AuditLog.resource_id == filters.resource_id)
    if filters.since is not None:
        query = query.where(AuditLog.at >= filters.since)
    if filters.until is not None:
        query = query.where(AuditLog.at < filters.until)
    if after is not None:
        cursor = await session.get(AuditLog, after)
        if cursor is not None:
            query = query.where(tuple_(AuditLog.at, AuditLog.id) < (cursor.at, cursor.id))
    query = query.order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(size + 1)
    rows = (await session.execute(query)).all()
    shown = rows[:size]
    out = AuditPage(
        rows=[
            AuditRow(
                id=log.id,
                at=log.at,
                actor=name,
                action=log.action,
                resource_type=log.resource_type,
                resource_id=log.resource_id,
                changes=changes_of(log.details or {}),
            )
            for log, name in shown
        ],
        next_cursor=shown[-1][0].id if len(rows) > size else None,
    )
    await audit.record(
        session,
        action="audit.view",
        resource_type="audit_log",
        resource_id=None,
        actor_user_id=actor.user_id,
        at=now,
        details={
            **filters.model_dump(mode="json", exclude_none=True, exclude={"user_query"}),
            **({"page_after": str(after)} if after else {}),
        },
    )
    return filters, out
