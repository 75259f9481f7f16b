"""Seeding roles and reference data into a fresh or upgraded database (adds what is missing, keeps admin edits)."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.models import (
    AppMeta,
    Category,
    ExitReason,
    InstitutionType,
    ReferralSource,
    Role,
    RolePermission,
)
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


SEEDED_FILES = (
    "roles.csv",
    "categories.csv",
    "exit_reasons.csv",
    "referral_sources.csv",
    "institution_types.csv",
    "relay_offices.csv",
    "relay_links.csv",
    "relay_rules.csv",
    "fare_defaults.csv",
)


def seed_fingerprint() -> str:
    """Hash of the shipped reference files: seeding is skipped at start when the database already has them."""
    digest = hashlib.sha256()
    for name in SEEDED_FILES:
        digest.update(resource_path("data", name).read_bytes())
    return digest.hexdigest()


def _meta(session: Session, key: str) -> str | None:
    row = session.get(AppMeta, key)
    return row.value if row is not None else None


def _set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(AppMeta, key)
    if row is None:
        session.add(AppMeta(key=key, value=value))
    else:
        row.value = value


def is_seeded(session: Session) -> bool:
    return _meta(session, "seed_fingerprint") == seed_fingerprint()


def seed_roles(session: Session) -> None:
    """New roles are added whole; a permission that a new program version introduces is granted to the roles
    that roles.csv gives it to. Permissions an admin removed from a role before are never put back."""
    existing = {r.code: r for r in session.scalars(select(Role))}
    known = set((_meta(session, "seeded_permissions") or "").split())
    if not known:
        known = {p.permission for r in existing.values() for p in r.permissions}
    seen: set[str] = set()
    with resource_path("data", "roles.csv").open(encoding="utf-8", newline="") as fh:
        for order, row in enumerate(csv.DictReader(fh)):
            permissions = row["permissions"].split()
            seen.update(permissions)
            role = existing.get(row["role"])
            if role is None:
                role = Role(code=row["role"], name_id=row["name_id"], name_en=row["name_en"], sort_order=order)
                role.permissions = [RolePermission(permission=p) for p in permissions]
                session.add(role)
                continue
            have = {p.permission for p in role.permissions}
            role.permissions.extend(
                RolePermission(permission=p) for p in permissions if p not in known and p not in have
            )
    _set_meta(session, "seeded_permissions", " ".join(sorted(known | seen)))


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
    from kesos_desktop.core.services.relay import seed_relay_network

    # Fills the relay network only when it is empty: an admin's edits and deletions are never overwritten.
    seed_relay_network(session)
    _set_meta(session, "seed_fingerprint", seed_fingerprint())
    session.commit()


def after_upgrade(session: Session, from_revision: str | None) -> None:
    """Data steps that need the program's own rules (not expressible in a migration): run once after an upgrade."""
    if from_revision is None:
        return
    from kesos_desktop.core.models import Person
    from kesos_desktop.core.registry.names import name_key
    from kesos_desktop.core.services.search_index import rebuild_search_index

    # Name rules may have changed with the program (and 0002 added name_key): recompute every key, then the index.
    for person in session.scalars(select(Person)):
        key = name_key(person.full_name or person.alias)
        if person.name_key != key:
            person.name_key = key
    session.flush()
    rebuild_search_index(session)
    session.commit()
