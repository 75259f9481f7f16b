"""The resident search index: normalised name, alias, registration number and NIK tokens (FTS5 / PostgreSQL GIN)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

from kesos_desktop.core.reference.textfold import fold
from kesos_desktop.core.registry.names import name_tokens, query_tokens


def person_tokens(full_name: str, alias: str, registration_no: str, nik: str | None, no_kk: str | None) -> str:
    """Canonical tokens plus the folded originals, so both "Soekarno" and "Sukarno" find the same person."""
    words: list[str] = []
    for value in (full_name, alias):
        words += name_tokens(value)
        words += fold(value).split()
    # Registration numbers are searched whole ("WB-2026-000123") and by their number part ("123").
    reg = fold(registration_no)
    words += reg.split()
    words += [part.lstrip("0") for part in reg.split() if part.isdigit() and part.lstrip("0")]
    words += [v for v in (nik, no_kk) if v]
    seen: dict[str, None] = dict.fromkeys(w for w in words if w)
    return " ".join(seen)


def _hex(person_id: uuid.UUID) -> str:
    # SQLAlchemy's Uuid stores 32 hex digits on SQLite; the FTS row must match for the join.
    return person_id.hex


Row = tuple[uuid.UUID, str, str, str, str | None, str | None]


def _sqlite_keys(session: Session, hex_ids: list[str]) -> dict[str, int]:
    """Stable FTS rowids per person (person_fts_key): FTS5 deletes quickly only by rowid."""
    session.execute(
        text("INSERT OR IGNORE INTO person_fts_key (person_id) VALUES (:pid)"), [{"pid": h} for h in hex_ids]
    )
    keys: dict[str, int] = {}
    for start in range(0, len(hex_ids), 500):
        chunk = hex_ids[start : start + 500]
        marks = ", ".join(f":p{i}" for i in range(len(chunk)))
        rows = session.execute(
            text(f"SELECT person_id, id FROM person_fts_key WHERE person_id IN ({marks})"),
            {f"p{i}": h for i, h in enumerate(chunk)},
        )
        keys.update({pid: rowid for pid, rowid in rows})
    return keys


def add_new_people(session: Session, rows: list[Row]) -> None:
    """Index people that have no index row yet (bulk intake/import): no delete needed."""
    _write(session, rows, replace=False)


def index_people(session: Session, rows: list[Row] | Iterable[Row]) -> None:
    """(Re)index people: rows of (id, full_name, alias, registration_no, nik, no_kk)."""
    _write(session, list(rows), replace=True)


def _write(session: Session, rows: list[Row], *, replace: bool) -> None:
    if not rows:
        return
    tokens = [person_tokens(name or "", alias or "", reg or "", nik, kk) for _pid, name, alias, reg, nik, kk in rows]
    if session.get_bind().dialect.name != "sqlite":
        if replace:
            session.execute(text("DELETE FROM person_fts WHERE person_id = :pid"), [{"pid": r[0]} for r in rows])
        session.execute(
            text("INSERT INTO person_fts (person_id, tokens) VALUES (:pid, :tokens)"),
            [{"pid": r[0], "tokens": t} for r, t in zip(rows, tokens, strict=True)],
        )
        return
    hex_ids = [_hex(r[0]) for r in rows]
    keys = _sqlite_keys(session, hex_ids)
    if replace:
        session.execute(text("DELETE FROM person_fts WHERE rowid = :rid"), [{"rid": keys[h]} for h in hex_ids])
    session.execute(
        text("INSERT INTO person_fts (rowid, person_id, tokens) VALUES (:rid, :pid, :tokens)"),
        [{"rid": keys[h], "pid": h, "tokens": t} for h, t in zip(hex_ids, tokens, strict=True)],
    )


def unindex_person(session: Session, person_id: uuid.UUID) -> None:
    if session.get_bind().dialect.name != "sqlite":
        session.execute(text("DELETE FROM person_fts WHERE person_id = :pid"), {"pid": person_id})
        return
    pid = _hex(person_id)
    session.execute(
        text("DELETE FROM person_fts WHERE rowid = (SELECT id FROM person_fts_key WHERE person_id = :pid)"),
        {"pid": pid},
    )
    session.execute(text("DELETE FROM person_fts_key WHERE person_id = :pid"), {"pid": pid})


def rebuild_search_index(session: Session) -> int:
    """Rebuild the whole index from the person table (after a bulk load or an upgrade); returns rows indexed."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    session.execute(text("DELETE FROM person_fts"))
    if sqlite:
        session.execute(text("DELETE FROM person_fts_key"))
    rows = session.execute(
        text("SELECT id, full_name, alias, registration_no, nik, no_kk FROM person WHERE merged_into_id IS NULL")
    ).all()
    people: list[Row] = [
        (uuid.UUID(str(pid)) if not isinstance(pid, uuid.UUID) else pid, name, alias, reg, nik, kk)
        for pid, name, alias, reg, nik, kk in rows
    ]
    for start in range(0, len(people), 5000):
        add_new_people(session, people[start : start + 5000])
    return len(people)


def match_clause(dialect: str, query: str) -> tuple[str, dict[str, str]] | None:
    """SQL that selects matching person ids for a typed query (every word a prefix), or None for an empty query.

    The last word may be half typed: it matches as its normalised form or as typed ("bagiy" is normalised to
    "bagii", which no longer prefixes "bagiya")."""
    tokens = [t for t in query_tokens(query) if t.isalnum()]
    if not tokens:
        return None
    raw_words = [w for w in fold(query).split() if w.isalnum()]
    last_raw = raw_words[-1] if raw_words else tokens[-1]
    if dialect == "sqlite":
        parts = [f'"{t}"*' for t in tokens[:-1]]
        last = f'"{tokens[-1]}"*' if last_raw == tokens[-1] else f'("{tokens[-1]}"* OR "{last_raw}"*)'
        return "SELECT person_id FROM person_fts WHERE person_fts MATCH :fts", {"fts": " AND ".join([*parts, last])}
    parts = [f"{t}:*" for t in tokens[:-1]]
    last = f"{tokens[-1]}:*" if last_raw == tokens[-1] else f"({tokens[-1]}:* | {last_raw}:*)"
    return (
        "SELECT person_id FROM person_fts WHERE to_tsvector('simple', tokens) @@ to_tsquery('simple', :fts)",
        {"fts": " & ".join([*parts, last])},
    )
