"""Migrations produce exactly the models' schema, on SQLite and PostgreSQL, and keep the audit log append-only."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

import kesos_desktop.core.models  # noqa: F401
from kesos_desktop.core.db import open_database
from kesos_desktop.core.db.migrate import current_revision, head_revision, include_object
from kesos_desktop.core.models.base import Base


def _differences(engine) -> list:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
        return compare_metadata(ctx, Base.metadata)


def test_sqlite_schema_matches_models(db) -> None:  # type: ignore[no-untyped-def]
    assert current_revision(db.engine) == head_revision()
    assert _differences(db.engine) == []


def _audit_is_append_only(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        s.execute(
            text(
                "INSERT INTO audit_event (at, username, action, entity, entity_id, summary, changes) "
                "VALUES (CURRENT_TIMESTAMP, 'uji', 'uji.aksi', 'uji', '', '', '{}')"
            )
        )
        s.commit()
    for statement in ("UPDATE audit_event SET username = 'palsu'", "DELETE FROM audit_event"):
        with db.write() as s, pytest.raises(DatabaseError, match="append-only"):
            s.execute(text(statement))
            s.commit()
    with db.read() as s:
        assert s.execute(text("SELECT username FROM audit_event")).scalars().all() == ["uji"]


def test_audit_log_is_append_only_on_sqlite(db) -> None:  # type: ignore[no-untyped-def]
    _audit_is_append_only(db)


@pytest.mark.pg
def test_postgresql_migrates_to_the_models_schema(pg_url) -> None:  # type: ignore[no-untyped-def]
    db = open_database(pg_url)
    try:
        assert current_revision(db.engine) == head_revision()
        assert _differences(db.engine) == []
        _audit_is_append_only(db)
    finally:
        db.dispose()


@pytest.mark.pg
def test_postgresql_refuses_a_newer_schema(pg_url) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.core.errors import DatabaseRefused

    db = open_database(pg_url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.dispose()
    with pytest.raises(DatabaseRefused) as info:
        open_database(pg_url)
    assert info.value.reason == "newer"


@pytest.mark.pg
def test_postgresql_services_work(pg_url) -> None:  # type: ignore[no-untyped-def]
    from kesos_desktop.core.services import auth
    from tests.factories import ADMIN_PASSWORD, setup_office

    db = open_database(pg_url)
    try:
        setup_office(db)
        with db.write() as s:
            actor = auth.login(s, "admin", ADMIN_PASSWORD)
        assert "users.manage" in actor.permissions
    finally:
        db.dispose()


def test_revision_ids_follow_the_file_name_convention() -> None:
    """The program reads revisions from file names (no Alembic import at start): they must agree with Alembic."""
    from alembic.script import ScriptDirectory

    from kesos_desktop.core.db.migrate import alembic_config, known_revisions

    script = ScriptDirectory.from_config(alembic_config())
    assert {rev.revision for rev in script.walk_revisions()} == known_revisions()
    assert script.get_current_head() == head_revision()
    for rev in script.walk_revisions():
        assert rev.path.endswith(f"{rev.revision}.py")
