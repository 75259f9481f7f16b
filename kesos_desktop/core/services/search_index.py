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


def index_people(session: Session, rows: Iterable[tuple[uuid.UUID, str, str, str, str | None, str | None]]) -> None:
    """(Re)index people: rows of (id, full_name, alias, registration_no, nik, no_kk)."""
    dialect = session.get_bind().dialect.name
    params = [
        {"pid": _hex(pid) if dialect == "sqlite" else pid, "tokens": person_tokens(name, alias, reg, nik, kk)}
        for pid, name, alias, reg, nik, kk in rows
    ]
    if not params:
        return
    session.execute(text("DELETE FROM person_fts WHERE person_id = :pid"), [{"pid": p["pid"]} for p in params])
    session.execute(text("INSERT INTO person_fts (person_id, tokens) VALUES (:pid, :tokens)"), params)


def unindex_person(session: Session, person_id: uuid.UUID) -> None:
    dialect = session.get_bind().dialect.name
    session.execute(
        text("DELETE FROM person_fts WHERE person_id = :pid"),
        {"pid": _hex(person_id) if dialect == "sqlite" else person_id},
    )


def rebuild_search_index(session: Session) -> int:
    """Rebuild the whole index from the person table (after a bulk load or an import); returns rows indexed."""
    session.execute(text("DELETE FROM person_fts"))
    rows = session.execute(
        text("SELECT id, full_name, alias, registration_no, nik, no_kk FROM person WHERE merged_into_id IS NULL")
    ).all()
    dialect = session.get_bind().dialect.name
    params = [
        {"pid": pid, "tokens": person_tokens(name or "", alias or "", reg or "", nik, kk)}
        for pid, name, alias, reg, nik, kk in rows
    ]
    if dialect != "sqlite":
        params = [{**p, "pid": uuid.UUID(str(p["pid"]))} for p in params]
    for start in range(0, len(params), 5000):
        session.execute(
            text("INSERT INTO person_fts (person_id, tokens) VALUES (:pid, :tokens)"), params[start : start + 5000]
        )
    return len(params)


def match_clause(dialect: str, query: str) -> tuple[str, dict[str, str]] | None:
    """SQL that selects matching person ids for a typed query (every word a prefix), or None for an empty query."""
    tokens = [t for t in query_tokens(query) if t.isalnum()]
    if not tokens:
        return None
    if dialect == "sqlite":
        expr = " AND ".join(f'"{t}"*' for t in tokens)
        return "SELECT person_id FROM person_fts WHERE person_fts MATCH :fts", {"fts": expr}
    expr = " & ".join(f"{t}:*" for t in tokens)
    return (
        "SELECT person_id FROM person_fts WHERE to_tsvector('simple', tokens) @@ to_tsquery('simple', :fts)",
        {"fts": expr},
    )
