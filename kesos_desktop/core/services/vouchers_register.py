"""The voucher register (filters by period, status, destination province), offline verification against this
database's keys and register, and the office's public key for partner offices."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import Conflict, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.models import Office, OfficeSigningKey, Person, ReturnPlan, Voucher
from kesos_desktop.core.security import signing
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit
from kesos_desktop.core.services.access import person_visible_clause
from kesos_desktop.core.services.common import commit
from kesos_desktop.core.services.vouchers import (
    ACTIVE,
    EXPIRED,
    VOIDED,
    VoucherInfo,
    load_voucher,
    voucher_info,
    voucher_infos,
)


def _problem(name: str, message: str) -> ValidationError:
    return ValidationError(message, {name: message})


@dataclass(frozen=True)
class VoucherFilter:
    """Register filters: issue date range, status (aktif / batal / kedaluwarsa), destination province (kode
    wilayah prefix, e.g. "53"), free text (number, name or registration number), plan or person."""

    date_from: date | None = None
    date_to: date | None = None
    status: str = ""
    province_code: str = ""
    text: str = ""
    plan_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None


@dataclass(frozen=True)
class RegisterTotals:
    count: int
    amount: int


# ------------------------------------------------------------------------------------------------------ register


def _register_stmt(flt: VoucherFilter, today: date):  # type: ignore[no-untyped-def]
    stmt = (
        select(Voucher, ReturnPlan, Person)
        .join(ReturnPlan, ReturnPlan.id == Voucher.plan_id)
        .join(Person, Person.id == Voucher.person_id)
    )
    if flt.date_from is not None:
        stmt = stmt.where(Voucher.issued_on >= flt.date_from)
    if flt.date_to is not None:
        stmt = stmt.where(Voucher.issued_on <= flt.date_to)
    if flt.status == VOIDED:
        stmt = stmt.where(Voucher.status == VOIDED)
    elif flt.status == ACTIVE:
        stmt = stmt.where(Voucher.status == ACTIVE, Voucher.valid_until >= today)
    elif flt.status == EXPIRED:
        stmt = stmt.where(Voucher.status == ACTIVE, Voucher.valid_until < today)
    elif flt.status:
        raise _problem("status", _("Status voucher tidak dikenal: {status}").format(status=flt.status))
    if flt.province_code.strip():
        stmt = stmt.where(ReturnPlan.destination_region_code.startswith(flt.province_code.strip()))
    if flt.plan_id is not None:
        stmt = stmt.where(Voucher.plan_id == flt.plan_id)
    if flt.person_id is not None:
        stmt = stmt.where(Voucher.person_id == flt.person_id)
    if flt.text.strip():
        like = f"%{flt.text.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Voucher.number).like(like),
                func.lower(Person.full_name).like(like),
                func.lower(Person.registration_no).like(like),
            )
        )
    return stmt


def list_vouchers(
    session: Session, actor: Actor, flt: VoucherFilter | None = None, *, limit: int = 1000, offset: int = 0
) -> list[VoucherInfo]:
    """The voucher register, newest first."""
    actor.require("returns.view")
    stmt = _register_stmt(flt or VoucherFilter(), date.today()).where(person_visible_clause(actor))
    stmt = stmt.order_by(Voucher.issued_on.desc(), Voucher.year.desc(), Voucher.seq.desc()).limit(limit).offset(offset)
    return voucher_infos(session, [tuple(row) for row in session.execute(stmt)])  # type: ignore[misc]


def register_totals(session: Session, actor: Actor, flt: VoucherFilter | None = None) -> RegisterTotals:
    actor.require("returns.view")
    inner = _register_stmt(flt or VoucherFilter(), date.today()).where(person_visible_clause(actor)).subquery()
    count, amount = session.execute(select(func.count(), func.coalesce(func.sum(inner.c.amount), 0))).one()
    return RegisterTotals(int(count), int(amount))


def get_voucher(session: Session, actor: Actor, voucher_id: uuid.UUID) -> VoucherInfo:
    actor.require("returns.view")
    return voucher_info(session, load_voucher(session, actor, voucher_id))


# ---------------------------------------------------------------------------------------------- verification


def verify_voucher(session: Session, text: str, *, today: date | None = None) -> signing.VerificationResult:
    """Verify a scanned or pasted payload against the keys in this database and its register (no network).

    Beyond the signature: a voided voucher is "dibatalkan"; a voucher signed with this office's own key but missing
    from its register is "tidak_dikenal" (a genuine key that signed something this office never recorded).
    """
    keys = signing.known_keys(session)

    def void_reason(payload: signing.VoucherPayload) -> str | None:
        row = session.execute(
            select(Voucher.status, Voucher.void_reason).where(
                Voucher.key_id == payload.key_id, Voucher.number == payload.number
            )
        ).first()
        return (row.void_reason or "-") if row is not None and row.status == VOIDED else None

    result = signing.verify_voucher_text(text, keys, today=today, void_reason=void_reason)
    if result.ok and result.fields is not None:
        own = session.scalar(
            select(OfficeSigningKey.key_id).where(
                OfficeSigningKey.key_id == result.fields.key_id, OfficeSigningKey.private_key.is_not(None)
            )
        )
        if own is not None:
            recorded = session.scalar(
                select(Voucher.id).where(Voucher.key_id == own, Voucher.number == result.fields.number)
            )
            if recorded is None:
                return signing.VerificationResult(
                    "tidak_dikenal",
                    _(
                        "TIDAK DIKENAL: tanda tangan sah, tetapi voucher {number} tidak ada di register kantor ini. "
                        "Laporkan kepada administrator."
                    ).format(number=result.fields.number),
                    result.fields,
                    result.office_name,
                )
    return result


def export_public_key(session: Session, actor: Actor) -> str:
    """This office's public key as one line of text, for partner offices to import (made on first use)."""
    actor.require("returns.view")
    batch_office = session.get(Office, actor.office_id) if actor.office_id else None
    office = batch_office or session.scalar(select(Office).where(Office.is_own.is_(True)))
    if office is None:
        raise ValidationError(_("Data kantor belum diisi. Jalankan penyiapan awal."))
    own = signing.own_signing_key(session, office.id, created_by=actor.username)
    row = session.get(OfficeSigningKey, own.key_id)
    assert row is not None
    text = signing.export_public_key(signing.KnownKey(row.key_id, row.public_key, row.office_code, row.office_name))
    commit(session, _("Kunci tanda tangan"))
    return text


def import_public_key(session: Session, actor: Actor, text: str) -> signing.KnownKey:
    """Trust a partner office's voucher key (from its exported line)."""
    actor.require("relay.manage")
    key = signing.parse_public_key(text)
    existing = session.get(OfficeSigningKey, key.key_id)
    if existing is not None:
        if bytes(existing.public_key) != key.public_key:
            raise Conflict(_("Nama kunci {key} sudah dipakai kunci lain.").format(key=key.key_id))
        return key
    session.add(
        OfficeSigningKey(
            key_id=key.key_id,
            office_code=key.office_code,
            office_name=key.office_name,
            public_key=key.public_key,
            private_key=None,
            created_by=actor.username,
        )
    )
    audit.record(
        session,
        actor,
        "signing_key.imported",
        "office_signing_key",
        key.key_id,
        summary=f"{key.office_code} {key.office_name}",
    )
    commit(session, _("Kunci tanda tangan"))
    return key
