"""Form drafts saved as the user types (intake, long notes), each committed at once so a power cut loses nothing."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.models import FormDraft
from kesos_desktop.core.models.base import utcnow

# A draft is what a person typed; far beyond this is a bug in the form (e.g. a photo put in the payload).
MAX_PAYLOAD_BYTES = 1024 * 1024


@dataclass(frozen=True)
class DraftInfo:
    """A draft in a list ("Lanjutkan isian yang belum disimpan?"), without its payload."""

    id: int
    username: str
    kind: str
    key: str
    summary: str
    updated_at: datetime


@dataclass(frozen=True)
class Draft:
    """A draft with what was typed; ``payload`` is JSON data (dates as ISO strings) for the form to refill itself."""

    id: int
    username: str
    kind: str
    key: str
    summary: str
    updated_at: datetime
    payload: dict[str, Any]


def json_safe(value: Any) -> Any:
    """A copy of ``value`` that JSON can hold: dates and times as ISO strings, UUIDs and Decimals as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    raise ValidationError(
        _("Isian tidak dapat disimpan sebagai draf (jenis data {kind}).").format(kind=type(value).__name__)
    )


def _identity(username: str, kind: str, key: str) -> tuple[str, str, str]:
    username, kind, key = (username or "").strip().lower(), (kind or "").strip(), (key or "").strip()
    if not username or not kind:
        raise ValidationError(_("Draf memerlukan nama pengguna dan jenis formulir."))
    if len(username) > 60 or len(kind) > 40 or len(key) > 80:
        raise ValidationError(_("Nama pengguna, jenis formulir atau kunci draf terlalu panjang."))
    return username, kind, key


def _info(row: FormDraft) -> DraftInfo:
    return DraftInfo(row.id, row.username, row.kind, row.key, row.summary, row.updated_at)


def save_draft(
    session: Session, username: str, kind: str, key: str, payload: dict[str, Any], summary: str = ""
) -> DraftInfo:
    """Insert or replace the draft of (user, form kind, key) and commit it now.

    Call it with a session of its own (not one holding the form's unsaved work): the commit is the point.
    ``key`` tells drafts of the same form apart ("" for a new intake, a person id for an edit).
    """
    username, kind, key = _identity(username, kind, key)
    data = json_safe(payload)
    if not isinstance(data, dict):
        raise ValidationError(_("Isi draf harus berupa pasangan nama isian dan nilainya."))
    if len(json.dumps(data, ensure_ascii=False).encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise ValidationError(_("Draf terlalu besar untuk disimpan."))
    summary = " ".join((summary or "").split())[:500]
    for attempt in range(2):
        row = session.scalar(
            select(FormDraft).where(FormDraft.username == username, FormDraft.kind == kind, FormDraft.key == key)
        )
        if row is None:
            row = FormDraft(username=username, kind=kind, key=key)
            session.add(row)
        row.payload = data
        row.summary = summary
        row.updated_at = utcnow()
        try:
            session.commit()
        except IntegrityError:
            # The same user saved the same draft from a second window at the same moment: update theirs instead.
            session.rollback()
            if attempt:
                raise
            continue
        return _info(row)
    raise AssertionError("unreachable")


def load_draft(session: Session, username: str, kind: str, key: str = "") -> Draft | None:
    username, kind, key = _identity(username, kind, key)
    row = session.scalar(
        select(FormDraft).where(FormDraft.username == username, FormDraft.kind == kind, FormDraft.key == key)
    )
    if row is None:
        return None
    return Draft(row.id, row.username, row.kind, row.key, row.summary, row.updated_at, dict(row.payload or {}))


def list_drafts(session: Session, username: str, kind: str | None = None) -> list[DraftInfo]:
    """The user's drafts (of one form kind, or all), newest first."""
    username = (username or "").strip().lower()
    stmt = select(FormDraft).where(FormDraft.username == username)
    if kind:
        stmt = stmt.where(FormDraft.kind == kind)
    return [_info(r) for r in session.scalars(stmt.order_by(FormDraft.updated_at.desc(), FormDraft.id.desc()))]


def discard_in_session(session: Session, username: str, kind: str, key: str = "") -> bool:
    """Delete a draft in the caller's transaction (a service that saves the form drops its draft atomically)."""
    username, kind, key = _identity(username, kind, key)
    result = session.execute(
        delete(FormDraft).where(FormDraft.username == username, FormDraft.kind == kind, FormDraft.key == key)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def discard_draft(session: Session, username: str, kind: str, key: str = "") -> bool:
    """Delete a draft (the form was saved or the user threw it away); True if there was one."""
    found = discard_in_session(session, username, kind, key)
    session.commit()
    return found
