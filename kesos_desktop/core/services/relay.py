"""The relay network (estafet) and the route planner: seeding it from resources/data, finding offices, proposing legs.

How a route is proposed (the rules are data: relay_rules.csv / table ``relay_rule``; see relay_rules.md):

1. The destination office is the Dinas Sosial of the destination kab/kota — a known office, or one derived on the
   fly ("Dinas Sosial <kab/kota>", made in the database when a plan uses it) — or of the province when the
   destination is a province, or lies in DKI's kota administrasi (which have no Dinas Sosial of their own).
2. The active rule with the longest matching destination prefix decides: with a ``via`` office, the person goes
   by estafet over the relay links to that office, which forwards them to the destination province's office
   (then on to the kab/kota); without one, by estafet straight to the destination. No rule: estafet when the
   network connects origin and destination, else one direct leg.
3. Estafet = the shortest path over the links (MPU neighbours, Jabodetabekjur, and every kab/kota office's link
   to its own province); an office that does not forward is never in the middle of a route.

The network is read once and cached per database; the cache is checked against one cheap query (row counts and
last change of the three tables) on each proposal, so edits from another PC are seen at the next proposal.
"""

from __future__ import annotations

import heapq
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.models import Fare, Office, RelayLink, RelayOffice, RelayRule
from kesos_desktop.core.reference import regions
from kesos_desktop.core.reference.datafiles import flag, optional_date, read_rows

PROVINSI, KABKOTA = "provinsi", "kabupaten_kota"
MODES: tuple[str, ...] = ("bus", "kereta", "kapal", "pesawat", "kendaraan_dinas")
_MODE_LABELS = {
    "bus": N_("Bus / DAMRI"),
    "kereta": N_("Kereta api"),
    "kapal": N_("Kapal laut / PELNI"),
    "pesawat": N_("Pesawat"),
    "kendaraan_dinas": N_("Kendaraan dinas"),
}
# Link between a kab/kota office and its own province: not in relay_links.csv, always there.
_PARENT_MODES = ("kendaraan_dinas", "bus")
_PARENT_LINK = "__provinsi__"


def mode_label(mode: str) -> str:
    """ "kapal" -> "Kapal laut / PELNI" (interface language)."""
    return _(_MODE_LABELS[mode]) if mode in _MODE_LABELS else mode


def office_code_for_region(region_code: str) -> str:
    """The code seeded and derived offices carry: ``DINSOS-31``, ``DINSOS-32.75``."""
    return f"DINSOS-{region_code}"


# ------------------------------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class OfficeRef:
    """A Dinas Sosial on a route. ``id`` is None for a kab/kota office not in the database yet (derived from the
    region; it is created when a plan is saved with it)."""

    id: uuid.UUID | None
    code: str
    name: str
    short_name: str
    level: str
    region_code: str
    is_mpu_member: bool = False

    @property
    def derived(self) -> bool:
        return self.id is None

    @property
    def key(self) -> uuid.UUID | str:
        """What the plan services accept for this office: its id, or the office code for a derived one."""
        return self.id if self.id is not None else self.code


@dataclass(frozen=True)
class ProposedLeg:
    from_office: OfficeRef
    to_office: OfficeRef
    mode_hint: str
    reason: str
    mode_hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoutePlan:
    """The planner's proposal; the user may change, add or remove legs before saving them on a plan."""

    origin: OfficeRef
    destination: OfficeRef
    destination_region_code: str
    legs: tuple[ProposedLeg, ...]
    rule_code: str = ""
    rule_name: str = ""
    direct: bool = False
    notes: tuple[str, ...] = ()


# ------------------------------------------------------------------------------------------------------ seeding


def seed_relay_network(session: Session) -> bool:
    """Fill an empty network from resources/data (offices, links, rules, example fares); True when it did.

    Runs once: after that the administrator owns the data (deleted rows are not brought back). Flushes, does not
    commit (it runs inside the reference-data seeding transaction).
    """
    if session.scalar(select(func.count(RelayOffice.id))):
        return False
    by_code: dict[str, RelayOffice] = {}
    for row in read_rows("relay_offices.csv"):
        region = regions.get_region(row["region_code"])
        office = RelayOffice(
            id=uuid.uuid4(),
            code=row["code"],
            name=row["name"],
            short_name=row["short_name"],
            level=row["level"],
            region_code=row["region_code"],
            region_name=regions.full_label(region.code) if region else "",
            address=row["address"],
            phone=row["phone"],
            is_mpu_member=flag(row["is_mpu_member"]),
            can_forward=flag(row["can_forward"]),
            origin="bawaan",
            notes=row["notes"],
        )
        by_code[office.code] = office
        session.add(office)
    session.flush()
    for row in read_rows("relay_links.csv"):
        a, b = sorted((by_code[row["office_a"]].id, by_code[row["office_b"]].id), key=str)
        session.add(
            RelayLink(
                office_a_id=a,
                office_b_id=b,
                mode_hints=row["mode_hints"],
                weight=int(row["weight"] or 1),
                agreement=row["agreement"],
                notes=row["notes"],
            )
        )
    for row in read_rows("relay_rules.csv"):
        via = by_code[row["via_office"]].id if row["via_office"] else None
        session.add(
            RelayRule(
                code=row["code"],
                name=row["name"],
                destination_prefix=row["destination_prefix"],
                origin_prefix=row["origin_prefix"],
                via_office_id=via,
                forward_mode=row["forward_mode"],
                priority=int(row["priority"] or 0),
                description=row["description"],
                source_note=row["source_note"],
            )
        )
    if not session.scalar(select(func.count(Fare.id))):
        for row in read_rows("fare_defaults.csv"):
            session.add(
                Fare(
                    route_class=row["route_class"],
                    from_region_prefix=row["from_region_prefix"],
                    to_region_prefix=row["to_region_prefix"],
                    mode=row["mode"],
                    carrier=row["carrier"],
                    amount=int(row["amount"]),
                    valid_from=optional_date(row["valid_from"]),
                    valid_to=optional_date(row["valid_to"]),
                    is_example=True,
                    is_active=False,
                    source_note=row["source_note"],
                )
            )
    session.flush()
    invalidate_cache()
    return True


# -------------------------------------------------------------------------------------------------- graph cache


@dataclass
class _Node:
    ref: OfficeRef
    can_forward: bool
    is_active: bool


@dataclass(frozen=True)
class _Edge:
    to: str
    weight: int
    modes: tuple[str, ...]
    agreement: str


@dataclass(frozen=True)
class _Rule:
    code: str
    name: str
    destination_prefix: str
    origin_prefix: str
    via_code: str | None
    forward_mode: str
    priority: int


@dataclass
class _Graph:
    nodes: dict[str, _Node] = field(default_factory=dict)
    by_id: dict[uuid.UUID, str] = field(default_factory=dict)
    by_region: dict[str, str] = field(default_factory=dict)
    by_own_office: dict[uuid.UUID, str] = field(default_factory=dict)
    edges: dict[str, list[_Edge]] = field(default_factory=dict)
    rules: list[_Rule] = field(default_factory=list)

    def link(self, a: str, b: str, weight: int, modes: tuple[str, ...], agreement: str) -> None:
        self.edges.setdefault(a, []).append(_Edge(b, weight, modes, agreement))
        self.edges.setdefault(b, []).append(_Edge(a, weight, modes, agreement))


_cache_lock = threading.Lock()
_cache: dict[str, tuple[tuple[object, ...], _Graph]] = {}


def invalidate_cache() -> None:
    """Forget every cached network (after an edit through this module; other PCs' edits are seen by the stamp)."""
    with _cache_lock:
        _cache.clear()


def _stamp(session: Session) -> tuple[object, ...]:
    parts = []
    for model in (RelayOffice, RelayLink, RelayRule):
        parts += [
            select(func.count()).select_from(model).scalar_subquery(),
            select(func.max(model.updated_at)).scalar_subquery(),
        ]
    row = session.execute(select(*parts)).one()
    return tuple(v.isoformat() if isinstance(v, datetime) else v for v in row)


def _graph(session: Session) -> _Graph:
    bind = session.get_bind()
    key = f"{bind.engine.url!r}"
    stamp = _stamp(session)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
    graph = _build_graph(session)
    with _cache_lock:
        _cache[key] = (stamp, graph)
    return graph


def office_ref(o: RelayOffice) -> OfficeRef:
    """The planner's view of an office row."""
    return OfficeRef(o.id, o.code, o.name, o.short_name or o.name, o.level, o.region_code, o.is_mpu_member)


def _build_graph(session: Session) -> _Graph:
    graph = _Graph()
    offices = session.scalars(select(RelayOffice).order_by(RelayOffice.code)).all()
    for o in offices:
        graph.nodes[o.code] = _Node(office_ref(o), o.can_forward, o.is_active)
        graph.by_id[o.id] = o.code
        # Several offices in one region: the active one with the first code stands for the region.
        current = graph.by_region.get(o.region_code)
        if current is None or (o.is_active and not graph.nodes[current].is_active):
            graph.by_region[o.region_code] = o.code
        if o.office_id is not None:
            graph.by_own_office[o.office_id] = o.code
    for link in session.scalars(select(RelayLink).where(RelayLink.is_active.is_(True)).order_by(RelayLink.id)):
        a, b = graph.by_id.get(link.office_a_id), graph.by_id.get(link.office_b_id)
        if a and b:
            modes = tuple(m for m in link.mode_hints.split() if m) or ("bus",)
            graph.link(a, b, max(1, link.weight), modes, link.agreement)
    for o in offices:
        if o.level == KABKOTA:
            parent = graph.by_region.get(o.region_code[:2])
            if parent is not None:
                graph.link(o.code, parent, 1, _PARENT_MODES, _PARENT_LINK)
    rules = session.scalars(select(RelayRule).where(RelayRule.is_active.is_(True)).order_by(RelayRule.code))
    for r in rules:
        via = graph.by_id.get(r.via_office_id) if r.via_office_id else None
        graph.rules.append(
            _Rule(r.code, r.name, r.destination_prefix, r.origin_prefix, via, r.forward_mode, r.priority)
        )
    return graph


# -------------------------------------------------------------------------------------------- resolving offices


def _problem(field_name: str, message: str) -> ValidationError:
    return ValidationError(message, {field_name: message})


def _current_region(code_text: str, field_name: str) -> regions.Region:
    code = regions.normalize_code(code_text or "")
    region = regions.get_region(code) if code else None
    if region is None:
        raise _problem(field_name, _("Wilayah tujuan wajib dipilih dari daftar wilayah (provinsi sampai desa)."))
    if region.retired:
        now = regions.successor(region.code)
        hint = _(" Gunakan kode baru {code} ({name}).").format(code=now.code, name=now.name) if now else ""
        raise _problem(field_name, _("Kode wilayah {code} sudah tidak berlaku.").format(code=region.code) + hint)
    return region


def _derived(region_code: str) -> OfficeRef:
    region = regions.get_region(region_code)
    name = region.name if region else region_code
    if len(region_code) == 2:
        return OfficeRef(
            None,
            office_code_for_region(region_code),
            f"Dinas Sosial Provinsi {name}",
            f"Dinsos {name}",
            PROVINSI,
            region_code,
        )
    return OfficeRef(
        None, office_code_for_region(region_code), f"Dinas Sosial {name}", f"Dinsos {name}", KABKOTA, region_code
    )


def _has_own_dinsos(kab_code: str) -> bool:
    """DKI's kota/kabupaten administrasi are not autonomous regions: no Dinas Sosial of their own (Suku Dinas)."""
    region = regions.get_region(kab_code)
    return region is not None and "administrasi" not in region.name.lower()


def _province_office(graph: _Graph, province_code: str) -> OfficeRef:
    code = graph.by_region.get(province_code)
    return graph.nodes[code].ref if code else _derived(province_code)


def _office_for_region(graph: _Graph, region_code: str) -> OfficeRef:
    """The Dinas Sosial responsible for a region: its kab/kota's (known or derived), else its province's."""
    if len(region_code) >= 5:
        kab = region_code[:5]
        code = graph.by_region.get(kab)
        if code is not None:
            return graph.nodes[code].ref
        if _has_own_dinsos(kab):
            return _derived(kab)
    return _province_office(graph, region_code[:2])


def _resolve_origin(session: Session, graph: _Graph, origin: object, field_name: str) -> OfficeRef:
    if isinstance(origin, OfficeRef):
        return origin
    if isinstance(origin, uuid.UUID):
        if origin in graph.by_id:
            return graph.nodes[graph.by_id[origin]].ref
        if origin in graph.by_own_office:
            return graph.nodes[graph.by_own_office[origin]].ref
        office = session.get(Office, origin)
        if office is not None:
            return _office_for_region(graph, _current_region(office.region_code, field_name).code)
        raise _problem(field_name, _("Kantor asal tidak dikenal."))
    if isinstance(origin, str):
        if origin in graph.nodes:
            return graph.nodes[origin].ref
        code = regions.normalize_code(origin)
        if code and regions.get_region(code) is not None:
            return _office_for_region(graph, _current_region(code, field_name).code)
    raise _problem(field_name, _("Kantor asal tidak dikenal: {value}").format(value=origin))


def own_relay_office(session: Session) -> OfficeRef:
    """The relay office standing for this database's own office (derived from its region when not seeded)."""
    own = session.scalar(select(Office).where(Office.is_own.is_(True)))
    if own is None:
        raise _problem("origin", _("Data kantor belum diisi. Jalankan penyiapan awal."))
    return _resolve_origin(session, _graph(session), own.id, "origin")


def find_office(session: Session, key: uuid.UUID | str, field_name: str = "office") -> OfficeRef:
    """An office by id, office code ("DINSOS-33") or region code; ValidationError at ``field_name`` when unknown."""
    graph = _graph(session)
    if isinstance(key, uuid.UUID):
        if key in graph.by_id:
            return graph.nodes[graph.by_id[key]].ref
        raise _problem(field_name, _("Kantor tidak dikenal. Pilih Dinas Sosial dari daftar."))
    text = (key or "").strip()
    if text in graph.nodes:
        return graph.nodes[text].ref
    region_text = text.removeprefix("DINSOS-")
    code = regions.normalize_code(region_text)
    if code and regions.get_region(code) is not None and not regions.get_region(code).retired:  # type: ignore[union-attr]
        return _office_for_region(graph, code)
    raise _problem(field_name, _("Kantor tidak dikenal: {value}. Pilih Dinas Sosial dari daftar.").format(value=text))


def ensure_office(session: Session, ref: OfficeRef) -> RelayOffice:
    """The database row for ``ref``, creating a derived kab/kota (or province) office the first time it is used."""
    if ref.id is not None:
        row = session.get(RelayOffice, ref.id)
        if row is not None:
            return row
    row = session.scalar(select(RelayOffice).where(RelayOffice.code == ref.code))
    if row is not None:
        return row
    region = regions.get_region(ref.region_code)
    row = RelayOffice(
        id=uuid.uuid4(),
        code=ref.code,
        name=ref.name,
        short_name=ref.short_name,
        level=ref.level,
        region_code=ref.region_code,
        region_name=regions.full_label(region.code) if region else "",
        is_mpu_member=False,
        can_forward=True,
        origin="turunan",
        notes=_("Dibuat otomatis untuk rencana pemulangan; lengkapi alamat dan telepon."),
    )
    session.add(row)
    session.flush()
    invalidate_cache()
    return row


# ------------------------------------------------------------------------------------------------------ planner


def _match_rule(graph: _Graph, destination: str, origin: str) -> _Rule | None:
    best: _Rule | None = None
    for rule in graph.rules:
        if not destination.startswith(rule.destination_prefix):
            continue
        if rule.origin_prefix and not origin.startswith(rule.origin_prefix):
            continue
        if best is None or (len(rule.destination_prefix), rule.priority) > (
            len(best.destination_prefix),
            best.priority,
        ):
            best = rule
    return best


def _shortest(graph: _Graph, start: OfficeRef, goal: OfficeRef) -> list[tuple[str, _Edge]] | None:
    """Hops (from code, edge) of the cheapest route; None when the links do not connect the two offices.

    Derived offices (not in the database) join the graph through their province, as every kab/kota office does.
    Ties go to fewer hops, then to the alphabetically first route, so a proposal never changes between runs.
    """
    if start.code == goal.code:
        return []
    extra: dict[str, list[_Edge]] = {}
    for ref in (start, goal):
        if ref.code not in graph.nodes and ref.level == KABKOTA:
            parent = graph.by_region.get(ref.region_code[:2])
            if parent is not None:
                extra.setdefault(ref.code, []).append(_Edge(parent, 1, _PARENT_MODES, _PARENT_LINK))
                extra.setdefault(parent, []).append(_Edge(ref.code, 1, _PARENT_MODES, _PARENT_LINK))
    if start.code not in graph.nodes and start.code not in extra:
        return None
    # (cost, hops, path, tie, legs): ``tie`` keeps two parallel links between the same offices comparable.
    queue: list[tuple[int, int, tuple[str, ...], int, list[tuple[str, _Edge]]]] = [(0, 0, (start.code,), 0, [])]
    settled: set[str] = set()
    tie = 0
    while queue:
        cost, hops, path, _tie, legs = heapq.heappop(queue)
        here = path[-1]
        if here == goal.code:
            return legs
        if here in settled:
            continue
        settled.add(here)
        node = graph.nodes.get(here)
        if here != start.code and node is not None and not (node.can_forward and node.is_active):
            continue  # may end a route here, never pass through
        for edge in [*graph.edges.get(here, ()), *extra.get(here, ())]:
            if edge.to not in settled:
                tie += 1
                heapq.heappush(queue, (cost + edge.weight, hops + 1, (*path, edge.to), tie, [*legs, (here, edge)]))
    return None


def _ref_for(graph: _Graph, code: str, *extra: OfficeRef) -> OfficeRef:
    for ref in extra:
        if ref.code == code:
            return ref
    return graph.nodes[code].ref


def _island_group(region_code: str) -> str:
    return region_code[:1]


def route_class(from_region: str, to_region: str) -> str:
    """dalam_provinsi / antar_provinsi / antar_pulau from two kode wilayah (island group = first digit)."""
    if from_region[:2] == to_region[:2]:
        return "dalam_provinsi"
    if _island_group(from_region) == _island_group(to_region):
        return "antar_provinsi"
    return "antar_pulau"


def _default_modes(a: OfficeRef, b: OfficeRef) -> tuple[str, ...]:
    if route_class(a.region_code, b.region_code) == "antar_pulau":
        return ("kapal", "pesawat")
    return ("bus", "kereta")


def _edge_reason(edge: _Edge, to: OfficeRef, last: bool) -> str:
    if edge.agreement == _PARENT_LINK:
        if to.level == KABKOTA:
            return _("Diserahkan ke Dinas Sosial kabupaten/kota tujuan: {to}").format(to=to.name)
        return _("Diserahkan ke Dinas Sosial provinsi: {to}").format(to=to.name)
    if edge.agreement == "MPU":
        if last:
            return _("Estafet MPU: diserahkan ke {to}").format(to=to.name)
        return _("Estafet MPU: {to} menerima dan meneruskan").format(to=to.name)
    if edge.agreement == "Jabodetabekjur":
        return _("Kerja sama Jabodetabekjur: diserahkan langsung ke {to}").format(to=to.name)
    if edge.agreement:
        return _("Hubungan {agreement}: diserahkan ke {to}").format(agreement=edge.agreement, to=to.name)
    return _("Diserahkan ke {to}").format(to=to.name)


def _legs_along(
    graph: _Graph, hops: Iterable[tuple[str, _Edge]], goal: OfficeRef, *known: OfficeRef
) -> list[ProposedLeg]:
    hops = list(hops)
    legs = []
    for i, (here, edge) in enumerate(hops):
        src = _ref_for(graph, here, *known)
        dst = _ref_for(graph, edge.to, *known)
        last = i == len(hops) - 1 and dst.code == goal.code
        legs.append(ProposedLeg(src, dst, edge.modes[0], _edge_reason(edge, dst, last), edge.modes))
    return legs


def _direct_leg(src: OfficeRef, dst: OfficeRef, reason: str) -> ProposedLeg:
    modes = _default_modes(src, dst)
    return ProposedLeg(src, dst, modes[0], reason, modes)


def propose_route(
    session: Session,
    from_region_code_or_office: uuid.UUID | str | OfficeRef,
    destination_region_code: str,
    *,
    direct: bool = False,
) -> RoutePlan:
    """Propose the legs from an office (relay office id, own office id, office code or region code) to a
    destination region (province down to desa). ``direct=True``: the one-leg alternative the agreement allows.

    Bad input raises ValidationError at ``origin`` or ``destination_region_code``.
    """
    destination = _current_region(destination_region_code, "destination_region_code")
    graph = _graph(session)
    origin = _resolve_origin(session, graph, from_region_code_or_office, "origin")
    target = _office_for_region(graph, destination.code)
    notes: list[str] = []
    if origin.code == target.code:
        notes.append(
            _("Tujuan berada di wilayah kantor asal: antar langsung oleh kantor sendiri (tambahkan leg jika perlu).")
        )
        return RoutePlan(origin, target, destination.code, (), notes=tuple(notes))
    if direct:
        leg = _direct_leg(origin, target, _("Dikirim langsung ke {to} (tanpa estafet)").format(to=target.name))
        return RoutePlan(origin, target, destination.code, (leg,), direct=True)

    rule = _match_rule(graph, destination.code, origin.region_code)
    legs: list[ProposedLeg] | None = None
    if rule is not None and rule.via_code is not None and rule.via_code in graph.nodes:
        via = graph.nodes[rule.via_code].ref
        to_via = _shortest(graph, origin, via)
        if to_via is not None:
            legs = _legs_along(graph, to_via, via, origin, target)
            onward = _shortest(graph, via, target)
            if onward is not None:
                legs += _legs_along(graph, onward, target, origin, target)
            else:
                province = _province_office(graph, destination.code[:2])
                modes = tuple(
                    dict.fromkeys([m for m in (rule.forward_mode,) if m] + list(_default_modes(via, province)))
                )
                legs.append(
                    ProposedLeg(
                        via,
                        province,
                        modes[0],
                        _("{rule}: {via} meneruskan ke {to}").format(rule=rule.name, via=via.name, to=province.name),
                        modes,
                    )
                )
                if province.code != target.code:
                    legs.append(
                        ProposedLeg(
                            province,
                            target,
                            _PARENT_MODES[0],
                            _("Diserahkan ke Dinas Sosial kabupaten/kota tujuan: {to}").format(to=target.name),
                            _PARENT_MODES,
                        )
                    )
        else:
            notes.append(_("Kantor asal tidak terhubung ke jaringan estafet: diusulkan dikirim langsung."))
    else:
        path = _shortest(graph, origin, target)
        if path is not None:
            legs = _legs_along(graph, path, target, origin, target)
        else:
            notes.append(_("Tidak ada jalur estafet antara kantor asal dan tujuan: diusulkan dikirim langsung."))
    if legs is None:
        legs = [_direct_leg(origin, target, _("Dikirim langsung ke {to}").format(to=target.name))]
    return RoutePlan(
        origin,
        target,
        destination.code,
        tuple(legs),
        rule_code=rule.code if rule else "",
        rule_name=rule.name if rule else "",
        notes=tuple(notes),
    )
