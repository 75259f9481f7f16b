"""Merging a duplicate person record into a survivor (everything that hangs on the person moves) and undoing it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Date, Table, Uuid, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import Conflict, NotFound, ValidationError
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_datetime
from kesos_desktop.core.models import Base, Institution, Person, PersonCategory, PersonMerge, PersonPhoto, Stay
from kesos_desktop.core.models.base import utcnow
from kesos_desktop.core.registry.names import name_key
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, search_index, stays, timeline
from kesos_desktop.core.services.access import ensure_person_visible
from kesos_desktop.core.services.common import check_version, commit, jsonable
from kesos_desktop.core.services.residents_identity import FIELD_LABELS, masked_changes

SURVIVOR, DUPLICATE = "survivor", "duplicate"
# Identity fields the user chooses between, each with the columns that go with it.
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "full_name": ("full_name", "name_unknown"),
    "alias": ("alias",),
    "sex": ("sex",),
    "birth_date": ("birth_date", "birth_date_precision"),
    "birth_place": ("birth_place",),
    "nik": ("nik", "nik_absent_reason"),
    "no_kk": ("no_kk",),
    "religion": ("religion",),
    "education": ("education",),
    "marital_status": ("marital_status",),
    "origin": ("origin_region_code", "origin_region_name", "origin_address"),
    "phone": ("phone",),
    "health_notes": ("health_notes",),
    "disability_notes": ("disability_notes",),
}
# Other names the UI may use for a group.
_GROUP_ALIASES = {
    "name_unknown": "full_name",
    "birth_date_precision": "birth_date",
    "nik_absent_reason": "nik",
    "origin_region_code": "origin",
    "origin_region_name": "origin",
    "origin_address": "origin",
}
# Columns that point at a person but are not "the person's things": the merge bookkeeping itself.
_NOT_MOVED = {("person", "merged_into_id"), ("person_merge", "survivor_id"), ("person_merge", "merged_id")}
_PHOTO = "person_photo"


@dataclass(frozen=True)
class MergeResult:
    merge_id: uuid.UUID
    survivor_id: uuid.UUID
    duplicate_id: uuid.UUID
    moved: dict[str, int]
    fields_taken: tuple[str, ...]
    photo_moved: bool


@dataclass(frozen=True)
class UndoResult:
    merge_id: uuid.UUID
    survivor_id: uuid.UUID
    duplicate_id: uuid.UUID
    moved_back: dict[str, int]


@dataclass(frozen=True)
class MergeInfo:
    id: uuid.UUID
    survivor_id: uuid.UUID
    merged_id: uuid.UUID
    performed_at: datetime
    performed_by: str
    undone_at: datetime | None
    undone_by: str
    moved: dict[str, int]


# ------------------------------------------------------------------------------------------------- helpers


def _person_links() -> list[tuple[Table, str, str]]:
    """(table, person column, primary key column) for every table with a row that belongs to a person.

    Found from the models, so tables added by later issues (return plans, vouchers, letters...) move too.
    """
    links = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name != "person" or (table.name, fk.parent.name) in _NOT_MOVED:
                continue
            pk = list(table.primary_key.columns)
            if len(pk) == 1:
                links.append((table, fk.parent.name, pk[0].name))
    return links


def _to_json(value: Any) -> Any:
    return value.hex if isinstance(value, uuid.UUID) else jsonable(value)


def _pk_values(table: Table, pk: str, values: list[Any]) -> list[Any]:
    if isinstance(table.c[pk].type, Uuid):
        return [uuid.UUID(str(v)) for v in values]
    return values


def _column_value(name: str, value: Any) -> Any:
    """A stored JSON value back in the column's Python type."""
    if value is None:
        return None
    column = Person.__table__.c[name]
    if isinstance(column.type, Date):
        return date.fromisoformat(str(value))
    if isinstance(column.type, Uuid):
        return uuid.UUID(str(value))
    return value


def _group_of(field: str) -> str:
    group = _GROUP_ALIASES.get(field, field)
    if group not in FIELD_GROUPS:
        message = _("Kolom {field} tidak dapat dipilih saat penggabungan.").format(field=field)
        raise ValidationError(message, {"field_choices": message})
    return group


def _is_empty(person: Person, group: str) -> bool:
    if group == "full_name":
        return person.name_unknown or not person.full_name
    first = FIELD_GROUPS[group][0]
    return getattr(person, first) in (None, "")


def _label(person: Person) -> str:
    return f"{person.registration_no} ({person.full_name})"


def _open_stay(session: Session, person_id: uuid.UUID) -> tuple[uuid.UUID, str] | None:
    row = session.execute(
        select(Stay.institution_id, Institution.name)
        .join(Institution, Institution.id == Stay.institution_id)
        .where(Stay.person_id == person_id, Stay.exited_on.is_(None))
    ).first()
    return (row[0], row[1]) if row else None


def _masked(changes: dict[str, list[Any]]) -> dict[str, object]:
    return masked_changes({k: [jsonable(v) for v in pair] for k, pair in changes.items()})


# ------------------------------------------------------------------------------------------------- merge


def merge_people(
    session: Session,
    actor: Actor,
    survivor_id: uuid.UUID,
    duplicate_id: uuid.UUID,
    field_choices: Mapping[str, str] | None = None,
    version_ids: Mapping[uuid.UUID, int] | None = None,
) -> MergeResult:
    """Move everything of ``duplicate_id`` to ``survivor_id`` and hide the duplicate; undoable with ``undo_merge``.

    ``field_choices``: identity field (or group: ``full_name``, ``birth_date``, ``nik``, ``origin``...) ->
    ``"survivor"`` or ``"duplicate"``. Fields not chosen keep the survivor's value, or take the duplicate's when the
    survivor's is empty. ``version_ids``: person id -> the version the user saw (a conflict if either changed).
    """
    actor.require("residents.merge")
    if survivor_id == duplicate_id:
        message = _("Data tidak dapat digabungkan dengan dirinya sendiri. Pilih dua data yang berbeda.")
        raise ValidationError(message, {"duplicate_id": message})
    survivor = ensure_person_visible(session, actor, survivor_id)
    duplicate = ensure_person_visible(session, actor, duplicate_id)
    for person in (survivor, duplicate):
        if person.merged_into_id is not None:
            message = _("Data {who} sudah digabungkan ke data lain; buka data hasil penggabungannya.").format(
                who=_label(person)
            )
            raise ValidationError(message, {"duplicate_id" if person is duplicate else "survivor_id": message})
    versions = dict(version_ids or {})
    check_version(survivor, versions.get(survivor.id), _label(survivor))
    check_version(duplicate, versions.get(duplicate.id), _label(duplicate))
    _refuse_two_open_stays(session, survivor, duplicate)
    choices = _choices(field_choices or {}, survivor, duplicate)

    # Identity: the duplicate gives up a unique value (NIK) before the survivor takes it.
    survivor_fields: dict[str, list[Any]] = {}
    duplicate_fields: dict[str, list[Any]] = {}
    taken = [group for group, side in choices.items() if side == DUPLICATE]
    new_values: dict[str, Any] = {}
    for group in taken:
        for column in FIELD_GROUPS[group]:
            new_values[column] = getattr(duplicate, column)
    if new_values.get("nik") and duplicate.nik == new_values["nik"]:
        duplicate_fields["nik"] = [duplicate.nik, None]
        duplicate.nik = None
        session.flush()
    for column, value in new_values.items():
        before = getattr(survivor, column)
        if before != value:
            survivor_fields[column] = [before, value]
            setattr(survivor, column, value)
    if survivor_fields:
        survivor.name_key = name_key(survivor.full_name or survivor.alias)

    session.flush()
    moved, photo_moved = _move_rows(session, duplicate.id, survivor.id)
    duplicate.merged_into_id = survivor.id
    session.flush()

    merge = PersonMerge(
        survivor_id=survivor.id,
        merged_id=duplicate.id,
        performed_by=actor.username,
        moved={
            "rows": moved,
            "photo": photo_moved,
            "survivor_fields": {k: [_to_json(v) for v in pair] for k, pair in survivor_fields.items()},
            "duplicate_fields": {k: [_to_json(v) for v in pair] for k, pair in duplicate_fields.items()},
        },
    )
    session.add(merge)
    session.flush()
    stays.refresh_person_summary(session, survivor.id)
    stays.refresh_person_summary(session, duplicate.id)
    search_index.unindex_person(session, duplicate.id)
    search_index.index_people(
        session,
        [(survivor.id, survivor.full_name, survivor.alias, survivor.registration_no, survivor.nik, survivor.no_kk)],
    )
    counts = {table: len(ids) for table, ids in moved.items() if ids}
    summary = _("Data {dup} digabungkan ke data ini").format(dup=_label(duplicate))
    timeline.add_event(
        session, actor, survivor.id, date.today(), "merged", summary, ref_entity="person_merge", ref_id=merge.id
    )
    audit.record(
        session,
        actor,
        "person.merged",
        "person",
        survivor.id,
        summary=summary,
        changes={
            **_masked(survivor_fields),
            "merged_id": [None, str(duplicate.id)],
            "merge_id": [None, str(merge.id)],
            "moved": [None, counts],
        },
    )
    audit.record(
        session,
        actor,
        "person.merged_into",
        "person",
        duplicate.id,
        summary=_("Digabungkan ke data {survivor}").format(survivor=_label(survivor)),
        changes={**_masked(duplicate_fields), "merged_into_id": [None, str(survivor.id)]},
    )
    commit(session, _("Data warga binaan"))
    return MergeResult(merge.id, survivor.id, duplicate.id, counts, tuple(taken), photo_moved)


def _choices(field_choices: Mapping[str, str], survivor: Person, duplicate: Person) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for field, side in field_choices.items():
        if side not in (SURVIVOR, DUPLICATE):
            message = _("Pilihan untuk {field} harus data utama atau data ganda.").format(field=field)
            raise ValidationError(message, {"field_choices": message})
        chosen[_group_of(field)] = side
    for group in FIELD_GROUPS:
        if group not in chosen:
            fill = _is_empty(survivor, group) and not _is_empty(duplicate, group)
            chosen[group] = DUPLICATE if fill else SURVIVOR
    return chosen


def _refuse_two_open_stays(session: Session, survivor: Person, duplicate: Person) -> None:
    here, there = _open_stay(session, survivor.id), _open_stay(session, duplicate.id)
    if here is None or there is None:
        return
    if here[0] != there[0]:
        message = _(
            "Kedua data masih tercatat tinggal di lembaga yang berbeda: {a} di {a_place} dan {b} di {b_place}. "
            "Satu orang tidak mungkin tinggal di dua tempat: keluarkan atau rujuk salah satunya dulu, "
            "lalu gabungkan."
        ).format(a=_label(survivor), a_place=here[1], b=_label(duplicate), b_place=there[1])
    else:
        message = _(
            "Kedua data masih tercatat tinggal di {place}. Keluarkan dulu penerimaan yang tercatat ganda, "
            "lalu gabungkan."
        ).format(place=here[1])
    raise ValidationError(message, {"duplicate_id": message})


def _move_rows(session: Session, from_id: uuid.UUID, to_id: uuid.UUID) -> tuple[dict[str, list[Any]], bool]:
    moved: dict[str, list[Any]] = {}
    photo_moved = False
    # Categories the survivor already has open are not doubled ("AJ, AJ"); they stay on the hidden record.
    open_codes = set(
        session.scalars(
            select(PersonCategory.category_code).where(
                PersonCategory.person_id == to_id, PersonCategory.until.is_(None)
            )
        )
    )
    for table, column, pk in _person_links():
        if table.name == _PHOTO:
            if session.get(PersonPhoto, to_id) is None and session.get(PersonPhoto, from_id) is not None:
                session.execute(table.update().where(table.c[column] == from_id).values({column: to_id}))
                photo_moved = True
            continue
        stmt = select(table.c[pk]).where(table.c[column] == from_id)
        if table.name == "person_category" and open_codes:
            stmt = stmt.where(~(table.c.category_code.in_(open_codes) & table.c.until.is_(None)))
        ids = list(session.scalars(stmt))
        if not ids:
            continue
        session.execute(table.update().where(table.c[pk].in_(ids)).values({column: to_id}))
        moved[table.name] = [_to_json(v) for v in ids]
    session.expire_all()
    return moved, photo_moved


# ------------------------------------------------------------------------------------------------- undo


def undo_merge(session: Session, actor: Actor, merge_id: uuid.UUID) -> UndoResult:
    """Put everything back as it was before the merge; refused when later changes make that unsafe."""
    actor.require("residents.merge")
    merge = session.get(PersonMerge, merge_id)
    if merge is None:
        raise NotFound(_("Catatan penggabungan tidak ditemukan."))
    survivor = ensure_person_visible(session, actor, merge.survivor_id)
    duplicate = session.get(Person, merge.merged_id)
    if duplicate is None:
        raise NotFound(_("Data yang digabungkan tidak ditemukan lagi."))
    if merge.undone_at is not None:
        raise Conflict(_("Penggabungan ini sudah dibatalkan pada {at}.").format(at=format_datetime(merge.undone_at)))
    record: dict[str, Any] = dict(merge.moved or {})
    moved: dict[str, list[Any]] = dict(record.get("rows") or {})
    survivor_fields: dict[str, list[Any]] = dict(record.get("survivor_fields") or {})
    duplicate_fields: dict[str, list[Any]] = dict(record.get("duplicate_fields") or {})
    _check_undo_safe(session, merge, survivor, duplicate, moved, survivor_fields)

    links = {table.name: (table, column, pk) for table, column, pk in _person_links()}
    counts: dict[str, int] = {}
    for name, ids in moved.items():
        table, column, pk = links[name]
        session.execute(
            table.update().where(table.c[pk].in_(_pk_values(table, pk, ids))).values({column: duplicate.id})
        )
        counts[name] = len(ids)
    if merge.moved.get("photo"):
        photos = links[_PHOTO][0]
        session.execute(photos.update().where(photos.c.person_id == survivor.id).values(person_id=duplicate.id))
        counts[_PHOTO] = 1
    session.expire_all()
    survivor = session.get(Person, merge.survivor_id)  # type: ignore[assignment]
    duplicate = session.get(Person, merge.merged_id)  # type: ignore[assignment]
    assert survivor is not None and duplicate is not None
    for column, (before, _after) in survivor_fields.items():
        if column != "nik":
            setattr(survivor, column, _column_value(column, before))
    if "nik" in survivor_fields:  # the NIK goes back to its first owner: free it on the survivor first
        survivor.nik = _column_value("nik", survivor_fields["nik"][0])
        session.flush()
    for column, (before, _after) in duplicate_fields.items():
        setattr(duplicate, column, _column_value(column, before))
    if survivor_fields:
        survivor.name_key = name_key(survivor.full_name or survivor.alias)
    duplicate.merged_into_id = None
    merge.undone_at = utcnow()
    merge.undone_by = actor.username
    session.flush()
    stays.refresh_person_summary(session, survivor.id)
    stays.refresh_person_summary(session, duplicate.id)
    search_index.index_people(
        session,
        [(p.id, p.full_name, p.alias, p.registration_no, p.nik, p.no_kk) for p in (survivor, duplicate)],
    )
    summary = _("Penggabungan dengan data {dup} dibatalkan").format(dup=_label(duplicate))
    timeline.add_event(
        session, actor, survivor.id, date.today(), "merge_undone", summary, ref_entity="person_merge", ref_id=merge.id
    )
    audit.record(
        session,
        actor,
        "person.merge_undone",
        "person",
        survivor.id,
        summary=summary,
        changes={
            **masked_changes({k: [pair[1], pair[0]] for k, pair in survivor_fields.items()}),
            "merge_id": [str(merge.id), None],
            "moved_back": [None, counts],
        },
    )
    audit.record(
        session,
        actor,
        "person.unmerged",
        "person",
        duplicate.id,
        summary=_("Dipisahkan kembali dari data {survivor}").format(survivor=_label(survivor)),
        changes={"merged_into_id": [str(survivor.id), None]},
    )
    commit(session, _("Data warga binaan"))
    return UndoResult(merge.id, survivor.id, duplicate.id, counts)


def _check_undo_safe(
    session: Session,
    merge: PersonMerge,
    survivor: Person,
    duplicate: Person,
    moved: dict[str, list[Any]],
    survivor_fields: dict[str, list[Any]],
) -> None:
    problems: list[str] = []
    if duplicate.merged_into_id != survivor.id:
        problems.append(_("data {dup} tidak lagi tergabung ke data ini").format(dup=_label(duplicate)))
    if survivor.merged_into_id is not None:
        problems.append(_("data ini sendiri sudah digabungkan lagi ke data lain; batalkan penggabungan itu dulu"))
    later = session.scalar(
        select(PersonMerge.id).where(
            PersonMerge.survivor_id == survivor.id,
            PersonMerge.undone_at.is_(None),
            PersonMerge.performed_at > merge.performed_at,
        )
    )
    if later is not None:
        problems.append(_("ada penggabungan lain ke data ini sesudahnya; batalkan yang terakhir dulu"))
    links = {table.name: (table, column, pk) for table, column, pk in _person_links()}
    for name, ids in moved.items():
        if name not in links:
            problems.append(_("tabel {table} tidak ada lagi").format(table=name))
            continue
        table, column, pk = links[name]
        keys = _pk_values(table, pk, ids)
        owners = list(session.execute(select(table.c[pk], table.c[column]).where(table.c[pk].in_(keys))))
        missing = len(keys) - len(owners)
        elsewhere = sum(1 for _pk, owner in owners if owner != survivor.id)
        if missing or elsewhere:
            problems.append(
                ngettext(
                    "{n} data {table} yang dipindahkan sudah dihapus atau dipindahkan lagi",
                    "{n} data {table} yang dipindahkan sudah dihapus atau dipindahkan lagi",
                    missing + elsewhere,
                ).format(n=missing + elsewhere, table=name)
            )
    stay_ids = set(_pk_values(cast(Table, Stay.__table__), "id", moved.get("stay", [])))
    if stay_ids:
        linked = session.scalar(
            select(Stay.id).where(
                Stay.person_id == survivor.id,
                Stay.id.not_in(stay_ids),
                Stay.previous_stay_id.in_(stay_ids),
            )
        )
        reverse = session.scalar(
            select(Stay.id)
            .where(Stay.id.in_(stay_ids), Stay.previous_stay_id.is_not(None))
            .where(
                Stay.previous_stay_id.not_in(stay_ids),
                Stay.previous_stay_id.in_(select(Stay.id).where(Stay.person_id == survivor.id)),
            )
        )
        if linked is not None or reverse is not None:
            problems.append(
                _("sebuah rujukan/perpindahan lembaga sesudah penggabungan menyambung masa tinggal kedua data")
            )
        open_moved = session.scalar(select(Stay.id).where(Stay.id.in_(stay_ids), Stay.exited_on.is_(None)))
        open_other = session.scalar(
            select(Stay.id).where(Stay.person_id == survivor.id, Stay.id.not_in(stay_ids), Stay.exited_on.is_(None))
        )
        if open_moved is not None and open_other is not None:
            problems.append(_("kedua data akan sama-sama tercatat masih tinggal"))
    changed = [
        column
        for column, (_before, after) in survivor_fields.items()
        if jsonable(getattr(survivor, column)) != _to_json(_column_value(column, after))
    ]
    if changed:
        labels = ", ".join(_(FIELD_LABELS.get(c, c)) for c in changed)
        problems.append(
            _("identitas yang diambil saat penggabungan sudah diubah lagi ({fields})").format(fields=labels)
        )
    if problems:
        raise Conflict(
            _("Penggabungan tidak dapat dibatalkan dengan aman: {reasons}.").format(reasons="; ".join(problems))
        )


# ------------------------------------------------------------------------------------------------- reading


def list_merges(session: Session, actor: Actor, person_id: uuid.UUID) -> list[MergeInfo]:
    """Merges into (or of) a person, newest first, for the profile's "undo merge" action."""
    actor.require("residents.view")
    ensure_person_visible(session, actor, person_id)
    rows = session.scalars(
        select(PersonMerge)
        .where((PersonMerge.survivor_id == person_id) | (PersonMerge.merged_id == person_id))
        .order_by(PersonMerge.performed_at.desc())
    )
    return [
        MergeInfo(
            m.id,
            m.survivor_id,
            m.merged_id,
            m.performed_at,
            m.performed_by,
            m.undone_at,
            m.undone_by,
            {k: len(v) for k, v in dict(m.moved.get("rows") or {}).items()},  # type: ignore[call-overload]
        )
        for m in rows
    ]
