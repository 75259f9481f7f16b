"""The person's profile as the UI and the biodata sheet read it: identity, badges, current stay, family, consent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.i18n.formatters import EMPTY, format_age, format_nik, mask_kk, mask_nik, mask_phone
from kesos_desktop.core.models import (
    Category,
    Consent,
    FamilyContact,
    Person,
    PersonCategory,
    PersonDocument,
    PersonPhoto,
    Stay,
)
from kesos_desktop.core.reference.datafiles import pick_label
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import access, audit
from kesos_desktop.core.services.common import commit
from kesos_desktop.core.services.residents_choices import choice_label

ELDERLY_AGE = 60
# Categories that mean a disability besides those of the "disabilitas" group (ADK is grouped with children).
DISABILITY_CATEGORIES = frozenset({"ADK"})
BADGE_LABELS = {
    "anak": N_("Anak"),
    "lansia": N_("Lansia"),
    "disabilitas": N_("Disabilitas"),
    "readmission": N_("Penerimaan ulang"),
    "lama_tinggal": N_("Melewati batas lama tinggal"),
}


@dataclass(frozen=True)
class CategoryAssignment:
    """A category of the person over time; ``active`` while ``until`` is empty."""

    id: int
    code: str
    label: str
    group: str
    since: date | None
    until: date | None
    note: str

    @property
    def active(self) -> bool:
        return self.until is None


@dataclass(frozen=True)
class FamilyContactInfo:
    """A family contact as shown. ``phone_masked``: the number is masked because the reader is a partner (mitra)
    user — partners care for the child; reaching the family goes through the office (domain.md §8.3)."""

    id: int
    person_id: uuid.UUID
    name: str
    relation: str
    relation_label: str
    phone: str
    address: str
    region_code: str
    region_name: str
    is_guardian: bool
    phone_masked: bool = False


@dataclass(frozen=True)
class ConsentInfo:
    id: int
    person_id: uuid.UUID
    basis: str
    basis_label: str
    given_by: str
    relation: str
    relation_label: str
    given_on: date | None
    notes: str
    document_id: uuid.UUID | None
    recorded_at: datetime


@dataclass(frozen=True)
class CurrentStay:
    """The open stay. ``max_stay_days``: the institution's length-of-stay limit (None = no limit)."""

    stay_id: uuid.UUID
    institution_id: uuid.UUID
    institution_name: str
    room: str
    bed: str
    admitted_on: date
    days_in_care: int
    is_readmission: bool
    referral_source: str
    max_stay_days: int | None
    overdue: bool

    @property
    def room_bed(self) -> str:
        return f"{self.room} / {self.bed}" if self.room and self.bed else self.room


@dataclass(frozen=True)
class Profile:
    """Everything the profile header and tabs show. ``nik`` and ``no_kk`` are the full numbers only for a role with
    ``residents.view_nik`` (else None); ``nik_display``/``no_kk_display`` are masked or grouped accordingly.
    ``badges``: codes among ``anak``, ``lansia``, ``disabilitas``, ``readmission``, ``lama_tinggal``
    (labels via :func:`badge_label`). ``version_id`` goes back with an edit.

    ``health_notes``/``disability_notes`` are data spesifik (UU 27/2022 Pasal 4): None, with ``health_hidden`` set,
    for a role without ``residents.view_health`` (the disability badge then comes from categories only).
    ``phone`` and the family contacts' phones are masked for a partner (mitra) user (``phones_masked``)."""

    id: uuid.UUID
    registration_no: str
    full_name: str
    alias: str
    display_name: str
    name_unknown: bool
    sex: str
    sex_label: str
    birth_date: date | None
    birth_date_precision: str
    birth_date_precision_label: str
    age_years: int | None
    age_display: str
    birth_place: str
    nik: str | None
    nik_display: str
    nik_visible: bool
    nik_absent_reason: str
    no_kk: str | None
    no_kk_display: str
    religion: str
    religion_label: str
    education: str
    education_label: str
    marital_status: str
    marital_status_label: str
    origin_region_code: str
    origin_region_name: str
    origin_address: str
    phone: str
    health_notes: str | None
    disability_notes: str | None
    health_hidden: bool
    phones_masked: bool
    categories: tuple[CategoryAssignment, ...]
    current_stay: CurrentStay | None
    stay_count: int
    in_care: bool
    last_exited_on: date | None
    badges: tuple[str, ...]
    family_contacts: tuple[FamilyContactInfo, ...]
    consents: tuple[ConsentInfo, ...]
    document_count: int
    has_photo: bool
    merged_into_id: uuid.UUID | None
    created_at: datetime
    version_id: int

    @property
    def active_categories(self) -> tuple[CategoryAssignment, ...]:
        return tuple(c for c in self.categories if c.active)

    @property
    def is_child(self) -> bool:
        return "anak" in self.badges


def badge_label(code: str) -> str:
    return _(BADGE_LABELS[code]) if code in BADGE_LABELS else code


def display_name(full_name: str, alias: str) -> str:
    """ "Budi Santoso (Ucok)", or the alias alone when the full name is not known."""
    if full_name and alias:
        return f"{full_name} ({alias})"
    return full_name or alias


def _age(person: Person, today: date) -> int | None:
    if person.birth_date is None or person.birth_date > today:
        return None
    from kesos_desktop.core.i18n.formatters import age_in_years

    return age_in_years(person.birth_date, today)


def category_assignments(session: Session, person_id: uuid.UUID) -> list[CategoryAssignment]:
    rows = session.execute(
        select(PersonCategory, Category)
        .join(Category, Category.code == PersonCategory.category_code)
        .where(PersonCategory.person_id == person_id)
        .order_by(PersonCategory.until.is_not(None), PersonCategory.since, PersonCategory.id)
    ).all()
    return [
        CategoryAssignment(
            pc.id, pc.category_code, pick_label(c.name_id, c.name_en, None), c.group, pc.since, pc.until, pc.note
        )
        for pc, c in rows
    ]


def contact_info(c: FamilyContact, *, mask: bool = False) -> FamilyContactInfo:
    """The contact as shown; ``mask`` hides the phone number (partner users)."""
    return FamilyContactInfo(
        c.id,
        c.person_id,
        c.name,
        c.relation,
        choice_label("relation", c.relation),
        mask_phone(c.phone) if mask and c.phone else c.phone,
        c.address,
        c.region_code,
        c.region_name,
        c.is_guardian,
        phone_masked=mask and bool(c.phone),
    )


def consent_info(c: Consent) -> ConsentInfo:
    return ConsentInfo(
        c.id,
        c.person_id,
        c.basis,
        choice_label("consent_basis", c.basis),
        c.given_by,
        c.relation,
        choice_label("relation", c.relation),
        c.given_on,
        c.notes,
        c.document_id,
        c.recorded_at,
    )


def current_stay(session: Session, actor: Actor, person_id: uuid.UUID, today: date) -> CurrentStay | None:
    """The open stay, read through the stay service's view; a partner sees it only when it is at their institution."""
    from kesos_desktop.core.services.stays_views import stay_infos

    clause = and_(Stay.person_id == person_id, Stay.exited_on.is_(None))
    if actor.is_partner:
        clause = and_(clause, Stay.institution_id == actor.institution_id)
    found = stay_infos(session, clause, today)
    if not found:
        return None
    stay = found[0]
    return CurrentStay(
        stay_id=stay.id,
        institution_id=stay.institution_id,
        institution_name=stay.institution_name,
        room=stay.room_name,
        bed=stay.bed_label,
        admitted_on=stay.admitted_on,
        days_in_care=stay.days,
        is_readmission=stay.is_readmission,
        referral_source=stay.referral_source_name,
        max_stay_days=stay.limit_days,
        overdue=stay.is_overdue,
    )


def build_profile(session: Session, actor: Actor, person: Person, today: date | None = None) -> Profile:
    """The profile of a person already checked as visible (no audit; ``get_profile`` audits)."""
    today = today or date.today()
    pid = person.id
    categories = category_assignments(session, pid)
    stay = current_stay(session, actor, pid, today)
    stay_filter = Stay.person_id == pid
    if actor.is_partner:  # a partner learns nothing of stays elsewhere (sensitive by default)
        stay_filter = and_(stay_filter, Stay.institution_id == actor.institution_id)
    stays = session.scalar(select(func.count(Stay.id)).where(stay_filter)) or 0
    age = _age(person, today)
    badges: list[str] = []
    active = [c for c in categories if c.active]
    if (age is not None and age < 18) or (age is None and any(c.group == "anak" for c in active)):
        badges.append("anak")
    if age is not None and age >= ELDERLY_AGE:
        badges.append("lansia")
    see_health = actor.can("residents.view_health")
    # Without the health permission the notes must not show through the badge either; categories are not hidden.
    if (see_health and person.disability_notes.strip()) or any(
        c.group == "disabilitas" or c.code in DISABILITY_CATEGORIES for c in active
    ):
        badges.append("disabilitas")
    if stays > 1:
        badges.append("readmission")
    if stay is not None and stay.overdue:
        badges.append("lama_tinggal")
    see_nik = actor.can("residents.view_nik")
    mask_phones = actor.is_partner
    contacts = session.scalars(select(FamilyContact).where(FamilyContact.person_id == pid).order_by(FamilyContact.id))
    consents = session.scalars(select(Consent).where(Consent.person_id == pid).order_by(Consent.id))
    documents = session.scalar(select(func.count(PersonDocument.id)).where(PersonDocument.person_id == pid)) or 0
    photo = session.scalar(select(func.count()).select_from(PersonPhoto).where(PersonPhoto.person_id == pid)) or 0
    estimated = person.birth_date_precision in ("year", "estimated")
    return Profile(
        id=pid,
        registration_no=person.registration_no,
        full_name=person.full_name,
        alias=person.alias,
        display_name=display_name(person.full_name, person.alias),
        name_unknown=person.name_unknown,
        sex=person.sex,
        sex_label=choice_label("sex", person.sex),
        birth_date=person.birth_date,
        birth_date_precision=person.birth_date_precision,
        birth_date_precision_label=choice_label("birth_date_precision", person.birth_date_precision),
        age_years=age,
        age_display=format_age(person.birth_date, today, estimated=estimated) if age is not None else EMPTY,
        birth_place=person.birth_place,
        nik=person.nik if see_nik else None,
        nik_display=(format_nik(person.nik) if see_nik else mask_nik(person.nik)) if person.nik else EMPTY,
        nik_visible=see_nik,
        nik_absent_reason=person.nik_absent_reason,
        no_kk=person.no_kk if see_nik else None,
        no_kk_display=(format_nik(person.no_kk) if see_nik else mask_kk(person.no_kk)) if person.no_kk else EMPTY,
        religion=person.religion,
        religion_label=choice_label("religion", person.religion),
        education=person.education,
        education_label=choice_label("education", person.education),
        marital_status=person.marital_status,
        marital_status_label=choice_label("marital_status", person.marital_status),
        origin_region_code=person.origin_region_code,
        origin_region_name=person.origin_region_name,
        origin_address=person.origin_address,
        phone=mask_phone(person.phone) if mask_phones and person.phone else person.phone,
        health_notes=person.health_notes if see_health else None,
        disability_notes=person.disability_notes if see_health else None,
        health_hidden=not see_health,
        phones_masked=mask_phones,
        categories=tuple(categories),
        current_stay=stay,
        stay_count=stays,
        in_care=stay is not None,
        last_exited_on=person.last_exited_on,
        badges=tuple(badges),
        family_contacts=tuple(contact_info(c, mask=mask_phones) for c in contacts),
        consents=tuple(consent_info(c) for c in consents),
        document_count=documents,
        has_photo=bool(photo),
        merged_into_id=person.merged_into_id,
        created_at=person.created_at,
        version_id=person.version_id,
    )


def get_profile(session: Session, actor: Actor, person_id: uuid.UUID, *, today: date | None = None) -> Profile:
    """Open a person's profile; the view is audited (UU PDP: who saw whose file). Partners: their placed people only.

    Raises NotFound for an unknown id and for a person a partner user may not see.
    """
    person = access.ensure_person_visible(session, actor, person_id)
    profile = build_profile(session, actor, person, today)
    access.record_view(session, actor, person, _("profil"))
    commit(session)
    return profile


# Documents that may be printed or saved from a person's file (the audit log names them).
PRINTABLE_DOCUMENTS: dict[str, str] = {"biodata": N_("biodata")}


def record_print(
    session: Session, actor: Actor, person_id: uuid.UUID, document: str, *, full_nik: bool, health: bool
) -> None:
    """Audit that a document of the person's file was rendered for printing or saving (``person.printed``).

    A print leaves the program (paper, a PDF file) and may carry the full NIK and health notes, so it is recorded
    like a view, saying which of those it showed. The UI calls this when it renders the document."""
    if document not in PRINTABLE_DOCUMENTS:
        raise ValueError(f"unknown printable document {document!r}")
    person = access.ensure_person_visible(session, actor, person_id)
    audit.record(
        session,
        actor,
        "person.printed",
        "person",
        person.id,
        summary=_("Mencetak {document}: {reg}").format(
            document=_(PRINTABLE_DOCUMENTS[document]), reg=person.registration_no
        ),
        changes={"document": document, "full_nik": full_nik, "health": health},
    )
    commit(session)


@dataclass(frozen=True)
class PersonBrief:
    """Who a dialog is about: enough to name the person and fit a room to their sex."""

    id: uuid.UUID
    registration_no: str
    name: str
    sex: str


def person_brief(session: Session, actor: Actor, person_id: uuid.UUID) -> PersonBrief:
    """Name, registration number and sex (partners: their placed people only). Not a case-file view: nothing of the
    file shows, so nothing is audited."""
    person = access.ensure_person_visible(session, actor, person_id)
    return PersonBrief(person.id, person.registration_no, display_name(person.full_name, person.alias), person.sex)
