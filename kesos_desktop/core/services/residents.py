"""Registering a person (intake: identity, family, categories, consent, belongings, admission) and editing them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import age_in_years
from kesos_desktop.core.models import Consent, FamilyContact, Person, PersonCategory
from kesos_desktop.core.registry.names import name_key
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, drafts, duplicates, person_files, search_index, stays, timeline
from kesos_desktop.core.services.common import apply_changes, check_version, commit
from kesos_desktop.core.services.residents_identity import (
    FIELD_LABELS,
    HEALTH_FIELDS,
    UNKNOWN_NAME,
    CleanIdentity,
    IdentityInput,
    audit_values,
    format_registration_number,
    masked_changes,
    placeholder_name,
    registration_number,
    validate_identity,
)
from kesos_desktop.core.services.residents_profile import (
    CategoryAssignment,
    ConsentInfo,
    CurrentStay,
    FamilyContactInfo,
    PersonBrief,
    Profile,
    badge_label,
    get_profile,
    person_brief,
    record_print,
)
from kesos_desktop.core.services.residents_records import (
    CategoryResult,
    ConsentInput,
    FamilyContactInput,
    active_category_codes,
    add_category,
    add_consent,
    add_family_contact,
    age_warnings,
    checked_category_codes,
    editable_person,
    end_category,
    is_child,
    remove_family_contact,
    update_family_contact,
    validate_consent,
    validate_family_contact,
)
from kesos_desktop.core.services.stay_belongings import BelongingInput
from kesos_desktop.core.services.stays import AdmissionInput, StayInfo

__all__ = [
    "UNKNOWN_NAME",
    "AdmissionInput",
    "BelongingInput",
    "CategoryAssignment",
    "CategoryResult",
    "ConsentInfo",
    "ConsentInput",
    "CurrentStay",
    "FamilyContactInfo",
    "FamilyContactInput",
    "IdentityInput",
    "IdentityResult",
    "IntakeInput",
    "IntakeResult",
    "PersonBrief",
    "Profile",
    "ReadmitInput",
    "ReadmitResult",
    "add_category",
    "add_consent",
    "add_family_contact",
    "badge_label",
    "end_category",
    "format_registration_number",
    "get_profile",
    "person_brief",
    "placeholder_name",
    "readmit",
    "record_print",
    "register_intake",
    "registration_number",
    "remove_family_contact",
    "update_family_contact",
    "update_identity",
]

INTAKE_DRAFT_KIND = "intake"
# Fields whose change means the search index row must be rebuilt.
_INDEXED = ("full_name", "alias", "registration_no", "nik", "no_kk")


@dataclass
class IntakeInput:
    """The whole intake form. ``admission`` is ``stays.AdmissionInput`` (institution, date, room/bed, referral,
    capacity override reason, belongings); without it the person is only registered (e.g. outreach records).
    ``registered_on`` defaults to the admission date, else today; it picks the year of the registration number and
    the reference date for ages. ``draft_key``: the intake draft to drop in the same transaction."""

    identity: IdentityInput
    categories: list[str] = field(default_factory=list)
    family_contacts: list[FamilyContactInput] = field(default_factory=list)
    consent: ConsentInput | None = None
    admission: AdmissionInput | None = None
    photo: bytes | None = None
    registered_on: date | None = None
    draft_key: str | None = None


@dataclass(frozen=True)
class IntakeResult:
    person_id: uuid.UUID
    registration_no: str
    full_name: str
    stay_id: uuid.UUID | None
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class IdentityResult:
    """After an identity edit: the new ``version_id`` for the next edit, the changed fields and their labels."""

    person_id: uuid.UUID
    version_id: int
    changed_fields: tuple[str, ...]
    changed_labels: tuple[str, ...]
    warnings: tuple[str, ...]


def _office_id(session: Session, actor: Actor) -> uuid.UUID:
    if actor.office_id is not None:
        return actor.office_id
    from kesos_desktop.core.services.office import get_own_office

    return get_own_office(session).id


def _reference_date(data: IntakeInput) -> date:
    if data.registered_on is not None:
        return data.registered_on
    return data.admission.admitted_on if data.admission is not None else date.today()


@dataclass(frozen=True)
class _CheckedIntake:
    identity: CleanIdentity
    codes: list[str]
    contacts: list[dict[str, object]]
    consent: dict[str, object]
    photo: tuple[bytes, int, int] | None
    warnings: list[str]


def _check_intake(session: Session, data: IntakeInput, on: date) -> _CheckedIntake:
    """Every problem of the form at once, or the clean values and the warnings."""
    problems: dict[str, str] = {}
    warnings: list[str] = []
    identity = None
    try:
        identity = validate_identity(session, data.identity, reference_date=on)
        warnings += identity.warnings
    except ValidationError as exc:
        problems.update(exc.fields)
    codes = checked_category_codes(session, data.categories, problems, "categories")
    age = identity.age if identity else None
    warnings += age_warnings(codes, age)
    contacts = []
    for i, contact in enumerate(data.family_contacts):
        try:
            contacts.append(validate_family_contact(contact))
        except ValidationError as exc:
            problems.update({f"family_contacts.{i}.{k}": v for k, v in exc.fields.items()})
    child = is_child(session, age, codes)
    consent = None
    if data.consent is None:
        problems["consent_basis"] = (
            _("Anak (di bawah 18 tahun): catat persetujuan orang tua/wali atau dasar hukum pemrosesan datanya.")
            if child
            else _("Catat persetujuan yang bersangkutan atau dasar hukum pemrosesan datanya (UU 27/2022).")
        )
    else:
        try:
            consent = validate_consent(session, data.consent, child=child, person_id=None, today=date.today())
        except ValidationError as exc:
            problems.update(exc.fields)
    photo = None
    if data.photo:
        try:
            photo = person_files.prepare_photo(data.photo)
        except ValidationError as exc:
            problems.update(exc.fields)
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    assert identity is not None and consent is not None
    return _CheckedIntake(identity, codes, contacts, consent, photo, warnings)


def register_intake(session: Session, actor: Actor, data: IntakeInput) -> IntakeResult:
    """Register a person and (with ``admission``) admit them, all in one transaction.

    Every form problem is reported at once (ValidationError.fields: identity fields by name, ``estimated_age``,
    ``categories``, ``family_contacts.<i>.<field>``, ``consent_basis``/``consent_given_by``/``consent_relation``/
    ``consent_given_on``/``consent_notes``/``consent_document``, ``photo``, ``registered_on``); admission problems
    (``institution_id``, ``room_id``, ``bed_id``, ``admitted_on``, ``belongings``..., or ``CapacityFull``) come from
    the stay service afterwards. NIK/KK disagreements and category age rules are returned as ``warnings``.
    """
    actor.require("residents.edit")
    if data.admission is not None:
        actor.require("stays.manage")
    on = _reference_date(data)
    if on > date.today():
        message = _("Tanggal penerimaan tidak boleh sesudah hari ini.")
        raise ValidationError(message, {"registered_on": message})
    checked = _check_intake(session, data, on)
    try:
        return _write_intake(session, actor, data, checked, on)
    except BaseException:
        session.rollback()  # the registration number is given back; the form keeps what was typed
        raise


def _write_intake(session: Session, actor: Actor, data: IntakeInput, checked: _CheckedIntake, on: date) -> IntakeResult:
    office_id = _office_id(session, actor)
    reg_no = registration_number(session, office_id, on)
    values = dict(checked.identity.values)
    if values["name_unknown"]:
        values["full_name"] = placeholder_name(reg_no)
    person = Person(office_id=office_id, registration_no=reg_no, **values)
    person.name_key = name_key(person.full_name or person.alias)
    session.add(person)
    session.flush()
    for code in checked.codes:
        session.add(PersonCategory(person_id=person.id, category_code=code, since=on))
    for contact in checked.contacts:
        session.add(FamilyContact(person_id=person.id, **contact))
    session.add(Consent(person_id=person.id, **checked.consent))
    if data.draft_key is not None:
        # "Different person" choices made under the draft stay true of the saved person.
        duplicates.carry_decisions(session, actor, data.draft_key, person.id)
    if checked.photo is not None:
        person_files.store_photo(session, actor, person.id, data.photo or b"", prepared=checked.photo)
    timeline.add_event(
        session,
        actor,
        person.id,
        on,
        "registered",
        _("Terdaftar dengan nomor registrasi {reg}").format(reg=reg_no),
        ref_entity="person",
        ref_id=person.id,
    )
    audit.record(
        session,
        actor,
        "person.registered",
        "person",
        person.id,
        summary=_("Mendaftarkan warga binaan {reg}").format(reg=reg_no),
        changes={
            **{k: [None, v] for k, v in audit_values(values).items() if v not in (None, "", False)},
            "categories": [None, checked.codes],
            "family_contacts": [None, len(checked.contacts)],
            "consent_basis": [None, checked.consent["basis"]],
        },
    )
    stay_id = None
    if data.admission is not None:
        # Validated by the stay service (room, bed, capacity, referral, belongings); its errors end the intake.
        stay_id = stays.admit_in_session(session, actor, person.id, data.admission).id
    search_index.index_people(session, [(person.id, person.full_name, person.alias, reg_no, person.nik, person.no_kk)])
    if data.draft_key is not None:
        drafts.discard_in_session(session, actor.username, INTAKE_DRAFT_KIND, data.draft_key)
    commit(session, _("Data warga binaan"))
    return IntakeResult(person.id, reg_no, person.full_name, stay_id, tuple(dict.fromkeys(checked.warnings)))


# ---------------------------------------------------------------------------------------------- readmission


@dataclass
class ReadmitInput:
    """ "Orang yang sama → terima kembali" on the intake form: a new stay on the existing record ``person_id``.

    ``categories``: the codes ticked on the form; those the person does not have yet are added from the admission
    date. ``draft_key``: the intake draft — the "same person" decision is recorded under it and the draft dropped.
    """

    person_id: uuid.UUID
    admission: AdmissionInput
    categories: list[str] = field(default_factory=list)
    draft_key: str | None = None
    decision_note: str = ""


@dataclass(frozen=True)
class ReadmitResult:
    """The new stay (``is_readmission`` when the person stayed anywhere before) and the category age warnings."""

    person_id: uuid.UUID
    stay: StayInfo
    warnings: tuple[str, ...]


def readmit(session: Session, actor: Actor, data: ReadmitInput) -> ReadmitResult:
    """Admit a person found as a duplicate again, in one transaction: the stay (flagged and put on the timeline as a
    readmission by the stay service), the newly ticked categories, the "same person" decision and the end of the
    intake draft. Problems: ``categories`` here, the admission fields as in :func:`stays.admit`."""
    actor.require("residents.edit")
    actor.require("stays.manage")
    try:
        return _write_readmission(session, actor, data)
    except BaseException:
        session.rollback()  # nothing of a failed readmission stays in the session; the form keeps its content
        raise


def _write_readmission(session: Session, actor: Actor, data: ReadmitInput) -> ReadmitResult:
    person = editable_person(session, actor, data.person_id)
    problems: dict[str, str] = {}
    codes = checked_category_codes(session, data.categories, problems, "categories")
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    stay = stays.admit_in_session(session, actor, person.id, data.admission)
    on = data.admission.admitted_on
    active = set(active_category_codes(session, person.id))
    added = [code for code in codes if code not in active]
    for code in added:
        session.add(PersonCategory(person_id=person.id, category_code=code, since=on))
    if added:
        audit.record(
            session,
            actor,
            "person_category.added",
            "person",
            person.id,
            summary=_("Menambah kategori {code} pada {reg}").format(code=", ".join(added), reg=person.registration_no),
            changes={"categories": [None, added], "since": [None, on]},
        )
    age = age_in_years(person.birth_date, on) if person.birth_date is not None and person.birth_date <= on else None
    if data.draft_key:
        duplicates.record_decision_in_session(
            session, actor, data.draft_key, person.id, duplicates.SAME, data.decision_note
        )
        drafts.discard_in_session(session, actor.username, INTAKE_DRAFT_KIND, data.draft_key)
    commit(session, _("Data warga binaan"))
    return ReadmitResult(person.id, stay, tuple(dict.fromkeys(age_warnings(added, age))))


# ------------------------------------------------------------------------------------------------- identity


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def update_identity(
    session: Session, actor: Actor, person_id: uuid.UUID, data: IdentityInput, version_id: int
) -> IdentityResult:
    """Save the Identitas tab: same rules as intake; a stale ``version_id`` raises Conflict (the form keeps its
    content). Writes the before/after values to the audit log (NIK/KK masked, health notes only "(diubah)") and an
    ``identity_changed`` line naming the changed fields to the timeline. ``health_notes``/``disability_notes`` None
    leave the stored notes alone (the form of a role without ``residents.view_health`` sends None)."""
    person = editable_person(session, actor, person_id)
    what = _("Data warga binaan {reg}").format(reg=person.registration_no)
    check_version(person, version_id, what)
    if not actor.can("residents.view_nik"):
        # A role that sees only masked numbers may add a missing NIK/KK, never replace or clear one it cannot see.
        for typed, stored in ((data.nik, person.nik), (data.no_kk, person.no_kk)):
            if typed is not None and stored and _digits(typed) != stored:
                actor.require("residents.view_nik")
    if not actor.can("residents.view_health"):
        # Notes the role cannot read: None keeps them; they may be written where none are stored, never replaced
        # or cleared (not even with the same text: the answer would tell what is stored).
        for name in HEALTH_FIELDS:
            if getattr(data, name) is not None and getattr(person, name):
                actor.require("residents.view_health")
    identity = validate_identity(session, data, reference_date=date.today(), person=person)
    values = dict(identity.values)
    if values["name_unknown"]:
        values["full_name"] = placeholder_name(person.registration_no)
    changes = apply_changes(person, values)
    person.name_key = name_key(person.full_name or person.alias)
    warnings = list(identity.warnings) + age_warnings(active_category_codes(session, person.id), identity.age)
    labels = tuple(_(FIELD_LABELS.get(k, k)) for k in changes if k != "origin_region_name")
    if changes:
        timeline.add_event(
            session,
            actor,
            person.id,
            date.today(),
            "identity_changed",
            _("Identitas diubah: {fields}").format(fields=", ".join(labels)),
            ref_entity="person",
            ref_id=person.id,
        )
        audit.record(
            session,
            actor,
            "person.identity_changed",
            "person",
            person.id,
            summary=_("Mengubah identitas {reg}: {fields}").format(
                reg=person.registration_no, fields=", ".join(labels)
            ),
            changes=masked_changes(changes),
        )
        if any(k in changes for k in _INDEXED):
            search_index.index_people(
                session,
                [(person.id, person.full_name, person.alias, person.registration_no, person.nik, person.no_kk)],
            )
        commit(session, what)
    return IdentityResult(person.id, person.version_id, tuple(changes), labels, tuple(dict.fromkeys(warnings)))
