"""Seeding roles and reference data into a fresh or upgraded database (adds what is missing, keeps admin edits)."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.models import Category, ExitReason, InstitutionType, ReferralSource, Role, RolePermission
from kesos_desktop.core.resources import resource_path


def _column_value(value: object) -> object:
    # Lists of codes (e.g. the categories an institution type serves) are stored space-separated.
    if isinstance(value, tuple | list | frozenset | set):
        return " ".join(str(v) for v in value)
    return value


def _seed_rows(session: Session, model: type, defs: Iterable[object], columns: list[str]) -> int:
    existing = set(session.scalars(select(model.code)))  # type: ignore[attr-defined]
    added = 0
    for order, d in enumerate(defs):
        code = d.code  # type: ignore[attr-defined]
        if code in existing:
            continue
        values = {c: _column_value(getattr(d, c)) for c in columns if hasattr(d, c)}
        session.add(model(code=code, sort_order=order, **values))
        added += 1
    return added


def seed_roles(session: Session) -> None:
    existing = {r.code: r for r in session.scalars(select(Role))}
    with resource_path("data", "roles.csv").open(encoding="utf-8", newline="") as fh:
        for order, row in enumerate(csv.DictReader(fh)):
            if row["role"] in existing:
                continue  # an admin may have changed the role's permissions: keep them
            role = Role(code=row["role"], name_id=row["name_id"], name_en=row["name_en"], sort_order=order)
            role.permissions = [RolePermission(permission=p) for p in row["permissions"].split()]
            session.add(role)


def seed_reference_data(session: Session) -> None:
    from kesos_desktop.core.reference import categories, institution_types

    seed_roles(session)
    _seed_rows(
        session,
        Category,
        categories.load_categories(),
        [
            "name_id",
            "name_en",
            "group",
            "cluster",
            "min_age",
            "max_age",
            "active_from",
            "active_to",
            "source_regulation",
            "notes",
        ],
    )
    _seed_rows(
        session,
        ExitReason,
        categories.load_exit_reasons(),
        [
            "name_id",
            "name_en",
            "requires_destination",
            "requires_target_institution",
            "requires_text",
            "source_regulation",
        ],
    )
    _seed_rows(session, ReferralSource, categories.load_referral_sources(), ["name_id", "name_en"])
    _seed_rows(
        session,
        InstitutionType,
        institution_types.load_institution_types(),
        ["name_id", "name_en", "serves", "default_max_stay_days"],
    )
    session.commit()


def after_upgrade(session: Session, from_revision: str | None) -> None:
    """Data steps that need the program's own rules (not expressible in a migration): run once after an upgrade."""
    if from_revision is None:
        return
    from kesos_desktop.core.models import Person
    from kesos_desktop.core.registry.names import name_key
    from kesos_desktop.core.services.search_index import rebuild_search_index

    # 0002 added name_key and the search index: fill them for people recorded before.
    for person in session.scalars(select(Person).where(Person.name_key == "")):
        person.name_key = name_key(person.full_name or person.alias)
    session.flush()
    rebuild_search_index(session)
    session.commit()
