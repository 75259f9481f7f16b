"""Assessments with versioned instruments (resources/data/instruments/*.json): drafts saved as often as wanted,
completion refused while required answers are missing (the draft stays), completed versions never change,
re-assessment makes a new version, and two versions compare side by side.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.models.base import utcnow
from kesos_desktop.core.models.cases import Assessment
from kesos_desktop.core.reference.datafiles import pick_label
from kesos_desktop.core.resources import resource_path
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, timeline
from kesos_desktop.core.services.access import ensure_person_visible
from kesos_desktop.core.services.cases import check_user, ensure_open, load_case, user_names
from kesos_desktop.core.services.common import check_version, commit

FIELD_TYPES = ("text", "number", "choice", "multi", "date", "scale")
_FILE_RE = re.compile(r"^(?P<name>[a-z0-9_]+)\.v(?P<version>\d+)\.json$")


# ------------------------------------------------------------------------------------------------ instruments


@dataclass(frozen=True)
class Option:
    value: str
    label_id: str
    label_en: str
    score: int | None = None

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.label_id, self.label_en, lang)


@dataclass(frozen=True)
class Field:
    code: str
    type: str
    label_id: str
    label_en: str
    required: bool
    options: tuple[Option, ...] = ()
    anchors: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    decimals: int = 0
    unit: str = ""
    multiline: bool = False
    scored: bool = False
    help_id: str = ""
    help_en: str = ""

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.label_id, self.label_en, lang)

    def option(self, value: object) -> Option | None:
        return next((o for o in self.options if o.value == str(value)), None)

    @property
    def is_scored(self) -> bool:
        return (self.type == "scale" and self.scored) or any(o.score is not None for o in self.options)


@dataclass(frozen=True)
class Section:
    code: str
    title_id: str
    title_en: str
    fields: tuple[Field, ...]
    atensi_component: int | None = None
    description_id: str = ""

    def title(self, lang: str | None = None) -> str:
        return pick_label(self.title_id, self.title_en, lang)

    @property
    def is_scored(self) -> bool:
        return any(f.is_scored for f in self.fields)


@dataclass(frozen=True)
class Band:
    min: float
    max: float
    label_id: str
    label_en: str

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.label_id, self.label_en, lang)


@dataclass(frozen=True)
class Instrument:
    code: str
    version: int
    kind: str
    name_id: str
    name_en: str
    description_id: str
    description_en: str
    source: str
    sections: tuple[Section, ...]
    due_stage: str = ""
    due_days: int | None = None
    score_label_id: str = ""
    score_label_en: str = ""
    bands: tuple[Band, ...] = ()

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.name_id, self.name_en, lang)

    def description(self, lang: str | None = None) -> str:
        return pick_label(self.description_id, self.description_en, lang)

    def score_label(self, lang: str | None = None) -> str:
        return pick_label(self.score_label_id, self.score_label_en, lang)

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for s in self.sections for f in s.fields)

    def field(self, code: str) -> Field | None:
        return next((f for f in self.fields if f.code == code), None)

    @property
    def is_scored(self) -> bool:
        return any(s.is_scored for s in self.sections)

    def band_for(self, total: float) -> Band | None:
        return next((b for b in self.bands if b.min <= total <= b.max), None)


def _options(raw: list[dict[str, Any]] | None) -> tuple[Option, ...]:
    return tuple(Option(str(o["value"]), o["label_id"], o.get("label_en", ""), o.get("score")) for o in (raw or []))


def _parse_instrument(data: dict[str, Any], filename: str) -> Instrument:
    def bad(why: str) -> ValidationError:
        return ValidationError(_("Instrumen {file} tidak sah: {why}").format(file=filename, why=why))

    sections = []
    seen: set[str] = set()
    for s in data.get("sections", []):
        fields = []
        for f in s.get("fields", []):
            if f.get("type") not in FIELD_TYPES:
                raise bad(f"{f.get('code')}: type {f.get('type')!r}")
            if f["code"] in seen:
                raise bad(f"{f['code']}: duplicate code")
            seen.add(f["code"])
            if f["type"] in ("choice", "multi") and not f.get("options"):
                raise bad(f"{f['code']}: options missing")
            if f["type"] == "scale" and (f.get("min") is None or f.get("max") is None):
                raise bad(f"{f['code']}: scale needs min and max")
            fields.append(
                Field(
                    code=f["code"],
                    type=f["type"],
                    label_id=f["label_id"],
                    label_en=f.get("label_en", ""),
                    required=bool(f.get("required", False)),
                    options=_options(f.get("options")),
                    anchors=_options(f.get("anchors")),
                    min=f.get("min"),
                    max=f.get("max"),
                    decimals=int(f.get("decimals", 0)),
                    unit=f.get("unit", ""),
                    multiline=bool(f.get("multiline", False)),
                    scored=bool(f.get("scored", False)),
                    help_id=f.get("help_id", ""),
                    help_en=f.get("help_en", ""),
                )
            )
        sections.append(
            Section(
                code=s["code"],
                title_id=s["title_id"],
                title_en=s.get("title_en", ""),
                fields=tuple(fields),
                atensi_component=s.get("atensi_component"),
                description_id=s.get("description_id", ""),
            )
        )
    scoring = data.get("scoring") or {}
    due = data.get("due") or {}
    return Instrument(
        code=data["code"],
        version=int(data["version"]),
        kind=data.get("kind", ""),
        name_id=data["name_id"],
        name_en=data.get("name_en", ""),
        description_id=data.get("description_id", ""),
        description_en=data.get("description_en", ""),
        source=data.get("source", ""),
        sections=tuple(sections),
        due_stage=due.get("stage", ""),
        due_days=due.get("days"),
        score_label_id=scoring.get("label_id", ""),
        score_label_en=scoring.get("label_en", ""),
        bands=tuple(Band(b["min"], b["max"], b["label_id"], b.get("label_en", "")) for b in scoring.get("bands", [])),
    )


@cache
def load_instruments() -> tuple[Instrument, ...]:
    """Every instrument version shipped in resources/data/instruments."""
    folder = resource_path("data", "instruments")
    out = []
    for path in sorted(folder.glob("*.json")):
        match = _FILE_RE.match(path.name)
        data = json.loads(path.read_text(encoding="utf-8"))
        instrument = _parse_instrument(data, path.name)
        if match is None or int(match["version"]) != instrument.version:
            raise ValidationError(
                _("Nama berkas instrumen {file} harus <nama>.v<versi>.json sesuai versinya.").format(file=path.name)
            )
        out.append(instrument)
    return tuple(out)


def latest_instruments() -> list[Instrument]:
    """The newest version of each instrument (what a new assessment uses)."""
    best: dict[str, Instrument] = {}
    for inst in load_instruments():
        if inst.code not in best or inst.version > best[inst.code].version:
            best[inst.code] = inst
    return sorted(best.values(), key=lambda i: i.code)


def get_instrument(code: str, version: int | None = None) -> Instrument:
    candidates = [i for i in load_instruments() if i.code == code and (version is None or i.version == version)]
    if not candidates:
        raise NotFound(
            _("Instrumen asesmen tidak ditemukan: {code}.").format(code=f"{code} v{version}" if version else code)
        )
    return max(candidates, key=lambda i: i.version)


def instrument_name(code: str) -> str:
    try:
        return get_instrument(code).label()
    except NotFound:
        return code


# ------------------------------------------------------------------------------------------------ answers


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace(".", "").replace(",", ".") if "," in value else value.strip())
        except ValueError:
            return None
    return None


def _clean(field: Field, value: object) -> tuple[object | None, str | None]:
    """(stored value or None for "no answer", problem text)."""
    if value is None or value == "" or value == []:
        return None, None
    if field.type == "text":
        text = str(value).strip()
        return (text or None), None
    if field.type == "number":
        number = _number(value)
        if number is None:
            return None, _("Isi dengan angka.")
        if (field.min is not None and number < field.min) or (field.max is not None and number > field.max):
            return None, _("Angka harus antara {a} dan {b}.").format(
                a=format_number(field.min), b=format_number(field.max)
            )
        number = round(number, field.decimals)
        return (int(number) if field.decimals == 0 else number), None
    if field.type == "scale":
        number = _number(value)
        if number is None or number != int(number):
            return None, _("Pilih salah satu nilai skala.")
        assert field.min is not None and field.max is not None
        if not field.min <= number <= field.max:
            return None, _("Nilai harus antara {a} dan {b}.").format(a=int(field.min), b=int(field.max))
        return int(number), None
    if field.type == "choice":
        if field.option(value) is None:
            return None, _("Pilih salah satu pilihan yang tersedia.")
        return str(value), None
    if field.type == "multi":
        values = value if isinstance(value, list | tuple | set | frozenset) else [value]
        chosen = []
        for v in values:
            if field.option(v) is None:
                return None, _("Pilihan tidak dikenal: {value}.").format(value=v)
            if str(v) not in chosen:
                chosen.append(str(v))
        order = [o.value for o in field.options]
        return (sorted(chosen, key=order.index) or None), None
    if field.type == "date":
        if isinstance(value, date):
            return value.isoformat(), None
        try:
            return date.fromisoformat(str(value).strip()).isoformat(), None
        except ValueError:
            return None, _("Tanggal tidak valid.")
    raise AssertionError(field.type)


def clean_answers(instrument: Instrument, answers: dict[str, object]) -> dict[str, object]:
    """Validated, normalised answers (no answer = key left out); ValidationError names every bad field."""
    problems: dict[str, str] = {}
    out: dict[str, object] = {}
    for code, value in answers.items():
        field = instrument.field(code)
        if field is None:
            problems[code] = _("Isian tidak ada pada instrumen ini.")
            continue
        cleaned, problem = _clean(field, value)
        if problem:
            problems[code] = problem
        elif cleaned is not None:
            out[code] = cleaned
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    return out


def missing_required(instrument: Instrument, answers: dict[str, object]) -> list[Field]:
    return [f for f in instrument.fields if f.required and answers.get(f.code) in (None, "", [])]


def score(instrument: Instrument, answers: dict[str, object]) -> dict[str, object]:
    """{"total", "sections": {code: n}, "band"}; empty for an instrument without scoring."""
    if not instrument.is_scored:
        return {}
    sections: dict[str, float] = {}
    for section in instrument.sections:
        if not section.is_scored:
            continue
        total = 0.0
        for f in section.fields:
            value = answers.get(f.code)
            if value is None:
                continue
            if f.type == "scale" and f.scored:
                total += float(value)  # type: ignore[arg-type]
            elif f.type == "choice":
                opt = f.option(value)
                total += (opt.score or 0) if opt is not None else 0
            elif f.type == "multi":
                for v in value:  # type: ignore[attr-defined]
                    opt = f.option(v)
                    total += (opt.score or 0) if opt is not None else 0
        sections[section.code] = int(total) if total == int(total) else total
    grand = sum(sections.values())
    grand = int(grand) if grand == int(grand) else grand
    band = instrument.band_for(grand)
    return {"total": grand, "sections": sections, "band": band.label("id") if band else ""}


def display_answer(field: Field, value: object, lang: str | None = None) -> str:
    """An answer as text for the form summary, the comparison and the case file."""
    if value is None or value == "" or value == []:
        return "—"
    if field.type == "choice":
        opt = field.option(value)
        return opt.label(lang) if opt else str(value)
    if field.type == "multi":
        return "; ".join(field.option(v).label(lang) if field.option(v) else str(v) for v in value)  # type: ignore[union-attr,attr-defined]
    if field.type == "date":
        try:
            return format_date(date.fromisoformat(str(value)), lang=lang)
        except ValueError:
            return str(value)
    if field.type == "number":
        text = format_number(value, decimals=field.decimals, lang=lang)  # type: ignore[arg-type]
        return f"{text} {field.unit}".strip()
    if field.type == "scale":
        anchor = next((a for a in field.anchors if a.value == str(value)), None)
        return f"{value} — {anchor.label(lang)}" if anchor else str(value)
    return str(value)


# ------------------------------------------------------------------------------------------------ records


@dataclass(frozen=True)
class AssessmentInfo:
    id: uuid.UUID
    case_id: uuid.UUID
    person_id: uuid.UUID
    instrument_code: str
    instrument_version: int
    instrument_name: str
    sequence_no: int
    previous_id: uuid.UUID | None
    status: str
    assessed_on: date
    answers: dict[str, object]
    score_total: float | None
    section_scores: dict[str, float]
    band: str
    assessor_id: uuid.UUID | None
    assessor_name: str
    created_by: str
    completed_by: str
    version_id: int
    # Labels of the required fields still empty (the form marks them; completion is refused while any remain).
    missing: tuple[str, ...]

    @property
    def is_completed(self) -> bool:
        return self.status == "completed"


@dataclass(frozen=True)
class ComparedField:
    code: str
    label: str
    a: str
    b: str
    changed: bool


@dataclass(frozen=True)
class ComparedSection:
    code: str
    title: str
    score_a: float | None
    score_b: float | None
    fields: tuple[ComparedField, ...]


@dataclass(frozen=True)
class AssessmentComparison:
    a: AssessmentInfo
    b: AssessmentInfo
    sections: tuple[ComparedSection, ...]
    changed_count: int


class IncompleteAssessment(ValidationError):
    """Completion refused: required answers missing. The answers given were saved; the draft is kept."""

    def __init__(self, message: str, fields: dict[str, str], info: AssessmentInfo) -> None:
        super().__init__(message, fields)
        self.info = info


def _info(session: Session, a: Assessment) -> AssessmentInfo:
    instrument = get_instrument(a.instrument_code, a.instrument_version)
    answers = dict(a.answers or {})
    scores = dict(a.scores or {}) if a.status == "completed" else score(instrument, answers)
    return AssessmentInfo(
        id=a.id,
        case_id=a.case_id,
        person_id=a.person_id,
        instrument_code=a.instrument_code,
        instrument_version=a.instrument_version,
        instrument_name=instrument.label(),
        sequence_no=a.sequence_no,
        previous_id=a.previous_id,
        status=a.status,
        assessed_on=a.assessed_on,
        answers=answers,
        score_total=scores.get("total"),  # type: ignore[arg-type]
        section_scores=dict(scores.get("sections") or {}),  # type: ignore[call-overload]
        band=str(scores.get("band") or ""),
        assessor_id=a.assessor_id,
        assessor_name=user_names(session, [a.assessor_id]).get(a.assessor_id, "") if a.assessor_id else "",  # type: ignore[arg-type]
        created_by=a.created_by,
        completed_by=a.completed_by,
        version_id=a.version_id,
        missing=tuple(f.label() for f in missing_required(instrument, answers)) if a.status != "completed" else (),
    )


def _load(session: Session, actor: Actor, assessment_id: uuid.UUID) -> Assessment:
    a = session.get(Assessment, assessment_id)
    if a is None:
        raise NotFound(_("Asesmen tidak ditemukan."))
    ensure_person_visible(session, actor, a.person_id)
    return a


def _editable(a: Assessment) -> None:
    if a.status == "completed":
        raise ValidationError(
            _("Asesmen yang sudah selesai tidak dapat diubah. Buat asesmen ulang untuk mencatat keadaan terbaru.")
        )


def start_assessment(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID,
    instrument_code: str,
    *,
    assessed_on: date | None = None,
    assessor_id: uuid.UUID | None = None,
) -> AssessmentInfo:
    """A draft with the newest instrument version; an open draft of the same instrument is returned instead.

    After a completed one this is the re-assessment: the next version, prefilled with the last answers.
    """
    actor.require("assessments.complete")
    case = load_case(session, actor, case_id)
    ensure_open(case)
    instrument = get_instrument(instrument_code)
    draft = session.scalar(
        select(Assessment).where(
            Assessment.case_id == case_id, Assessment.instrument_code == instrument.code, Assessment.status == "draft"
        )
    )
    if draft is not None:
        return _info(session, draft)
    check_user(session, assessor_id, "assessor_id")
    on = assessed_on or date.today()
    if on > date.today():
        raise ValidationError(_("Periksa tanggal."), {"assessed_on": _("Tanggal tidak boleh di masa depan.")})
    last = session.scalar(
        select(Assessment)
        .where(Assessment.case_id == case_id, Assessment.instrument_code == instrument.code)
        .order_by(Assessment.sequence_no.desc())
        .limit(1)
    )
    answers: dict[str, object] = {}
    if last is not None:
        answers = {k: v for k, v in (last.answers or {}).items() if instrument.field(k) is not None}
    a = Assessment(
        case_id=case.id,
        person_id=case.person_id,
        instrument_code=instrument.code,
        instrument_version=instrument.version,
        sequence_no=(last.sequence_no + 1) if last is not None else 1,
        previous_id=last.id if last is not None else None,
        status="draft",
        assessed_on=on,
        answers=answers,
        scores={},
        assessor_id=assessor_id or actor.user_id,
        created_by=actor.username,
    )
    session.add(a)
    session.flush()
    audit.record(
        session,
        actor,
        "assessment.started",
        "assessment",
        a.id,
        summary=_("{name} ke-{n} dimulai (kasus {no})").format(
            name=instrument.label(), n=a.sequence_no, no=case.case_no
        ),
    )
    commit(session, _("Asesmen"))
    return _info(session, a)


def save_answers(
    session: Session,
    actor: Actor,
    assessment_id: uuid.UUID,
    answers: dict[str, object],
    version_id: int | None = None,
    *,
    assessed_on: date | None = None,
) -> AssessmentInfo:
    """Save (part of) the answers of a draft; a value of None or "" clears that answer. Commits."""
    actor.require("assessments.complete")
    a = _load(session, actor, assessment_id)
    check_version(a, version_id, _("Asesmen"))
    _editable(a)
    instrument = get_instrument(a.instrument_code, a.instrument_version)
    cleaned = clean_answers(instrument, {k: v for k, v in answers.items() if v not in (None, "", [])})
    merged = {k: v for k, v in dict(a.answers or {}).items() if k not in answers}
    merged.update(cleaned)
    if assessed_on is not None:
        if assessed_on > date.today():
            raise ValidationError(_("Periksa tanggal."), {"assessed_on": _("Tanggal tidak boleh di masa depan.")})
        a.assessed_on = assessed_on
    if merged != (a.answers or {}):
        a.answers = merged
    commit(session, _("Asesmen"))
    return _info(session, a)


def complete_assessment(
    session: Session,
    actor: Actor,
    assessment_id: uuid.UUID,
    version_id: int | None = None,
    *,
    answers: dict[str, object] | None = None,
) -> AssessmentInfo:
    """Complete a draft. With required answers missing: IncompleteAssessment naming them, the draft (with
    ``answers`` saved) kept. Completed, it is immutable."""
    actor.require("assessments.complete")
    if answers is not None:
        info = save_answers(session, actor, assessment_id, answers, version_id)
        version_id = info.version_id
    a = _load(session, actor, assessment_id)
    check_version(a, version_id, _("Asesmen"))
    _editable(a)
    instrument = get_instrument(a.instrument_code, a.instrument_version)
    current = dict(a.answers or {})
    missing = missing_required(instrument, current)
    if missing:
        fields = {f.code: _("Wajib diisi.") for f in missing}
        names = ", ".join(f.label() for f in missing)
        raise IncompleteAssessment(
            _(
                "Asesmen belum dapat diselesaikan; isian wajib yang masih kosong: {names}. "
                "Isian Anda tersimpan sebagai draf."
            ).format(names=names),
            fields,
            _info(session, a),
        )
    a.status = "completed"
    a.scores = score(instrument, current)
    a.completed_at = utcnow()
    a.completed_by = actor.username
    case = load_case(session, actor, a.case_id)
    summary = _("Asesmen selesai: {name} ke-{n} (kasus {no})").format(
        name=instrument.label("id"), n=a.sequence_no, no=case.case_no
    )
    timeline.add_event(
        session,
        actor,
        a.person_id,
        a.assessed_on,
        "assessment_completed",
        summary,
        ref_entity="assessment",
        ref_id=a.id,
    )
    audit.record(
        session,
        actor,
        "assessment.completed",
        "assessment",
        a.id,
        summary=summary,
        changes={"status": ["draft", "completed"], "score": [None, a.scores.get("total")]},
    )
    commit(session, _("Asesmen"))
    return _info(session, a)


def discard_draft(session: Session, actor: Actor, assessment_id: uuid.UUID, version_id: int | None = None) -> None:
    """Throw away a draft (completed assessments are never deleted)."""
    actor.require("assessments.complete")
    a = _load(session, actor, assessment_id)
    check_version(a, version_id, _("Asesmen"))
    _editable(a)
    audit.record(session, actor, "assessment.discarded", "assessment", a.id, summary=instrument_name(a.instrument_code))
    session.delete(a)
    commit(session, _("Asesmen"))


def get_assessment(session: Session, actor: Actor, assessment_id: uuid.UUID) -> AssessmentInfo:
    actor.require("cases.view")
    return _info(session, _load(session, actor, assessment_id))


def list_assessments(
    session: Session, actor: Actor, *, case_id: uuid.UUID | None = None, person_id: uuid.UUID | None = None
) -> list[AssessmentInfo]:
    """Of a case or a person: per instrument, newest version first."""
    actor.require("cases.view")
    if case_id is None and person_id is None:
        raise ValidationError(_("Pilih kasus atau warga binaan."))
    stmt = select(Assessment)
    if case_id is not None:
        case = load_case(session, actor, case_id)
        stmt = stmt.where(Assessment.case_id == case.id)
    if person_id is not None:
        ensure_person_visible(session, actor, person_id)
        stmt = stmt.where(Assessment.person_id == person_id)
    stmt = stmt.order_by(Assessment.instrument_code, Assessment.assessed_on.desc(), Assessment.sequence_no.desc())
    return [_info(session, a) for a in session.scalars(stmt)]


def count_drafts(session: Session, case_id: uuid.UUID) -> int:
    return (
        session.scalar(
            select(func.count(Assessment.id)).where(Assessment.case_id == case_id, Assessment.status == "draft")
        )
        or 0
    )


def compare_assessments(session: Session, actor: Actor, a_id: uuid.UUID, b_id: uuid.UUID) -> AssessmentComparison:
    """Two assessments of one person with the same instrument, field by field (by code across versions)."""
    actor.require("cases.view")
    a, b = _load(session, actor, a_id), _load(session, actor, b_id)
    if a.instrument_code != b.instrument_code or a.person_id != b.person_id:
        raise ValidationError(
            _("Hanya asesmen dengan instrumen yang sama dari orang yang sama yang dapat dibandingkan.")
        )
    ia, ib = (
        get_instrument(a.instrument_code, a.instrument_version),
        get_instrument(b.instrument_code, b.instrument_version),
    )
    info_a, info_b = _info(session, a), _info(session, b)
    # The newer instrument's layout; fields only the older one has are appended to their section.
    newer, older = (ib, ia) if ib.version >= ia.version else (ia, ib)
    sections = []
    changed = 0
    for section in newer.sections:
        fields = list(section.fields)
        old_section = next((s for s in older.sections if s.code == section.code), None)
        if old_section is not None:
            fields += [f for f in old_section.fields if newer.field(f.code) is None]
        compared = []
        for f in fields:
            fa, fb = ia.field(f.code), ib.field(f.code)
            text_a = display_answer(fa, info_a.answers.get(f.code)) if fa else "—"
            text_b = display_answer(fb, info_b.answers.get(f.code)) if fb else "—"
            is_changed = info_a.answers.get(f.code) != info_b.answers.get(f.code)
            changed += is_changed
            compared.append(ComparedField(f.code, f.label(), text_a, text_b, is_changed))
        sections.append(
            ComparedSection(
                section.code,
                section.title(),
                info_a.section_scores.get(section.code),
                info_b.section_scores.get(section.code),
                tuple(compared),
            )
        )
    return AssessmentComparison(info_a, info_b, tuple(sections), changed)
