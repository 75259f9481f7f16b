"""What the institution page loads in one worker call: list rows with free beds and licence warnings, and the panels."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import N_, _, ngettext
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import institutions, reference, stays
from kesos_desktop.core.services.institution_documents import ExpiringDocument
from kesos_desktop.core.services.stays_occupancy import InstitutionOccupancy

# Licence warnings start this many days before a document expires.
WARN_DAYS = 90
# Short document names for the list's warning column (the tooltip and the panel use the full names).
SHORT_KINDS = {
    "registration": N_("Tanda daftar"),
    "licence": N_("Izin"),
    "accreditation": N_("Akreditasi"),
    "mou": N_("MoU"),
}


@dataclass(frozen=True)
class InstitutionListRow:
    """One line of the list: the service row, its occupancy (None for an inactive one) and expiry warnings."""

    row: institutions.InstitutionRow
    occupancy: InstitutionOccupancy | None
    warnings: tuple[ExpiringDocument, ...]

    @property
    def id(self) -> uuid.UUID:
        return self.row.id

    @property
    def capacity(self) -> int:
        return self.row.capacity_male + self.row.capacity_female

    @property
    def beds_free(self) -> int | None:
        return self.occupancy.beds_free if self.occupancy is not None else None


@dataclass(frozen=True)
class PageData:
    rows: list[InstitutionListRow]
    expiring: list[ExpiringDocument]
    overdue: list[stays.OverdueStay] | None
    types: list[reference.CodeRow]


def load_page(session: Session, actor: Actor) -> PageData:
    """Every institution (active and not), occupancy of the active ones, expiring documents and overdue stays."""
    found = institutions.list_institutions(session, actor, include_partners=True, active_only=False)
    occupancy = {o.institution_id: o for o in stays.occupancy(session, actor)}
    expiring = institutions.expiring_documents(session, actor, within_days=WARN_DAYS)
    by_institution: dict[uuid.UUID, list[ExpiringDocument]] = {}
    for doc in expiring:
        by_institution.setdefault(doc.institution_id, []).append(doc)
    rows = [InstitutionListRow(r, occupancy.get(r.id), tuple(by_institution.get(r.id, ()))) for r in found]
    overdue = stays.overdue_stays(session, actor) if actor.can("residents.view") else None
    return PageData(rows, expiring, overdue, reference.list_institution_types(session))


def ownership_text(row: institutions.InstitutionRow) -> str:
    if row.is_own:
        return _("Milik kantor")
    if row.is_partner:
        return _("Mitra")
    return _("Lembaga lain")


def capacity_text(row: institutions.InstitutionRow) -> str:
    total = row.capacity_male + row.capacity_female
    if not total:
        return _("Tidak dibatasi")
    return _("{total} (L {male}, P {female})").format(
        total=format_number(total), male=format_number(row.capacity_male), female=format_number(row.capacity_female)
    )


def days_text(doc: ExpiringDocument) -> str:
    """ "kedaluwarsa 3 hari lalu", "berakhir hari ini", "berakhir 20 hari lagi"."""
    if doc.days_left < 0:
        n = -doc.days_left
        return ngettext("kedaluwarsa {n} hari lalu", "kedaluwarsa {n} hari lalu", n).format(n=format_number(n))
    if doc.days_left == 0:
        return _("berakhir hari ini")
    n = doc.days_left
    return ngettext("berakhir {n} hari lagi", "berakhir {n} hari lagi", n).format(n=format_number(n))


def warning_text(row: InstitutionListRow) -> str:
    if not row.warnings:
        return ""
    first = row.warnings[0]
    short = _(SHORT_KINDS[first.kind]) if first.kind in SHORT_KINDS else first.kind_label
    text = _("{document} {when}").format(document=short, when=days_text(first))
    more = len(row.warnings) - 1
    if more:
        text = _("{text} (+{n})").format(text=text, n=more)
    return text


def warning_tooltip(row: InstitutionListRow) -> str:
    return "\n".join(_("{document} {when}").format(document=d.kind_label, when=days_text(d)) for d in row.warnings)
