"""Placing children with partner pesantren and LKSA, the partner's periodic reports, and the end of a placement.

PP 44/2017: family-based care first; care in an institution is a last resort and temporary, so every placement
records its basis and a review date. A child who runs away (kabur) is linked back to the original case, and
``runaway_flags`` lets the duplicate check say "kabur dari penempatan" when the child turns up again.

Partner (mitra) users see and report on the children placed with their own institution only: every function
here filters on it, and a placement of another institution is NotFound, by list or by id.
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import Conflict, NotFound, ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.models import Institution, Person
from kesos_desktop.core.models.cases import RehabCase
from kesos_desktop.core.models.placements import Placement, PlacementReport
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, timeline
from kesos_desktop.core.services.access import ensure_person_visible, person_visible_clause
from kesos_desktop.core.services.cases import check_user, user_names
from kesos_desktop.core.services.common import apply_changes, check_version, commit

END_REASONS = {
    "KELUARGA": N_("Kembali ke keluarga"),
    "LULUS": N_("Lulus / selesai pendidikan"),
    "PINDAH": N_("Pindah ke lembaga lain"),
    "KABUR": N_("Kabur dari tempat penempatan"),
}
SCHOOLING = {
    "sekolah": N_("Bersekolah"),
    "mondok": N_("Mondok (pesantren)"),
    "sekolah_mondok": N_("Bersekolah dan mondok"),
    "tidak_sekolah": N_("Tidak bersekolah"),
}
# PP 44/2017: care outside the family is temporary; a placement is reviewed at least once a year.
MAX_REVIEW_MONTHS = 12
MIN_BASIS_LENGTH = 20
ADULT_AGE = 18
REPORT_GRACE_DAYS = 14


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class PlacementInput:
    person_id: uuid.UUID
    institution_id: uuid.UUID
    agreement_no: str
    start_on: date
    guardian_name: str
    review_on: date
    legal_basis: str
    agreement_date: date | None = None
    guardian_position: str = ""
    guardian_phone: str = ""
    report_every_months: int = 3
    worker_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None
    notes: str = ""


@dataclass
class EndInput:
    ended_on: date
    reason: str
    note: str = ""
    moved_to_institution_id: uuid.UUID | None = None


@dataclass
class ReportInput:
    period_start: date
    period_end: date
    schooling_status: str
    school_name: str = ""
    grade: str = ""
    health: str = ""
    behaviour: str = ""
    attendance_pct: int | None = None
    attendance_note: str = ""
    incidents: str = ""


@dataclass(frozen=True)
class PlacementInfo:
    id: uuid.UUID
    person_id: uuid.UUID
    registration_no: str
    person_name: str
    case_id: uuid.UUID | None
    institution_id: uuid.UUID
    institution_name: str
    institution_type: str
    agreement_no: str
    agreement_date: date | None
    start_on: date
    guardian_name: str
    guardian_position: str
    guardian_phone: str
    review_on: date
    legal_basis: str
    report_every_months: int
    worker_id: uuid.UUID | None
    worker_name: str
    status: str
    ended_on: date | None
    end_reason: str
    end_reason_label: str
    end_note: str
    moved_to_institution_id: uuid.UUID | None
    refound_case_id: uuid.UUID | None
    refound_on: date | None
    notes: str
    reports_count: int
    next_period_start: date | None
    next_period_end: date | None
    version_id: int

    @property
    def is_active(self) -> bool:
        return self.status == "aktif"


@dataclass(frozen=True)
class ReportInfo:
    id: uuid.UUID
    placement_id: uuid.UUID
    period_start: date
    period_end: date
    schooling_status: str
    schooling_label: str
    school_name: str
    grade: str
    health: str
    behaviour: str
    attendance_pct: int | None
    attendance_note: str
    incidents: str
    submitted_by: str
    submitted_by_name: str
    version_id: int


@dataclass(frozen=True)
class PlacementFilter:
    institution_id: uuid.UUID | None = None
    status: str | None = "aktif"
    person_id: uuid.UUID | None = None


@dataclass(frozen=True)
class DueItem:
    """A partner report or a placement review falling due (read by the task list)."""

    kind: str  # report / review
    placement_id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    institution_id: uuid.UUID
    institution_name: str
    worker_id: uuid.UUID | None
    due_on: date
    period_start: date
    period_end: date


@dataclass(frozen=True)
class RunawayFlag:
    """A person who ran away from a placement (for the duplicate check and the profile)."""

    person_id: uuid.UUID
    placement_id: uuid.UUID
    institution_name: str
    ended_on: date
    case_id: uuid.UUID | None
    refound_case_id: uuid.UUID | None

    def text(self) -> str:
        return _("Kabur dari penempatan di {partner} sejak {day}").format(
            partner=self.institution_name, day=format_date(self.ended_on)
        )


# ------------------------------------------------------------------------------------------------ helpers


def _visible(actor: Actor):  # type: ignore[no-untyped-def]
    """Partners: only their institution's placements."""
    if not actor.is_partner:
        return True
    return Placement.institution_id == actor.institution_id


def _load(session: Session, actor: Actor, placement_id: uuid.UUID) -> Placement:
    p = session.scalar(select(Placement).where(Placement.id == placement_id, _visible(actor)))
    if p is None:
        raise NotFound(_("Penempatan tidak ditemukan."))
    ensure_person_visible(session, actor, p.person_id)
    return p


def _periods(p: Placement, last_end: date | None) -> tuple[date, date]:
    """The next report period: from the day after the last reported period (or the start) for N months."""
    start = last_end + timedelta(days=1) if last_end is not None else p.start_on
    return start, add_months(start, max(1, p.report_every_months)) - timedelta(days=1)


def _info(session: Session, p: Placement) -> PlacementInfo:
    person = session.get(Person, p.person_id)
    inst = session.get(Institution, p.institution_id)
    assert person is not None and inst is not None
    count, last_end = session.execute(
        select(func.count(PlacementReport.id), func.max(PlacementReport.period_end)).where(
            PlacementReport.placement_id == p.id
        )
    ).one()
    next_start, next_end = _periods(p, last_end) if p.status == "aktif" else (None, None)
    return PlacementInfo(
        id=p.id,
        person_id=p.person_id,
        registration_no=person.registration_no,
        person_name=person.full_name or person.alias,
        case_id=p.case_id,
        institution_id=p.institution_id,
        institution_name=inst.name,
        institution_type=inst.type_code,
        agreement_no=p.agreement_no,
        agreement_date=p.agreement_date,
        start_on=p.start_on,
        guardian_name=p.guardian_name,
        guardian_position=p.guardian_position,
        guardian_phone=p.guardian_phone,
        review_on=p.review_on,
        legal_basis=p.legal_basis,
        report_every_months=p.report_every_months,
        worker_id=p.worker_id,
        worker_name=user_names(session, [p.worker_id]).get(p.worker_id, "") if p.worker_id else "",  # type: ignore[arg-type]
        status=p.status,
        ended_on=p.ended_on,
        end_reason=p.end_reason,
        end_reason_label=_(END_REASONS[p.end_reason]) if p.end_reason else "",
        end_note=p.end_note,
        moved_to_institution_id=p.moved_to_institution_id,
        refound_case_id=p.refound_case_id,
        refound_on=p.refound_on,
        notes=p.notes,
        reports_count=int(count or 0),
        next_period_start=next_start,
        next_period_end=next_end,
        version_id=p.version_id,
    )


def _age(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _validate(
    session: Session, actor: Actor, data: PlacementInput, placement_id: uuid.UUID | None
) -> dict[str, object]:
    problems: dict[str, str] = {}
    person = ensure_person_visible(session, actor, data.person_id)
    inst = session.get(Institution, data.institution_id)
    if inst is None or not inst.is_partner or not inst.is_active:
        problems["institution_id"] = _("Pilih lembaga mitra (pesantren atau LKSA) yang aktif dari daftar lembaga.")
    if not data.agreement_no.strip():
        problems["agreement_no"] = _("Isi nomor perjanjian atau surat penempatan.")
    if not data.guardian_name.strip():
        problems["guardian_name"] = _("Isi nama pengasuh / wali di lembaga mitra.")
    basis = " ".join(data.legal_basis.split())
    if len(basis) < MIN_BASIS_LENGTH:
        problems["legal_basis"] = _(
            "Tuliskan dasar penempatan: mengapa pengasuhan oleh keluarga tidak dapat dilakukan (PP 44/2017: "
            "pengasuhan di lembaga adalah upaya terakhir)."
        )
    if data.start_on > date.today():
        problems["start_on"] = _("Tanggal mulai tidak boleh di masa depan.")
    if data.review_on <= data.start_on:
        problems["review_on"] = _("Tanggal tinjauan harus sesudah tanggal mulai.")
    elif data.review_on > add_months(data.start_on, MAX_REVIEW_MONTHS) and placement_id is None:
        problems["review_on"] = _("Penempatan ditinjau paling lambat {n} bulan sesudah mulai.").format(
            n=MAX_REVIEW_MONTHS
        )
    if data.agreement_date is not None and data.agreement_date > date.today():
        problems["agreement_date"] = _("Tanggal tidak boleh di masa depan.")
    if not 1 <= data.report_every_months <= 12:
        problems["report_every_months"] = _("Laporan berkala setiap 1 sampai 12 bulan.")
    age = _age(person.birth_date, data.start_on)
    if age is not None and age >= ADULT_AGE:
        problems["person_id"] = _("Penempatan di lembaga mitra hanya untuk anak (di bawah 18 tahun).")
    try:
        check_user(session, data.worker_id, "worker_id")
    except ValidationError as exc:
        problems.update(exc.fields)
    if data.case_id is not None:
        case = session.get(RehabCase, data.case_id)
        if case is None or case.person_id != data.person_id:
            problems["case_id"] = _("Pilih kasus anak ini.")
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    return {
        "person_id": data.person_id,
        "institution_id": data.institution_id,
        "agreement_no": data.agreement_no.strip(),
        "agreement_date": data.agreement_date,
        "start_on": data.start_on,
        "guardian_name": data.guardian_name.strip(),
        "guardian_position": data.guardian_position.strip(),
        "guardian_phone": data.guardian_phone.strip(),
        "review_on": data.review_on,
        "legal_basis": basis,
        "report_every_months": data.report_every_months,
        "worker_id": data.worker_id,
        "case_id": data.case_id,
        "notes": data.notes.strip(),
    }


# ------------------------------------------------------------------------------------------------ placements


def place_child(session: Session, actor: Actor, data: PlacementInput) -> PlacementInfo:
    actor.require("placements.manage")
    values = _validate(session, actor, data, None)
    active = session.scalar(
        select(Placement.id).where(Placement.person_id == data.person_id, Placement.status == "aktif")
    )
    if active is not None:
        raise Conflict(_("Anak ini masih ditempatkan di lembaga mitra; akhiri penempatan itu dahulu."))
    if values["case_id"] is None:
        values["case_id"] = session.scalar(
            select(RehabCase.id)
            .where(RehabCase.person_id == data.person_id)
            .order_by(RehabCase.closed_on.is_not(None), RehabCase.opened_on.desc())
            .limit(1)
        )
    person = session.get(Person, data.person_id)
    assert person is not None
    p = Placement(office_id=person.office_id, status="aktif", **values)
    session.add(p)
    session.flush()
    partner = session.scalar(select(Institution.name).where(Institution.id == p.institution_id))
    summary = _("Ditempatkan di {partner} (perjanjian {no})").format(partner=partner, no=p.agreement_no)
    timeline.add_event(
        session, actor, p.person_id, p.start_on, "placement_started", summary, ref_entity="placement", ref_id=p.id
    )
    audit.record(
        session,
        actor,
        "placement.created",
        "placement",
        p.id,
        summary=summary,
        changes={"legal_basis": [None, p.legal_basis]},
    )
    commit(session, _("Penempatan"))
    return _info(session, p)


def update_placement(
    session: Session, actor: Actor, placement_id: uuid.UUID, data: PlacementInput, version_id: int
) -> PlacementInfo:
    actor.require("placements.manage")
    p = _load(session, actor, placement_id)
    check_version(p, version_id, _("Penempatan"))
    if p.status != "aktif":
        raise ValidationError(_("Penempatan yang sudah berakhir tidak dapat diubah."))
    if data.person_id != p.person_id:
        raise ValidationError(_("Anak pada penempatan tidak dapat diganti; buat penempatan baru."))
    values = _validate(session, actor, data, p.id)
    changes = apply_changes(p, values)
    if changes:
        audit.record(session, actor, "placement.changed", "placement", p.id, summary=p.agreement_no, changes=changes)
    commit(session, _("Penempatan"))
    return _info(session, p)


def end_placement(
    session: Session, actor: Actor, placement_id: uuid.UUID, data: EndInput, version_id: int
) -> PlacementInfo:
    """Returned to family, graduated, moved (to which institution) or ran away (kabur)."""
    actor.require("placements.manage")
    p = _load(session, actor, placement_id)
    check_version(p, version_id, _("Penempatan"))
    if p.status != "aktif":
        raise ValidationError(_("Penempatan ini sudah berakhir."))
    problems = {}
    if data.reason not in END_REASONS:
        problems["reason"] = _("Pilih alasan berakhirnya penempatan.")
    if data.ended_on > date.today() or data.ended_on < p.start_on:
        problems["ended_on"] = _("Tanggal berakhir antara tanggal mulai dan hari ini.")
    if data.reason == "PINDAH" and (
        data.moved_to_institution_id is None or session.get(Institution, data.moved_to_institution_id) is None
    ):
        problems["moved_to_institution_id"] = _("Pilih lembaga tujuan kepindahan.")
    if data.reason == "KABUR" and not data.note.strip():
        problems["note"] = _("Ceritakan singkat kapan dan bagaimana anak pergi, serta upaya pencarian.")
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    p.status = "berakhir"
    p.ended_on = data.ended_on
    p.end_reason = data.reason
    p.end_note = data.note.strip()
    p.moved_to_institution_id = data.moved_to_institution_id if data.reason == "PINDAH" else None
    partner = session.scalar(select(Institution.name).where(Institution.id == p.institution_id))
    if data.reason == "KABUR":
        kind = "placement_runaway"
        summary = _("Kabur dari tempat penempatan {partner}").format(partner=partner)
    else:
        kind = "placement_ended"
        summary = _("Penempatan di {partner} berakhir: {reason}").format(
            partner=partner, reason=_(END_REASONS[data.reason])
        )
    timeline.add_event(session, actor, p.person_id, data.ended_on, kind, summary, ref_entity="placement", ref_id=p.id)
    audit.record(
        session,
        actor,
        "placement.ended",
        "placement",
        p.id,
        summary=summary,
        changes={"status": ["aktif", "berakhir"], "end_reason": [None, data.reason]},
    )
    commit(session, _("Penempatan"))
    return _info(session, p)


def get_placement(session: Session, actor: Actor, placement_id: uuid.UUID) -> PlacementInfo:
    actor.require("placements.view")
    return _info(session, _load(session, actor, placement_id))


def list_placements(session: Session, actor: Actor, flt: PlacementFilter) -> list[PlacementInfo]:
    """Active ones first by start date; a partner gets only their own institution's."""
    actor.require("placements.view")
    stmt = (
        select(Placement)
        .join(Person, Person.id == Placement.person_id)
        .where(_visible(actor), person_visible_clause(actor))
    )
    if flt.institution_id is not None:
        stmt = stmt.where(Placement.institution_id == flt.institution_id)
    if flt.status is not None:
        stmt = stmt.where(Placement.status == flt.status)
    if flt.person_id is not None:
        stmt = stmt.where(Placement.person_id == flt.person_id)
    stmt = stmt.order_by(Placement.status, Placement.start_on.desc())
    return [_info(session, p) for p in session.scalars(stmt)]


def placed_person_ids(session: Session, actor: Actor) -> list[uuid.UUID]:
    """The partner's children (the "Anak binaan kami" list)."""
    actor.require("placements.view")
    return list(
        dict.fromkeys(session.scalars(select(Placement.person_id).where(_visible(actor)).order_by(Placement.start_on)))
    )


# ------------------------------------------------------------------------------------------------ reports


def _report_info(r: PlacementReport) -> ReportInfo:
    return ReportInfo(
        id=r.id,
        placement_id=r.placement_id,
        period_start=r.period_start,
        period_end=r.period_end,
        schooling_status=r.schooling_status,
        schooling_label=_(SCHOOLING.get(r.schooling_status, r.schooling_status)),
        school_name=r.school_name,
        grade=r.grade,
        health=r.health,
        behaviour=r.behaviour,
        attendance_pct=r.attendance_pct,
        attendance_note=r.attendance_note,
        incidents=r.incidents,
        submitted_by=r.submitted_by,
        submitted_by_name=r.submitted_by_name,
        version_id=r.version_id,
    )


def _validate_report(p: Placement, data: ReportInput) -> dict[str, object]:
    problems = {}
    if data.period_end < data.period_start:
        problems["period_end"] = _("Akhir periode tidak boleh sebelum awal periode.")
    if data.period_start < p.start_on:
        problems["period_start"] = _("Periode laporan dimulai sesudah anak ditempatkan.")
    if p.ended_on is not None and data.period_start > p.ended_on:
        problems["period_start"] = _("Penempatan sudah berakhir sebelum periode ini.")
    if data.period_start > date.today():
        problems["period_start"] = _("Periode belum dimulai.")
    if data.schooling_status not in SCHOOLING:
        problems["schooling_status"] = _("Pilih status sekolah / mondok.")
    if data.attendance_pct is not None and not 0 <= data.attendance_pct <= 100:
        problems["attendance_pct"] = _("Kehadiran dalam persen, 0 sampai 100.")
    if not (data.health.strip() and data.behaviour.strip()):
        problems["health" if not data.health.strip() else "behaviour"] = _("Isi keadaan kesehatan dan perilaku anak.")
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    return {
        "period_start": data.period_start,
        "period_end": data.period_end,
        "schooling_status": data.schooling_status,
        "school_name": data.school_name.strip(),
        "grade": data.grade.strip(),
        "health": data.health.strip(),
        "behaviour": data.behaviour.strip(),
        "attendance_pct": data.attendance_pct,
        "attendance_note": data.attendance_note.strip(),
        "incidents": data.incidents.strip(),
    }


def _may_report(actor: Actor) -> None:
    if actor.is_partner:
        actor.require("placements.report")
    elif not actor.can("placements.report"):
        actor.require("placements.manage")  # office staff typing in a report received on paper


def submit_report(session: Session, actor: Actor, placement_id: uuid.UUID, data: ReportInput) -> ReportInfo:
    """The partner's report for a period (also typed in by office staff from a paper report)."""
    _may_report(actor)
    p = _load(session, actor, placement_id)
    values = _validate_report(p, data)
    if session.scalar(
        select(PlacementReport.id).where(
            PlacementReport.placement_id == p.id, PlacementReport.period_start == data.period_start
        )
    ):
        raise Conflict(_("Laporan untuk periode ini sudah ada; ubah laporan itu."))
    r = PlacementReport(placement_id=p.id, submitted_by=actor.username, submitted_by_name=actor.full_name, **values)
    session.add(r)
    session.flush()
    summary = _("Laporan lembaga mitra periode {a} s.d. {b}").format(
        a=format_date(data.period_start), b=format_date(data.period_end)
    )
    timeline.add_event(
        session,
        actor,
        p.person_id,
        data.period_end,
        "placement_report",
        summary,
        ref_entity="placement_report",
        ref_id=r.id,
    )
    audit.record(session, actor, "placement.report", "placement_report", r.id, summary=summary)
    commit(session, _("Laporan penempatan"))
    return _report_info(r)


def update_report(
    session: Session, actor: Actor, report_id: uuid.UUID, data: ReportInput, version_id: int
) -> ReportInfo:
    _may_report(actor)
    r = session.get(PlacementReport, report_id)
    if r is None:
        raise NotFound(_("Laporan tidak ditemukan."))
    p = _load(session, actor, r.placement_id)
    check_version(r, version_id, _("Laporan penempatan"))
    changes = apply_changes(r, _validate_report(p, data))
    if changes:
        audit.record(
            session,
            actor,
            "placement.report_changed",
            "placement_report",
            r.id,
            summary=p.agreement_no,
            changes=changes,
        )
    commit(session, _("Laporan penempatan"))
    return _report_info(r)


def list_reports(session: Session, actor: Actor, placement_id: uuid.UUID) -> list[ReportInfo]:
    """Oldest period first."""
    actor.require("placements.view")
    p = _load(session, actor, placement_id)
    rows = session.scalars(
        select(PlacementReport).where(PlacementReport.placement_id == p.id).order_by(PlacementReport.period_start)
    )
    return [_report_info(r) for r in rows]


def get_report(session: Session, actor: Actor, report_id: uuid.UUID) -> ReportInfo:
    actor.require("placements.view")
    r = session.get(PlacementReport, report_id)
    if r is None:
        raise NotFound(_("Laporan tidak ditemukan."))
    _load(session, actor, r.placement_id)
    return _report_info(r)


# ------------------------------------------------------------------------------------------------ reminders


def due_reports(session: Session, actor: Actor, until: date) -> list[DueItem]:
    """Reports whose period ends by ``until`` (due two weeks after the period) and reviews due by ``until``."""
    actor.require("placements.view")
    last = (
        select(PlacementReport.placement_id, func.max(PlacementReport.period_end).label("last_end"))
        .group_by(PlacementReport.placement_id)
        .subquery()
    )
    rows = session.execute(
        select(Placement, last.c.last_end, Person.full_name, Person.alias, Institution.name)
        .join(Person, Person.id == Placement.person_id)
        .join(Institution, Institution.id == Placement.institution_id)
        .outerjoin(last, last.c.placement_id == Placement.id)
        .where(Placement.status == "aktif", _visible(actor), person_visible_clause(actor))
    ).all()
    out = []
    for p, last_end, name, alias, inst in rows:
        start, end = _periods(p, last_end)
        if end <= until:
            out.append(
                DueItem(
                    "report",
                    p.id,
                    p.person_id,
                    name or alias,
                    p.institution_id,
                    inst,
                    p.worker_id,
                    end + timedelta(days=REPORT_GRACE_DAYS),
                    start,
                    end,
                )
            )
        if p.review_on <= until:
            out.append(
                DueItem(
                    "review",
                    p.id,
                    p.person_id,
                    name or alias,
                    p.institution_id,
                    inst,
                    p.worker_id,
                    p.review_on,
                    p.start_on,
                    p.review_on,
                )
            )
    return out


def runaway_flags(session: Session, actor: Actor, person_ids: list[uuid.UUID]) -> dict[uuid.UUID, RunawayFlag]:
    """For the duplicate check: of these people, who ran away from a placement (latest one each)."""
    if not person_ids:
        return {}
    rows = session.execute(
        select(Placement, Institution.name)
        .join(Institution, Institution.id == Placement.institution_id)
        .join(Person, Person.id == Placement.person_id)
        .where(Placement.person_id.in_(person_ids), Placement.end_reason == "KABUR", person_visible_clause(actor))
        .order_by(Placement.ended_on)
    ).all()
    return {
        p.person_id: RunawayFlag(p.person_id, p.id, name, p.ended_on, p.case_id, p.refound_case_id)  # type: ignore[arg-type]
        for p, name in rows
    }
