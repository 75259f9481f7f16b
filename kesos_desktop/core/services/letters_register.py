"""The outgoing-letter register (buku agenda surat keluar): every number given, by the app or by hand, with its
date, kind, hal, addressee, plan/person and stored document; recording a letter made outside the app; voiding;
the documents of one plan.

A voided entry keeps its number (it is never given again) and its stored PDF; a voided kwitansi drops out of the
budget reports.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.models import (
    IssuedDocument,
    IssuedDocumentData,
    LetterRegister,
    Person,
    ReturnLeg,
    ReturnPlan,
    Voucher,
)
from kesos_desktop.core.models.base import utcnow
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, timeline
from kesos_desktop.core.services.access import ensure_person_visible, person_visible_clause
from kesos_desktop.core.services.common import commit
from kesos_desktop.core.services.letters_data import own_office, problem
from kesos_desktop.core.services.letters_numbers import KIND_LABELS, allocate, kind_label
from kesos_desktop.core.services.returns_views import load_plan


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the buku agenda."""

    id: uuid.UUID
    number: str
    year: int
    seq: int | None
    letter_date: date
    kind: str
    kind_label: str
    klasifikasi: str
    hal: str
    addressee: str
    is_manual: bool
    person_id: uuid.UUID | None
    person_name: str
    registration_no: str
    plan_id: uuid.UUID | None
    plan_no: str
    document_id: uuid.UUID | None
    amount: int | None
    created_by: str
    created_at: datetime
    voided_at: datetime | None
    void_reason: str
    notes: str

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


@dataclass(frozen=True)
class RegisterFilter:
    year: int | None = None
    kind: str = ""
    text: str = ""
    date_from: date | None = None
    date_to: date | None = None
    person_id: uuid.UUID | None = None
    plan_id: uuid.UUID | None = None
    include_voided: bool = True


def _stmt(actor: Actor, office_id: uuid.UUID, flt: RegisterFilter) -> Select:  # type: ignore[type-arg]
    stmt = (
        select(LetterRegister, Person.full_name, Person.alias, Person.registration_no, ReturnPlan.plan_no)
        .outerjoin(Person, Person.id == LetterRegister.person_id)
        .outerjoin(ReturnPlan, ReturnPlan.id == LetterRegister.plan_id)
        .where(LetterRegister.office_id == office_id)
    )
    if actor.is_partner:
        stmt = stmt.where(LetterRegister.person_id.is_not(None), person_visible_clause(actor))
    if flt.year is not None:
        stmt = stmt.where(LetterRegister.year == flt.year)
    if flt.kind:
        stmt = stmt.where(LetterRegister.kind == flt.kind)
    if flt.date_from is not None:
        stmt = stmt.where(LetterRegister.letter_date >= flt.date_from)
    if flt.date_to is not None:
        stmt = stmt.where(LetterRegister.letter_date <= flt.date_to)
    if flt.person_id is not None:
        stmt = stmt.where(LetterRegister.person_id == flt.person_id)
    if flt.plan_id is not None:
        stmt = stmt.where(LetterRegister.plan_id == flt.plan_id)
    if not flt.include_voided:
        stmt = stmt.where(LetterRegister.voided_at.is_(None))
    if flt.text.strip():
        like = f"%{flt.text.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(LetterRegister.number).like(like),
                func.lower(LetterRegister.hal).like(like),
                func.lower(LetterRegister.addressee).like(like),
                func.lower(Person.full_name).like(like),
                func.lower(Person.registration_no).like(like),
            )
        )
    return stmt


def _entries(session: Session, rows: list) -> list[RegisterEntry]:  # type: ignore[type-arg]
    doc_ids = [r[0].document_id for r in rows if r[0].document_id is not None]
    amounts: dict[uuid.UUID, int | None] = {}
    if doc_ids:
        amounts = dict(
            session.execute(
                select(IssuedDocumentData.document_id, IssuedDocumentData.amount).where(
                    IssuedDocumentData.document_id.in_(doc_ids)
                )
            ).all()
        )
    out = []
    for entry, full_name, alias, reg, plan_no in rows:
        out.append(
            RegisterEntry(
                id=entry.id,
                number=entry.number,
                year=entry.year,
                seq=entry.seq,
                letter_date=entry.letter_date,
                kind=entry.kind,
                kind_label=kind_label(entry.kind),
                klasifikasi=entry.klasifikasi,
                hal=entry.hal,
                addressee=entry.addressee,
                is_manual=entry.is_manual,
                person_id=entry.person_id,
                person_name=full_name or alias or "",
                registration_no=reg or "",
                plan_id=entry.plan_id,
                plan_no=plan_no or "",
                document_id=entry.document_id,
                amount=amounts.get(entry.document_id) if entry.document_id else None,
                created_by=entry.created_by,
                created_at=entry.created_at,
                voided_at=entry.voided_at,
                void_reason=entry.void_reason,
                notes=entry.notes,
            )
        )
    return out


def list_register(
    session: Session, actor: Actor, flt: RegisterFilter | None = None, *, limit: int = 1000, offset: int = 0
) -> list[RegisterEntry]:
    """The register, newest first (by date, then number sequence)."""
    actor.require("returns.view")
    office = own_office(session, actor)
    stmt = _stmt(actor, office.id, flt or RegisterFilter())
    stmt = stmt.order_by(
        LetterRegister.letter_date.desc(), LetterRegister.seq.desc().nulls_last(), LetterRegister.created_at.desc()
    )
    return _entries(session, list(session.execute(stmt.limit(limit).offset(offset))))


def count_register(session: Session, actor: Actor, flt: RegisterFilter | None = None) -> int:
    actor.require("returns.view")
    office = own_office(session, actor)
    sub = _stmt(actor, office.id, flt or RegisterFilter()).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def get_entry(session: Session, actor: Actor, entry_id: uuid.UUID) -> RegisterEntry:
    actor.require("returns.view")
    office = own_office(session, actor)
    rows = list(session.execute(_stmt(actor, office.id, RegisterFilter()).where(LetterRegister.id == entry_id)))
    if not rows:
        raise NotFound(_("Nomor surat tidak ditemukan di buku agenda."))
    return _entries(session, rows)[0]


@dataclass
class LetterEntryInput:
    """A letter made outside the app (typed in a word processor, handwritten) recorded in the register.

    ``number`` empty: take the next number of the office's sequence for ``kind`` (the app as buku agenda);
    otherwise the number from the paper agenda, refused if already recorded.
    """

    letter_date: date
    hal: str
    kind: str = "surat_lain"
    addressee: str = ""
    number: str = ""
    person_id: uuid.UUID | None = None
    plan_id: uuid.UUID | None = None
    notes: str = ""


def record_letter(session: Session, actor: Actor, data: LetterEntryInput) -> RegisterEntry:
    actor.require("letters.issue")
    office = own_office(session, actor)
    problems: dict[str, str] = {}
    hal = " ".join(data.hal.split())
    if not hal:
        problems["hal"] = _("Hal (perihal) surat wajib diisi.")
    elif len(hal) > 300:
        problems["hal"] = _("Hal terlalu panjang (paling banyak 300 karakter).")
    if data.kind not in KIND_LABELS or data.kind == "voucher":
        problems["kind"] = _("Pilih jenis surat dari daftar.")
    if data.letter_date > date.today():
        problems["letter_date"] = _("Tanggal surat tidak boleh sesudah hari ini.")
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)
    person_id = data.person_id
    if data.plan_id is not None:
        plan = load_plan(session, actor, data.plan_id)
        person_id = person_id or plan.person_id
    if person_id is not None:
        ensure_person_visible(session, actor, person_id)
    try:
        allocated = allocate(session, office, data.kind, data.letter_date, data.number)
        entry = LetterRegister(
            id=uuid.uuid4(),
            office_id=office.id,
            year=data.letter_date.year,
            seq=allocated.seq,
            number=allocated.number,
            letter_date=data.letter_date,
            kind=data.kind,
            klasifikasi=allocated.klasifikasi,
            hal=hal,
            addressee=" ".join(data.addressee.split())[:300],
            is_manual=allocated.is_manual,
            person_id=person_id,
            plan_id=data.plan_id,
            created_by=actor.username,
            notes=data.notes.strip(),
        )
        session.add(entry)
        session.flush()
        audit.record(
            session,
            actor,
            "letter.recorded",
            "letter_register",
            entry.id,
            summary=f"{entry.number}: {hal}",
            changes={"number": [None, entry.number], "manual": allocated.is_manual, "kind": data.kind},
        )
        commit(session, _("Buku agenda"))
    except BaseException:
        session.rollback()
        raise
    return get_entry(session, actor, entry.id)


def void_entry(session: Session, actor: Actor, entry_id: uuid.UUID, reason: str) -> RegisterEntry:
    """Void a register line and its document: the number stays used; a voided kwitansi leaves the budget."""
    office = own_office(session, actor)
    entry = session.get(LetterRegister, entry_id)
    if entry is None or entry.office_id != office.id:
        raise NotFound(_("Nomor surat tidak ditemukan di buku agenda."))
    actor.require("vouchers.void" if entry.kind == "kwitansi" else "letters.issue")
    if entry.plan_id is not None:
        load_plan(session, actor, entry.plan_id)
    text = " ".join((reason or "").split())
    if not text:
        raise problem("reason", _("Alasan pembatalan wajib diisi."))
    if entry.voided_at is not None:
        raise problem("entry_id", _("Nomor {number} sudah dibatalkan.").format(number=entry.number))
    now = utcnow()
    entry.voided_at, entry.void_reason = now, text
    if entry.document_id is not None:
        document = session.get(IssuedDocument, entry.document_id)
        if document is not None:
            document.voided_at, document.void_reason = now, text
    audit.record(
        session,
        actor,
        "letter.voided",
        "letter_register",
        entry.id,
        summary=f"{entry.number}: {text}",
        changes={"voided": [False, True], "void_reason": [None, text]},
    )
    if entry.person_id is not None:
        timeline.add_event(
            session,
            actor,
            entry.person_id,
            date.today(),
            "letter_voided",
            _("{what} {number} dibatalkan: {reason}").format(
                what=kind_label(entry.kind), number=entry.number, reason=text
            ),
            ref_entity="letter_register",
            ref_id=entry.id,
        )
    commit(session, _("Buku agenda"))
    return get_entry(session, actor, entry.id)


def void_document(session: Session, actor: Actor, document_id: uuid.UUID, reason: str) -> RegisterEntry:
    """Void an issued letter or kwitansi by its document id (vouchers are voided in ``services/vouchers``)."""
    entry_id = session.scalar(select(LetterRegister.id).where(LetterRegister.document_id == document_id))
    if entry_id is None:
        raise NotFound(_("Dokumen tidak ditemukan di buku agenda."))
    return void_entry(session, actor, entry_id, reason)


# ------------------------------------------------------------------------------------------ documents of a plan


@dataclass(frozen=True)
class IssuedDocumentRow:
    """An issued document of a plan (letters, kwitansi and vouchers) for the plan's Dokumen list."""

    id: uuid.UUID
    kind: str
    kind_label: str
    number: str
    title: str
    issued_on: date
    issued_at: datetime
    issued_by: str
    person_id: uuid.UUID | None
    plan_id: uuid.UUID | None
    leg_id: uuid.UUID | None
    leg_seq: int | None
    amount: int | None
    voucher_id: uuid.UUID | None
    print_count: int
    filename: str
    size: int
    sha256: str
    voided_at: datetime | None
    void_reason: str


def list_plan_documents(session: Session, actor: Actor, plan_id: uuid.UUID) -> list[IssuedDocumentRow]:
    """Everything issued for a plan, oldest first."""
    actor.require("returns.view")
    load_plan(session, actor, plan_id)
    rows = session.execute(
        select(IssuedDocument, IssuedDocumentData, ReturnLeg.seq, Voucher.amount)
        .outerjoin(IssuedDocumentData, IssuedDocumentData.document_id == IssuedDocument.id)
        .outerjoin(ReturnLeg, ReturnLeg.id == IssuedDocument.leg_id)
        .outerjoin(Voucher, Voucher.document_id == IssuedDocument.id)
        .where(IssuedDocument.plan_id == plan_id)
        .order_by(IssuedDocument.issued_at, IssuedDocument.number)
    ).all()
    out = []
    for document, extra, leg_seq, voucher_amount in rows:
        amount = extra.amount if extra is not None and extra.amount is not None else voucher_amount
        out.append(
            IssuedDocumentRow(
                id=document.id,
                kind=document.kind,
                kind_label=kind_label(document.kind),
                number=document.number,
                title=document.title,
                issued_on=document.issued_on,
                issued_at=document.issued_at,
                issued_by=document.issued_by,
                person_id=document.person_id,
                plan_id=document.plan_id,
                leg_id=document.leg_id,
                leg_seq=leg_seq,
                amount=int(amount) if amount is not None else None,
                voucher_id=extra.voucher_id if extra is not None else None,
                print_count=document.print_count,
                filename=document.filename,
                size=document.size,
                sha256=document.sha256,
                voided_at=document.voided_at,
                void_reason=document.void_reason,
            )
        )
    return out
