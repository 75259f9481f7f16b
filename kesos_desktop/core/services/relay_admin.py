"""Keeping the relay network (Admin → Jaringan estafet): offices, links and forwarding rules, all audited.

Every change clears the planner's cache; other PCs see it at their next proposal (``relay._stamp``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.models import RelayLink, RelayOffice, RelayRule
from kesos_desktop.core.reference import regions
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, relay
from kesos_desktop.core.services.common import apply_changes, check_version, commit

LEVELS = (relay.PROVINSI, relay.KABKOTA)


def _fail(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)


# -------------------------------------------------------------------------------------------------------- offices


@dataclass
class RelayOfficeInput:
    name: str
    region_code: str
    short_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    is_mpu_member: bool = False
    can_forward: bool = True
    is_active: bool = True
    notes: str = ""


@dataclass(frozen=True)
class RelayOfficeInfo:
    id: uuid.UUID
    code: str
    name: str
    short_name: str
    level: str
    region_code: str
    region_name: str
    address: str
    phone: str
    email: str
    is_mpu_member: bool
    can_forward: bool
    is_active: bool
    origin: str
    notes: str
    version_id: int


def _office_info(o: RelayOffice) -> RelayOfficeInfo:
    return RelayOfficeInfo(
        o.id,
        o.code,
        o.name,
        o.short_name,
        o.level,
        o.region_code,
        o.region_name,
        o.address,
        o.phone,
        o.email,
        o.is_mpu_member,
        o.can_forward,
        o.is_active,
        o.origin,
        o.notes,
        o.version_id,
    )


def list_relay_offices(session: Session, actor: Actor, *, include_inactive: bool = True) -> list[RelayOfficeInfo]:
    actor.require("returns.view")
    stmt = select(RelayOffice)
    if not include_inactive:
        stmt = stmt.where(RelayOffice.is_active.is_(True))
    return [_office_info(o) for o in session.scalars(stmt.order_by(RelayOffice.region_code, RelayOffice.code))]


def save_relay_office(
    session: Session,
    actor: Actor,
    data: RelayOfficeInput,
    office_id: uuid.UUID | None = None,
    version_id: int | None = None,
) -> RelayOfficeInfo:
    """Add a Dinas Sosial (provincial or kab/kota, from its region code) or change one."""
    actor.require("relay.manage")
    problems: dict[str, str] = {}
    if not data.name.strip():
        problems["name"] = _("Nama kantor wajib diisi, misalnya 'Dinas Sosial Kota Surabaya'.")
    code = regions.normalize_code(data.region_code or "")
    region = regions.get_region(code) if code else None
    if region is None or region.retired or region.level > 2:
        problems["region_code"] = _("Pilih wilayah kantor: provinsi atau kabupaten/kota.")
    _fail(problems)
    assert region is not None
    values = {
        "name": data.name.strip(),
        "short_name": data.short_name.strip(),
        "level": relay.PROVINSI if region.level == 1 else relay.KABKOTA,
        "region_code": region.code,
        "region_name": regions.full_label(region.code),
        "address": data.address.strip(),
        "phone": data.phone.strip(),
        "email": data.email.strip(),
        "is_mpu_member": data.is_mpu_member,
        "can_forward": data.can_forward,
        "is_active": data.is_active,
        "notes": data.notes.strip(),
    }
    if office_id is None:
        code_text = relay.office_code_for_region(region.code)
        if session.scalar(select(RelayOffice.id).where(RelayOffice.code == code_text)) is not None:
            code_text = f"{code_text}-{uuid.uuid4().hex[:4].upper()}"
        row = RelayOffice(id=uuid.uuid4(), code=code_text, origin="admin", **values)
        session.add(row)
        changes = {k: [None, v] for k, v in values.items() if v not in ("", None)}
    else:
        row = session.get(RelayOffice, office_id)  # type: ignore[assignment]
        if row is None:
            raise NotFound(_("Kantor tidak ditemukan."))
        check_version(row, version_id, _("Data kantor estafet"))
        changes = apply_changes(row, values)
    audit.record(session, actor, "relay_office.saved", "relay_office", row.id, summary=row.name, changes=changes)
    commit(session, _("Data kantor estafet"))
    relay.invalidate_cache()
    return _office_info(row)


# ---------------------------------------------------------------------------------------------------------- links


@dataclass(frozen=True)
class RelayLinkInfo:
    id: int
    office_a: relay.OfficeRef
    office_b: relay.OfficeRef
    mode_hints: tuple[str, ...]
    weight: int
    agreement: str
    is_active: bool
    notes: str


def list_links(session: Session, actor: Actor) -> list[RelayLinkInfo]:
    actor.require("returns.view")
    offices = {o.id: relay.office_ref(o) for o in session.scalars(select(RelayOffice))}
    return [
        RelayLinkInfo(
            link.id,
            offices[link.office_a_id],
            offices[link.office_b_id],
            tuple(link.mode_hints.split()),
            link.weight,
            link.agreement,
            link.is_active,
            link.notes,
        )
        for link in session.scalars(select(RelayLink).order_by(RelayLink.id))
    ]


def save_link(
    session: Session,
    actor: Actor,
    office_a: uuid.UUID | str,
    office_b: uuid.UUID | str,
    *,
    mode_hints: tuple[str, ...] = ("bus",),
    weight: int = 1,
    agreement: str = "",
    is_active: bool = True,
    notes: str = "",
) -> RelayLinkInfo:
    """Add or change the link between two offices (either order)."""
    actor.require("relay.manage")
    problems: dict[str, str] = {}
    refs = []
    for name, key in (("office_a", office_a), ("office_b", office_b)):
        try:
            refs.append(relay.ensure_office(session, relay.find_office(session, key, name)))
        except ValidationError as exc:
            problems.update(exc.fields)
    bad = [m for m in mode_hints if m not in relay.MODES]
    if bad or not mode_hints:
        problems["mode_hints"] = _("Pilih moda perjalanan dari daftar.")
    if not 1 <= weight <= 100:
        problems["weight"] = _("Bobot harus 1 sampai 100.")
    if len(refs) == 2 and refs[0].id == refs[1].id:
        problems["office_b"] = _("Kedua kantor harus berbeda.")
    _fail(problems)
    a, b = sorted((refs[0].id, refs[1].id), key=str)
    row = session.scalar(select(RelayLink).where(RelayLink.office_a_id == a, RelayLink.office_b_id == b))
    values = {
        "mode_hints": " ".join(mode_hints),
        "weight": weight,
        "agreement": agreement.strip(),
        "is_active": is_active,
        "notes": notes.strip(),
    }
    if row is None:
        row = RelayLink(office_a_id=a, office_b_id=b, **values)
        session.add(row)
        session.flush()
        changes = {k: [None, v] for k, v in values.items()}
    else:
        changes = apply_changes(row, values)
    summary = f"{refs[0].name} – {refs[1].name}"
    audit.record(session, actor, "relay_link.saved", "relay_link", row.id, summary=summary, changes=changes)
    commit(session, _("Hubungan estafet"))
    relay.invalidate_cache()
    return next(link for link in list_links(session, actor) if link.id == row.id)


def remove_link(session: Session, actor: Actor, link_id: int) -> None:
    actor.require("relay.manage")
    row = session.get(RelayLink, link_id)
    if row is None:
        raise NotFound(_("Hubungan estafet tidak ditemukan."))
    audit.record(session, actor, "relay_link.removed", "relay_link", link_id, summary=row.agreement)
    session.execute(delete(RelayLink).where(RelayLink.id == link_id))
    commit(session, _("Hubungan estafet"))
    relay.invalidate_cache()


# ---------------------------------------------------------------------------------------------------------- rules


@dataclass
class RelayRuleInput:
    code: str
    name: str
    destination_prefix: str
    via_office: uuid.UUID | str | None = None
    origin_prefix: str = ""
    forward_mode: str = ""
    priority: int = 0
    is_active: bool = True
    description: str = ""
    source_note: str = ""


@dataclass(frozen=True)
class RelayRuleInfo:
    id: int
    code: str
    name: str
    destination_prefix: str
    origin_prefix: str
    via_office: relay.OfficeRef | None
    forward_mode: str
    priority: int
    is_active: bool
    description: str
    source_note: str


def list_rules(session: Session, actor: Actor) -> list[RelayRuleInfo]:
    actor.require("returns.view")
    offices = {o.id: relay.office_ref(o) for o in session.scalars(select(RelayOffice))}
    return [
        RelayRuleInfo(
            r.id,
            r.code,
            r.name,
            r.destination_prefix,
            r.origin_prefix,
            offices.get(r.via_office_id) if r.via_office_id else None,
            r.forward_mode,
            r.priority,
            r.is_active,
            r.description,
            r.source_note,
        )
        for r in session.scalars(select(RelayRule).order_by(RelayRule.destination_prefix, RelayRule.code))
    ]


def _prefix(value: str, name: str, problems: dict[str, str], *, required: bool) -> str:
    text = (value or "").strip()
    if (required and not text) or (text and not all(ch.isdigit() or ch == "." for ch in text)):
        problems[name] = _("Awalan kode wilayah: angka dan titik, misalnya 1 (seluruh Sumatera), 53 atau 32.75.")
    return text


def save_rule(session: Session, actor: Actor, data: RelayRuleInput, rule_id: int | None = None) -> RelayRuleInfo:
    actor.require("relay.manage")
    problems: dict[str, str] = {}
    code = data.code.strip().upper()
    if not code:
        problems["code"] = _("Kode aturan wajib diisi.")
    if not data.name.strip():
        problems["name"] = _("Nama aturan wajib diisi.")
    destination = _prefix(data.destination_prefix, "destination_prefix", problems, required=True)
    origin = _prefix(data.origin_prefix, "origin_prefix", problems, required=False)
    if data.forward_mode and data.forward_mode not in relay.MODES:
        problems["forward_mode"] = _("Pilih moda perjalanan dari daftar.")
    via_id = None
    if data.via_office:
        try:
            via_id = relay.ensure_office(session, relay.find_office(session, data.via_office, "via_office")).id
        except ValidationError as exc:
            problems.update(exc.fields)
    clash = session.scalar(select(RelayRule.id).where(RelayRule.code == code, RelayRule.id != (rule_id or -1)))
    if clash:
        problems["code"] = _("Kode aturan {code} sudah dipakai.").format(code=code)
    _fail(problems)
    values = {
        "code": code,
        "name": data.name.strip(),
        "destination_prefix": destination,
        "origin_prefix": origin,
        "via_office_id": via_id,
        "forward_mode": data.forward_mode,
        "priority": data.priority,
        "is_active": data.is_active,
        "description": data.description.strip(),
        "source_note": data.source_note.strip(),
    }
    if rule_id is None:
        row = RelayRule(**values)
        session.add(row)
        session.flush()
        changes = {k: [None, v] for k, v in values.items() if v not in ("", None)}
    else:
        row = session.get(RelayRule, rule_id)  # type: ignore[assignment]
        if row is None:
            raise NotFound(_("Aturan estafet tidak ditemukan."))
        changes = apply_changes(row, values)
    audit.record(session, actor, "relay_rule.saved", "relay_rule", row.id, summary=row.name, changes=changes)
    commit(session, _("Aturan estafet"))
    relay.invalidate_cache()
    return next(rule for rule in list_rules(session, actor) if rule.id == row.id)
