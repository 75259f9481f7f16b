"""Travel-assistance vouchers: issue (numbered, signed, printed in one transaction), reprint, view, void.

The register, offline verification and the office's public key are in ``vouchers_register``.

Numbers come from the office's yearly "voucher" sequence (``numbering.next_number``) formatted by the office's
template (default ``{nomor:04d}/VCR/{kode_kantor}/{tahun}``). The number, the voucher row, the rendered PDF (stored
as an issued document and listed on the person's profile) and — when a ``deliver`` callback is given, e.g. saving
the file or handing it to the printer — the delivery all happen before the commit: if rendering or delivery fails
the transaction rolls back and the number is given to the next voucher, so numbers never repeat and never skip.

The amount of a voucher is what the person travels on: the fares, uang makan and uang saku of the chosen legs.
Escorts' costs are the escorts' own travel claims and are not on the person's voucher.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.documents.letterhead import Letterhead
from kesos_desktop.core.documents.voucher import VoucherDocument, VoucherLegLine, render_voucher
from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.i18n.formatters import age_in_years, format_rupiah, mask_nik
from kesos_desktop.core.models import (
    DocumentBlob,
    IssuedDocument,
    Office,
    Person,
    PersonDocument,
    PersonPhoto,
    RelayOffice,
    ReturnLeg,
    ReturnPlan,
    Voucher,
    VoucherLeg,
)
from kesos_desktop.core.models.base import utcnow
from kesos_desktop.core.progress import Cancelled, Progress, as_progress
from kesos_desktop.core.security import signing
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, numbering, timeline
from kesos_desktop.core.services.common import check_version, commit
from kesos_desktop.core.services.relay import mode_label
from kesos_desktop.core.services.returns_settings import format_document_number, number_template, signatory_for
from kesos_desktop.core.services.returns_views import APPROVED, DEPARTED, load_plan

ACTIVE, VOIDED, EXPIRED = "aktif", "batal", "kedaluwarsa"
_STATUS_LABELS = {ACTIVE: N_("Aktif"), VOIDED: N_("Batal"), EXPIRED: N_("Kedaluwarsa")}
DEFAULT_VALID_DAYS = 30
MAX_VALID_DAYS = 180
ADULT_AGE = 18
DOCUMENT_KIND = "VOUCHER"


def status_label(status: str) -> str:
    return _(_STATUS_LABELS[status]) if status in _STATUS_LABELS else status


@dataclass
class VoucherRequest:
    """Which plan and legs a voucher is for. ``leg_ids`` None: every leg this office pays that has no valid voucher
    yet. ``valid_until`` None: ``issued_on`` + 30 days."""

    plan_id: uuid.UUID
    leg_ids: list[uuid.UUID] | None = None
    issued_on: date | None = None
    valid_until: date | None = None
    signatory_id: uuid.UUID | None = None


@dataclass(frozen=True)
class VoucherInfo:
    id: uuid.UUID
    number: str
    year: int
    seq: int
    plan_id: uuid.UUID
    plan_no: str
    person_id: uuid.UUID
    person_name: str
    registration_no: str
    amount: int
    issued_on: date
    valid_until: date
    issued_at: datetime
    issued_by: str
    status: str
    status_label: str
    print_count: int
    voided_at: datetime | None
    voided_by: str
    void_reason: str
    destination_region_code: str
    destination_region_name: str
    leg_ids: tuple[uuid.UUID, ...]
    key_id: str
    payload: str
    document_id: uuid.UUID | None
    version_id: int


@dataclass(frozen=True)
class IssuedVoucher:
    info: VoucherInfo
    pdf: bytes


# ------------------------------------------------------------------------------------------------------ helpers


def _effective_status(v: Voucher, today: date | None = None) -> str:
    if v.status == VOIDED:
        return VOIDED
    return EXPIRED if v.valid_until < (today or date.today()) else ACTIVE


def voucher_infos(session: Session, rows: list[tuple[Voucher, ReturnPlan, Person]]) -> list[VoucherInfo]:
    ids = [v.id for v, _p, _pe in rows]
    legs: dict[uuid.UUID, list[uuid.UUID]] = {i: [] for i in ids}
    if ids:
        for voucher_id, leg_id in session.execute(
            select(VoucherLeg.voucher_id, VoucherLeg.leg_id)
            .join(ReturnLeg, ReturnLeg.id == VoucherLeg.leg_id)
            .where(VoucherLeg.voucher_id.in_(ids))
            .order_by(ReturnLeg.seq)
        ):
            legs[voucher_id].append(leg_id)
    out = []
    for v, plan, person in rows:
        status = _effective_status(v)
        out.append(
            VoucherInfo(
                id=v.id,
                number=v.number,
                year=v.year,
                seq=v.seq,
                plan_id=v.plan_id,
                plan_no=plan.plan_no,
                person_id=v.person_id,
                person_name=person.full_name or person.alias,
                registration_no=person.registration_no,
                amount=int(v.amount),
                issued_on=v.issued_on,
                valid_until=v.valid_until,
                issued_at=v.issued_at,
                issued_by=v.issued_by,
                status=status,
                status_label=status_label(status),
                print_count=v.print_count,
                voided_at=v.voided_at,
                voided_by=v.voided_by,
                void_reason=v.void_reason,
                destination_region_code=plan.destination_region_code,
                destination_region_name=plan.destination_region_name,
                leg_ids=tuple(legs[v.id]),
                key_id=v.key_id,
                payload=v.payload,
                document_id=v.document_id,
                version_id=v.version_id,
            )
        )
    return out


def voucher_info(session: Session, voucher: Voucher) -> VoucherInfo:
    plan = session.get(ReturnPlan, voucher.plan_id)
    person = session.get(Person, voucher.person_id)
    assert plan is not None and person is not None
    return voucher_infos(session, [(voucher, plan, person)])[0]


def office_letterhead(session: Session, office: Office) -> Letterhead:
    """The kop surat of this database's own office (the same one the biodata sheet prints)."""
    from kesos_desktop.core.documents.letterhead import office_kop
    from kesos_desktop.core.services.office import get_own_office

    return office_kop(get_own_office(session))


@dataclass
class _Batch:
    """What every voucher in one call shares: office, letterhead, key, number template."""

    office: Office
    letterhead: Letterhead
    key: signing.OwnKey
    template: str
    klasifikasi: str
    unit: str
    offices: dict[uuid.UUID, RelayOffice] = field(default_factory=dict)


def _batch(session: Session, actor: Actor) -> _Batch:
    office = session.get(Office, actor.office_id) if actor.office_id else None
    office = office or session.scalar(select(Office).where(Office.is_own.is_(True)))
    if office is None:
        raise ValidationError(_("Data kantor belum diisi. Jalankan penyiapan awal."))
    template = number_template(session, office.id, "voucher")
    key = signing.own_signing_key(session, office.id, created_by=actor.username)
    return _Batch(
        office, office_letterhead(session, office), key, template.template, template.klasifikasi, template.unit
    )


def _problem(name: str, message: str) -> ValidationError:
    return ValidationError(message, {name: message})


def _covered_leg_ids(session: Session, plan_id: uuid.UUID) -> set[uuid.UUID]:
    return set(
        session.scalars(
            select(VoucherLeg.leg_id)
            .join(Voucher, Voucher.id == VoucherLeg.voucher_id)
            .where(Voucher.plan_id == plan_id, Voucher.status == ACTIVE)
        )
    )


def _person_photo(session: Session, person: Person, on: date) -> bytes | None:
    """The photo, for an adult only: children's faces are never printed on vouchers (domain §8.3)."""
    if person.birth_date is None or age_in_years(person.birth_date, on) < ADULT_AGE:
        return None
    photo = session.get(PersonPhoto, person.id)
    return photo.image if photo is not None else None


def _document(
    session: Session, batch: _Batch, voucher: Voucher, plan: ReturnPlan, person: Person, legs: list[ReturnLeg]
) -> VoucherDocument:
    signatory = signatory_for(session, batch.office.id, "voucher", voucher.signatory_id)
    if signatory is None:
        raise _problem(
            "signatory_id", _("Penanda tangan voucher belum diatur. Isi penanda tangan di pengaturan kantor.")
        )
    missing = {leg.from_office_id for leg in legs} | {leg.to_office_id for leg in legs}
    missing -= set(batch.offices)
    if missing:
        for o in session.scalars(select(RelayOffice).where(RelayOffice.id.in_(missing))):
            batch.offices[o.id] = o

    def short(office_id: uuid.UUID) -> str:
        o = batch.offices[office_id]
        return o.short_name or o.name

    lines = tuple(
        VoucherLegLine(
            seq=leg.seq,
            from_name=short(leg.from_office_id),
            to_name=short(leg.to_office_id),
            mode=mode_label(leg.mode),
            carrier=leg.carrier,
            travel_date=leg.travel_date,
            fare=int(leg.fare_amount),
            meals=int(leg.meal_per_day) * leg.days,
            pocket=int(leg.pocket_per_day) * leg.days,
        )
        for leg in legs
    )
    destination = plan.destination_region_name
    if plan.destination_address:
        destination = f"{plan.destination_address}, {destination}"
    return VoucherDocument(
        letterhead=batch.letterhead,
        office_name=batch.office.name,
        number=voucher.number,
        issued_on=voucher.issued_on,
        valid_until=voucher.valid_until,
        place=batch.office.place_name,
        person_name=person.full_name or person.alias,
        registration_no=person.registration_no,
        nik_masked=mask_nik(person.nik) if person.nik else _("(belum ada NIK)"),
        destination=destination,
        plan_no=plan.plan_no,
        legs=lines,
        signatory=signatory.signatory(),
        payload=voucher.payload,
        photo=_person_photo(session, person, voucher.issued_on),
    )


def _voucher_legs(session: Session, voucher_id: uuid.UUID) -> list[ReturnLeg]:
    return list(
        session.scalars(
            select(ReturnLeg)
            .join(VoucherLeg, VoucherLeg.leg_id == ReturnLeg.id)
            .where(VoucherLeg.voucher_id == voucher_id)
            .order_by(ReturnLeg.seq)
        )
    )


def _filename(number: str) -> str:
    return "voucher-" + re.sub(r"[^A-Za-z0-9._-]+", "-", number).strip("-") + ".pdf"


def _store_pdf(
    session: Session, actor: Actor, batch: _Batch, voucher: Voucher, plan: ReturnPlan, pdf: bytes
) -> IssuedDocument:
    digest = hashlib.sha256(pdf).hexdigest()
    if session.get(DocumentBlob, digest) is None:
        session.add(DocumentBlob(sha256=digest, content=pdf, size=len(pdf)))
    title = _("Voucher bantuan transport {number}").format(number=voucher.number)
    listed = PersonDocument(
        id=uuid.uuid4(),
        person_id=voucher.person_id,
        kind=DOCUMENT_KIND,
        title=title,
        filename=_filename(voucher.number),
        mime="application/pdf",
        sha256=digest,
        size=len(pdf),
        document_date=voucher.issued_on,
        added_by=actor.username,
    )
    session.add(listed)
    document = IssuedDocument(
        id=uuid.uuid4(),
        office_id=batch.office.id,
        kind="voucher",
        number=voucher.number,
        title=title,
        person_id=voucher.person_id,
        plan_id=plan.id,
        issued_on=voucher.issued_on,
        issued_by=actor.username,
        sha256=digest,
        size=len(pdf),
        filename=listed.filename,
        person_document_id=listed.id,
    )
    session.add(document)
    session.flush()
    return document


# -------------------------------------------------------------------------------------------------------- issue


def _issue_in_session(
    session: Session,
    actor: Actor,
    batch: _Batch,
    request: VoucherRequest,
    *,
    invariant: bool,
) -> IssuedVoucher:
    plan = load_plan(session, actor, request.plan_id, for_update=True)
    if plan.status not in (APPROVED, DEPARTED):
        raise _problem(
            "plan_id",
            _(
                "Rencana {no} belum disetujui pimpinan; voucher hanya dapat diterbitkan untuk rencana yang sudah "
                "disetujui."
            ).format(no=plan.plan_no),
        )
    all_legs = session.scalars(select(ReturnLeg).where(ReturnLeg.plan_id == plan.id).order_by(ReturnLeg.seq)).all()
    covered = _covered_leg_ids(session, plan.id)
    if request.leg_ids is None:
        legs = [leg for leg in all_legs if leg.paid_by_own_office and leg.id not in covered]
        if not legs:
            raise _problem("leg_ids", _("Semua leg yang dibiayai kantor ini sudah mempunyai voucher yang berlaku."))
    else:
        wanted = set(request.leg_ids)
        legs = [leg for leg in all_legs if leg.id in wanted]
        if not legs or len(legs) != len(wanted):
            raise _problem("leg_ids", _("Pilih leg dari rencana ini."))
        for leg in legs:
            if not leg.paid_by_own_office:
                raise _problem(
                    "leg_ids",
                    _("Leg {n} dibiayai kantor pengirim lain; voucher hanya untuk leg kantor ini.").format(n=leg.seq),
                )
            if leg.id in covered:
                raise _problem("leg_ids", _("Leg {n} sudah mempunyai voucher yang berlaku.").format(n=leg.seq))
    amount = sum(int(leg.fare_amount) + (int(leg.meal_per_day) + int(leg.pocket_per_day)) * leg.days for leg in legs)
    if amount <= 0:
        raise _problem("amount", _("Jumlah voucher harus lebih dari nol; isi tarif atau uang saku leg ini."))
    issued_on = request.issued_on or date.today()
    valid_until = request.valid_until or issued_on + timedelta(days=DEFAULT_VALID_DAYS)
    if valid_until < issued_on:
        raise _problem("valid_until", _("Masa berlaku tidak boleh berakhir sebelum tanggal terbit."))
    if valid_until > issued_on + timedelta(days=MAX_VALID_DAYS):
        raise _problem("valid_until", _("Masa berlaku paling lama {n} hari.").format(n=MAX_VALID_DAYS))
    signer = signatory_for(session, batch.office.id, "voucher", request.signatory_id)
    if signer is None:
        raise _problem(
            "signatory_id", _("Penanda tangan voucher belum diatur. Isi penanda tangan di pengaturan kantor.")
        )
    person = session.get(Person, plan.person_id)
    assert person is not None

    seq = numbering.next_number(session, batch.office.id, "voucher", issued_on.year)
    number = format_document_number(
        batch.template,
        nomor=seq,
        on=issued_on,
        klasifikasi=batch.klasifikasi,
        unit=batch.unit,
        kode_kantor=batch.office.code,
    )
    payload = signing.sign_payload(
        signing.VoucherPayload(
            batch.key.key_id, batch.key.office_code, number, amount, issued_on, valid_until, person.registration_no
        ),
        batch.key.private_seed,
    )
    voucher = Voucher(
        id=uuid.uuid4(),
        office_id=batch.office.id,
        year=issued_on.year,
        seq=seq,
        number=number,
        plan_id=plan.id,
        person_id=person.id,
        amount=amount,
        issued_on=issued_on,
        valid_until=valid_until,
        issued_by=actor.username,
        signatory_id=signer.id,  # kept, so a reprint shows the same official even if the default changes
        key_id=batch.key.key_id,
        person_ref=person.registration_no,
        payload=payload,
        print_count=1,
        last_printed_at=utcnow(),
    )
    session.add(voucher)
    session.flush()
    for leg in legs:
        session.add(VoucherLeg(voucher_id=voucher.id, leg_id=leg.id))
    pdf = render_voucher(_document(session, batch, voucher, plan, person, legs), invariant=invariant)
    voucher.document_id = _store_pdf(session, actor, batch, voucher, plan, pdf).id
    audit.record(
        session,
        actor,
        "voucher.issued",
        "voucher",
        voucher.id,
        summary=f"{number}: {person.registration_no} {format_rupiah(amount)}",
        changes={"number": [None, number], "amount": [None, amount], "legs": [None, [leg.seq for leg in legs]]},
    )
    timeline.add_event(
        session,
        actor,
        person.id,
        issued_on,
        "voucher_issued",
        _("Voucher bantuan transport {number} diterbitkan: {amount}.").format(
            number=number, amount=format_rupiah(amount)
        ),
        ref_entity="voucher",
        ref_id=voucher.id,
    )
    session.flush()
    return IssuedVoucher(voucher_info(session, voucher), pdf)


def issue_voucher(
    session: Session,
    actor: Actor,
    request: VoucherRequest,
    *,
    deliver: Callable[[bytes], object] | None = None,
    invariant: bool = False,
) -> IssuedVoucher:
    """Number, sign, render and store one voucher; ``deliver(pdf)`` (save/print) runs before the commit."""
    return issue_vouchers(session, actor, [request], deliver=deliver, invariant=invariant)[0]


def issue_vouchers(
    session: Session,
    actor: Actor,
    requests: list[VoucherRequest],
    *,
    progress: Progress | Callable[[int, int, str], object] | None = None,
    deliver: Callable[[bytes], object] | None = None,
    invariant: bool = False,
) -> list[IssuedVoucher]:
    """A batch in one transaction: all vouchers are issued, or (on an error, a failed delivery or cancel) none."""
    actor.require("vouchers.issue")
    report = as_progress(progress)
    report.set_total(len(requests))
    done: list[IssuedVoucher] = []
    try:
        batch = _batch(session, actor)
        for i, request in enumerate(requests):
            if report.cancelled():
                raise Cancelled()
            try:
                issued = _issue_in_session(session, actor, batch, request, invariant=invariant)
            except ValidationError as exc:
                if len(requests) == 1:
                    raise
                fields = {f"requests.{i}.{k}": v for k, v in exc.fields.items()}
                raise ValidationError(_("Voucher ke-{n}: {problem}").format(n=i + 1, problem=str(exc)), fields) from exc
            done.append(issued)
            report.advance(1, issued.info.number)
        if report.cancelled():
            raise Cancelled()
        if deliver is not None:
            for issued in done:
                deliver(issued.pdf)
        commit(session, _("Voucher"))
    except BaseException:
        session.rollback()
        raise
    return done


# ------------------------------------------------------------------------------------------ reprint, view, void


def load_voucher(session: Session, actor: Actor, voucher_id: uuid.UUID, *, for_update: bool = False) -> Voucher:
    stmt = select(Voucher).where(Voucher.id == voucher_id)
    if for_update:
        stmt = stmt.with_for_update()
    voucher = session.scalar(stmt)
    if voucher is None:
        raise NotFound(_("Voucher tidak ditemukan."))
    load_plan(session, actor, voucher.plan_id)  # the same visibility as the plan
    return voucher


def _render_again(
    session: Session, actor: Actor, voucher: Voucher, *, copy_number: int, voided: bool, invariant: bool
) -> bytes:
    batch = _batch(session, actor)
    plan = session.get(ReturnPlan, voucher.plan_id)
    person = session.get(Person, voucher.person_id)
    assert plan is not None and person is not None
    doc = _document(session, batch, voucher, plan, person, _voucher_legs(session, voucher.id))
    return render_voucher(
        doc, copy_number=copy_number, voided=voided, void_reason=voucher.void_reason, invariant=invariant
    )


def reprint_voucher(
    session: Session,
    actor: Actor,
    voucher_id: uuid.UUID,
    *,
    deliver: Callable[[bytes], object] | None = None,
    invariant: bool = False,
) -> bytes:
    """A copy marked "SALINAN (cetakan ke-n)"; the print count goes up only if rendering (and delivery) work."""
    actor.require("vouchers.issue")
    try:
        voucher = load_voucher(session, actor, voucher_id, for_update=True)
        if voucher.status == VOIDED:
            raise _problem(
                "voucher_id",
                _("Voucher {number} sudah dibatalkan; tidak dapat dicetak ulang.").format(number=voucher.number),
            )
        voucher.print_count += 1
        voucher.last_printed_at = utcnow()
        pdf = _render_again(session, actor, voucher, copy_number=voucher.print_count, voided=False, invariant=invariant)
        if voucher.document_id is not None:
            document = session.get(IssuedDocument, voucher.document_id)
            if document is not None:
                document.print_count = voucher.print_count
        audit.record(
            session,
            actor,
            "voucher.reprinted",
            "voucher",
            voucher.id,
            summary=_("{number}: cetakan ke-{n}").format(number=voucher.number, n=voucher.print_count),
            changes={"print_count": [voucher.print_count - 1, voucher.print_count]},
        )
        if deliver is not None:
            deliver(pdf)
        commit(session, _("Voucher"))
    except BaseException:
        session.rollback()
        raise
    return pdf


def voucher_pdf(session: Session, actor: Actor, voucher_id: uuid.UUID, *, invariant: bool = False) -> bytes:
    """For viewing: the stored original of a valid voucher; a voided one is rendered again marked "BATAL"."""
    actor.require("returns.view")
    voucher = load_voucher(session, actor, voucher_id)
    if voucher.status == VOIDED:
        return _render_again(session, actor, voucher, copy_number=voucher.print_count, voided=True, invariant=invariant)
    document = session.get(IssuedDocument, voucher.document_id) if voucher.document_id else None
    blob = session.get(DocumentBlob, document.sha256) if document is not None else None
    if blob is None:
        return _render_again(session, actor, voucher, copy_number=1, voided=False, invariant=invariant)
    return bytes(blob.content)


def void_voucher(
    session: Session, actor: Actor, voucher_id: uuid.UUID, reason: str, version_id: int | None = None
) -> VoucherInfo:
    """Void with a reason; the number stays used (never given again) and the legs may get a new voucher."""
    actor.require("vouchers.void")
    voucher = load_voucher(session, actor, voucher_id, for_update=True)
    check_version(voucher, version_id, _("Voucher"))
    if not reason.strip():
        raise _problem("reason", _("Alasan pembatalan voucher wajib diisi."))
    if voucher.status == VOIDED:
        raise _problem("voucher_id", _("Voucher {number} sudah dibatalkan.").format(number=voucher.number))
    voucher.status = VOIDED
    voucher.voided_at = utcnow()
    voucher.voided_by = actor.username
    voucher.void_reason = reason.strip()
    if voucher.document_id is not None:
        document = session.get(IssuedDocument, voucher.document_id)
        if document is not None:
            document.voided_at = voucher.voided_at
            document.void_reason = voucher.void_reason
    audit.record(
        session,
        actor,
        "voucher.voided",
        "voucher",
        voucher.id,
        summary=f"{voucher.number}: {voucher.void_reason}",
        changes={"status": [ACTIVE, VOIDED], "void_reason": [None, voucher.void_reason]},
    )
    timeline.add_event(
        session,
        actor,
        voucher.person_id,
        date.today(),
        "voucher_voided",
        _("Voucher {number} dibatalkan: {reason}").format(number=voucher.number, reason=voucher.void_reason),
        ref_entity="voucher",
        ref_id=voucher.id,
    )
    commit(session, _("Voucher"))
    return voucher_info(session, voucher)
