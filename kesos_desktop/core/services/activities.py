"""Services delivered: individual sessions on a case, group activities and training sessions with the whole
group's attendance saved in one call, and case conferences (temu bahas kasus) with attendees and decisions.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import and_, case, delete, func, insert, select, update
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.models import Institution, Person, PersonEvent, Room, Stay
from kesos_desktop.core.models.base import utcnow
from kesos_desktop.core.models.cases import Activity, ActivityAttendance, CaseConference, TrainingEnrolment
from kesos_desktop.core.reference.datafiles import optional_int, pick_label, read_rows
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, timeline
from kesos_desktop.core.services.access import ensure_person_visible, person_visible_clause
from kesos_desktop.core.services.cases import check_not_future, check_user, ensure_open, load_case, user_names
from kesos_desktop.core.services.common import check_version, commit

ATTENDANCE_STATUSES = {
    "hadir": N_("Hadir"),
    "izin": N_("Izin"),
    "sakit": N_("Sakit"),
    "alpa": N_("Tanpa keterangan"),
}
KINDS = {"individu": N_("Sesi individu"), "kelompok": N_("Kegiatan kelompok"), "pelatihan": N_("Sesi pelatihan")}
MAX_GROUP = 500
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class ActivityTypeDef:
    code: str
    name_id: str
    name_en: str
    mode: str
    atensi_component: int | None

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.name_id, self.name_en, lang)


@dataclass(frozen=True)
class AtensiComponent:
    number: int
    code: str
    name_id: str
    name_en: str

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.name_id, self.name_en, lang)


@cache
def load_activity_types() -> tuple[ActivityTypeDef, ...]:
    return tuple(
        ActivityTypeDef(r["code"], r["name_id"], r["name_en"], r["mode"], optional_int(r.get("atensi_component", "")))
        for r in read_rows("activity_types.csv")
    )


@cache
def load_atensi_components() -> tuple[AtensiComponent, ...]:
    return tuple(
        AtensiComponent(int(r["number"]), r["code"], r["name_id"], r["name_en"])
        for r in read_rows("atensi_components.csv")
    )


def activity_type(code: str) -> ActivityTypeDef | None:
    return next((t for t in load_activity_types() if t.code == code), None)


def type_label(code: str) -> str:
    t = activity_type(code)
    return t.label() if t else code


# ------------------------------------------------------------------------------------------------ dataclasses


@dataclass
class SessionInput:
    """An individual session on a case (konseling individu, kunjungan rumah...)."""

    case_id: uuid.UUID
    type_code: str
    held_on: date
    summary: str = ""
    start_time: str = ""
    duration_minutes: int | None = None
    worker_id: uuid.UUID | None = None


@dataclass
class GroupActivityInput:
    institution_id: uuid.UUID
    type_code: str
    title: str
    held_on: date
    start_time: str = ""
    duration_minutes: int | None = None
    facilitator: str = ""
    worker_id: uuid.UUID | None = None
    summary: str = ""
    # A session of a vocational training programme (kind "pelatihan").
    programme_id: uuid.UUID | None = None


@dataclass(frozen=True)
class AttendanceEntry:
    person_id: uuid.UUID
    status: str = "hadir"
    note: str = ""


@dataclass(frozen=True)
class AttendanceRow:
    person_id: uuid.UUID
    registration_no: str
    name: str
    status: str
    status_label: str
    note: str


@dataclass(frozen=True)
class AttendanceCandidate:
    """Someone who may attend: in care at the institution on the day (or enrolled in the programme)."""

    person_id: uuid.UUID
    registration_no: str
    name: str
    sex: str
    room: str


@dataclass(frozen=True)
class ActivityInfo:
    id: uuid.UUID
    kind: str
    kind_label: str
    type_code: str
    type_label: str
    title: str
    held_on: date
    start_time: str
    duration_minutes: int | None
    institution_id: uuid.UUID | None
    institution_name: str
    case_id: uuid.UUID | None
    programme_id: uuid.UUID | None
    facilitator: str
    worker_id: uuid.UUID | None
    worker_name: str
    summary: str
    created_by: str
    attendance: tuple[AttendanceRow, ...]
    version_id: int

    @property
    def present_count(self) -> int:
        return sum(1 for a in self.attendance if a.status == "hadir")


@dataclass(frozen=True)
class ActivityRow:
    id: uuid.UUID
    kind: str
    type_code: str
    type_label: str
    title: str
    held_on: date
    institution_name: str
    present: int
    total: int


@dataclass(frozen=True)
class AttendanceResult:
    activity_id: uuid.UUID
    counts: dict[str, int]
    version_id: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class PersonActivity:
    activity_id: uuid.UUID
    kind: str
    type_label: str
    title: str
    held_on: date
    status: str
    status_label: str


@dataclass
class ConferenceInput:
    case_id: uuid.UUID
    held_on: date
    topic: str
    attendees: list[str] = field(default_factory=list)
    discussion: str = ""
    decisions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ConferenceInfo:
    id: uuid.UUID
    case_id: uuid.UUID
    person_id: uuid.UUID
    held_on: date
    topic: str
    attendees: tuple[str, ...]
    discussion: str
    decisions: tuple[str, ...]
    recorded_by: str


# ------------------------------------------------------------------------------------------------ helpers


def _check_common(type_code: str, mode: str, held_on: date, start_time: str, duration: int | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    t = activity_type(type_code)
    if t is None or t.mode != mode:
        problems["type_code"] = _("Pilih jenis kegiatan dari daftar.")
    if held_on > date.today():
        problems["held_on"] = _("Tanggal tidak boleh di masa depan.")
    if start_time and not _TIME_RE.match(start_time):
        problems["start_time"] = _("Tulis jam seperti 09:30.")
    if duration is not None and not 0 < duration <= 24 * 60:
        problems["duration_minutes"] = _("Lama kegiatan dalam menit, 1 sampai 1440.")
    return problems


def _info(session: Session, a: Activity, actor: Actor) -> ActivityInfo:
    rows = session.execute(
        select(ActivityAttendance, Person.registration_no, Person.full_name, Person.alias)
        .join(Person, Person.id == ActivityAttendance.person_id)
        .where(ActivityAttendance.activity_id == a.id, person_visible_clause(actor))
        .order_by(Person.name_key)
    ).all()
    inst = (
        session.scalar(select(Institution.name).where(Institution.id == a.institution_id)) if a.institution_id else ""
    )
    return ActivityInfo(
        id=a.id,
        kind=a.kind,
        kind_label=_(KINDS.get(a.kind, a.kind)),
        type_code=a.type_code,
        type_label=type_label(a.type_code),
        title=a.title,
        held_on=a.held_on,
        start_time=a.start_time,
        duration_minutes=a.duration_minutes,
        institution_id=a.institution_id,
        institution_name=inst or "",
        case_id=a.case_id,
        programme_id=a.programme_id,
        facilitator=a.facilitator,
        worker_id=a.worker_id,
        worker_name=user_names(session, [a.worker_id]).get(a.worker_id, "") if a.worker_id else "",  # type: ignore[arg-type]
        summary=a.summary,
        created_by=a.created_by,
        attendance=tuple(
            AttendanceRow(r.person_id, reg, name or alias, r.status, _(ATTENDANCE_STATUSES[r.status]), r.note)
            for r, reg, name, alias in rows
        ),
        version_id=a.version_id,
    )


def _load(session: Session, actor: Actor, activity_id: uuid.UUID) -> Activity:
    a = session.get(Activity, activity_id)
    if a is None:
        raise NotFound(_("Kegiatan tidak ditemukan."))
    if a.case_id is not None:
        load_case(session, actor, a.case_id)
    elif actor.is_partner:
        raise NotFound(_("Kegiatan tidak ditemukan."))
    return a


def _event_summary(a: Activity, status: str) -> str:
    what = a.title or type_label(a.type_code)
    if status == "hadir":
        return _("{what}: hadir").format(what=what)
    return _("{what}: tidak hadir ({status})").format(what=what, status=_(ATTENDANCE_STATUSES[status]).lower())


# ------------------------------------------------------------------------------------------------ individual


def record_session(session: Session, actor: Actor, data: SessionInput) -> ActivityInfo:
    actor.require("activities.manage")
    case = load_case(session, actor, data.case_id)
    ensure_open(case)
    problems = _check_common(data.type_code, "individu", data.held_on, data.start_time, data.duration_minutes)
    if data.held_on < case.opened_on:
        problems["held_on"] = _("Tanggal tidak boleh sebelum kasus dibuka.")
    try:
        check_user(session, data.worker_id, "worker_id")
    except ValidationError as exc:
        problems.update(exc.fields)
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    a = Activity(
        kind="individu",
        type_code=data.type_code,
        title=type_label(data.type_code),
        held_on=data.held_on,
        start_time=data.start_time,
        duration_minutes=data.duration_minutes,
        institution_id=case.institution_id,
        case_id=case.id,
        worker_id=data.worker_id or actor.user_id,
        summary=data.summary.strip(),
        created_by=actor.username,
    )
    session.add(a)
    session.flush()
    session.add(ActivityAttendance(activity_id=a.id, person_id=case.person_id, status="hadir"))
    timeline.add_event(
        session,
        actor,
        case.person_id,
        data.held_on,
        "session",
        type_label(data.type_code),
        ref_entity="activity",
        ref_id=a.id,
    )
    audit.record(
        session, actor, "activity.session", "activity", a.id, summary=f"{case.case_no}: {type_label(data.type_code)}"
    )
    commit(session, _("Sesi layanan"))
    return _info(session, a, actor)


# ------------------------------------------------------------------------------------------------ group


def _check_group(session: Session, data: GroupActivityInput) -> dict[str, str]:
    mode = "pelatihan" if data.programme_id is not None else "kelompok"
    problems = _check_common(data.type_code, mode, data.held_on, data.start_time, data.duration_minutes)
    if session.get(Institution, data.institution_id) is None:
        problems["institution_id"] = _("Pilih lembaga dari daftar.")
    if not data.title.strip():
        problems["title"] = _("Tuliskan nama kegiatan.")
    try:
        check_user(session, data.worker_id, "worker_id")
    except ValidationError as exc:
        problems.update(exc.fields)
    return problems


def create_group_activity(session: Session, actor: Actor, data: GroupActivityInput) -> ActivityInfo:
    """A group activity or training session; attendance follows with :func:`save_attendance`."""
    actor.require("training.manage" if data.programme_id is not None else "activities.manage")
    problems = _check_group(session, data)
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    a = Activity(
        kind="pelatihan" if data.programme_id is not None else "kelompok",
        type_code=data.type_code,
        title=data.title.strip(),
        held_on=data.held_on,
        start_time=data.start_time,
        duration_minutes=data.duration_minutes,
        institution_id=data.institution_id,
        programme_id=data.programme_id,
        facilitator=data.facilitator.strip(),
        worker_id=data.worker_id,
        summary=data.summary.strip(),
        created_by=actor.username,
    )
    session.add(a)
    session.flush()
    audit.record(session, actor, "activity.created", "activity", a.id, summary=f"{a.held_on}: {a.title}")
    commit(session, _("Kegiatan"))
    return _info(session, a, actor)


def update_group_activity(
    session: Session, actor: Actor, activity_id: uuid.UUID, data: GroupActivityInput, version_id: int
) -> ActivityInfo:
    actor.require("activities.manage")
    a = _load(session, actor, activity_id)
    check_version(a, version_id, _("Kegiatan"))
    if a.kind == "individu":
        raise ValidationError(_("Sesi individu diubah dari kasusnya."))
    problems = _check_group(session, data)
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    old_day = a.held_on
    a.type_code, a.title, a.held_on = data.type_code, data.title.strip(), data.held_on
    a.start_time, a.duration_minutes, a.institution_id = data.start_time, data.duration_minutes, data.institution_id
    a.facilitator, a.worker_id, a.summary = data.facilitator.strip(), data.worker_id, data.summary.strip()
    if old_day != a.held_on:
        people = list(
            session.scalars(select(ActivityAttendance.person_id).where(ActivityAttendance.activity_id == a.id))
        )
        if people:
            session.execute(
                update(PersonEvent)
                .where(_events_of(a.id, old_day, people))
                .values(occurred_on=a.held_on)
                .execution_options(synchronize_session=False)
            )
    audit.record(session, actor, "activity.changed", "activity", a.id, summary=f"{a.held_on}: {a.title}")
    commit(session, _("Kegiatan"))
    return _info(session, a, actor)


def _events_of(activity_id: uuid.UUID, day: date, people: Sequence[uuid.UUID]):  # type: ignore[no-untyped-def]
    # (person_id, occurred_on) is the timeline index: no scan of the whole event table.
    return and_(
        PersonEvent.person_id.in_(people),
        PersonEvent.occurred_on == day,
        PersonEvent.ref_entity == "activity",
        PersonEvent.ref_id == str(activity_id),
    )


def save_attendance(
    session: Session,
    actor: Actor,
    activity_id: uuid.UUID,
    entries: Sequence[AttendanceEntry],
    version_id: int | None = None,
) -> AttendanceResult:
    """The attendance of the whole group in one transaction: ``entries`` is the full list (people left out are
    removed). Each attendee's timeline gets one line; only changed rows are written again."""
    a = _load(session, actor, activity_id)
    actor.require("training.manage" if a.kind == "pelatihan" else "activities.manage")
    check_version(a, version_id, _("Daftar hadir"))
    if a.kind == "individu":
        raise ValidationError(_("Sesi individu tidak memakai daftar hadir kelompok."))
    wanted: dict[uuid.UUID, AttendanceEntry] = {}
    problems: dict[str, str] = {}
    for e in entries:
        if e.status not in ATTENDANCE_STATUSES:
            problems[str(e.person_id)] = _("Status kehadiran tidak dikenal: {status}.").format(status=e.status)
        if len(e.note) > 300:
            problems[str(e.person_id)] = _("Keterangan paling panjang 300 huruf.")
        wanted[e.person_id] = AttendanceEntry(e.person_id, e.status, " ".join(e.note.split()))
    if len(wanted) > MAX_GROUP:
        problems["entries"] = _("Daftar hadir paling banyak {n} orang.").format(n=MAX_GROUP)
    if problems:
        raise ValidationError(_("Periksa daftar hadir."), problems)
    if wanted:
        known = set(
            session.scalars(
                select(Person.id).where(
                    Person.id.in_(wanted), Person.merged_into_id.is_(None), person_visible_clause(actor)
                )
            )
        )
        unknown = [str(pid) for pid in wanted if pid not in known]
        if unknown:
            raise NotFound(_("Sebagian warga binaan pada daftar hadir tidak ditemukan."))
    existing = {
        r.person_id: r
        for r in session.scalars(select(ActivityAttendance).where(ActivityAttendance.activity_id == a.id))
    }
    added = [e for pid, e in wanted.items() if pid not in existing]
    changed = [
        e
        for pid, e in wanted.items()
        if pid in existing and (existing[pid].status, existing[pid].note) != (e.status, e.note)
    ]
    removed = [pid for pid in existing if pid not in wanted]
    # A note-only change keeps its timeline line; a changed status replaces it.
    restatused = [e for e in changed if existing[e.person_id].status != e.status]
    stale_events = [e.person_id for e in restatused] + removed
    if stale_events:
        session.execute(
            delete(PersonEvent)
            .where(_events_of(a.id, a.held_on, stale_events))
            .execution_options(synchronize_session=False)
        )
    if removed:
        session.execute(
            delete(ActivityAttendance)
            .where(ActivityAttendance.activity_id == a.id, ActivityAttendance.person_id.in_(removed))
            .execution_options(synchronize_session=False)
        )
    for e in changed:
        row = existing[e.person_id]
        row.status, row.note = e.status, e.note.strip()
    if added:
        session.execute(
            insert(ActivityAttendance),
            [
                {"activity_id": a.id, "person_id": e.person_id, "status": e.status, "note": e.note.strip()}
                for e in added
            ],
        )
    needs_event = added + restatused
    if needs_event:
        now = utcnow()
        session.execute(
            insert(PersonEvent),
            [
                {
                    "person_id": e.person_id,
                    "occurred_on": a.held_on,
                    "recorded_at": now,
                    "kind": "group_activity" if a.kind == "kelompok" else "training_session",
                    "summary": _event_summary(a, e.status),
                    "ref_entity": "activity",
                    "ref_id": str(a.id),
                    "recorded_by": actor.username,
                }
                for e in needs_event
            ],
        )
    counts = {s: 0 for s in ATTENDANCE_STATUSES}
    for e in wanted.values():
        counts[e.status] += 1
    if added or changed or removed:
        a.updated_at = utcnow()  # one version step per saved sheet: a second person saving meanwhile gets a conflict
        audit.record(
            session,
            actor,
            "activity.attendance",
            "activity",
            a.id,
            summary=_("Daftar hadir {title}: {present} hadir dari {total}").format(
                title=a.title, present=counts["hadir"], total=len(wanted)
            ),
            changes={"added": len(added), "changed": len(changed), "removed": len(removed)},
        )
    commit(session, _("Daftar hadir"))
    return AttendanceResult(a.id, counts, a.version_id)


def attendance_candidates(session: Session, actor: Actor, activity_id: uuid.UUID) -> list[AttendanceCandidate]:
    """Who to list on the attendance sheet: the programme's participants for a training session, otherwise the
    people in care at the institution on the day; people already marked are included."""
    a = _load(session, actor, activity_id)
    actor.require("activities.manage" if a.kind != "pelatihan" else "training.manage")
    marked = select(ActivityAttendance.person_id).where(ActivityAttendance.activity_id == a.id)
    if a.programme_id is not None:
        pool = select(TrainingEnrolment.person_id).where(
            TrainingEnrolment.programme_id == a.programme_id, TrainingEnrolment.status != "mundur"
        )
    else:
        pool = select(Stay.person_id).where(
            Stay.institution_id == a.institution_id,
            Stay.admitted_on <= a.held_on,
            (Stay.exited_on.is_(None)) | (Stay.exited_on >= a.held_on),
        )
    room = (
        select(Room.name)
        .join(Stay, Stay.room_id == Room.id)
        .where(Stay.person_id == Person.id, Stay.exited_on.is_(None))
        .limit(1)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Person.id, Person.registration_no, Person.full_name, Person.alias, Person.sex, room)
        .where(
            (Person.id.in_(pool)) | (Person.id.in_(marked)),
            Person.merged_into_id.is_(None),
            person_visible_clause(actor),
        )
        .order_by(Person.name_key)
    ).all()
    return [
        AttendanceCandidate(pid, reg, name or alias, sex, room_name or "")
        for pid, reg, name, alias, sex, room_name in rows
    ]


def get_activity(session: Session, actor: Actor, activity_id: uuid.UUID) -> ActivityInfo:
    actor.require("cases.view")
    return _info(session, _load(session, actor, activity_id), actor)


def list_activities(
    session: Session,
    actor: Actor,
    *,
    institution_id: uuid.UUID | None = None,
    case_id: uuid.UUID | None = None,
    programme_id: uuid.UUID | None = None,
    kind: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[ActivityRow]:
    """Newest first, with attendance counts."""
    actor.require("cases.view")
    if actor.is_partner:
        return []
    present = func.sum(case((ActivityAttendance.status == "hadir", 1), else_=0))
    stmt = (
        select(Activity, Institution.name, func.count(ActivityAttendance.person_id), present)
        .outerjoin(Institution, Institution.id == Activity.institution_id)
        .outerjoin(ActivityAttendance, ActivityAttendance.activity_id == Activity.id)
        .group_by(Activity.id, Institution.name)
    )
    if case_id is not None:
        load_case(session, actor, case_id)
        stmt = stmt.where(Activity.case_id == case_id)
    if institution_id is not None:
        stmt = stmt.where(Activity.institution_id == institution_id)
    if programme_id is not None:
        stmt = stmt.where(Activity.programme_id == programme_id)
    if kind is not None:
        stmt = stmt.where(Activity.kind == kind)
    if date_from is not None:
        stmt = stmt.where(Activity.held_on >= date_from)
    if date_to is not None:
        stmt = stmt.where(Activity.held_on <= date_to)
    stmt = stmt.order_by(Activity.held_on.desc(), Activity.created_at.desc())
    return [
        ActivityRow(
            a.id, a.kind, a.type_code, type_label(a.type_code), a.title, a.held_on, inst or "", int(p or 0), int(t or 0)
        )
        for a, inst, t, p in session.execute(stmt)
    ]


def person_activities(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[PersonActivity]:
    """Sessions and activities a person attended (or missed), newest first."""
    actor.require("cases.view")
    ensure_person_visible(session, actor, person_id)
    stmt = (
        select(Activity, ActivityAttendance.status)
        .join(ActivityAttendance, ActivityAttendance.activity_id == Activity.id)
        .where(ActivityAttendance.person_id == person_id)
    )
    if date_from is not None:
        stmt = stmt.where(Activity.held_on >= date_from)
    if date_to is not None:
        stmt = stmt.where(Activity.held_on <= date_to)
    return [
        PersonActivity(
            a.id, a.kind, type_label(a.type_code), a.title, a.held_on, status, _(ATTENDANCE_STATUSES[status])
        )
        for a, status in session.execute(stmt.order_by(Activity.held_on.desc()))
    ]


# ------------------------------------------------------------------------------------------------ conferences


def _clean_lines(lines: Sequence[str]) -> list[str]:
    return [" ".join(line.split()) for line in lines if line.strip()]


def _conference_info(c: CaseConference) -> ConferenceInfo:
    return ConferenceInfo(
        c.id,
        c.case_id,
        c.person_id,
        c.held_on,
        c.topic,
        tuple(c.attendees or ()),
        c.discussion,
        tuple(c.decisions or ()),
        c.recorded_by,
    )


def record_conference(session: Session, actor: Actor, data: ConferenceInput) -> ConferenceInfo:
    """A case conference (temu bahas kasus): who attended and what was decided."""
    actor.require("notes.write")
    case = load_case(session, actor, data.case_id)
    ensure_open(case)
    attendees, decisions = _clean_lines(data.attendees), _clean_lines(data.decisions)
    problems = {}
    try:
        check_not_future(data.held_on, "held_on")
    except ValidationError as exc:
        problems.update(exc.fields)
    if not data.topic.strip():
        problems["topic"] = _("Tuliskan pokok bahasan.")
    if len(attendees) < 2:
        problems["attendees"] = _("Temu bahas kasus dihadiri sedikitnya dua orang; tuliskan nama dan perannya.")
    if not decisions:
        problems["decisions"] = _("Tuliskan sedikitnya satu keputusan.")
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    c = CaseConference(
        case_id=case.id,
        person_id=case.person_id,
        held_on=data.held_on,
        topic=data.topic.strip(),
        attendees=attendees,
        discussion=data.discussion.strip(),
        decisions=decisions,
        recorded_by=actor.username,
    )
    session.add(c)
    session.flush()
    timeline.add_event(
        session,
        actor,
        case.person_id,
        data.held_on,
        "conference",
        _("Temu bahas kasus: {topic}").format(topic=c.topic),
        ref_entity="case_conference",
        ref_id=c.id,
    )
    audit.record(session, actor, "case.conference", "case_conference", c.id, summary=f"{case.case_no}: {c.topic}")
    commit(session, _("Temu bahas kasus"))
    return _conference_info(c)


def list_conferences(session: Session, actor: Actor, case_id: uuid.UUID) -> list[ConferenceInfo]:
    actor.require("cases.view")
    load_case(session, actor, case_id)
    rows = session.scalars(
        select(CaseConference).where(CaseConference.case_id == case_id).order_by(CaseConference.held_on.desc())
    )
    return [_conference_info(c) for c in rows]


def get_conference(session: Session, actor: Actor, conference_id: uuid.UUID) -> ConferenceInfo:
    actor.require("cases.view")
    c = session.get(CaseConference, conference_id)
    if c is None:
        raise NotFound(_("Temu bahas kasus tidak ditemukan."))
    load_case(session, actor, c.case_id)
    return _conference_info(c)
