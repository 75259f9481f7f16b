"""Duplicate candidates for an intake (same NIK, same KK, similar name) and the "same/different person" decisions."""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rapidfuzz import fuzz
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date, mask_nik
from kesos_desktop.core.models import AuditEvent, Institution, Person, Stay
from kesos_desktop.core.reference.nik import InvalidNik, normalize_sex, parse_nik
from kesos_desktop.core.reference.regions import get_region
from kesos_desktop.core.registry.names import compact_key, name_key
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit
from kesos_desktop.core.services.access import ensure_person_visible, person_visible_clause
from kesos_desktop.core.services.common import commit

SAME, DIFFERENT = "same", "different"
DECISIONS = (SAME, DIFFERENT)
PAIR_ENTITY = "person_pair"
# Birth years further apart than this are not the same person (estimated ages are often off by a year or two).
YEAR_WINDOW = 2
# Rows fetched from the name block at most; scoring them in rapidfuzz takes well under a millisecond per thousand.
BLOCK_CAP = 4000
# Without a birth year: the best ranked matches of the search index only.
RANKED_CAP = 500
MIN_NAME_SIMILARITY = 75
MIN_SCORE = 50
# A placeholder name ("Tanpa Nama 2026-0012") says nothing about who the person is.
_PLACEHOLDER = re.compile(r"^\s*tanpa nama\b", re.IGNORECASE)
_NIK_JUNK = re.compile(r"[\s.\-']")


@dataclass(frozen=True)
class CandidateQuery:
    """What the intake form knows so far; every field may be empty."""

    full_name: str = ""
    alias: str = ""
    nik: str | None = None
    no_kk: str | None = None
    birth_date: date | None = None
    birth_year: int | None = None
    sex: str | None = None
    origin_region_code: str = ""
    # The record being edited (never its own duplicate).
    exclude_person_id: uuid.UUID | None = None
    # The intake draft key or the person id under which "different person" decisions were recorded.
    decision_key: str = ""


@dataclass(frozen=True)
class LastStay:
    institution_name: str
    admitted_on: date
    exited_on: date | None
    exit_reason_code: str | None


@dataclass(frozen=True)
class Candidate:
    """A person already on record who may be the one being registered; ``reasons`` are short translated texts.

    ``runaway``: "kabur dari penempatan di X sejak …" when the person ran away from a partner placement and has not
    been re-found since (also among the reasons) — a child who turns up again is recognised."""

    person_id: uuid.UUID
    registration_no: str
    full_name: str
    alias: str
    sex: str
    birth_date: date | None
    birth_date_precision: str
    nik_display: str
    origin_region_name: str
    in_care: bool
    stay_count: int
    last_stay: LastStay | None
    score: int
    name_similarity: int
    certain: bool
    reasons: tuple[str, ...]
    runaway: str = ""


@dataclass(frozen=True)
class DuplicateDecision:
    key: str
    person_id: uuid.UUID
    decision: str
    note: str


@dataclass
class _Row:
    id: uuid.UUID
    name_key: str
    alias: str
    birth_date: date | None
    birth_date_precision: str
    sex: str
    origin_region_code: str
    nik: str | None
    no_kk: str | None
    merged_into_id: uuid.UUID | None = None
    # Found through a NIK that stayed on a record merged into this one.
    via_merge: bool = False


# ------------------------------------------------------------------------------------------------- query prep


def _digits16(value: str | None) -> str | None:
    digits = _NIK_JUNK.sub("", value or "")
    return digits if len(digits) == 16 and digits.isdigit() else None


def _query_keys(query: CandidateQuery) -> list[tuple[str, bool]]:
    """(name key, is alias) for the name and the alias typed."""
    keys: list[tuple[str, bool]] = []
    if query.full_name.strip() and not _PLACEHOLDER.match(query.full_name):
        key = name_key(query.full_name)
        if key:
            keys.append((key, False))
    if query.alias.strip():
        key = name_key(query.alias)
        if key and all(key != k for k, _alias in keys):
            keys.append((key, True))
    return keys


def _nik_facts(nik: str | None) -> tuple[date | None, str | None]:
    """Birth date and sex a valid NIK encodes, used when the form does not say them yet."""
    if not nik:
        return None, None
    try:
        info = parse_nik(nik)
    except InvalidNik:
        return None, None
    return info.birth_date, info.sex


def normalize_decision_key(key: object) -> str:
    """A decision key as stored: a person id in its canonical form, anything else trimmed."""
    if isinstance(key, uuid.UUID):
        return str(key)
    text_key = str(key or "").strip()
    try:
        return str(uuid.UUID(text_key))
    except ValueError:
        return text_key


# ------------------------------------------------------------------------------------------------- blocking


def _fts_expression(dialect: str, tokens: list[str]) -> str | None:
    """Terms that find a name written differently: each word whole (counted twice in the rank) and by its first four
    letters ("Sutisno"/"Sutisna"), consecutive words glued ("Nur Hayati" -> "nurhayati") and a glued word split
    ("Nurhayati" -> "nur" AND "hayati"). The index holds canonical and original spellings."""
    words = [t for t in dict.fromkeys(tokens) if t.isalnum()]
    if not words:
        return None
    sqlite = dialect == "sqlite"
    exact = '"{}"' if sqlite else "{}"
    prefix = '"{}"*' if sqlite else "{}:*"
    both = '("{}" AND "{}")' if sqlite else "({} & {})"
    terms: list[str] = []
    for word in words:
        terms.append(exact.format(word))
        terms.append(prefix.format(word[:4] if len(word) > 4 else word))
        for cut in range(3, len(word) - 2) if len(word) >= 6 else ():
            terms.append(both.format(word[:cut], word[cut:]))
    for left, right in itertools.pairwise(words):
        terms.append(exact.format(left + right))
    return (" OR " if sqlite else " | ").join(dict.fromkeys(terms))


def _fts_sql(dialect: str, ranked: bool) -> str:
    """Ids matching the expression; ``ranked`` keeps only the best ranked (bm25 / ts_rank) when the block is open."""
    if dialect == "sqlite":
        sql = "SELECT person_id FROM person_fts WHERE person_fts MATCH :fts"
        return sql + (" ORDER BY rank LIMIT :cap" if ranked else "")
    where = "to_tsvector('simple', tokens) @@ to_tsquery('simple', :fts)"
    if not ranked:
        return f"SELECT person_id FROM person_fts WHERE {where}"
    return (
        f"SELECT person_id FROM person_fts WHERE {where} "
        "ORDER BY ts_rank(to_tsvector('simple', tokens), to_tsquery('simple', :fts)) DESC LIMIT :cap"
    )


_COLUMNS = (
    Person.id,
    Person.name_key,
    Person.alias,
    Person.birth_date,
    Person.birth_date_precision,
    Person.sex,
    Person.origin_region_code,
    Person.nik,
    Person.no_kk,
    Person.merged_into_id,
)


def _rows(result: Iterable[Sequence[object]]) -> list[_Row]:
    return [_Row(*row) for row in result]  # type: ignore[arg-type]


def _name_block(session: Session, actor: Actor, keys: list[tuple[str, bool]], year: int | None) -> list[_Row]:
    dialect = session.get_bind().dialect.name
    tokens = [t for key, _alias in keys for t in key.split()]
    expression = _fts_expression(dialect, tokens)
    if expression is None:
        return []
    # Without a birth year the block is every matching name in the registry: keep the best ranked only.
    ranked = year is None
    ids = text(_fts_sql(dialect, ranked)).bindparams(fts=expression, **({"cap": RANKED_CAP} if ranked else {}))
    stmt = select(*_COLUMNS).where(Person.id.in_(ids), Person.merged_into_id.is_(None), person_visible_clause(actor))
    if year is not None:
        low, high = date(year - YEAR_WINDOW, 1, 1), date(year + YEAR_WINDOW, 12, 31)
        stmt = stmt.where(Person.birth_date.is_(None) | Person.birth_date.between(low, high))
    return _rows(session.execute(stmt.limit(BLOCK_CAP)))


# ------------------------------------------------------------------------------------------------- scoring


def _similarity(a: str, b: str) -> float:
    """Name similarity 0..100 tolerant of word order, spacing and a missing word."""
    if not a or not b:
        return 0.0
    best = max(fuzz.token_sort_ratio(a, b), fuzz.ratio(compact_key(a), compact_key(b)))
    if best < 100 and " " in (a + b):
        # "Ahmad" vs "Ahmad Fauzi": one name inside the other is possible, and less so the more words are missing.
        words_a, words_b = a.count(" ") + 1, b.count(" ") + 1
        share = min(words_a, words_b) / max(words_a, words_b)
        best = max(best, (0.7 + 0.2 * share) * fuzz.token_set_ratio(a, b))
    return best


def _name_similarity(query_keys: list[tuple[str, bool]], row: _Row, alias_key: str) -> float:
    best = 0.0
    for key, is_alias in query_keys:
        for other, other_alias in ((row.name_key, False), (alias_key, True)):
            if not other:
                continue
            # A nickname ("Ucok", "Butet") is shared by many people: it counts for less than a full name.
            weight = 1.0 if not (is_alias or other_alias) else (0.85 if is_alias and other_alias else 0.9)
            best = max(best, weight * _similarity(key, other))
    return best


def _region_reason(query_code: str, row_code: str) -> tuple[int, str | None]:
    if not query_code or not row_code:
        return 0, None
    if query_code[:5] == row_code[:5] and len(query_code) >= 5 and len(row_code) >= 5:
        region = get_region(row_code[:5])
        name = _short_regency(region.name) if region else row_code[:5]
        return 5, _("asal {region}").format(region=name)
    if query_code[:2] == row_code[:2]:
        region = get_region(row_code[:2])
        name = region.name if region else row_code[:2]
        return 2, _("asal Provinsi {region}").format(region=name)
    return 0, None


def _short_regency(name: str) -> str:
    return "Kab. " + name[len("Kabupaten ") :] if name.startswith("Kabupaten ") else name


def _format_date(value: date) -> str:
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


@dataclass
class _Scored:
    row: _Row
    score: int
    name_similarity: int
    certain: bool
    reasons: list[str]


def _score(
    query: CandidateQuery,
    keys: list[tuple[str, bool]],
    nik: str | None,
    kk: str | None,
    birth_date: date | None,
    year: int | None,
    sex: str | None,
    row: _Row,
) -> _Scored | None:
    reasons: list[str] = []
    certain = bool(nik and row.nik == nik)
    same_kk = bool(kk and row.no_kk == kk)
    alias_key = name_key(row.alias) if row.alias else ""
    similarity = _name_similarity(keys, row, alias_key) if keys else 0.0
    if certain:
        reasons.append(_("NIK sama (pada data yang sudah digabung)") if row.via_merge else _("NIK sama"))
    if same_kk:
        reasons.append(_("No. KK sama"))
    if similarity >= MIN_NAME_SIMILARITY:
        reasons.append(_("nama mirip ({percent}%)").format(percent=round(similarity)))
    elif not certain and not (same_kk and similarity >= 60):
        return None
    points = similarity * 0.7 + (20 if same_kk else 0)
    if nik and row.nik and row.nik != nik:
        points -= 30
        reasons.append(_("NIK berbeda"))
    if row.birth_date is not None and year is not None:
        exact_both = birth_date is not None and row.birth_date_precision == "exact"
        if exact_both and row.birth_date == birth_date:
            points += 20
            reasons.append(_("tanggal lahir sama ({date})").format(date=_format_date(row.birth_date)))
        elif row.birth_date.year == year:
            points += 12
            reasons.append(_("tahun lahir sama ({year})").format(year=year))
        elif abs(row.birth_date.year - year) <= YEAR_WINDOW:
            points += 6
            reasons.append(_("tahun lahir {year} ±{window}").format(year=row.birth_date.year, window=YEAR_WINDOW))
        else:
            points -= 15
    if sex and row.sex:
        if sex == row.sex:
            points += 5
            reasons.append(_("jenis kelamin sama"))
        else:
            points -= 25
            reasons.append(_("jenis kelamin berbeda"))
    region_points, region_reason = _region_reason(query.origin_region_code, row.origin_region_code)
    points += region_points
    if region_reason:
        reasons.append(region_reason)
    score = 100 if certain else max(0, min(99, round(points)))
    if not certain and score < MIN_SCORE:
        return None
    return _Scored(row, score, round(similarity), certain, reasons)


# ------------------------------------------------------------------------------------------------- decisions


def _decided_different(session: Session, key: str, person_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Candidates the user already said are a different person than ``key``; the latest decision on a pair counts."""
    ids = {pid.hex: pid for pid in person_ids}
    if not key or not ids:
        return set()
    wanted = list(ids)
    key_hex = None
    try:
        key_hex = uuid.UUID(key).hex
        wanted.append(key_hex)
    except ValueError:
        pass
    latest: dict[uuid.UUID, str] = {}
    events = session.execute(
        select(AuditEvent.entity_id, AuditEvent.changes)
        .where(AuditEvent.entity == PAIR_ENTITY, AuditEvent.entity_id.in_(wanted))
        .order_by(AuditEvent.id)
    )
    for entity_id, changes in events:
        stored_key = _after(changes, "key")
        decision = _after(changes, "decision")
        if entity_id in ids and stored_key == key:
            latest[ids[entity_id]] = decision
        elif entity_id == key_hex:  # the same pair recorded the other way round
            try:
                other = uuid.UUID(stored_key).hex
            except (ValueError, TypeError):
                continue
            if other in ids:
                latest[ids[other]] = decision
    return {pid for pid, decision in latest.items() if decision == DIFFERENT}


def _after(changes: object, name: str) -> str:
    value = changes.get(name) if isinstance(changes, dict) else None
    if isinstance(value, list) and value:
        return str(value[-1])
    return str(value or "")


def record_decision_in_session(
    session: Session,
    actor: Actor,
    new_or_draft_key: object,
    candidate_person_id: uuid.UUID,
    decision: str,
    note: str = "",
) -> DuplicateDecision:
    """:func:`record_duplicate_decision` inside the caller's transaction (no commit): readmission and intake use it."""
    actor.require("residents.edit")
    key = normalize_decision_key(new_or_draft_key)
    if decision not in DECISIONS:
        message = _("Keputusan harus 'sama' atau 'berbeda'.")
        raise ValidationError(message, {"decision": message})
    if not key:
        message = _("Kunci data yang sedang dicatat belum ada.")
        raise ValidationError(message, {"key": message})
    person = ensure_person_visible(session, actor, candidate_person_id)
    if key == str(person.id):
        message = _("Seseorang tidak dapat dibandingkan dengan dirinya sendiri.")
        raise ValidationError(message, {"key": message})
    summary = (
        _("Dinyatakan orang yang sama dengan {reg} ({name})")
        if decision == SAME
        else _("Dinyatakan orang yang berbeda dari {reg} ({name})")
    ).format(reg=person.registration_no, name=person.full_name)
    audit.record(
        session,
        actor,
        f"person_pair.{decision}",
        PAIR_ENTITY,
        person.id.hex,
        summary=summary,
        changes={"key": [None, key], "decision": [None, decision], "note": [None, note.strip()]},
    )
    return DuplicateDecision(key, person.id, decision, note.strip())


def record_duplicate_decision(
    session: Session,
    actor: Actor,
    new_or_draft_key: object,
    candidate_person_id: uuid.UUID,
    decision: str,
    note: str = "",
) -> DuplicateDecision:
    """Remember that the person being registered (draft key or id) is or is not ``candidate_person_id``.

    "different" keeps the pair from being proposed again; "same" is what the intake then readmits on.
    """
    result = record_decision_in_session(session, actor, new_or_draft_key, candidate_person_id, decision, note)
    commit(session, _("Keputusan data ganda"))
    return result


def carry_decisions(session: Session, actor: Actor, draft_key: str, person_id: uuid.UUID) -> int:
    """After an intake is saved, keep the decisions made under its draft key for the new person (no commit)."""
    old = normalize_decision_key(draft_key)
    new = normalize_decision_key(person_id)
    if not old or old == new:
        return 0
    events = session.execute(
        select(AuditEvent.entity_id, AuditEvent.changes, AuditEvent.action)
        .where(AuditEvent.entity == PAIR_ENTITY)
        .order_by(AuditEvent.id)
    ).all()
    latest: dict[str, tuple[str, dict[str, object]]] = {}
    for entity_id, changes, action in events:
        if _after(changes, "key") == old:
            latest[entity_id] = (action, changes)
    for entity_id, (action, changes) in latest.items():
        if entity_id == uuid.UUID(new).hex:
            continue
        audit.record(
            session,
            actor,
            action,
            PAIR_ENTITY,
            entity_id,
            summary=_("Keputusan data ganda dipindahkan ke data yang disimpan"),
            changes={**changes, "key": [old, new]},
        )
    return len(latest)


# ------------------------------------------------------------------------------------------------- candidates


def find_candidates(session: Session, actor: Actor, query: CandidateQuery, limit: int = 10) -> list[Candidate]:
    """People on record who may be the one in ``query``, best first, each with a score 0–100 and its reasons.

    Narrowed in SQL (NIK and No. KK by index; names by the search index on every word's prefix, within the birth
    year ± 2 when it is known), then scored with rapidfuzz on the normalised names.
    """
    actor.require("residents.view")
    nik = _digits16(query.nik)
    kk = _digits16(query.no_kk)
    nik_birth, nik_sex = _nik_facts(nik)
    birth_date = query.birth_date or nik_birth
    year = birth_date.year if birth_date else query.birth_year
    sex = normalize_sex(query.sex) or nik_sex
    keys = _query_keys(query)

    rows: dict[uuid.UUID, _Row] = {}
    if nik:
        for row in _rows(session.execute(select(*_COLUMNS).where(Person.nik == nik, person_visible_clause(actor)))):
            if row.merged_into_id is not None:  # the NIK stayed on a merged record: propose the survivor
                survivor = _survivor_row(session, actor, row.merged_into_id)
                if survivor is not None:
                    survivor.nik, survivor.via_merge = nik, True
                    rows[survivor.id] = survivor
            else:
                rows[row.id] = row
    if kk:
        stmt = select(*_COLUMNS).where(
            Person.no_kk == kk, Person.merged_into_id.is_(None), person_visible_clause(actor)
        )
        for row in _rows(session.execute(stmt.limit(200))):
            rows.setdefault(row.id, row)
    if keys:
        for row in _name_block(session, actor, keys, year):
            rows.setdefault(row.id, row)
    rows.pop(query.exclude_person_id, None)  # type: ignore[arg-type]
    if not rows:
        return []

    scored = [s for row in rows.values() if (s := _score(query, keys, nik, kk, birth_date, year, sex, row))]
    if query.decision_key and scored:
        key = normalize_decision_key(query.decision_key)
        rejected = _decided_different(session, key, (s.row.id for s in scored))
        scored = [s for s in scored if s.row.id not in rejected]
    scored.sort(key=lambda s: (-s.score, -s.name_similarity, s.row.name_key))
    top = scored[: max(limit, 0)]
    return _details(session, actor, top)


def _survivor_row(session: Session, actor: Actor, person_id: uuid.UUID) -> _Row | None:
    for _hop in range(10):  # follow a chain of merges to the record that is still shown
        found = _rows(session.execute(select(*_COLUMNS).where(Person.id == person_id, person_visible_clause(actor))))
        if not found:
            return None
        if found[0].merged_into_id is None:
            return found[0]
        person_id = found[0].merged_into_id
    return None


def _details(session: Session, actor: Actor, top: list[_Scored]) -> list[Candidate]:
    if not top:
        return []
    ids = [s.row.id for s in top]
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    last: dict[uuid.UUID, LastStay] = {}
    stays = session.execute(
        select(Stay.person_id, Institution.name, Stay.admitted_on, Stay.exited_on, Stay.exit_reason_code)
        .join(Institution, Institution.id == Stay.institution_id)
        .where(Stay.person_id.in_(ids))
        .order_by(Stay.admitted_on.desc(), Stay.created_at.desc())
    )
    for person_id, name, admitted, exited, reason in stays:
        last.setdefault(person_id, LastStay(name, admitted, exited, reason))
    runaway = _runaway_reasons(session, actor, ids, last)
    see_nik = actor.can("residents.view_nik")
    out: list[Candidate] = []
    for s in top:
        p = people.get(s.row.id)
        if p is None:
            continue
        nik = p.nik or s.row.nik
        out.append(
            Candidate(
                person_id=p.id,
                registration_no=p.registration_no,
                full_name=p.full_name,
                alias=p.alias,
                sex=p.sex,
                birth_date=p.birth_date,
                birth_date_precision=p.birth_date_precision,
                nik_display=(nik or "") if see_nik else (mask_nik(nik) if nik else ""),
                origin_region_name=p.origin_region_name,
                in_care=p.in_care,
                stay_count=p.stay_count,
                last_stay=last.get(p.id),
                score=s.score,
                name_similarity=s.name_similarity,
                certain=s.certain,
                reasons=(runaway[p.id], *s.reasons) if p.id in runaway else tuple(s.reasons),
                runaway=runaway.get(p.id, ""),
            )
        )
    return out


def _runaway_reasons(
    session: Session, actor: Actor, ids: list[uuid.UUID], last: dict[uuid.UUID, LastStay]
) -> dict[uuid.UUID, str]:
    """ "kabur dari penempatan di X sejak …" for candidates still missing: their latest runaway is neither linked
    to a re-found case nor followed by an admission (placements are only read here)."""
    from kesos_desktop.core.services.placements import runaway_flags

    reasons = {}
    for pid, flag in runaway_flags(session, actor, ids).items():
        stay = last.get(pid)
        if flag.refound_case_id is not None or (stay is not None and stay.admitted_on > flag.ended_on):
            continue
        reasons[pid] = _("kabur dari penempatan di {partner} sejak {day}").format(
            partner=flag.institution_name, day=format_date(flag.ended_on)
        )
    return reasons


def decided_at(session: Session, key: str, person_id: uuid.UUID) -> datetime | None:
    """When the latest decision on this pair was recorded (for the UI's "decided earlier" hint)."""
    key = normalize_decision_key(key)
    found = None
    for at, changes in session.execute(
        select(AuditEvent.at, AuditEvent.changes).where(
            AuditEvent.entity == PAIR_ENTITY, AuditEvent.entity_id == person_id.hex
        )
    ):
        if _after(changes, "key") == key:
            found = at
    return found
