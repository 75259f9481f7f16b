"""Small helpers every service uses: committing with a clear conflict, changed-field diffs, version checks."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from kesos_desktop.core.errors import Conflict
from kesos_desktop.core.i18n import _


def jsonable(value: Any) -> Any:
    """Values as they are stored in the audit log's JSON."""
    if isinstance(value, uuid.UUID | date | datetime | Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} byte>"
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def apply_changes(obj: object, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set attributes and return {field: [before, after]} for those that really changed."""
    changes: dict[str, list[Any]] = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = [jsonable(old), jsonable(new)]
            setattr(obj, name, new)
    return changes


def check_version(obj: Any, expected_version: int | None, what: str) -> None:
    """Refuse an edit based on an old read: a second editor gets a conflict, never a silent overwrite."""
    if expected_version is not None and obj.version_id != expected_version:
        raise Conflict(
            _(
                "{what} telah diubah oleh pengguna lain sejak Anda membukanya. Muat ulang untuk melihat perubahan "
                "terbaru; isian Anda tetap ada di formulir."
            ).format(what=what)
        )


def commit(session: Session, what: str = "") -> None:
    try:
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise Conflict(
            _("{what} telah diubah oleh pengguna lain. Muat ulang lalu ulangi perubahan Anda.").format(
                what=what or _("Data")
            )
        ) from exc
    except IntegrityError as exc:
        session.rollback()
        raise Conflict(_("Data bentrok dengan data yang sudah ada: {detail}").format(detail=exc.orig)) from exc
