"""The case file (BERKAS KASUS REHABILITASI SOSIAL): identity, stays, cases and their stages, assessments, the
intervention plan, services, conferences, training, placements and the progress notes of a date range, under the
office's kop surat with the pekerja sosial's and the pimpinan's signature blocks.

``build_case_file`` gathers the data through the services (so the partner rule, the confidential-note rule and
NIK masking apply, and the view is audited); ``render_case_file`` lays it out.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.documents import fonts
from kesos_desktop.core.documents.blocks import title_block
from kesos_desktop.core.documents.layout import DocContext, styles, table_style
from kesos_desktop.core.documents.letterhead import office_kop
from kesos_desktop.core.documents.render import render_pdf
from kesos_desktop.core.documents.signature import Party, Signatory
from kesos_desktop.core.documents.wording import DOCUMENT_LANGUAGE, doc_text, place_date
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.i18n.formatters import EMPTY, format_date, format_date_short, format_nik, mask_nik, month_name
from kesos_desktop.core.models import Category, ExitReason, Institution, PersonCategory, Stay, UserAccount
from kesos_desktop.core.reference.datafiles import pick_label
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import access, activities, assessments, cases, notes, placements, plans, training
from kesos_desktop.core.services.common import commit
from kesos_desktop.core.services.office import OfficeInfo, get_own_office

LANG = DOCUMENT_LANGUAGE
LABEL_W, COLON_W = 44 * mm, 4 * mm


@dataclass(frozen=True)
class StayLine:
    institution: str
    admitted_on: date
    exited_on: date | None
    exit_reason: str


@dataclass(frozen=True)
class CaseBlock:
    case: cases.CaseInfo
    transitions: tuple[cases.TransitionInfo, ...]
    plan: plans.PlanInfo | None
    conferences: tuple[activities.ConferenceInfo, ...]


@dataclass(frozen=True)
class AssessmentBlock:
    info: assessments.AssessmentInfo
    # (section title, ((field label, answer text), ...)); empty for older versions printed as one line.
    sections: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


@dataclass(frozen=True)
class PlacementBlock:
    placement: placements.PlacementInfo
    reports: tuple[placements.ReportInfo, ...]


@dataclass(frozen=True)
class CaseFileData:
    person_id: uuid.UUID
    registration_no: str
    full_name: str
    alias: str
    sex: str
    birth_text: str
    nik_text: str
    religion: str
    education: str
    origin: str
    categories: tuple[str, ...]
    stays: tuple[StayLine, ...]
    cases: tuple[CaseBlock, ...]
    assessments: tuple[AssessmentBlock, ...]
    # (activity type, times present, times recorded) within the date range
    services: tuple[tuple[str, int, int], ...]
    trainings: tuple[tuple[str, training.EnrolmentInfo], ...]
    placements: tuple[PlacementBlock, ...]
    notes: tuple[notes.NoteInfo, ...]
    hidden_notes: int
    date_from: date | None
    date_to: date | None
    worker_id: uuid.UUID | None


# ------------------------------------------------------------------------------------------------ data


def _birth_text(born: date | None, precision: str, place: str) -> str:
    if born is None:
        text = EMPTY
    elif precision == "month":
        text = f"{month_name(born.month, lang=LANG)} {born.year}"
    elif precision in ("year", "estimated"):
        text = doc_text(N_("{year} (perkiraan)")).format(year=born.year) if precision == "estimated" else str(born.year)
    else:
        text = format_date(born, lang=LANG)
    return f"{place}, {text}" if place else text


def build_case_file(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
) -> CaseFileData:
    """Everything the case file prints, as this user may see it; the view is audited (and committed)."""
    person = access.ensure_person_visible(session, actor, person_id)  # NotFound first: no hint for a partner
    actor.require("cases.view")
    if date_from and date_to and date_to < date_from:
        message = _("Tanggal akhir tidak boleh sebelum tanggal awal.")
        raise ValidationError(message, {"date_to": message})
    see_nik = actor.can("residents.view_nik")
    nik_text = (format_nik(person.nik) if see_nik else mask_nik(person.nik)) if person.nik else EMPTY
    categories = tuple(
        pick_label(cid, cen, LANG)
        for cid, cen in session.execute(
            select(Category.name_id, Category.name_en)
            .join(PersonCategory, PersonCategory.category_code == Category.code)
            .where(PersonCategory.person_id == person_id, PersonCategory.until.is_(None))
            .order_by(PersonCategory.id)
        )
    )
    stays = tuple(
        StayLine(name, admitted, exited, pick_label(rid or "", ren or "", LANG) if rid else "")
        for name, admitted, exited, rid, ren in session.execute(
            select(Institution.name, Stay.admitted_on, Stay.exited_on, ExitReason.name_id, ExitReason.name_en)
            .join(Institution, Institution.id == Stay.institution_id)
            .outerjoin(ExitReason, ExitReason.code == Stay.exit_reason_code)
            .where(Stay.person_id == person_id)
            .order_by(Stay.admitted_on)
        )
    )
    case_blocks = []
    for info in reversed(cases.cases_for_person(session, actor, person_id)):
        case_blocks.append(
            CaseBlock(
                info,
                tuple(cases.list_transitions(session, actor, info.id)),
                plans.plan_for_case(session, actor, info.id),
                tuple(reversed(activities.list_conferences(session, actor, info.id))),
            )
        )
    blocks = []
    latest_seen: set[str] = set()
    for a in assessments.list_assessments(session, actor, person_id=person_id):
        if not a.is_completed:
            continue
        detailed = a.instrument_code not in latest_seen  # the newest completed version in full, older ones in a line
        latest_seen.add(a.instrument_code)
        sections: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        if detailed:
            instrument = assessments.get_instrument(a.instrument_code, a.instrument_version)
            for section in instrument.sections:
                rows = tuple(
                    (f.label(LANG), assessments.display_answer(f, a.answers.get(f.code), LANG)) for f in section.fields
                )
                sections.append((section.title(LANG), rows))
        blocks.append(AssessmentBlock(a, tuple(sections)))
    counter: Counter[str] = Counter()
    present: Counter[str] = Counter()
    for row in activities.person_activities(session, actor, person_id, date_from=date_from, date_to=date_to):
        counter[row.type_label] += 1
        present[row.type_label] += row.status == "hadir"
    services = tuple((label, present[label], n) for label, n in sorted(counter.items()))
    trainings = []
    for e in training.person_enrolments(session, actor, person_id):
        trainings.append((training.get_programme(session, actor, e.programme_id).name, e))
    placement_blocks = []
    if actor.can("placements.view"):
        for p in placements.list_placements(
            session, actor, placements.PlacementFilter(status=None, person_id=person_id)
        ):
            placement_blocks.append(PlacementBlock(p, tuple(placements.list_reports(session, actor, p.id))))
    note_rows = notes.list_notes(session, actor, person_id, date_from=date_from, date_to=date_to)
    hidden = notes.count_hidden(session, actor, person_id, date_from=date_from, date_to=date_to)
    worker_id = next((b.case.worker_id for b in reversed(case_blocks) if b.case.worker_id), None)
    access.record_view(session, actor, person, doc_text(N_("berkas kasus (PDF)")))
    commit(session)
    return CaseFileData(
        person_id=person.id,
        registration_no=person.registration_no,
        full_name=person.full_name,
        alias=person.alias,
        sex=person.sex,
        birth_text=_birth_text(person.birth_date, person.birth_date_precision, person.birth_place),
        nik_text=nik_text,
        religion=person.religion,
        education=person.education,
        origin=person.origin_region_name,
        categories=categories,
        stays=stays,
        cases=tuple(case_blocks),
        assessments=tuple(blocks),
        services=services,
        trainings=tuple(trainings),
        placements=tuple(placement_blocks),
        notes=tuple(note_rows),
        hidden_notes=hidden,
        date_from=date_from,
        date_to=date_to,
        worker_id=worker_id,
    )


def signer_for_user(session: Session, user_id: uuid.UUID | None, default_jabatan: str = "") -> Signatory | Party | None:
    """A user's signature block: a Signatory when the account has a jabatan (and a valid NIP or none)."""
    if user_id is None:
        return None
    user = session.get(UserAccount, user_id)
    if user is None:
        return None
    jabatan = user.jabatan.strip() or default_jabatan
    if jabatan:
        signer = Signatory(name=user.full_name, jabatan=jabatan, nip=user.nip)
        try:
            signer.validate()
            return signer
        except Exception:
            pass
    return Party(name=user.full_name, description=default_jabatan)


# ------------------------------------------------------------------------------------------------ layout


class _Builder:
    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        st = ctx.styles
        self.cell = ParagraphStyle("KesosCaseCell", parent=st.table, fontSize=9, leading=11)
        self.small = ParagraphStyle("KesosCaseSmall", parent=st.table, fontSize=8, leading=10)
        self.head = ParagraphStyle(
            "KesosCaseHead",
            parent=st.body,
            fontName=fonts.SANS_BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        )
        self.sub = ParagraphStyle(
            "KesosCaseSub",
            parent=st.body,
            fontName=fonts.SANS_BOLD,
            fontSize=9.5,
            leading=12,
            spaceBefore=3,
            keepWithNext=1,
        )
        self.sections = 0

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(text or EMPTY).replace("\n", "<br/>"), style or self.cell)

    def heading(self, text: str) -> Flowable:
        letter = chr(ord("A") + self.sections)
        self.sections += 1
        return Paragraph(escape(f"{letter}. {text}"), self.head)

    def subheading(self, text: str) -> Paragraph:
        return Paragraph(escape(text), self.sub)

    def fields(self, rows: Sequence[tuple[str, str]], width: float, label_width: float = LABEL_W) -> Table:
        data = [[self.p(label), self.p(":"), self.p(value)] for label, value in rows]
        table = Table(data, colWidths=[label_width, COLON_W, width - label_width - COLON_W], hAlign="LEFT")
        table.setStyle(table_style(("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1)))
        return table

    def grid(self, headers: Sequence[str], rows: list[list[str]], widths: list[float]) -> Table:
        st = self.ctx.styles
        header_style = ParagraphStyle("KesosCaseTh", parent=st.table_header, fontSize=8.5, leading=10.5)
        data: list[list[Flowable]] = [[Paragraph(escape(h), header_style) for h in headers]]
        data += [[self.p(v) for v in row] for row in rows]
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            table_style(
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
                padding=2,
            )
        )
        return table

    def none(self, text: str) -> Paragraph:
        return Paragraph(f"<i>{escape(text)}</i>", self.cell)


def _d(value: date | None) -> str:
    return format_date(value, lang=LANG) if value else EMPTY


def _ds(value: date | None) -> str:
    """Dates in table cells: 29/09/2026, so a column stays narrow."""
    return format_date_short(value, lang=LANG) if value else EMPTY


def _sex(code: str) -> str:
    return doc_text(N_("Laki-laki")) if code == "L" else doc_text(N_("Perempuan")) if code == "P" else EMPTY


def _period(data: CaseFileData) -> str:
    if data.date_from and data.date_to:
        return doc_text(N_("Catatan tanggal {a} s.d. {b}")).format(a=_d(data.date_from), b=_d(data.date_to))
    if data.date_from:
        return doc_text(N_("Catatan sejak {a}")).format(a=_d(data.date_from))
    if data.date_to:
        return doc_text(N_("Catatan sampai {b}")).format(b=_d(data.date_to))
    return doc_text(N_("Seluruh catatan"))


def _identity(b: _Builder, d: CaseFileData, width: float) -> list[Flowable]:
    rows = [
        (doc_text(N_("Nama lengkap")), d.full_name),
        (doc_text(N_("Nama panggilan")), d.alias),
        (doc_text(N_("Nomor registrasi")), d.registration_no),
        (doc_text(N_("NIK")), d.nik_text),
        (doc_text(N_("Jenis kelamin")), _sex(d.sex)),
        (doc_text(N_("Tempat, tanggal lahir")), d.birth_text),
        (doc_text(N_("Agama")), d.religion.title() if d.religion else ""),
        (doc_text(N_("Daerah asal")), d.origin),
        (doc_text(N_("Kategori PPKS")), ", ".join(d.categories)),
    ]
    return [b.heading(doc_text(N_("IDENTITAS"))), b.fields(rows, width)]


def _stays(b: _Builder, d: CaseFileData, width: float) -> list[Flowable]:
    out: list[Flowable] = [b.heading(doc_text(N_("RIWAYAT TINGGAL DI LEMBAGA")))]
    if not d.stays:
        return [*out, b.none(doc_text(N_("Belum pernah tinggal di lembaga.")))]
    rows = [[s.institution, _ds(s.admitted_on), _ds(s.exited_on), s.exit_reason] for s in d.stays]
    headers = [doc_text(N_("Lembaga")), doc_text(N_("Masuk")), doc_text(N_("Keluar")), doc_text(N_("Alasan keluar"))]
    return [*out, b.grid(headers, rows, [width * 0.44, width * 0.15, width * 0.15, width * 0.26])]


def _cases(b: _Builder, d: CaseFileData, width: float) -> list[Flowable]:
    out: list[Flowable] = [b.heading(doc_text(N_("KASUS DAN TAHAPAN")))]
    if not d.cases:
        return [*out, b.none(doc_text(N_("Belum ada kasus rehabilitasi.")))]
    for block in d.cases:
        c = block.case
        rows = [
            (doc_text(N_("Nomor kasus")), c.case_no),
            (doc_text(N_("Lembaga")), c.institution_name),
            (doc_text(N_("Pekerja sosial")), c.worker_name),
            (doc_text(N_("Dibuka")), _d(c.opened_on)),
            (doc_text(N_("Tahap sekarang")), c.stage_label),
        ]
        if c.exit_reason_code:
            rows.append((doc_text(N_("Alasan terminasi")), f"{c.exit_reason_label} ({_d(c.terminated_on)})"))
        out.append(b.fields(rows, width))
        hist = [
            [
                _ds(t.occurred_on),
                f"{t.from_label} → {t.to_label}" if t.from_label else t.to_label,
                t.username,
                _transition_reason(t),
            ]
            for t in block.transitions
        ]
        headers = [doc_text(N_("Tanggal")), doc_text(N_("Tahap")), doc_text(N_("Oleh")), doc_text(N_("Alasan"))]
        out += [Spacer(0, 1.5 * mm), b.grid(headers, hist, [width * 0.14, width * 0.36, width * 0.13, width * 0.37])]
        out += _plan(b, block.plan, width)
        out += _conferences(b, block.conferences, width)
        out.append(Spacer(0, 3 * mm))
    return out


def _transition_reason(t: cases.TransitionInfo) -> str:
    target = t.target_institution_name or t.target_text
    return f"{t.reason} ({doc_text(N_('ke'))} {target})" if target else t.reason


def _plan(b: _Builder, plan: plans.PlanInfo | None, width: float) -> list[Flowable]:
    if plan is None:
        return []
    if plan.is_approved:
        status = doc_text(N_("Disetujui {name} (revisi {rev})")).format(name=plan.approved_by_name, rev=plan.revision)
    elif plan.needs_reapproval:
        status = doc_text(N_("Revisi {rev} belum disetujui (revisi {old} disetujui {name})")).format(
            rev=plan.revision, old=plan.approved_revision, name=plan.approved_by_name
        )
    else:
        status = doc_text(N_("Belum disetujui (revisi {rev})")).format(rev=plan.revision)
    out: list[Flowable] = [
        b.subheading(doc_text(N_("Rencana intervensi"))),
        b.fields(
            [
                (doc_text(N_("Status")), status),
                (doc_text(N_("Ringkasan")), plan.summary),
                (doc_text(N_("Tinjauan berikutnya")), _d(plan.review_on)),
            ],
            width,
        ),
        Spacer(0, 1.5 * mm),
    ]
    rows = [
        [
            g.domain_label,
            g.goal + (f"\n{g.actions}" if g.actions else ""),
            _ds(g.target_date),
            g.responsible_name,
            g.status_label,
        ]
        for g in plan.goals
    ]
    headers = [
        doc_text(N_("Ranah")),
        doc_text(N_("Tujuan dan kegiatan")),
        doc_text(N_("Target")),
        doc_text(N_("Penanggung jawab")),
        doc_text(N_("Status")),
    ]
    out.append(b.grid(headers, rows, [width * 0.15, width * 0.38, width * 0.14, width * 0.16, width * 0.17]))
    for r in plan.reviews:
        out.append(
            b.p(
                doc_text(N_("Tinjauan {day} ({who}): {note}")).format(
                    day=_d(r.reviewed_on), who=r.reviewed_by, note=r.note
                )
            )
        )
    return out


def _conferences(b: _Builder, conferences: Sequence[activities.ConferenceInfo], width: float) -> list[Flowable]:
    if not conferences:
        return []
    out: list[Flowable] = [b.subheading(doc_text(N_("Temu bahas kasus")))]
    for c in conferences:
        out.append(
            b.fields(
                [
                    (doc_text(N_("Tanggal")), _d(c.held_on)),
                    (doc_text(N_("Pokok bahasan")), c.topic),
                    (doc_text(N_("Peserta")), "; ".join(c.attendees)),
                    (doc_text(N_("Keputusan")), "\n".join(f"{i}. {x}" for i, x in enumerate(c.decisions, 1))),
                ],
                width,
            )
        )
    return out


def _assessments(b: _Builder, d: CaseFileData, width: float) -> list[Flowable]:
    out: list[Flowable] = [b.heading(doc_text(N_("ASESMEN")))]
    if not d.assessments:
        return [*out, b.none(doc_text(N_("Belum ada asesmen yang selesai.")))]
    for block in d.assessments:
        a = block.info
        score = ""
        if a.score_total is not None:
            score = doc_text(N_(", skor {score} ({band})")).format(score=a.score_total, band=a.band)
        title = doc_text(N_("{name} ke-{n}, {day}{score}; oleh {who}")).format(
            name=a.instrument_name,
            n=a.sequence_no,
            day=_d(a.assessed_on),
            score=score,
            who=a.assessor_name or a.completed_by,
        )
        out.append(b.subheading(title))
        for section_title, rows in block.sections:
            # Questions are long: a wider label column than the identity block's.
            out.append(KeepTogether([b.subheading(section_title), b.fields(list(rows), width, width * 0.42)]))
    return out


def _services(b: _Builder, d: CaseFileData, width: float) -> list[Flowable]:
    out: list[Flowable] = [b.heading(doc_text(N_("LAYANAN DAN PELATIHAN")))]
    if d.services:
        headers = [doc_text(N_("Jenis layanan / kegiatan")), doc_text(N_("Hadir")), doc_text(N_("Tercatat"))]
        rows = [[label, str(p), str(n)] for label, p, n in d.services]
        out.append(b.grid(headers, rows, [width * 0.6, width * 0.2, width * 0.2]))
    else:
        out.append(b.none(doc_text(N_("Tidak ada layanan tercatat pada periode ini."))))
    if d.trainings:
        out.append(Spacer(0, 2 * mm))
        headers = [
            doc_text(N_("Pelatihan")),
            doc_text(N_("Status")),
            doc_text(N_("Kehadiran")),
            doc_text(N_("Sertifikat")),
        ]
        rows = [
            [name, e.status_label, f"{e.sessions_attended}/{e.sessions_total}", e.certificate_no]
            for name, e in d.trainings
        ]
        out.append(b.grid(headers, rows, [width * 0.45, width * 0.2, width * 0.15, width * 0.2]))
    return out


def _placements(b: _Builder, d: CaseFileData, width: float) -> list[Flowable]:
    if not d.placements:
        return []
    out: list[Flowable] = [b.heading(doc_text(N_("PENEMPATAN DI LEMBAGA MITRA")))]
    for block in d.placements:
        p = block.placement
        status = doc_text(N_("Aktif")) if p.is_active else f"{p.end_reason_label} ({_d(p.ended_on)})"
        out.append(
            b.fields(
                [
                    (doc_text(N_("Lembaga mitra")), p.institution_name),
                    (doc_text(N_("Perjanjian")), p.agreement_no),
                    (doc_text(N_("Mulai")), _d(p.start_on)),
                    (doc_text(N_("Pengasuh / wali")), p.guardian_name),
                    (doc_text(N_("Dasar penempatan")), p.legal_basis),
                    (doc_text(N_("Tinjauan")), _d(p.review_on)),
                    (doc_text(N_("Status")), status),
                ],
                width,
            )
        )
        if block.reports:
            headers = [
                doc_text(N_("Periode")),
                doc_text(N_("Sekolah / mondok")),
                doc_text(N_("Kesehatan")),
                doc_text(N_("Perilaku")),
                doc_text(N_("Kejadian")),
            ]
            rows = [
                [f"{_ds(r.period_start)} – {_ds(r.period_end)}", r.schooling_label, r.health, r.behaviour, r.incidents]
                for r in block.reports
            ]
            out += [
                Spacer(0, 1.5 * mm),
                b.grid(headers, rows, [width * 0.22, width * 0.16, width * 0.2, width * 0.22, width * 0.2]),
            ]
        out.append(Spacer(0, 2 * mm))
    return out


def _notes(b: _Builder, d: CaseFileData, width: float) -> list[Flowable]:
    out: list[Flowable] = [b.heading(doc_text(N_("CATATAN PERKEMBANGAN")) + f" — {_period(d)}")]
    if d.notes:
        headers = [doc_text(N_("Tanggal")), doc_text(N_("Jenis / penulis")), doc_text(N_("Catatan"))]
        rows = []
        for n in sorted(d.notes, key=lambda n: (n.written_on, n.created_at)):
            who = f"{n.kind_label}\n{n.author_name}"
            if n.confidential:
                who += "\n" + doc_text(N_("(rahasia)"))
            rows.append([_ds(n.written_on), who, n.text])
        out.append(b.grid(headers, rows, [width * 0.14, width * 0.22, width * 0.64]))
    else:
        out.append(b.none(doc_text(N_("Tidak ada catatan pada periode ini."))))
    if d.hidden_notes:
        out.append(
            b.none(
                doc_text(N_("{n} catatan rahasia tidak dicetak karena pencetak tidak berhak membacanya.")).format(
                    n=d.hidden_notes
                )
            )
        )
    return out


def _signer_lines(signer: Signatory | Party | None, caption: str, role: str) -> tuple[list[str], str, list[str]]:
    if isinstance(signer, Signatory):
        signer.validate()
        return (
            [caption, *signer.jabatan_lines()],
            signer.name,
            [x for x in (signer.pangkat.strip(), signer.nip_line()) if x],
        )
    if isinstance(signer, Party):
        return (
            [caption, role],
            signer.name,
            [signer.description] if signer.description and signer.description != role else [],
        )
    return [caption, role], "(" + "." * 40 + ")", [doc_text(N_("NIP ..............................."))]


def _signatures(
    office: OfficeInfo, on: date, worker: Signatory | Party | None, head: Signatory | None, width: float
) -> Flowable:
    """Mengetahui, the pimpinan (left); the pekerja sosial who keeps the file under place and date (right)."""
    style = ParagraphStyle("KesosCaseSign", parent=styles().body, fontSize=10, leading=13, alignment=TA_CENTER)
    left_top, left_name, left_tail = _signer_lines(head, doc_text(N_("Mengetahui,")), doc_text(N_("Pimpinan,")))
    right_top, right_name, right_tail = _signer_lines(
        worker, place_date(office.place_name, on), doc_text(N_("Pekerja Sosial,"))
    )

    def cell(lines: list[str]) -> Paragraph:
        return Paragraph("<br/>".join(escape(x) for x in lines), style)

    def name(text: str) -> Paragraph:
        return Paragraph(f"<b><u>{escape(text)}</u></b>", style)

    rows = [
        [cell(left_top), cell(right_top)],
        ["", ""],
        [name(left_name), name(right_name)],
        [cell(left_tail), cell(right_tail)],
    ]
    table = Table(rows, colWidths=[width / 2] * 2, rowHeights=[None, 20 * mm, None, None])
    table.setStyle(table_style(("VALIGN", (0, 0), (-1, 0), "BOTTOM")))
    return table


def render_case_file(
    data: CaseFileData,
    office: OfficeInfo,
    *,
    worker: Signatory | Party | None = None,
    head: Signatory | None = None,
    on: date | None = None,
    page_size: str | tuple[float, float] = "A4",
    invariant: bool = False,
) -> bytes:
    """The case file PDF under the office's kop surat, marked RAHASIA on every page."""
    on = on or date.today()

    def build(ctx: DocContext) -> list[Flowable]:
        b = _Builder(ctx)
        width = ctx.frame_width
        story: list[Flowable] = list(title_block(doc_text(N_("BERKAS KASUS REHABILITASI SOSIAL"))))
        story[-1] = Spacer(0, 1 * mm)
        sub = f"{data.full_name or data.alias} — {data.registration_no}"
        story += [
            Paragraph(escape(sub), ctx.styles.body_center),
            Paragraph(escape(_period(data)), ctx.styles.body_center),
        ]
        story.append(Spacer(0, 3 * mm))
        story += _identity(b, data, width)
        story += _stays(b, data, width)
        story += _cases(b, data, width)
        story += _assessments(b, data, width)
        story += _services(b, data, width)
        story += _placements(b, data, width)
        story += _notes(b, data, width)
        note = doc_text(
            N_(
                "Memuat data pribadi spesifik (UU 27/2022) dan data anak: hanya untuk keperluan penanganan kasus, "
                "jangan diperbanyak atau disebarluaskan."
            )
        )
        story.append(CondPageBreak(60 * mm))
        story.append(
            KeepTogether(
                [
                    Spacer(0, 5 * mm),
                    _signatures(office, on, worker, head, width),
                    Spacer(0, 4 * mm),
                    Paragraph(
                        f"<i>{escape(note)}</i>",
                        ParagraphStyle("KesosCaseNote", parent=ctx.styles.small, fontSize=7.5, leading=9),
                    ),
                ]
            )
        )
        return story

    letterhead = office_kop(office)
    return render_pdf(
        build,
        title=doc_text(N_("Berkas kasus {reg}")).format(reg=data.registration_no),
        author=office.name,
        page_size=page_size,
        invariant=invariant,
        letterhead=letterhead,
        copy_label=doc_text(N_("RAHASIA")),
    )


def case_file_pdf(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    head: Signatory | None = None,
    on: date | None = None,
    invariant: bool = False,
) -> bytes:
    """Build and render in one call; the pekerja sosial of the latest case signs (from their user account)."""
    data = build_case_file(session, actor, person_id, date_from=date_from, date_to=date_to)
    worker = signer_for_user(session, data.worker_id, doc_text(N_("Pekerja Sosial")))
    return render_case_file(data, get_own_office(session), worker=worker, head=head, on=on, invariant=invariant)
