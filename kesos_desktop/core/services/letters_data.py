"""Reading what the pemulangan letters print: the plan with its legs, offices and escorts, the person's lines (NIK
masked), the kop and the signatories of the office settings. No writes here; ``services/letters`` issues.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.documents.berita_acara import BelongingLine, PartyLines
from kesos_desktop.core.documents.letterhead import Letterhead
from kesos_desktop.core.documents.letters_pemulangan import EscortLine, PersonLines, RouteLine
from kesos_desktop.core.documents.signature import Signatory
from kesos_desktop.core.documents.wording import doc_text
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.i18n.formatters import format_age, format_date, mask_nik, month_name
from kesos_desktop.core.models import (
    Belonging,
    Institution,
    Office,
    OfficeSignatory,
    Person,
    RelayOffice,
    ReturnLeg,
    ReturnLegEscort,
    ReturnPlan,
    Stay,
)
from kesos_desktop.core.reference import regions
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import relay
from kesos_desktop.core.services.relay import mode_label
from kesos_desktop.core.services.residents_choices import choice_label
from kesos_desktop.core.services.returns_settings import signatory_for
from kesos_desktop.core.services.returns_views import APPROVED, ARRIVED, DEPARTED, load_legs, load_plan

LANG = "id"
# Letters go out for a plan the pimpinan approved, while it runs and after (late paperwork); never for a draft.
ISSUABLE_STATUSES = (APPROVED, DEPARTED, ARRIVED)


def problem(name: str, message: str) -> ValidationError:
    return ValidationError(message, {name: message})


@dataclass
class PlanContext:
    """Everything about one plan a letter may print, loaded once."""

    plan: ReturnPlan
    person: Person
    office: Office
    legs: list[ReturnLeg]
    escorts: dict[uuid.UUID, list[ReturnLegEscort]]
    offices: dict[uuid.UUID, RelayOffice]
    own_relay_id: uuid.UUID | None
    institution_name: str

    def office_name(self, office_id: uuid.UUID) -> str:
        return self.offices[office_id].name

    def short_name(self, office_id: uuid.UUID) -> str:
        o = self.offices[office_id]
        return o.short_name or o.name

    def leg(self, leg_id: uuid.UUID, field_name: str = "leg_id") -> ReturnLeg:
        for leg in self.legs:
            if leg.id == leg_id:
                return leg
        raise problem(field_name, _("Leg tidak ditemukan pada rencana ini."))


def own_office(session: Session, actor: Actor) -> Office:
    office = session.get(Office, actor.office_id) if actor.office_id else None
    office = office or session.scalar(select(Office).where(Office.is_own.is_(True)))
    if office is None:
        raise ValidationError(_("Data kantor belum diisi. Jalankan penyiapan awal."))
    return office


def plan_context(session: Session, actor: Actor, plan_id: uuid.UUID) -> PlanContext:
    """The plan (visible to ``actor``) ready for letters; ValidationError at ``plan_id`` if not approved."""
    plan = load_plan(session, actor, plan_id)
    if plan.status not in ISSUABLE_STATUSES:
        raise problem(
            "plan_id",
            _(
                "Rencana {no} belum disetujui pimpinan (status: {status}); surat hanya dapat diterbitkan untuk "
                "rencana yang sudah disetujui."
            ).format(no=plan.plan_no, status=plan.status),
        )
    person = session.get(Person, plan.person_id)
    assert person is not None
    pairs = load_legs(session, plan.id)
    legs = [leg for leg, _e in pairs]
    ids = {leg.from_office_id for leg in legs} | {leg.to_office_id for leg in legs}
    offices = {o.id: o for o in session.scalars(select(RelayOffice).where(RelayOffice.id.in_(ids)))}
    office = own_office(session, actor)
    own_code = relay.own_relay_office(session).code
    own_relay = next((o.id for o in offices.values() if o.code == own_code), None)
    institution = ""
    if plan.stay_id is not None:
        institution = (
            session.scalar(
                select(Institution.name)
                .join(Stay, Stay.institution_id == Institution.id)
                .where(Stay.id == plan.stay_id)
            )
            or ""
        )
    return PlanContext(
        plan, person, office, legs, {leg.id: escorts for leg, escorts in pairs}, offices, own_relay, institution
    )


def plan_for_leg(session: Session, actor: Actor, leg_id: uuid.UUID) -> PlanContext:
    plan_id = session.scalar(select(ReturnLeg.plan_id).where(ReturnLeg.id == leg_id))
    if plan_id is None:
        raise problem("leg_id", _("Leg tidak ditemukan."))
    return plan_context(session, actor, plan_id)


# ---------------------------------------------------------------------------------------------------- people


def _birth_text(person: Person, on: date) -> str:
    born = person.birth_date
    if born is None:
        return person.birth_place or ""
    precision = person.birth_date_precision
    if precision == "month":
        text = f"{month_name(born.month, LANG)} {born.year}"
    elif precision in ("year", "estimated"):
        text = doc_text(N_("sekitar tahun {year}")).format(year=born.year)
    else:
        text = format_date(born, LANG)
    if born <= on:
        text = f"{text} ({format_age(born, on, estimated=precision != 'exact', lang=LANG)})"
    return f"{person.birth_place}, {text}" if person.birth_place else text


def person_name(person: Person) -> str:
    return person.full_name or person.alias or person.registration_no


def person_lines(ctx: PlanContext, on: date) -> PersonLines:
    person, plan = ctx.person, ctx.plan
    origin_parts = [person.origin_address.strip()]
    if person.origin_region_name or person.origin_region_code:
        origin_parts.append(person.origin_region_name or regions.full_label(person.origin_region_code))
    destination = ", ".join(x for x in (plan.destination_address.strip(), plan.destination_region_name) if x)
    receiver = plan.receiver_name.strip()
    if receiver and plan.receiver_relation:
        receiver = f"{receiver} ({choice_label('relation', plan.receiver_relation, LANG).lower()})"
    sex = {"L": doc_text(N_("Laki-laki")), "P": doc_text(N_("Perempuan"))}.get(person.sex, "")
    return PersonLines(
        name=person_name(person),
        registration_no=person.registration_no,
        nik_masked=mask_nik(person.nik) if person.nik else doc_text(N_("(belum ada NIK)")),
        sex=sex,
        birth=_birth_text(person, on),
        origin_address=", ".join(x for x in origin_parts if x),
        destination=destination,
        receiver=receiver,
    )


def _mode_text(leg: ReturnLeg) -> tuple[str, str]:
    mode = mode_label(leg.mode)
    carrier = leg.carrier.strip()
    # "Bus / DAMRI" already names DAMRI: do not print it twice.
    if carrier and carrier.lower() in mode.lower():
        carrier = ""
    return mode, carrier


def route_lines(ctx: PlanContext, legs: list[ReturnLeg] | None = None) -> tuple[RouteLine, ...]:
    out = []
    for leg in legs if legs is not None else ctx.legs:
        mode, carrier = _mode_text(leg)
        out.append(
            RouteLine(
                seq=leg.seq,
                from_name=ctx.short_name(leg.from_office_id),
                to_name=ctx.short_name(leg.to_office_id),
                mode=mode,
                carrier=carrier,
                travel_date=leg.travel_date,
            )
        )
    return tuple(out)


def escort_lines(ctx: PlanContext, legs: list[ReturnLeg] | None = None) -> tuple[EscortLine, ...]:
    seen: dict[str, EscortLine] = {}
    for leg in legs if legs is not None else ctx.legs:
        for e in ctx.escorts.get(leg.id, []):
            key = e.nip or e.name.strip().lower()
            seen.setdefault(key, EscortLine(e.name, e.nip, e.jabatan))
    return tuple(seen.values())


def leg_route_text(ctx: PlanContext, leg: ReturnLeg) -> str:
    return f"{ctx.short_name(leg.from_office_id)} → {ctx.short_name(leg.to_office_id)}"


def first_party(ctx: PlanContext, leg: ReturnLeg) -> PartyLines:
    """Who hands over: the leg's first escort (our pendamping), else blank lines with the sending office."""
    escorts = ctx.escorts.get(leg.id, [])
    office = ctx.office_name(leg.from_office_id)
    if escorts:
        e = escorts[0]
        return PartyLines(e.name, e.nip, e.jabatan, office)
    return PartyLines(office=office)


def second_party(ctx: PlanContext, leg: ReturnLeg) -> PartyLines:
    """Who receives: the officer recorded at the hand-over, else blank lines with the receiving office."""
    return PartyLines(
        leg.receiving_officer_name,
        leg.receiving_officer_nip,
        leg.receiving_officer_jabatan,
        ctx.office_name(leg.to_office_id),
    )


def stay_belongings(session: Session, ctx: PlanContext) -> tuple[BelongingLine, ...]:
    if ctx.plan.stay_id is None:
        return ()
    rows = session.scalars(select(Belonging).where(Belonging.stay_id == ctx.plan.stay_id).order_by(Belonging.id))
    return tuple(BelongingLine(b.description, b.quantity, "") for b in rows)


def addressee_place(office: RelayOffice) -> str:
    """The place under "di": the city for a kota's Dinas Sosial, else "Tempat" (a kabupaten's seat is not its
    name: Kabupaten Bogor sits in Cibinong)."""
    region = regions.get_region(office.region_code)
    if region is not None and region.kind == regions.KOTA:
        name = region.name
        for prefix in ("Kota Administrasi ", "Kota "):
            if name.startswith(prefix):
                return name[len(prefix) :]
        return name
    return doc_text(N_("Tempat"))


# ------------------------------------------------------------------------------------------------- signatories


def signatory(
    session: Session, office: Office, kind: str, signatory_id: uuid.UUID | None, field_name: str
) -> Signatory:
    """The official who signs ``kind`` (chosen, or the default from the office settings); ValidationError if none."""
    info = signatory_for(session, office.id, kind, signatory_id)
    if info is None:
        if signatory_id is not None:
            raise problem(field_name, _("Penanda tangan yang dipilih tidak ditemukan atau tidak aktif."))
        raise problem(
            field_name, _("Penanda tangan surat belum diatur. Isi penanda tangan di pengaturan kantor (Dokumen).")
        )
    return info.signatory()


def role_signatory(
    session: Session, office: Office, role: str, signatory_id: uuid.UUID | None, field_name: str
) -> Signatory | None:
    """The official holding ``role`` ("pptk", "bendahara": named in the signatory's kinds), the chosen one, or None
    (then the document prints dotted lines)."""
    if signatory_id is not None:
        info = signatory_for(session, office.id, role, signatory_id)
        if info is None:
            raise problem(field_name, _("Penanda tangan yang dipilih tidak ditemukan atau tidak aktif."))
        return info.signatory()
    rows = session.scalars(
        select(OfficeSignatory)
        .where(OfficeSignatory.office_id == office.id, OfficeSignatory.is_active.is_(True))
        .order_by(OfficeSignatory.is_default.desc(), OfficeSignatory.sort_order, OfficeSignatory.name)
    )
    for row in rows:
        if role in row.kinds.split():
            return signatory_for(session, office.id, role, row.id).signatory()  # type: ignore[union-attr]
    return None


def letterhead(session: Session, office: Office) -> Letterhead:
    from kesos_desktop.core.services.vouchers import office_letterhead

    return office_letterhead(session, office)
