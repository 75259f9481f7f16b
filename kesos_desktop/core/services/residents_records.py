"""A person's family contacts, categories over time and consent records: validation and edits."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import age_in_years, mask_phone
from kesos_desktop.core.models import Category, Consent, FamilyContact, Person, PersonCategory, PersonDocument
from kesos_desktop.core.reference.categories import age_warning
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit
from kesos_desktop.core.services.access import ensure_person_visible
from kesos_desktop.core.services.common import apply_changes, commit
from kesos_desktop.core.services.residents_choices import is_choice
from kesos_desktop.core.services.residents_identity import (
    ADULT_AGE,
    GUARDIAN_CONSENT,
    OWN_CONSENT,
    check_phone,
    clean_text,
    region_value,
)
from kesos_desktop.core.services.residents_profile import (
    CategoryAssignment,
    ConsentInfo,
    FamilyContactInfo,
    category_assignments,
    consent_info,
    contact_info,
)


@dataclass
class FamilyContactInput:
    """A family member or other contact; ``relation`` is a code of the ``relation`` choices (AYAH, IBU, WALI...)."""

    name: str
    relation: str
    phone: str = ""
    address: str = ""
    region_code: str = ""
    is_guardian: bool = False


@dataclass
class ConsentInput:
    """The legal basis for processing the person's data (UU 27/2022 Pasal 20, 25).

    ``basis``: a ``consent_basis`` code. ``persetujuan_wali`` needs ``given_by`` (the parent or guardian), a
    ``relation`` code and ``given_on``; ``persetujuan_sendiri`` (adults only) needs ``given_on``; the other bases
    (``kewajiban_hukum``, ``tugas_publik``, ``kepentingan_vital``) need ``notes`` naming the regulation or
    circumstance. ``document_id``: an attached PERSETUJUAN scan as proof, if any.
    """

    basis: str
    given_by: str = ""
    relation: str = ""
    given_on: date | None = None
    notes: str = ""
    document_id: uuid.UUID | None = None


@dataclass(frozen=True)
class CategoryResult:
    assignment: CategoryAssignment
    warnings: tuple[str, ...]


def checked_category_codes(session: Session, codes: list[str], problems: dict[str, str], key: str) -> list[str]:
    wanted = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    if not wanted:
        return []
    known = {
        code: active
        for code, active in session.execute(select(Category.code, Category.is_active).where(Category.code.in_(wanted)))
    }
    unknown = [c for c in wanted if c not in known]
    inactive = [c for c in wanted if known.get(c) is False]
    if unknown:
        problems[key] = _("Kategori tidak dikenal: {codes}. Pilih kategori dari daftar.").format(
            codes=", ".join(unknown)
        )
    elif inactive:
        problems[key] = _("Kategori sudah tidak berlaku: {codes}.").format(codes=", ".join(inactive))
    return wanted


def age_warnings(codes: list[str], age: int | None) -> list[str]:
    return [w for w in (age_warning(code, age) for code in codes) if w]


def editable_person(session: Session, actor: Actor, person_id: uuid.UUID) -> Person:
    person = ensure_person_visible(session, actor, person_id)
    actor.require("residents.edit")
    if person.merged_into_id is not None:
        raise NotFound(_("Data ini sudah digabungkan ke data warga binaan lain; buka data hasil penggabungan."))
    return person


def active_category_codes(session: Session, person_id: uuid.UUID) -> list[str]:
    return list(
        session.scalars(
            select(PersonCategory.category_code).where(
                PersonCategory.person_id == person_id, PersonCategory.until.is_(None)
            )
        )
    )


def validate_family_contact(data: FamilyContactInput) -> dict[str, object]:
    """Values for a FamilyContact row; raises ValidationError with field messages."""
    problems: dict[str, str] = {}
    name = clean_text(data.name)
    if not name:
        problems["name"] = _("Nama kontak keluarga wajib diisi.")
    elif len(name) > 150:
        problems["name"] = _("Nama kontak terlalu panjang: paling banyak 150 karakter.")
    relation = (data.relation or "").strip()
    if not is_choice("relation", relation):
        problems["relation"] = _("Pilih hubungan dengan warga binaan dari daftar (ayah, ibu, kakak, wali...).")
    phone = clean_text(data.phone)
    check_phone(problems, "phone", phone)
    region_code, region_name = region_value(problems, "region_code", data.region_code)
    if problems:
        raise ValidationError(_("Periksa isian kontak keluarga."), problems)
    return {
        "name": name,
        "relation": relation,
        "phone": phone,
        "address": (data.address or "").strip(),
        "region_code": region_code,
        "region_name": region_name,
        "is_guardian": bool(data.is_guardian),
    }


def is_child(session: Session, age: int | None, category_codes: list[str]) -> bool:
    """Under 18 (UU 35/2014); when the age is unknown, a child category (group ``anak``) decides."""
    if age is not None:
        return age < ADULT_AGE
    if not category_codes:
        return False
    groups = session.scalars(select(Category.group).where(Category.code.in_(category_codes)))
    return "anak" in set(groups)


def validate_consent(
    session: Session, data: ConsentInput, *, child: bool, person_id: uuid.UUID | None, today: date
) -> dict[str, object]:
    """Values for a Consent row; a child needs the guardian's consent or another legal basis, never only their own."""
    problems: dict[str, str] = {}
    basis = (data.basis or "").strip()
    given_by = clean_text(data.given_by)
    relation = (data.relation or "").strip()
    notes = (data.notes or "").strip()
    if not is_choice("consent_basis", basis):
        problems["consent_basis"] = _("Pilih dasar pemrosesan data: persetujuan atau dasar hukum lain.")
    elif basis == OWN_CONSENT and child:
        problems["consent_basis"] = _(
            "Untuk anak (di bawah 18 tahun) diperlukan persetujuan orang tua/wali, atau dasar hukum lain seperti "
            "kewajiban hukum atau tugas pelayanan publik (UU 27/2022 Pasal 25)."
        )
    elif basis == GUARDIAN_CONSENT:
        if not given_by:
            problems["consent_given_by"] = _("Isi nama orang tua/wali yang memberi persetujuan.")
        if not is_choice("relation", relation):
            problems["consent_relation"] = _("Pilih hubungan pemberi persetujuan dengan warga binaan.")
        if data.given_on is None:
            problems["consent_given_on"] = _("Isi tanggal persetujuan diberikan.")
    elif basis == OWN_CONSENT:
        if data.given_on is None:
            problems["consent_given_on"] = _("Isi tanggal persetujuan diberikan.")
    elif not notes:
        problems["consent_notes"] = _(
            "Sebutkan dasar hukumnya, misalnya 'UU 11/2009 Pasal 7; Perda penanganan PMKS', atau keadaan daruratnya."
        )
    if data.given_on is not None and data.given_on > today:
        problems["consent_given_on"] = _("Tanggal persetujuan tidak boleh sesudah hari ini.")
    if relation and not is_choice("relation", relation):
        problems.setdefault("consent_relation", _("Pilih hubungan pemberi persetujuan dari daftar."))
    if len(given_by) > 150:
        problems["consent_given_by"] = _("Nama pemberi persetujuan terlalu panjang: paling banyak 150 karakter.")
    if data.document_id is not None:
        owner = session.scalar(select(PersonDocument.person_id).where(PersonDocument.id == data.document_id))
        if owner is None or owner != person_id:
            problems["consent_document"] = _("Dokumen bukti persetujuan tidak ditemukan pada berkas warga binaan ini.")
    if problems:
        raise ValidationError(_("Periksa isian persetujuan / dasar pemrosesan data."), problems)
    return {
        "basis": basis,
        "given_by": given_by,
        "relation": relation,
        "given_on": data.given_on,
        "notes": notes,
        "document_id": data.document_id,
    }


# ------------------------------------------------------------------------------------------ family contacts


def add_family_contact(
    session: Session, actor: Actor, person_id: uuid.UUID, data: FamilyContactInput
) -> FamilyContactInfo:
    person = editable_person(session, actor, person_id)
    values = validate_family_contact(data)
    contact = FamilyContact(person_id=person.id, **values)
    session.add(contact)
    session.flush()
    audit.record(
        session,
        actor,
        "family_contact.added",
        "person",
        person.id,
        summary=_("Menambah kontak keluarga {name} pada {reg}").format(name=contact.name, reg=person.registration_no),
        changes={k: [None, v] for k, v in values.items() if v not in ("", False)},
    )
    commit(session, _("Kontak keluarga"))
    return contact_info(contact, mask=actor.is_partner)


def _contact(session: Session, actor: Actor, contact_id: int) -> tuple[FamilyContact, Person]:
    contact = session.get(FamilyContact, contact_id)
    if contact is None:
        raise NotFound(_("Kontak keluarga tidak ditemukan; mungkin sudah dihapus."))
    return contact, editable_person(session, actor, contact.person_id)


def update_family_contact(
    session: Session, actor: Actor, contact_id: int, data: FamilyContactInput
) -> FamilyContactInfo:
    contact, person = _contact(session, actor, contact_id)
    if actor.is_partner and contact.phone and data.phone == mask_phone(contact.phone):
        # A partner's form holds the masked number: sending it back leaves the stored number alone.
        data = dataclasses.replace(data, phone=contact.phone)
    changes = apply_changes(contact, validate_family_contact(data))
    if changes:
        audit.record(
            session,
            actor,
            "family_contact.changed",
            "person",
            person.id,
            summary=_("Mengubah kontak keluarga {name} pada {reg}").format(
                name=contact.name, reg=person.registration_no
            ),
            changes={"contact_id": contact.id, **changes},
        )
        commit(session, _("Kontak keluarga"))
    return contact_info(contact, mask=actor.is_partner)


def remove_family_contact(session: Session, actor: Actor, contact_id: int) -> None:
    contact, person = _contact(session, actor, contact_id)
    audit.record(
        session,
        actor,
        "family_contact.removed",
        "person",
        person.id,
        summary=_("Menghapus kontak keluarga {name} dari {reg}").format(name=contact.name, reg=person.registration_no),
        changes={"name": [contact.name, None], "relation": [contact.relation, None], "phone": [contact.phone, None]},
    )
    session.delete(contact)
    commit(session, _("Kontak keluarga"))


# ------------------------------------------------------------------------------------------------ categories


def add_category(
    session: Session, actor: Actor, person_id: uuid.UUID, code: str, since: date | None = None, note: str = ""
) -> CategoryResult:
    """Give the person one more category from ``since`` (default today); an age outside its rule is a warning."""
    person = editable_person(session, actor, person_id)
    problems: dict[str, str] = {}
    codes = checked_category_codes(session, [code], problems, "category")
    since = since or date.today()
    if not codes and not problems:
        problems["category"] = _("Pilih kategori dari daftar.")
    if codes and codes[0] in active_category_codes(session, person.id):
        problems["category"] = _("Kategori ini sudah tercatat dan masih berlaku.")
    if since > date.today():
        problems["since"] = _("Tanggal mulai kategori tidak boleh sesudah hari ini.")
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)
    row = PersonCategory(person_id=person.id, category_code=codes[0], since=since, note=(note or "").strip())
    session.add(row)
    session.flush()
    age = None
    if person.birth_date is not None and person.birth_date <= since:
        age = age_in_years(person.birth_date, since)
    audit.record(
        session,
        actor,
        "person_category.added",
        "person",
        person.id,
        summary=_("Menambah kategori {code} pada {reg}").format(code=codes[0], reg=person.registration_no),
        changes={"category": [None, codes[0]], "since": [None, since]},
    )
    commit(session, _("Kategori"))
    assignment = next(a for a in category_assignments(session, person.id) if a.id == row.id)
    return CategoryResult(assignment, tuple(age_warnings(codes, age)))


def end_category(session: Session, actor: Actor, assignment_id: int, until: date | None = None) -> CategoryAssignment:
    """End a category (a child turning 18 leaves AJ); the history stays."""
    row = session.get(PersonCategory, assignment_id)
    if row is None:
        raise NotFound(_("Kategori warga binaan tidak ditemukan."))
    person = editable_person(session, actor, row.person_id)
    until = until or date.today()
    if row.until is not None:
        raise ValidationError(_("Kategori ini sudah berakhir."), {"until": _("Kategori ini sudah berakhir.")})
    if row.since is not None and until < row.since:
        message = _("Tanggal berakhir tidak boleh sebelum tanggal mulai kategori.")
        raise ValidationError(message, {"until": message})
    if until > date.today():
        message = _("Tanggal berakhir tidak boleh sesudah hari ini.")
        raise ValidationError(message, {"until": message})
    row.until = until
    audit.record(
        session,
        actor,
        "person_category.ended",
        "person",
        person.id,
        summary=_("Mengakhiri kategori {code} pada {reg}").format(code=row.category_code, reg=person.registration_no),
        changes={"category": row.category_code, "until": [None, until]},
    )
    commit(session, _("Kategori"))
    return next(a for a in category_assignments(session, person.id) if a.id == row.id)


# ---------------------------------------------------------------------------------------------------- consent


def add_consent(session: Session, actor: Actor, person_id: uuid.UUID, data: ConsentInput) -> ConsentInfo:
    """Record a further consent or legal basis (consent records are kept, never edited: proof under UU PDP)."""
    person = editable_person(session, actor, person_id)
    today = date.today()
    age = None
    if person.birth_date is not None and person.birth_date <= today:
        age = age_in_years(person.birth_date, today)
    child = is_child(session, age, active_category_codes(session, person.id))
    values = validate_consent(session, data, child=child, person_id=person.id, today=today)
    consent = Consent(person_id=person.id, **values)
    session.add(consent)
    session.flush()
    audit.record(
        session,
        actor,
        "consent.added",
        "person",
        person.id,
        summary=_("Mencatat dasar pemrosesan data {basis} untuk {reg}").format(
            basis=values["basis"], reg=person.registration_no
        ),
        changes={k: [None, v] for k, v in values.items() if v not in (None, "")},
    )
    commit(session, _("Persetujuan"))
    return consent_info(consent)
