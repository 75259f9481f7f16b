"""Institution documents that expire: accreditation grades and validity, and the expiry warning list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.models import Institution
from kesos_desktop.core.reference.datafiles import pick_label, read_rows
from kesos_desktop.core.security.actor import Actor

# Documents whose expiry is watched, with the label shown in the warning list.
DOCUMENT_KINDS: dict[str, str] = {
    "registration": N_("Tanda Daftar LKS"),
    "licence": N_("Izin operasional"),
    "accreditation": N_("Sertifikat akreditasi"),
    "mou": N_("Nota kesepahaman (MoU) kemitraan"),
}


@dataclass(frozen=True)
class AccreditationGrade:
    grade: str
    name_id: str
    name_en: str
    validity_years: int
    source_regulation: str

    def label(self, lang: str | None = None) -> str:
        return pick_label(self.name_id, self.name_en, lang)


@lru_cache(maxsize=1)
def _grades() -> dict[str, AccreditationGrade]:
    return {
        row["grade"]: AccreditationGrade(
            row["grade"], row["name_id"], row["name_en"], int(row["validity_years"]), row["source_regulation"]
        )
        for row in read_rows("accreditation_grades.csv")
    }


def accreditation_grades() -> list[AccreditationGrade]:
    """Grades A/B/C with their default validity (resources/data/accreditation_grades.csv)."""
    return list(_grades().values())


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def accreditation_valid_until(grade: str, granted_on: date) -> date:
    """The default end of validity of a certificate granted on ``granted_on`` (A 5, B 3, C 2 years)."""
    return _add_years(granted_on, _grades()[grade].validity_years)


@dataclass(frozen=True)
class ExpiringDocument:
    """A registration, licence, accreditation or MoU that has expired (days_left < 0) or expires soon."""

    institution_id: uuid.UUID
    institution_name: str
    kind: str
    kind_label: str
    number: str
    expires_on: date
    days_left: int

    @property
    def is_expired(self) -> bool:
        return self.days_left < 0


def expiring_documents(
    session: Session, actor: Actor, within_days: int = 90, today: date | None = None
) -> list[ExpiringDocument]:
    """Registrations, licences, accreditations and MoUs of active institutions that expired or expire soon."""
    actor.require("institutions.view")
    today = today or date.today()
    horizon = today + timedelta(days=within_days)
    watched = (
        ("registration", Institution.registration_expires_on, "registration_no"),
        ("licence", Institution.licence_expires_on, "licence_no"),
        ("accreditation", Institution.accreditation_valid_until, "accreditation_certificate_no"),
        ("mou", Institution.mou_end, "mou_no"),
    )
    stmt = select(Institution).where(
        Institution.is_active.is_(True), or_(*[and_(col.is_not(None), col <= horizon) for _k, col, _n in watched])
    )
    found = []
    for inst in session.scalars(stmt):
        for kind, col, number_field in watched:
            expires = getattr(inst, col.key)
            if expires is not None and expires <= horizon:
                found.append(
                    ExpiringDocument(
                        inst.id,
                        inst.name,
                        kind,
                        _(DOCUMENT_KINDS[kind]),
                        getattr(inst, number_field),
                        expires,
                        (expires - today).days,
                    )
                )
    found.sort(key=lambda d: (d.expires_on, d.institution_name.lower(), d.kind))
    return found
