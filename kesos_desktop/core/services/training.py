"""Vocational training (pelatihan vokasional): programmes with schedule and instructor, enrolment, sessions with
attendance (activities.save_attendance), completion against the minimum attendance, and the certificate number.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import Conflict, NotFound, ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.models import Institution, Person
from kesos_desktop.core.models.cases import (
    Activity,
    ActivityAttendance,
    RehabCase,
    TrainingEnrolment,
    TrainingProgramme,
)
from kesos_desktop.core.reference.datafiles import optional_int, pick_label, read_rows
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import activities, audit, numbering, timeline
from kesos_desktop.core.services.access import ensure_person_visible, person_visible_clause
from kesos_desktop.core.services.common import apply_changes, check_version, commit

PROGRAMME_STATUSES = {
    "direncanakan": N_("Direncanakan"),
    "berjalan": N_("Berjalan"),
    "selesai": N_("Selesai"),
    "dibatalkan": N_("Dibatalkan"),
}
ENROLMENT_STATUSES = {
    "terdaftar": N_("Terdaftar"),
    "lulus": N_("Lulus"),
    "tidak_lulus": N_("Tidak lulus"),
    "mundur": N_("Mengundurkan diri"),
}
SESSION_TYPE = "PELATIHAN_VOKASIONAL"


@dataclass(frozen=True)
class ProgrammeKind:
    code: str
    name_id: str
    name_en: str
    default_hours: int | None
    notes: str

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.name_id, self.name_en, lang)


@cache
def load_programme_kinds() -> tuple[ProgrammeKind, ...]:
    return tuple(
        ProgrammeKind(
            r["code"], r["name_id"], r["name_en"], optional_int(r.get("default_hours", "")), r.get("notes", "")
        )
        for r in read_rows("training_programmes.csv")
    )


def kind_label(code: str, lang: str | None = None) -> str:
    kind = next((k for k in load_programme_kinds() if k.code == code), None)
    return kind.label(lang) if kind else code


@dataclass
class ProgrammeInput:
    institution_id: uuid.UUID
    kind_code: str
    name: str
    start_on: date
    end_on: date | None = None
    instructor: str = ""
    schedule: str = ""
    total_hours: int = 0
    min_attendance_pct: int = 75
    status: str = "direncanakan"
    notes: str = ""


@dataclass(frozen=True)
class ProgrammeInfo:
    id: uuid.UUID
    institution_id: uuid.UUID
    institution_name: str
    kind_code: str
    kind_label: str
    name: str
    instructor: str
    start_on: date
    end_on: date | None
    schedule: str
    total_hours: int
    min_attendance_pct: int
    status: str
    status_label: str
    notes: str
    enrolled: int
    passed: int
    sessions: int
    version_id: int


@dataclass(frozen=True)
class EnrolmentInfo:
    id: uuid.UUID
    programme_id: uuid.UUID
    person_id: uuid.UUID
    registration_no: str
    person_name: str
    case_id: uuid.UUID | None
    enrolled_on: date
    status: str
    status_label: str
    completed_on: date | None
    result: str
    note: str
    certificate_no: str
    sessions_total: int
    sessions_attended: int
    version_id: int

    @property
    def attendance_pct(self) -> int | None:
        return round(100 * self.sessions_attended / self.sessions_total) if self.sessions_total else None


def _validate(session: Session, data: ProgrammeInput) -> dict[str, object]:
    problems = {}
    inst = session.get(Institution, data.institution_id)
    if inst is None or not inst.is_active:
        problems["institution_id"] = _("Pilih lembaga penyelenggara dari daftar.")
    if data.kind_code not in {k.code for k in load_programme_kinds()}:
        problems["kind_code"] = _("Pilih jenis pelatihan dari daftar.")
    if not data.name.strip():
        problems["name"] = _("Tuliskan nama pelatihan, mis. 'Menjahit Angkatan I 2026'.")
    if data.end_on is not None and data.end_on < data.start_on:
        problems["end_on"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    if not 0 <= data.total_hours <= 5000:
        problems["total_hours"] = _("Jumlah jam pelajaran antara 0 dan 5000.")
    if not 0 <= data.min_attendance_pct <= 100:
        problems["min_attendance_pct"] = _("Kehadiran minimal dalam persen, 0 sampai 100.")
    if data.status not in PROGRAMME_STATUSES:
        problems["status"] = _("Status tidak dikenal.")
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    return {
        "institution_id": data.institution_id,
        "kind_code": data.kind_code,
        "name": data.name.strip(),
        "start_on": data.start_on,
        "end_on": data.end_on,
        "instructor": data.instructor.strip(),
        "schedule": data.schedule.strip(),
        "total_hours": data.total_hours,
        "min_attendance_pct": data.min_attendance_pct,
        "status": data.status,
        "notes": data.notes.strip(),
    }


def _programme_info(session: Session, p: TrainingProgramme) -> ProgrammeInfo:
    enrolled, passed = session.execute(
        select(
            func.count(TrainingEnrolment.id), func.sum(case((TrainingEnrolment.status == "lulus", 1), else_=0))
        ).where(TrainingEnrolment.programme_id == p.id, TrainingEnrolment.status != "mundur")
    ).one()
    sessions = session.scalar(select(func.count(Activity.id)).where(Activity.programme_id == p.id)) or 0
    inst = session.scalar(select(Institution.name).where(Institution.id == p.institution_id)) or ""
    return ProgrammeInfo(
        id=p.id,
        institution_id=p.institution_id,
        institution_name=inst,
        kind_code=p.kind_code,
        kind_label=kind_label(p.kind_code),
        name=p.name,
        instructor=p.instructor,
        start_on=p.start_on,
        end_on=p.end_on,
        schedule=p.schedule,
        total_hours=p.total_hours,
        min_attendance_pct=p.min_attendance_pct,
        status=p.status,
        status_label=_(PROGRAMME_STATUSES[p.status]),
        notes=p.notes,
        enrolled=int(enrolled or 0),
        passed=int(passed or 0),
        sessions=sessions,
        version_id=p.version_id,
    )


def _office_id(session: Session, actor: Actor) -> uuid.UUID:
    if actor.office_id is not None:
        return actor.office_id
    from kesos_desktop.core.services.office import get_own_office

    return get_own_office(session).id


def _programme(session: Session, actor: Actor, programme_id: uuid.UUID) -> TrainingProgramme:
    p = session.get(TrainingProgramme, programme_id)
    if p is None or actor.is_partner:
        raise NotFound(_("Pelatihan tidak ditemukan."))
    return p


def create_programme(session: Session, actor: Actor, data: ProgrammeInput) -> ProgrammeInfo:
    actor.require("training.manage")
    values = _validate(session, data)
    p = TrainingProgramme(office_id=_office_id(session, actor), **values)
    session.add(p)
    session.flush()
    audit.record(session, actor, "training.created", "training_programme", p.id, summary=p.name)
    commit(session, _("Pelatihan"))
    return _programme_info(session, p)


def update_programme(
    session: Session, actor: Actor, programme_id: uuid.UUID, data: ProgrammeInput, version_id: int
) -> ProgrammeInfo:
    actor.require("training.manage")
    p = _programme(session, actor, programme_id)
    check_version(p, version_id, _("Pelatihan"))
    changes = apply_changes(p, _validate(session, data))
    if changes:
        audit.record(session, actor, "training.changed", "training_programme", p.id, summary=p.name, changes=changes)
    commit(session, _("Pelatihan"))
    return _programme_info(session, p)


def get_programme(session: Session, actor: Actor, programme_id: uuid.UUID) -> ProgrammeInfo:
    actor.require("cases.view")
    return _programme_info(session, _programme(session, actor, programme_id))


def list_programmes(
    session: Session, actor: Actor, *, institution_id: uuid.UUID | None = None, status: str | None = None
) -> list[ProgrammeInfo]:
    """Newest first."""
    actor.require("cases.view")
    if actor.is_partner:
        return []
    stmt = select(TrainingProgramme)
    if institution_id is not None:
        stmt = stmt.where(TrainingProgramme.institution_id == institution_id)
    if status is not None:
        stmt = stmt.where(TrainingProgramme.status == status)
    return [_programme_info(session, p) for p in session.scalars(stmt.order_by(TrainingProgramme.start_on.desc()))]


# ------------------------------------------------------------------------------------------------ enrolment


def _enrolment_infos(session: Session, actor: Actor, rows: Sequence[TrainingEnrolment]) -> list[EnrolmentInfo]:
    if not rows:
        return []
    programme_ids = {r.programme_id for r in rows}
    totals = dict(
        session.execute(
            select(Activity.programme_id, func.count(Activity.id))
            .where(Activity.programme_id.in_(programme_ids))
            .group_by(Activity.programme_id)
        ).all()
    )
    attended = {
        (pid, person): n
        for pid, person, n in session.execute(
            select(Activity.programme_id, ActivityAttendance.person_id, func.count())
            .join(ActivityAttendance, ActivityAttendance.activity_id == Activity.id)
            .where(Activity.programme_id.in_(programme_ids), ActivityAttendance.status == "hadir")
            .group_by(Activity.programme_id, ActivityAttendance.person_id)
        )
    }
    people = {
        p.id: p
        for p in session.scalars(
            select(Person).where(Person.id.in_({r.person_id for r in rows}), person_visible_clause(actor))
        )
    }
    out = []
    for r in rows:
        person = people.get(r.person_id)
        if person is None:
            continue
        out.append(
            EnrolmentInfo(
                id=r.id,
                programme_id=r.programme_id,
                person_id=r.person_id,
                registration_no=person.registration_no,
                person_name=person.full_name or person.alias,
                case_id=r.case_id,
                enrolled_on=r.enrolled_on,
                status=r.status,
                status_label=_(ENROLMENT_STATUSES[r.status]),
                completed_on=r.completed_on,
                result=r.result,
                note=r.note,
                certificate_no=r.certificate_no,
                sessions_total=int(totals.get(r.programme_id, 0)),
                sessions_attended=int(attended.get((r.programme_id, r.person_id), 0)),
                version_id=r.version_id,
            )
        )
    return out


def enrol(
    session: Session, actor: Actor, programme_id: uuid.UUID, person_ids: Sequence[uuid.UUID], enrolled_on: date
) -> list[EnrolmentInfo]:
    """Enrol several people at once; someone already enrolled is refused (Conflict) and nothing is saved."""
    actor.require("training.manage")
    p = _programme(session, actor, programme_id)
    if p.status in ("selesai", "dibatalkan"):
        raise ValidationError(_("Pelatihan sudah selesai atau dibatalkan."))
    if enrolled_on > date.today():
        raise ValidationError(_("Periksa tanggal."), {"enrolled_on": _("Tanggal tidak boleh di masa depan.")})
    existing = set(
        session.scalars(
            select(TrainingEnrolment.person_id).where(
                TrainingEnrolment.programme_id == p.id, TrainingEnrolment.person_id.in_(person_ids)
            )
        )
    )
    if existing:
        raise Conflict(_("Sebagian orang sudah terdaftar pada pelatihan ini."))
    rows = []
    for pid in dict.fromkeys(person_ids):
        person = ensure_person_visible(session, actor, pid)
        case_id = session.scalar(
            select(RehabCase.id)
            .where(RehabCase.person_id == pid, RehabCase.closed_on.is_(None))
            .order_by(RehabCase.opened_on.desc())
            .limit(1)
        )
        row = TrainingEnrolment(programme_id=p.id, person_id=pid, case_id=case_id, enrolled_on=enrolled_on)
        session.add(row)
        rows.append(row)
        timeline.add_event(
            session,
            actor,
            person.id,
            enrolled_on,
            "training_enrolled",
            _("Terdaftar pada pelatihan {name}").format(name=p.name),
            ref_entity="training_programme",
            ref_id=p.id,
        )
    session.flush()
    audit.record(
        session,
        actor,
        "training.enrolled",
        "training_programme",
        p.id,
        summary=_("{n} peserta didaftarkan").format(n=len(rows)),
    )
    commit(session, _("Pelatihan"))
    return _enrolment_infos(session, actor, rows)


def list_enrolments(session: Session, actor: Actor, programme_id: uuid.UUID) -> list[EnrolmentInfo]:
    actor.require("cases.view")
    p = _programme(session, actor, programme_id)
    rows = list(session.scalars(select(TrainingEnrolment).where(TrainingEnrolment.programme_id == p.id)))
    return sorted(_enrolment_infos(session, actor, rows), key=lambda e: e.person_name)


def person_enrolments(session: Session, actor: Actor, person_id: uuid.UUID) -> list[EnrolmentInfo]:
    actor.require("cases.view")
    ensure_person_visible(session, actor, person_id)
    rows = list(
        session.scalars(
            select(TrainingEnrolment)
            .where(TrainingEnrolment.person_id == person_id)
            .order_by(TrainingEnrolment.enrolled_on)
        )
    )
    return _enrolment_infos(session, actor, rows)


def _enrolment(session: Session, actor: Actor, enrolment_id: uuid.UUID) -> TrainingEnrolment:
    row = session.get(TrainingEnrolment, enrolment_id)
    if row is None:
        raise NotFound(_("Peserta pelatihan tidak ditemukan."))
    ensure_person_visible(session, actor, row.person_id)
    return row


def get_enrolment(session: Session, actor: Actor, enrolment_id: uuid.UUID) -> EnrolmentInfo:
    actor.require("cases.view")
    return _enrolment_infos(session, actor, [_enrolment(session, actor, enrolment_id)])[0]


def withdraw(session: Session, actor: Actor, enrolment_id: uuid.UUID, reason: str, version_id: int) -> EnrolmentInfo:
    actor.require("training.manage")
    row = _enrolment(session, actor, enrolment_id)
    check_version(row, version_id, _("Peserta pelatihan"))
    if row.status != "terdaftar":
        raise ValidationError(_("Peserta sudah selesai atau mundur."))
    if not reason.strip():
        raise ValidationError(_("Tuliskan alasan mengundurkan diri."), {"reason": _("Alasan wajib diisi.")})
    row.status, row.note = "mundur", reason.strip()
    audit.record(session, actor, "training.withdrawn", "training_enrolment", row.id, summary=reason.strip())
    commit(session, _("Peserta pelatihan"))
    return get_enrolment(session, actor, enrolment_id)


def complete(
    session: Session,
    actor: Actor,
    enrolment_id: uuid.UUID,
    version_id: int,
    *,
    completed_on: date,
    passed: bool = True,
    result: str = "",
    override_reason: str = "",
) -> EnrolmentInfo:
    """Record the outcome. Passing below the programme's minimum attendance needs ``override_reason``.
    A pass gets the next certificate number (SP-<year>-<n>, per office and year)."""
    actor.require("training.manage")
    row = _enrolment(session, actor, enrolment_id)
    check_version(row, version_id, _("Peserta pelatihan"))
    p = _programme(session, actor, row.programme_id)
    if row.status != "terdaftar":
        raise ValidationError(_("Peserta sudah dinyatakan selesai atau mundur."))
    if completed_on > date.today() or completed_on < row.enrolled_on:
        raise ValidationError(
            _("Periksa tanggal."), {"completed_on": _("Tanggal selesai antara tanggal daftar dan hari ini.")}
        )
    info = _enrolment_infos(session, actor, [row])[0]
    pct = info.attendance_pct
    note = ""
    if passed and p.min_attendance_pct and (pct is None or pct < p.min_attendance_pct):
        if not override_reason.strip():
            message = _(
                "Kehadiran {name} {pct} dari minimal {min}%. Tuliskan alasan bila tetap dinyatakan lulus."
            ).format(name=info.person_name, pct=f"{pct}%" if pct is not None else "-", min=p.min_attendance_pct)
            raise ValidationError(message, {"override_reason": message})
        note = override_reason.strip()
    row.status = "lulus" if passed else "tidak_lulus"
    row.completed_on = completed_on
    row.result = result.strip()
    if note:
        row.note = note
    if passed:
        number = numbering.next_number(session, p.office_id, "training_certificate", completed_on.year)
        row.certificate_no = f"SP-{completed_on.year}-{number:05d}"
    summary = (
        _("Lulus pelatihan {name}").format(name=p.name)
        if passed
        else _("Tidak lulus pelatihan {name}").format(name=p.name)
    )
    timeline.add_event(
        session,
        actor,
        row.person_id,
        completed_on,
        "training_completed",
        summary,
        ref_entity="training_enrolment",
        ref_id=row.id,
    )
    audit.record(
        session,
        actor,
        "training.completed",
        "training_enrolment",
        row.id,
        summary=summary,
        changes={
            "status": ["terdaftar", row.status],
            "certificate_no": [None, row.certificate_no],
            "override": [None, note],
        },
    )
    commit(session, _("Peserta pelatihan"))
    return get_enrolment(session, actor, enrolment_id)


def add_session(
    session: Session,
    actor: Actor,
    programme_id: uuid.UUID,
    held_on: date,
    *,
    title: str = "",
    start_time: str = "",
    duration_minutes: int | None = None,
    summary: str = "",
) -> activities.ActivityInfo:
    """A meeting of the programme; its attendance is saved with ``activities.save_attendance``."""
    p = _programme(session, actor, programme_id)
    return activities.create_group_activity(
        session,
        actor,
        activities.GroupActivityInput(
            institution_id=p.institution_id,
            type_code=SESSION_TYPE,
            title=title.strip() or p.name,
            held_on=held_on,
            start_time=start_time,
            duration_minutes=duration_minutes,
            facilitator=p.instructor,
            summary=summary,
            programme_id=p.id,
        ),
    )


@dataclass(frozen=True)
class CertificateData:
    """What the sertifikat pelatihan prints (documents/certificate.py renders it)."""

    certificate_no: str
    person_name: str
    registration_no: str
    birth_place: str
    birth_date: date | None
    programme_name: str
    kind_label: str
    institution_name: str
    start_on: date
    end_on: date | None
    total_hours: int
    completed_on: date
    result: str


def certificate_data(session: Session, actor: Actor, enrolment_id: uuid.UUID) -> CertificateData:
    actor.require("cases.view")
    row = _enrolment(session, actor, enrolment_id)
    if row.status != "lulus" or not row.certificate_no or row.completed_on is None:
        raise ValidationError(_("Sertifikat hanya untuk peserta yang lulus."))
    p = _programme(session, actor, row.programme_id)
    person = session.get(Person, row.person_id)
    assert person is not None
    inst = session.scalar(select(Institution.name).where(Institution.id == p.institution_id)) or ""
    audit.record(session, actor, "training.certificate", "training_enrolment", row.id, summary=row.certificate_no)
    commit(session, _("Sertifikat"))
    return CertificateData(
        certificate_no=row.certificate_no,
        person_name=person.full_name or person.alias,
        registration_no=person.registration_no,
        birth_place=person.birth_place,
        birth_date=person.birth_date if person.birth_date_precision == "exact" else None,
        programme_name=p.name,
        kind_label=kind_label(p.kind_code, "id"),
        institution_name=inst,
        start_on=p.start_on,
        end_on=p.end_on,
        total_hours=p.total_hours,
        completed_on=row.completed_on,
        result=row.result,
    )
