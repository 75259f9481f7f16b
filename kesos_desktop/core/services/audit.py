"""Writing audit events (in the caller's transaction) and reading the audit log; nothing here edits or deletes."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.models import AuditEvent
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services.common import jsonable


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object = "",
    *,
    summary: str = "",
    changes: Mapping[str, object] | None = None,
) -> None:
    """Add an audit event to the session; it commits together with the change it describes."""
    session.add(
        AuditEvent(
            user_id=actor.user_id,
            username=actor.username,
            action=action,
            entity=entity,
            entity_id=str(entity_id) if entity_id else "",
            summary=summary,
            changes={k: jsonable(v) for k, v in (changes or {}).items()},
        )
    )


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: str
    summary: str
    changes: dict[str, object]


@dataclass(frozen=True)
class AuditFilter:
    text: str = ""
    username: str = ""
    entity: str = ""
    date_from: date | None = None
    date_to: date | None = None
    entity_id: str = ""


def _filtered(stmt, flt: AuditFilter):  # type: ignore[no-untyped-def]
    if flt.username:
        stmt = stmt.where(AuditEvent.username == flt.username.lower())
    if flt.entity:
        stmt = stmt.where(AuditEvent.entity == flt.entity)
    if flt.entity_id:
        stmt = stmt.where(AuditEvent.entity_id == flt.entity_id)
    if flt.date_from:
        # The dates are the user's local days; stored times are UTC.
        stmt = stmt.where(AuditEvent.at >= datetime.combine(flt.date_from, time.min).astimezone().astimezone(UTC))
    if flt.date_to:
        end = datetime.combine(flt.date_to + timedelta(days=1), time.min).astimezone().astimezone(UTC)
        stmt = stmt.where(AuditEvent.at < end)
    if flt.text:
        like = f"%{flt.text.lower()}%"
        stmt = stmt.where(
            func.lower(AuditEvent.summary).like(like)
            | func.lower(AuditEvent.action).like(like)
            | func.lower(AuditEvent.username).like(like)
        )
    return stmt


def list_events(
    session: Session, actor: Actor, flt: AuditFilter, *, limit: int = 500, offset: int = 0
) -> list[AuditRow]:
    actor.require("audit.view")
    stmt = _filtered(select(AuditEvent), flt).order_by(AuditEvent.id.desc()).limit(limit).offset(offset)
    return [
        AuditRow(e.id, e.at, e.username, e.action, e.entity, e.entity_id, e.summary, dict(e.changes or {}))
        for e in session.scalars(stmt)
    ]


def count_events(session: Session, actor: Actor, flt: AuditFilter) -> int:
    actor.require("audit.view")
    return session.scalar(_filtered(select(func.count(AuditEvent.id)), flt)) or 0


def new_correlation_id() -> str:
    return uuid.uuid4().hex
