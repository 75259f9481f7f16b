"""Issuing the letters and receipts of a return home: Surat Pengantar Pemulangan, Berita Acara Serah Terima (per
leg), Surat Jalan and Kwitansi bantuan transport / uang saku; viewing and reprinting them.

Every ``issue_*`` works the same way:

- ``preview=True``: the document is rendered with a "PRATINJAU" watermark and "..." in place of the number; no
  number is taken and nothing is stored.
- otherwise, in one transaction: take the number (``letters_numbers.allocate``: the office's sequence, or the
  ``manual_number`` from the paper buku agenda), render, store the PDF (``document_blob``), list it on the person's
  Dokumen tab (``person_document``), keep the issued document (``issued_document`` + ``issued_document_data`` with
  what it was printed from) and the register line (``letter_register``), audit, timeline, then ``deliver(pdf)``
  (save/print) and commit. If rendering or delivery fails, everything rolls back and the number is given to the
  next document: printing that fails consumes no number.

Bad input (a plan not approved, a leg ending at this office, an amount of zero...) raises ``ValidationError`` naming
the field. The register, manual entries, voiding and plan document lists are in ``letters_register``.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.documents import berita_acara as ba_doc
from kesos_desktop.core.documents import kwitansi as kw_doc
from kesos_desktop.core.documents import letters_pemulangan as lp_doc
from kesos_desktop.core.documents.snapshot import from_json, to_json
from kesos_desktop.core.documents.wording import doc_text
from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.i18n.formatters import format_date, format_rupiah
from kesos_desktop.core.models import (
    BudgetLine,
    DocumentBlob,
    FundSource,
    IssuedDocument,
    IssuedDocumentData,
    LetterRegister,
    Office,
    PersonDocument,
    ReturnLeg,
    Voucher,
)
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, timeline
from kesos_desktop.core.services import letters_data as data
from kesos_desktop.core.services.common import commit
from kesos_desktop.core.services.letters_numbers import allocate, kind_label, preview_text, template_for
from kesos_desktop.core.services.returns_costs import budget_line_label, whole_rupiah

PREVIEW_WATERMARK = N_("PRATINJAU")
COPY_WATERMARK = N_("SALINAN")
PERSON_DOCUMENT_KINDS = {
    "surat_pengantar": "SURAT_PENGANTAR",
    "berita_acara": "BERITA_ACARA",
    "surat_jalan": "SURAT_JALAN",
    "kwitansi": "KWITANSI",
}
TITLES = {
    "surat_pengantar": N_("Surat pengantar pemulangan {number}"),
    "berita_acara": N_("Berita acara serah terima {number}"),
    "surat_jalan": N_("Surat jalan {number}"),
    "kwitansi": N_("Kwitansi {number}"),
}
TIMELINE_KIND = "letter_issued"
DEFAULT_SURAT_JALAN_DAYS = 14
MAX_SURAT_JALAN_DAYS = 90
CONTENT_VERSION = 1


@dataclass(frozen=True)
class IssuedDocumentInfo:
    """What an ``issue_*`` returns. For a preview ``id`` is None and ``number`` shows "..." for the sequence."""

    id: uuid.UUID | None
    kind: str
    number: str
    title: str
    pdf: bytes
    preview: bool = False
    filename: str = ""
    sha256: str = ""
    register_id: uuid.UUID | None = None
    person_document_id: uuid.UUID | None = None


# ------------------------------------------------------------------------------------------------- the machinery


# Each kind: (document dataclass, renderer module, renderer function name). The renderer is looked up when used,
# so a test can put a failing one in its place.
_RENDERERS: dict[str, tuple[type, Any, str]] = {
    "surat_pengantar": (lp_doc.SuratPengantarDocument, lp_doc, "render_surat_pengantar"),
    "surat_jalan": (lp_doc.SuratJalanDocument, lp_doc, "render_surat_jalan"),
    "berita_acara": (ba_doc.BeritaAcaraDocument, ba_doc, "render_berita_acara"),
    "kwitansi": (kw_doc.KwitansiDocument, kw_doc, "render_kwitansi"),
}


def render_document(kind: str, doc: object, **marks: Any) -> bytes:
    _cls, module, name = _RENDERERS[kind]
    return getattr(module, name)(doc, **marks)  # type: ignore[no-any-return]


@dataclass
class _Draft:
    """One document about to be issued: what the register says about it and how to build it for a number."""

    kind: str
    office: Office
    on: date
    hal: str
    addressee: str
    person_id: uuid.UUID
    plan_id: uuid.UUID
    build: Callable[[str], object]
    leg_id: uuid.UUID | None = None
    manual_number: str = ""
    amount: int | None = None
    budget_line_id: int | None = None
    voucher_id: uuid.UUID | None = None
    # The timeline line for the issued number.
    timeline_text: Callable[[str], str] | None = None
    extra_audit: dict[str, object] = field(default_factory=dict)


def _filename(kind: str, number: str) -> str:
    return f"{kind.replace('_', '-')}-" + re.sub(r"[^A-Za-z0-9._-]+", "-", number).strip("-") + ".pdf"


def _title(kind: str, number: str) -> str:
    return doc_text(TITLES[kind]).format(number=number)


def _issue(
    session: Session,
    actor: Actor,
    draft: _Draft,
    *,
    preview: bool,
    deliver: Callable[[bytes], object] | None,
    page_size: str,
    invariant: bool,
) -> IssuedDocumentInfo:
    if preview:
        number = preview_text(template_for(session, draft.office.id, draft.kind), draft.office, draft.on)
        mark = doc_text(PREVIEW_WATERMARK)
        pdf = render_document(
            draft.kind,
            draft.build(number),
            watermark=mark,
            copy_label=doc_text(N_("PRATINJAU: belum bernomor dan belum sah")),
            page_size=page_size,
            invariant=invariant,
        )
        return IssuedDocumentInfo(None, draft.kind, number, _title(draft.kind, number), pdf, preview=True)
    try:
        allocated = allocate(session, draft.office, draft.kind, draft.on, draft.manual_number)
        doc = draft.build(allocated.number)
        pdf = render_document(draft.kind, doc, page_size=page_size, invariant=invariant)
        info = _store(session, actor, draft, allocated.number, allocated.seq, allocated.klasifikasi, doc, pdf)
        audit.record(
            session,
            actor,
            "letter.issued",
            "issued_document",
            info.id,
            summary=f"{kind_label(draft.kind)} {allocated.number}",
            changes={
                "kind": draft.kind,
                "number": [None, allocated.number],
                "manual": allocated.is_manual,
                "plan_id": str(draft.plan_id),
                **draft.extra_audit,
            },
        )
        timeline.add_event(
            session,
            actor,
            draft.person_id,
            draft.on,
            TIMELINE_KIND,
            draft.timeline_text(allocated.number)
            if draft.timeline_text is not None
            else _("{what} {number} diterbitkan.").format(what=kind_label(draft.kind), number=allocated.number),
            ref_entity="issued_document",
            ref_id=info.id,
        )
        session.flush()
        if deliver is not None:
            deliver(pdf)
        commit(session, kind_label(draft.kind))
    except BaseException:
        session.rollback()
        raise
    return info


def _store(
    session: Session,
    actor: Actor,
    draft: _Draft,
    number: str,
    seq: int | None,
    klasifikasi: str,
    doc: object,
    pdf: bytes,
) -> IssuedDocumentInfo:
    digest = hashlib.sha256(pdf).hexdigest()
    if session.get(DocumentBlob, digest) is None:
        session.add(DocumentBlob(sha256=digest, content=pdf, size=len(pdf)))
    title = _title(draft.kind, number)
    filename = _filename(draft.kind, number)
    listed = PersonDocument(
        id=uuid.uuid4(),
        person_id=draft.person_id,
        kind=PERSON_DOCUMENT_KINDS[draft.kind],
        title=title[:200],
        filename=filename,
        mime="application/pdf",
        sha256=digest,
        size=len(pdf),
        document_date=draft.on,
        added_by=actor.username,
    )
    session.add(listed)
    document = IssuedDocument(
        id=uuid.uuid4(),
        office_id=draft.office.id,
        kind=draft.kind,
        number=number,
        title=title[:200],
        person_id=draft.person_id,
        plan_id=draft.plan_id,
        leg_id=draft.leg_id,
        issued_on=draft.on,
        issued_by=actor.username,
        sha256=digest,
        size=len(pdf),
        filename=filename,
        person_document_id=listed.id,
        print_count=1,
    )
    session.add(document)
    session.flush()
    session.add(
        IssuedDocumentData(
            document_id=document.id,
            amount=draft.amount,
            budget_line_id=draft.budget_line_id,
            voucher_id=draft.voucher_id,
            content=to_json(doc),
            content_version=CONTENT_VERSION,
        )
    )
    register = LetterRegister(
        id=uuid.uuid4(),
        office_id=draft.office.id,
        year=draft.on.year,
        seq=seq,
        number=number,
        letter_date=draft.on,
        kind=draft.kind,
        klasifikasi=klasifikasi,
        hal=draft.hal[:300],
        addressee=draft.addressee[:300],
        is_manual=seq is None,
        person_id=draft.person_id,
        plan_id=draft.plan_id,
        document_id=document.id,
        created_by=actor.username,
    )
    session.add(register)
    session.flush()
    return IssuedDocumentInfo(
        document.id, draft.kind, number, title, pdf, False, filename, digest, register.id, listed.id
    )


# ---------------------------------------------------------------------------------------------- surat pengantar


@dataclass
class SuratPengantarRequest:
    """A Surat Pengantar Pemulangan. ``leg_id``: the leg whose receiving office is addressed (default: the first leg
    leaving this office); ``to_destination``: address the last leg's office (the destination's Dinas Sosial)
    instead. Empty ``hal``/``addressee``/``addressee_at`` take defaults; ``manual_number`` comes from the paper buku
    agenda."""

    plan_id: uuid.UUID
    leg_id: uuid.UUID | None = None
    to_destination: bool = False
    letter_date: date | None = None
    sifat: str = "Biasa"
    lampiran: str = ""
    hal: str = ""
    addressee: str = ""
    addressee_at: str = ""
    attachments: list[str] = field(default_factory=list)
    tembusan: list[str] = field(default_factory=list)
    signatory_id: uuid.UUID | None = None
    manual_number: str = ""


def _addressed_leg(ctx: data.PlanContext, leg_id: uuid.UUID | None, to_destination: bool) -> ReturnLeg:
    if not ctx.legs:
        raise data.problem("leg_id", _("Rencana ini belum mempunyai leg perjalanan: tidak ada kantor penerima."))
    if leg_id is not None:
        leg = ctx.leg(leg_id)
    elif to_destination:
        leg = ctx.legs[-1]
    else:
        own = [leg for leg in ctx.legs if leg.paid_by_own_office or leg.from_office_id == ctx.own_relay_id]
        leg = own[0] if own else ctx.legs[0]
    if ctx.own_relay_id is not None and leg.to_office_id == ctx.own_relay_id:
        raise data.problem(
            "leg_id",
            _("Leg {n} berakhir di kantor ini sendiri; pilih leg yang diterima Dinas Sosial lain.").format(n=leg.seq),
        )
    return leg


def _lampiran_text(items: list[str], typed: str) -> str:
    if typed.strip():
        return typed.strip()
    if not items:
        return "-"
    from kesos_desktop.core.i18n.terbilang import terbilang

    return doc_text(N_("{n} ({words}) berkas")).format(n=len(items), words=terbilang(len(items)))


def _clean_lines(items: list[str]) -> tuple[str, ...]:
    return tuple(" ".join(x.split()) for x in items if x and x.strip())


def issue_surat_pengantar(
    session: Session,
    actor: Actor,
    request: SuratPengantarRequest,
    *,
    preview: bool = False,
    deliver: Callable[[bytes], object] | None = None,
    page_size: str = "A4",
    invariant: bool = False,
) -> IssuedDocumentInfo:
    actor.require("returns.view" if preview else "letters.issue")
    ctx = data.plan_context(session, actor, request.plan_id)
    leg = _addressed_leg(ctx, request.leg_id, request.to_destination)
    on = request.letter_date or date.today()
    receiving = ctx.offices[leg.to_office_id]
    addressee = " ".join(request.addressee.split()) or doc_text(N_("Kepala {office}")).format(office=receiving.name)
    hal = " ".join(request.hal.split()) or doc_text(N_("Pemulangan Warga Binaan"))
    attachments = _clean_lines(request.attachments)
    signer = data.signatory(session, ctx.office, "surat_pengantar", request.signatory_id, "signatory_id")
    lh = data.letterhead(session, ctx.office)
    person = data.person_lines(ctx, on)
    route = data.route_lines(ctx)
    escorts = data.escort_lines(ctx)
    forwarding = leg.seq != ctx.legs[-1].seq

    def build(number: str) -> lp_doc.SuratPengantarDocument:
        return lp_doc.SuratPengantarDocument(
            letterhead=lh,
            office_name=ctx.office.name,
            place=ctx.office.place_name,
            letter_date=on,
            number=number,
            hal=hal,
            addressee=(addressee,),
            person=person,
            route=route,
            signatory=signer,
            sifat=" ".join(request.sifat.split()) or doc_text(N_("Biasa")),
            lampiran=_lampiran_text(list(attachments), request.lampiran),
            addressee_at=" ".join(request.addressee_at.split()) or data.addressee_place(receiving),
            forwarding=forwarding,
            institution=ctx.institution_name,
            escorts=escorts,
            attachments=attachments,
            tembusan=_clean_lines(request.tembusan),
            plan_no=ctx.plan.plan_no,
        )

    draft = _Draft(
        kind="surat_pengantar",
        office=ctx.office,
        on=on,
        hal=hal,
        addressee=addressee,
        person_id=ctx.person.id,
        plan_id=ctx.plan.id,
        leg_id=leg.id,
        build=build,
        manual_number=request.manual_number,
        timeline_text=lambda number: _("Surat pengantar pemulangan {number} kepada {office}.").format(
            number=number, office=receiving.name
        ),
    )
    return _issue(session, actor, draft, preview=preview, deliver=deliver, page_size=page_size, invariant=invariant)


# ------------------------------------------------------------------------------------------------- surat jalan


@dataclass
class SuratJalanRequest:
    """A Surat Jalan for the person (and the escorts of the chosen legs). ``leg_ids`` None: every leg.
    ``valid_from`` None: the first travel date (else the letter date); ``valid_until`` None: 14 days later."""

    plan_id: uuid.UUID
    leg_ids: list[uuid.UUID] | None = None
    letter_date: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    purpose: str = ""
    checkpoints: bool = True
    signatory_id: uuid.UUID | None = None
    manual_number: str = ""


def issue_surat_jalan(
    session: Session,
    actor: Actor,
    request: SuratJalanRequest,
    *,
    preview: bool = False,
    deliver: Callable[[bytes], object] | None = None,
    page_size: str = "A4",
    invariant: bool = False,
) -> IssuedDocumentInfo:
    actor.require("returns.view" if preview else "letters.issue")
    ctx = data.plan_context(session, actor, request.plan_id)
    if not ctx.legs:
        raise data.problem("leg_ids", _("Rencana ini belum mempunyai leg perjalanan."))
    if request.leg_ids is None:
        legs = list(ctx.legs)
    else:
        wanted = set(request.leg_ids)
        legs = [leg for leg in ctx.legs if leg.id in wanted]
        if not legs or len(legs) != len(wanted):
            raise data.problem("leg_ids", _("Pilih leg dari rencana ini."))
    on = request.letter_date or date.today()
    dates = [leg.travel_date for leg in legs if leg.travel_date is not None]
    valid_from = request.valid_from or (min(dates) if dates else on)
    valid_until = request.valid_until or valid_from + timedelta(days=DEFAULT_SURAT_JALAN_DAYS)
    if valid_until < valid_from:
        raise data.problem("valid_until", _("Masa berlaku tidak boleh berakhir sebelum tanggal mulai berlaku."))
    if (valid_until - valid_from).days > MAX_SURAT_JALAN_DAYS:
        raise data.problem(
            "valid_until", _("Masa berlaku surat jalan paling lama {n} hari.").format(n=MAX_SURAT_JALAN_DAYS)
        )
    signer = data.signatory(session, ctx.office, "surat_jalan", request.signatory_id, "signatory_id")
    lh = data.letterhead(session, ctx.office)
    person = data.person_lines(ctx, on)
    route = data.route_lines(ctx, legs)
    escorts = data.escort_lines(ctx, legs)
    checkpoints = tuple(ctx.short_name(leg.to_office_id) for leg in legs) if request.checkpoints else ()

    def build(number: str) -> lp_doc.SuratJalanDocument:
        return lp_doc.SuratJalanDocument(
            letterhead=lh,
            office_name=ctx.office.name,
            place=ctx.office.place_name,
            letter_date=on,
            number=number,
            person=person,
            route=route,
            valid_from=valid_from,
            valid_until=valid_until,
            signatory=signer,
            escorts=escorts,
            purpose=" ".join(request.purpose.split()),
            plan_no=ctx.plan.plan_no,
            checkpoints=checkpoints,
        )

    draft = _Draft(
        kind="surat_jalan",
        office=ctx.office,
        on=on,
        hal=doc_text(N_("Surat jalan pemulangan ke {destination}")).format(
            destination=ctx.plan.destination_region_name
        ),
        addressee=person.name,
        person_id=ctx.person.id,
        plan_id=ctx.plan.id,
        build=build,
        manual_number=request.manual_number,
        timeline_text=lambda number: _("Surat jalan {number} diterbitkan, berlaku sampai {day}.").format(
            number=number, day=format_date(valid_until)
        ),
        extra_audit={"valid_from": str(valid_from), "valid_until": str(valid_until)},
    )
    return _issue(session, actor, draft, preview=preview, deliver=deliver, page_size=page_size, invariant=invariant)


# ---------------------------------------------------------------------------------------------- berita acara


@dataclass
class PartyInput:
    """An officer on a berita acara. Leave ``name`` empty to print dotted lines to fill in by hand."""

    name: str = ""
    nip: str = ""
    jabatan: str = ""
    office: str = ""


@dataclass
class BelongingInput:
    description: str
    quantity: int = 1
    note: str = ""


@dataclass
class BeritaAcaraRequest:
    """A Berita Acara Serah Terima for one leg. ``condition`` is required ("sehat jasmani dan rohani"...).

    ``first_party`` None: the leg's first escort from the sending office; ``second_party`` None: the officer
    recorded at the hand-over, else dotted lines. ``belongings`` None: the stay's recorded belongings; [] for none.
    ``handover_on`` None: the recorded hand-over date, else the travel date, else today. ``place`` empty: the
    receiving office.
    """

    leg_id: uuid.UUID
    condition: str
    handover_on: date | None = None
    place: str = ""
    first_party: PartyInput | None = None
    second_party: PartyInput | None = None
    belongings: list[BelongingInput] | None = None
    notes: str = ""
    copies: int = 2
    signatory_id: uuid.UUID | None = None
    manual_number: str = ""


def _party(given: PartyInput | None, default: ba_doc.PartyLines, field_name: str) -> ba_doc.PartyLines:
    if given is None:
        return default
    nip = given.nip.replace(" ", "")
    if nip:
        from kesos_desktop.core.reference.nip import parse_nip

        try:
            nip = parse_nip(nip).nip
        except ValidationError as exc:
            raise data.problem(f"{field_name}.nip", str(exc)) from exc
    return ba_doc.PartyLines(
        " ".join(given.name.split()),
        nip,
        " ".join(given.jabatan.split()),
        " ".join(given.office.split()) or default.office,
    )


def issue_berita_acara(
    session: Session,
    actor: Actor,
    request: BeritaAcaraRequest,
    *,
    preview: bool = False,
    deliver: Callable[[bytes], object] | None = None,
    page_size: str = "A4",
    invariant: bool = False,
) -> IssuedDocumentInfo:
    actor.require("returns.view" if preview else "letters.issue")
    ctx = data.plan_for_leg(session, actor, request.leg_id)
    leg = ctx.leg(request.leg_id)
    condition = " ".join((request.condition or "").split())
    if not condition:
        raise data.problem(
            "condition", _("Isi kondisi yang bersangkutan saat diserahkan, misalnya 'sehat jasmani dan rohani'.")
        )
    if not 1 <= request.copies <= 10:
        raise data.problem("copies", _("Jumlah rangkap antara 1 dan 10."))
    on = request.handover_on or leg.handed_over_on or leg.travel_date or date.today()
    if request.belongings is None:
        belongings = data.stay_belongings(session, ctx)
    else:
        belongings = tuple(
            ba_doc.BelongingLine(" ".join(b.description.split()), max(1, int(b.quantity)), b.note.strip())
            for b in request.belongings
            if b.description.strip()
        )
    first = _party(request.first_party, data.first_party(ctx, leg), "first_party")
    second = _party(request.second_party, data.second_party(ctx, leg), "second_party")
    mengetahui = data.signatory(session, ctx.office, "berita_acara", request.signatory_id, "signatory_id")
    lh = data.letterhead(session, ctx.office)
    person = data.person_lines(ctx, on)
    receiving = ctx.offices[leg.to_office_id]
    place = " ".join(request.place.split()) or doc_text(N_("Kantor {office}")).format(office=receiving.name)
    route_text = data.leg_route_text(ctx, leg)

    def build(number: str) -> ba_doc.BeritaAcaraDocument:
        return ba_doc.BeritaAcaraDocument(
            letterhead=lh,
            office_name=ctx.office.name,
            number=number,
            handover_date=on,
            place=place,
            first_party=first,
            second_party=second,
            person=person,
            condition=condition,
            belongings=belongings,
            mengetahui=mengetahui,
            route_text=route_text,
            plan_no=ctx.plan.plan_no,
            leg_seq=leg.seq,
            copies=request.copies,
            notes=request.notes.strip(),
        )

    draft = _Draft(
        kind="berita_acara",
        office=ctx.office,
        on=on,
        hal=doc_text(N_("Serah terima leg {n}: {route}")).format(n=leg.seq, route=route_text),
        addressee=receiving.name,
        person_id=ctx.person.id,
        plan_id=ctx.plan.id,
        leg_id=leg.id,
        build=build,
        manual_number=request.manual_number,
        timeline_text=lambda number: _("Berita acara serah terima {number} (leg {n}: {route}).").format(
            number=number, n=leg.seq, route=route_text
        ),
    )
    return _issue(session, actor, draft, preview=preview, deliver=deliver, page_size=page_size, invariant=invariant)


# ----------------------------------------------------------------------------------------------------- kwitansi


@dataclass
class KwitansiRequest:
    """A Kwitansi bantuan transport / uang saku the person signs.

    ``amount`` None: the voucher's amount when ``voucher_id`` is given (the kwitansi is then the receipt of that
    voucher's assistance and is not counted again in the budget), else the fares and allowances of ``leg_ids``
    (default: the legs this office pays). ``budget_line_id`` None: the line of the first of those legs that has one.
    ``pptk_id``/``bendahara_id`` None: the officials whose signatory kinds name "pptk"/"bendahara" (else dotted
    lines); ``signatory_id`` None: the default signatory for "kwitansi" (Pengguna Anggaran, "Mengetahui").
    """

    plan_id: uuid.UUID
    amount: int | None = None
    leg_ids: list[uuid.UUID] | None = None
    voucher_id: uuid.UUID | None = None
    purpose: str = ""
    paid_on: date | None = None
    budget_line_id: int | None = None
    payer: str = ""
    pptk_id: uuid.UUID | None = None
    bendahara_id: uuid.UUID | None = None
    signatory_id: uuid.UUID | None = None
    manual_number: str = ""


def _leg_breakdown(ctx: data.PlanContext, legs: list[ReturnLeg]) -> tuple[kw_doc.AmountLine, ...]:
    lines: list[kw_doc.AmountLine] = []
    for leg in legs:
        route = f"{ctx.short_name(leg.from_office_id)} – {ctx.short_name(leg.to_office_id)}"
        mode, carrier = data._mode_text(leg)
        if int(leg.fare_amount) > 0:
            ride = f"{mode}, {carrier}" if carrier else mode
            lines.append(
                kw_doc.AmountLine(
                    doc_text(N_("Ongkos perjalanan {route} ({mode})")).format(route=route, mode=ride),
                    int(leg.fare_amount),
                )
            )
        for per_day, label in ((int(leg.meal_per_day), N_("Uang makan")), (int(leg.pocket_per_day), N_("Uang saku"))):
            if per_day > 0:
                text = doc_text(N_("{what} {days} hari × {amount}")).format(
                    what=doc_text(label), days=leg.days, amount=format_rupiah(per_day)
                )
                lines.append(kw_doc.AmountLine(text, per_day * leg.days))
    return tuple(lines)


def _person_cost(leg: ReturnLeg) -> int:
    return int(leg.fare_amount) + (int(leg.meal_per_day) + int(leg.pocket_per_day)) * int(leg.days)


def _kwitansi_voucher(
    session: Session, ctx: data.PlanContext, voucher_id: uuid.UUID
) -> tuple[Voucher, list[ReturnLeg]]:
    from kesos_desktop.core.models import VoucherLeg

    voucher = session.get(Voucher, voucher_id)
    if voucher is None or voucher.plan_id != ctx.plan.id:
        raise data.problem("voucher_id", _("Voucher tidak ditemukan pada rencana ini."))
    if voucher.status == "batal":
        raise data.problem("voucher_id", _("Voucher {number} sudah dibatalkan.").format(number=voucher.number))
    existing = session.scalar(
        select(IssuedDocument.number)
        .join(IssuedDocumentData, IssuedDocumentData.document_id == IssuedDocument.id)
        .where(IssuedDocumentData.voucher_id == voucher.id, IssuedDocument.voided_at.is_(None))
    )
    if existing:
        raise data.problem(
            "voucher_id",
            _("Voucher {voucher} sudah mempunyai kwitansi {number}.").format(voucher=voucher.number, number=existing),
        )
    ids = set(session.scalars(select(VoucherLeg.leg_id).where(VoucherLeg.voucher_id == voucher.id)))
    return voucher, [leg for leg in ctx.legs if leg.id in ids]


def _budget_line(session: Session, office: Office, line_id: int | None) -> tuple[BudgetLine, FundSource] | None:
    if line_id is None:
        return None
    row = session.execute(
        select(BudgetLine, FundSource)
        .join(FundSource, FundSource.id == BudgetLine.fund_source_id)
        .where(BudgetLine.id == line_id, FundSource.office_id == office.id)
    ).first()
    if row is None:
        raise data.problem("budget_line_id", _("Pilih pagu anggaran dari daftar."))
    return row[0], row[1]


def issue_kwitansi(
    session: Session,
    actor: Actor,
    request: KwitansiRequest,
    *,
    preview: bool = False,
    deliver: Callable[[bytes], object] | None = None,
    page_size: str = "A4",
    invariant: bool = False,
) -> IssuedDocumentInfo:
    actor.require("returns.view" if preview else "vouchers.issue")
    ctx = data.plan_context(session, actor, request.plan_id)
    voucher: Voucher | None = None
    if request.voucher_id is not None:
        voucher, legs = _kwitansi_voucher(session, ctx, request.voucher_id)
    elif request.leg_ids is not None:
        wanted = set(request.leg_ids)
        legs = [leg for leg in ctx.legs if leg.id in wanted]
        if not legs or len(legs) != len(wanted):
            raise data.problem("leg_ids", _("Pilih leg dari rencana ini."))
    else:
        legs = [leg for leg in ctx.legs if leg.paid_by_own_office]
    computed = int(voucher.amount) if voucher is not None else sum(_person_cost(leg) for leg in legs)
    if request.amount is None:
        amount = computed
        if amount <= 0:
            raise data.problem("amount", _("Jumlah kwitansi harus lebih dari nol; isi jumlahnya."))
    else:
        amount = whole_rupiah(request.amount, "amount", allow_zero=False)
    if voucher is not None and amount > int(voucher.amount):
        raise data.problem(
            "amount",
            _("Jumlah kwitansi melebihi nilai voucher {number} ({amount}).").format(
                number=voucher.number, amount=format_rupiah(int(voucher.amount))
            ),
        )
    line_id = request.budget_line_id
    if line_id is None:
        line_id = next((leg.budget_line_id for leg in legs if leg.budget_line_id is not None), None)
    line = _budget_line(session, ctx.office, line_id)
    paid_on = request.paid_on or date.today()
    breakdown = _leg_breakdown(ctx, legs) if amount == computed and legs else ()
    name = data.person_name(ctx.person)
    purpose = " ".join(request.purpose.split()) or doc_text(
        N_(
            "Bantuan transport dan uang saku pemulangan ke daerah asal ({destination}) atas nama {name}, "
            "rencana pemulangan {plan}."
        )
    ).format(destination=ctx.plan.destination_region_name, name=name, plan=ctx.plan.plan_no)
    payer = " ".join(request.payer.split()) or doc_text(N_("Bendahara Pengeluaran {office}")).format(
        office=ctx.office.name
    )
    pptk = data.role_signatory(session, ctx.office, "pptk", request.pptk_id, "pptk_id")
    bendahara = data.role_signatory(session, ctx.office, "bendahara", request.bendahara_id, "bendahara_id")
    kepala = data.signatory(session, ctx.office, "kwitansi", request.signatory_id, "signatory_id")
    lh = data.letterhead(session, ctx.office)
    reference = doc_text(N_("Rencana pemulangan {plan}")).format(plan=ctx.plan.plan_no)
    if voucher is not None:
        reference += "; " + doc_text(N_("voucher {number}")).format(number=voucher.number)
    line_text = ""
    if line is not None:
        budget, source = line
        line_text = (
            f"{budget.code} — {budget.name} ({source.name})" if budget.code else f"{budget.name} ({source.name})"
        )

    def build(number: str) -> kw_doc.KwitansiDocument:
        return kw_doc.KwitansiDocument(
            office_name=ctx.office.name,
            number=number,
            place=ctx.office.place_name,
            paid_on=paid_on,
            amount=amount,
            payer=payer,
            purpose=purpose,
            recipient_name=name,
            letterhead=lh,
            recipient_detail=doc_text(N_("Penerima bantuan")),
            breakdown=breakdown,
            pptk=pptk,
            bendahara=bendahara,
            kepala=kepala,
            budget_line=line_text,
            fiscal_year=line[0].year if line is not None else paid_on.year,
            reference=reference,
        )

    draft = _Draft(
        kind="kwitansi",
        office=ctx.office,
        on=paid_on,
        hal=doc_text(N_("Kwitansi bantuan transport / uang saku {amount}")).format(amount=format_rupiah(amount)),
        addressee=name,
        person_id=ctx.person.id,
        plan_id=ctx.plan.id,
        leg_id=legs[0].id if len(legs) == 1 else None,
        build=build,
        manual_number=request.manual_number,
        amount=amount,
        budget_line_id=line[0].id if line is not None else None,
        voucher_id=voucher.id if voucher is not None else None,
        timeline_text=lambda number: _("Kwitansi {number} ditandatangani penerima: {amount}.").format(
            number=number, amount=format_rupiah(amount)
        ),
        extra_audit={
            "amount": [None, amount],
            "budget_line": budget_line_label(*line) if line is not None else None,
            "voucher": voucher.number if voucher is not None else None,
        },
    )
    return _issue(session, actor, draft, preview=preview, deliver=deliver, page_size=page_size, invariant=invariant)


# ------------------------------------------------------------------------------------------ viewing and reprints


def _load_document(session: Session, actor: Actor, document_id: uuid.UUID) -> IssuedDocument:
    from kesos_desktop.core.services.returns_views import load_plan

    document = session.get(IssuedDocument, document_id)
    if document is None:
        raise NotFound(_("Dokumen tidak ditemukan."))
    if document.plan_id is not None:
        load_plan(session, actor, document.plan_id)  # the same visibility as the plan
    return document


def document_pdf(
    session: Session,
    actor: Actor,
    document_id: uuid.UUID,
    *,
    copy: bool = False,
    deliver: Callable[[bytes], object] | None = None,
    invariant: bool = False,
) -> bytes:
    """The stored PDF of an issued document (audited as viewed); ``copy=True`` prints a copy marked "SALINAN
    (cetakan ke-n)" from what the original showed, counting the print. Vouchers go through ``services/vouchers``."""
    actor.require("returns.view")
    document = _load_document(session, actor, document_id)
    if document.kind == "voucher":
        from kesos_desktop.core.services import vouchers

        voucher_id = session.scalar(select(Voucher.id).where(Voucher.document_id == document.id))
        if voucher_id is None:
            raise NotFound(_("Voucher tidak ditemukan."))
        if copy:
            return vouchers.reprint_voucher(session, actor, voucher_id, deliver=deliver, invariant=invariant)
        return vouchers.voucher_pdf(session, actor, voucher_id, invariant=invariant)
    if not copy:
        blob = session.get(DocumentBlob, document.sha256)
        if blob is None:
            raise NotFound(_("Isi dokumen tidak ditemukan di basis data."))
        audit.record(
            session,
            actor,
            "issued_document.viewed",
            "issued_document",
            document.id,
            summary=f"{kind_label(document.kind)} {document.number}",
        )
        commit(session, _("Dokumen"))
        return bytes(blob.content)
    actor.require("vouchers.issue" if document.kind == "kwitansi" else "letters.issue")
    try:
        if document.voided_at is not None:
            raise data.problem(
                "document_id",
                _("{what} {number} sudah dibatalkan; tidak dapat dicetak ulang.").format(
                    what=kind_label(document.kind), number=document.number
                ),
            )
        stored = session.get(IssuedDocumentData, document.id)
        if stored is None or document.kind not in _RENDERERS:
            raise data.problem("document_id", _("Dokumen ini tidak dapat dicetak ulang sebagai salinan."))
        cls = _RENDERERS[document.kind][0]
        doc = _with_current_logo(session, from_json(cls, dict(stored.content)))
        document.print_count += 1
        label = doc_text(N_("SALINAN (cetakan ke-{n}), dicetak {date}")).format(
            n=document.print_count, date=format_date(date.today(), "id")
        )
        pdf = render_document(
            document.kind, doc, watermark=doc_text(COPY_WATERMARK), copy_label=label, invariant=invariant
        )
        audit.record(
            session,
            actor,
            "letter.reprinted",
            "issued_document",
            document.id,
            summary=f"{kind_label(document.kind)} {document.number}: " + label,
            changes={"print_count": [document.print_count - 1, document.print_count]},
        )
        if deliver is not None:
            deliver(pdf)
        commit(session, kind_label(document.kind))
    except BaseException:
        session.rollback()
        raise
    return pdf


def _with_current_logo(session: Session, doc: Any) -> Any:
    """The kop's logo file lives in a cache folder; if it was cleaned, draw the office's current logo."""
    import dataclasses
    from pathlib import Path

    lh = getattr(doc, "letterhead", None)
    if lh is None or not lh.logo_path or Path(lh.logo_path).is_file():
        return doc
    from kesos_desktop.core.documents.letterhead import logo_file

    office = session.scalar(select(Office).where(Office.is_own.is_(True)))
    logo = logo_file(office.logo_png) if office is not None else None
    return dataclasses.replace(doc, letterhead=dataclasses.replace(lh, logo_path=logo))
