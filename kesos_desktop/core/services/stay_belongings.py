"""Belongings (barang bawaan) of a stay: recorded at intake or later, handed back at exit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.models import Belonging, Stay
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit
from kesos_desktop.core.services.common import commit
from kesos_desktop.core.services.stays_rules import check_dates, load_stay_for_change
from kesos_desktop.core.services.stays_views import BelongingInfo, stay_infos


@dataclass
class BelongingInput:
    description: str
    quantity: int = 1
    stored_where: str = ""


def clean_belongings(items: list[BelongingInput]) -> list[BelongingInput]:
    clean, problems = [], []
    for n, item in enumerate(items, 1):
        text = item.description.strip()
        if not text:
            continue
        if len(text) > 300:
            problems.append(_("Barang ke-{n}: uraian paling panjang 300 karakter.").format(n=n))
        if not isinstance(item.quantity, int) or item.quantity < 1:
            problems.append(_("Barang ke-{n}: jumlah minimal 1.").format(n=n))
        clean.append(BelongingInput(text, item.quantity, item.stored_where.strip()[:120]))
    if problems:
        raise ValidationError(_("Periksa daftar barang bawaan."), {"belongings": " ".join(problems)})
    return clean


def insert_belongings(session: Session, stay_id: uuid.UUID, items: list[BelongingInput]) -> list[Belonging]:
    rows = [
        Belonging(stay_id=stay_id, description=i.description, quantity=i.quantity, stored_where=i.stored_where)
        for i in items
    ]
    session.add_all(rows)
    return rows


def add_belongings(
    session: Session, actor: Actor, stay_id: uuid.UUID, items: list[BelongingInput]
) -> list[BelongingInfo]:
    """Record belongings (barang bawaan) brought in or found later; returns all belongings of the stay."""
    stay, _person = load_stay_for_change(session, actor, stay_id)
    clean = clean_belongings(items)
    if not clean:
        raise ValidationError(_("Tulis sedikitnya satu barang."), {"belongings": _("Wajib diisi.")})
    insert_belongings(session, stay.id, clean)
    audit.record(
        session,
        actor,
        "belongings.added",
        "stay",
        stay.id,
        changes={"belongings": [None, [f"{b.quantity} × {b.description}" for b in clean]]},
    )
    commit(session, _("Data barang bawaan"))
    return list(stay_infos(session, Stay.id == stay.id)[0].belongings)


def return_belongings(
    session: Session,
    actor: Actor,
    stay_id: uuid.UUID,
    belonging_ids: list[int] | None = None,
    on_date: date | None = None,
) -> list[BelongingInfo]:
    """Mark belongings handed back (all not yet returned, or the ones listed)."""
    stay, _person = load_stay_for_change(session, actor, stay_id)
    on_date = on_date or date.today()
    check_dates(
        on_date, "on_date", not_before=stay.admitted_on, before_text=_("Tanggal tidak boleh sebelum tanggal masuk.")
    )
    stmt = select(Belonging).where(Belonging.stay_id == stay.id, Belonging.returned_on.is_(None))
    if belonging_ids is not None:
        stmt = stmt.where(Belonging.id.in_(belonging_ids))
    items = list(session.scalars(stmt))
    for item in items:
        item.returned_on = on_date
    if items:
        audit.record(
            session,
            actor,
            "belongings.returned",
            "stay",
            stay.id,
            changes={"belongings_returned": [None, [i.description for i in items]]},
        )
    commit(session, _("Data barang bawaan"))
    return list(stay_infos(session, Stay.id == stay.id)[0].belongings)
