"""Admin tables behind returns: relay offices/links/rules, fares, budget lines, signatories and number templates."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from kesos_desktop.core.errors import PermissionDenied, ValidationError
from kesos_desktop.core.models import Office
from kesos_desktop.core.services import relay, relay_admin, returns_budget, returns_settings
from kesos_desktop.core.services.returns_settings import check_template, format_document_number


def test_number_templates_fill_and_check() -> None:
    on = date(2026, 8, 17)
    assert format_document_number("{nomor:04d}/VCR/{kode_kantor}/{tahun}", nomor=7, on=on, kode_kantor="Dinsos") == (
        "0007/VCR/Dinsos/2026"
    )
    text = format_document_number(
        "{nomor}/{klasifikasi}/{unit}/{bulan_romawi}/{tahun}", nomor=123, on=on, klasifikasi="400.9.4", unit="Dinsos"
    )
    assert text == "123/400.9.4/Dinsos/VIII/2026"
    for bad in ("{nomor}/{tanggal}", "VCR/{tahun}", "{nomor", "{nomor:xx}"):
        with pytest.raises(ValidationError) as info:
            check_template(bad)
        assert "template" in info.value.fields


def test_voucher_numbers_follow_the_office_template(db, admin) -> None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        office_id = s.scalar(select(Office.id))
        assert (
            returns_settings.number_template(s, office_id, "voucher").template
            == "{nomor:04d}/VCR/{kode_kantor}/{tahun}"
        )
    with db.write() as s:
        saved = returns_settings.save_number_template(
            s, admin, "voucher", "VB-{nomor:05d}/{unit}/{bulan_romawi}/{tahun}", unit="Rehsos"
        )
    assert not saved.is_default and saved.sequence_name == "voucher"
    with db.write() as s, pytest.raises(ValidationError):
        returns_settings.save_number_template(s, admin, "voucher", "tanpa nomor")


def test_signatories_are_validated_and_picked_per_kind(db, admin) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s, pytest.raises(ValidationError) as info:
        returns_settings.save_signatory(
            s, admin, returns_settings.SignatoryInput(name="Sekretaris", jabatan="Sekretaris", prefix="a.n.")
        )
    assert "on_behalf_of" in info.value.fields
    with db.write() as s:
        head = returns_settings.save_signatory(
            s,
            admin,
            returns_settings.SignatoryInput(name="Kepala", jabatan="Kepala Dinas Sosial", is_default=True),
        )
    with db.write() as s:
        kabid = returns_settings.save_signatory(
            s,
            admin,
            returns_settings.SignatoryInput(
                name="Kabid",
                jabatan="Kepala Bidang Rehabilitasi Sosial",
                prefix="a.n.",
                on_behalf_of="Kepala Dinas Sosial",
                kinds="voucher kwitansi",
                nip="197501012000031002",
            ),
        )
    with db.read() as s:
        office_id = s.scalar(select(Office.id))
        assert returns_settings.signatory_for(s, office_id, "surat_pengantar").id == head.id
        assert returns_settings.signatory_for(s, office_id, "voucher").id == head.id  # the default wins
        assert returns_settings.signatory_for(s, office_id, "voucher", kabid.id).signatory().jabatan_lines() == [
            "a.n. Kepala Dinas Sosial",
            "Kepala Bidang Rehabilitasi Sosial,",
        ]


def test_budget_lines_and_fares_refuse_bad_amounts(db, admin, network) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        source = returns_budget.save_fund_source(s, admin, returns_budget.FundSourceInput("apbd", "APBD Provinsi"))
    assert source.code == "APBD"
    for amount in (0, -1, 10.5):
        with db.write() as s, pytest.raises(ValidationError) as info:
            returns_budget.save_budget_line(
                s,
                admin,
                returns_budget.BudgetLineInput(source.id, 2026, "Pemulangan", amount),  # type: ignore[arg-type]
            )
        assert "amount" in info.value.fields
    with db.write() as s, pytest.raises(ValidationError) as info:
        returns_budget.save_fare(s, admin, returns_budget.FareInput(0, mode="bus", route_class="antar_provinsi"))
    assert "amount" in info.value.fields
    with db.write() as s, pytest.raises(ValidationError) as info:
        returns_budget.save_fare(s, admin, returns_budget.FareInput(100_000, mode="bus"))
    assert "route" in info.value.fields
    with db.write() as s, pytest.raises(ValidationError) as info:
        returns_budget.save_fare(s, admin, returns_budget.FareInput(100_000, from_office="DINSOS-77", to_office="33"))
    assert "from_office" in info.value.fields
    with db.read() as s:
        examples = [f for f in returns_budget.list_fares(s, admin) if f.is_example]
    assert sorted(f.amount for f in examples) == [250_000, 350_000, 450_000]
    assert not any(f.is_active for f in examples)  # examples only, until an admin confirms them


def test_relay_admin_edits_reach_the_planner(db, admin, worker, network) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s, pytest.raises(PermissionDenied):
        relay_admin.save_link(s, worker, "DINSOS-35", "DINSOS-73", mode_hints=("kapal",))
    with db.write() as s:
        surabaya = relay_admin.save_relay_office(
            s, admin, relay_admin.RelayOfficeInput(name="Dinas Sosial Kota Surabaya", region_code="35.78")
        )
    assert surabaya.level == "kabupaten_kota" and surabaya.code == "DINSOS-35.78"
    with db.write() as s:
        relay_admin.save_link(s, admin, "DINSOS-35", "DINSOS-73", mode_hints=("kapal",), agreement="Kerja sama Jatim")
    with db.write() as s:
        relay_admin.save_rule(
            s,
            admin,
            relay_admin.RelayRuleInput(
                code="SULAWESI-DKI", name="Sulawesi diteruskan Jatim", destination_prefix="7", via_office="DINSOS-35"
            ),
            rule_id=next(r.id for r in relay_admin.list_rules(s, admin) if r.code == "SULAWESI-DKI"),
        )
    with db.read() as s:
        own = s.scalar(select(Office.id))
        plan = relay.propose_route(s, own, "73.71")
    assert [leg.to_office.code for leg in plan.legs] == [
        "DINSOS-32",
        "DINSOS-33",
        "DINSOS-35",
        "DINSOS-73",
        "DINSOS-73.71",
    ]
    assert "Kerja sama Jatim" in plan.legs[3].reason
    with db.write() as s, pytest.raises(ValidationError) as info:
        relay_admin.save_rule(s, admin, relay_admin.RelayRuleInput(code="X", name="x", destination_prefix="abc"))
    assert "destination_prefix" in info.value.fields
