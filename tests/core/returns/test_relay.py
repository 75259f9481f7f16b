"""The relay planner proposes the routes the agreement and practice describe (relay_rules.md), from a Jakarta office."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select, update

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.models import Office, RelayLink, RelayOffice, RelayRule
from kesos_desktop.core.services import relay


def _route(db, destination: str, *, origin: object = None, direct: bool = False) -> relay.RoutePlan:  # type: ignore[no-untyped-def]
    with db.read() as s:
        start = origin if origin is not None else s.scalar(select(Office.id).where(Office.is_own.is_(True)))
        return relay.propose_route(s, start, destination, direct=direct)


def _chain(plan: relay.RoutePlan) -> list[str]:
    return [plan.legs[0].from_office.code] + [leg.to_office.code for leg in plan.legs] if plan.legs else []


def test_seed_has_every_province_the_mpu_links_and_jabodetabekjur(db, network) -> None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        provinces = s.scalars(select(RelayOffice).where(RelayOffice.level == "provinsi")).all()
        assert len(provinces) == 38
        assert {o.region_code for o in provinces if o.is_mpu_member} == {
            "18",
            "31",
            "32",
            "33",
            "34",
            "35",
            "36",
            "51",
            "52",
            "53",
        }
        kab = {o.region_code for o in s.scalars(select(RelayOffice).where(RelayOffice.level == "kabupaten_kota"))}
        assert kab == {"32.01", "32.71", "32.76", "36.71", "36.03", "36.74", "32.75", "32.16", "32.03"}
        assert s.scalar(select(RelayLink).limit(1)) is not None
    with db.write() as s:
        assert relay.seed_relay_network(s) is False  # seeds once; admin edits are never overwritten


def test_kota_kupang_goes_by_mpu_estafet_through_java_bali_and_nusa_tenggara(db, network) -> None:  # type: ignore[no-untyped-def]
    plan = _route(db, "53.71")
    assert plan.rule_code == "MPU-53"
    assert _chain(plan) == [
        "DINSOS-31",
        "DINSOS-32",
        "DINSOS-33",
        "DINSOS-35",
        "DINSOS-51",
        "DINSOS-52",
        "DINSOS-53",
        "DINSOS-53.71",
    ]
    assert plan.destination.name == "Dinas Sosial Kota Kupang" and plan.destination.derived
    assert plan.legs[-2].mode_hint == "kapal"  # NTB → NTT crosses the sea
    assert "Estafet MPU" in plan.legs[0].reason
    # The agreement's other option: sent directly, one leg.
    direct = _route(db, "53.71", direct=True)
    assert direct.direct and _chain(direct) == ["DINSOS-31", "DINSOS-53.71"]
    assert direct.legs[0].mode_hint in ("kapal", "pesawat")


def test_kota_medan_goes_via_banten_and_lampung(db, network) -> None:  # type: ignore[no-untyped-def]
    plan = _route(db, "12.71")
    assert plan.rule_code == "SUMATERA-LAMPUNG"
    assert _chain(plan) == ["DINSOS-31", "DINSOS-36", "DINSOS-18", "DINSOS-12", "DINSOS-12.71"]
    assert "Lampung" in plan.legs[2].reason


def test_kota_bekasi_is_handed_directly_to_its_dinsos(db, network) -> None:  # type: ignore[no-untyped-def]
    plan = _route(db, "32.75.01.1001")
    assert _chain(plan) == ["DINSOS-31", "DINSOS-32.75"]
    assert not plan.destination.derived
    assert "Jabodetabekjur" in plan.legs[0].reason


def test_kabupaten_jayapura_goes_through_dki_by_ship(db, network) -> None:  # type: ignore[no-untyped-def]
    plan = _route(db, "91.03")
    assert plan.rule_code == "PAPUA-DKI"
    assert _chain(plan) == ["DINSOS-31", "DINSOS-91", "DINSOS-91.03"]
    assert plan.legs[0].mode_hint == "kapal"
    # From Jawa Timur the same rule first brings the person to DKI, which forwards.
    from_jatim = _route(db, "91.03", origin="35")
    assert _chain(from_jatim) == ["DINSOS-35", "DINSOS-33", "DINSOS-32", "DINSOS-31", "DINSOS-91", "DINSOS-91.03"]


def test_a_desa_in_jawa_tengah_ends_at_its_kabupaten(db, network) -> None:  # type: ignore[no-untyped-def]
    plan = _route(db, "33.02.01.2001")  # a desa in Kabupaten Banyumas
    assert _chain(plan) == ["DINSOS-31", "DINSOS-32", "DINSOS-33", "DINSOS-33.02"]
    assert plan.legs[-1].to_office.name == "Dinas Sosial Kabupaten Banyumas"
    assert plan.destination_region_code == "33.02.01.2001"


def test_kalimantan_sulawesi_maluku_and_ntb_destinations(db, network) -> None:  # type: ignore[no-untyped-def]
    assert _chain(_route(db, "64.72")) == ["DINSOS-31", "DINSOS-64", "DINSOS-64.72"]
    assert _chain(_route(db, "73.71")) == ["DINSOS-31", "DINSOS-73", "DINSOS-73.71"]
    assert _chain(_route(db, "81.71")) == ["DINSOS-31", "DINSOS-81", "DINSOS-81.71"]
    assert _chain(_route(db, "52.71"))[-2:] == ["DINSOS-52", "DINSOS-52.71"]


def test_jakarta_destination_stays_with_the_office_and_kota_administrasi_have_no_dinsos(db, network) -> None:  # type: ignore[no-untyped-def]
    plan = _route(db, "31.74.01.1001")
    assert plan.legs == () and plan.notes
    from_bandung = _route(db, "31.75", origin="32.73")
    assert _chain(from_bandung) == ["DINSOS-32.73", "DINSOS-32", "DINSOS-31"]


def test_rules_are_data_an_admin_can_change(db, network) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        jatim = s.scalar(select(RelayOffice.id).where(RelayOffice.code == "DINSOS-35"))
        s.execute(
            update(RelayRule).where(RelayRule.code == "SULAWESI-DKI").values(via_office_id=jatim, forward_mode="kapal")
        )
        s.commit()
    assert _chain(_route(db, "73.71")) == [
        "DINSOS-31",
        "DINSOS-32",
        "DINSOS-33",
        "DINSOS-35",
        "DINSOS-73",
        "DINSOS-73.71",
    ]
    with db.write() as s:  # an office that does not forward is never in the middle of a route
        s.execute(update(RelayOffice).where(RelayOffice.code == "DINSOS-33").values(can_forward=False))
        s.commit()
    bali = _route(db, "51")
    assert _chain(bali) == ["DINSOS-31", "DINSOS-51"]  # no estafet left around Jawa Tengah: sent directly
    assert bali.notes


def test_bad_input_is_refused_at_the_field(db, network) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        _route(db, "")
    assert "destination_region_code" in info.value.fields
    with pytest.raises(ValidationError) as info:
        _route(db, "99.99")
    assert "destination_region_code" in info.value.fields
    with pytest.raises(ValidationError) as info:
        _route(db, "12.71", origin="bukan-kantor")
    assert "origin" in info.value.fields
    with db.read() as s, pytest.raises(ValidationError) as info:
        relay.find_office(s, "DINSOS-XX", "legs.0.to_office")
    assert "legs.0.to_office" in info.value.fields


def test_a_proposal_is_fast_once_the_network_is_cached(db, network) -> None:  # type: ignore[no-untyped-def]
    _route(db, "53.71")
    with db.read() as s:
        start = s.scalar(select(Office.id).where(Office.is_own.is_(True)))
        t0 = time.perf_counter()
        for _ in range(20):
            relay.propose_route(s, start, "53.71")
        per_call = (time.perf_counter() - t0) / 20
    assert per_call < 0.05
