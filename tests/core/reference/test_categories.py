"""Reference lists: categories with age rules, exit reasons, referral sources, institution types."""

from __future__ import annotations

import pytest

from kesos_desktop.core.reference.categories import (
    CLUSTER_LABELS,
    GROUP_LABELS,
    age_warning,
    cluster_label,
    get_category,
    get_exit_reason,
    group_label,
    load_categories,
    load_exit_reasons,
    load_referral_sources,
)
from kesos_desktop.core.reference.institution_types import get_institution_type, load_institution_types
from kesos_desktop.core.resources import resource_path

PPKS_26 = [
    "ABT",
    "AT",
    "ABH",
    "AJ",
    "ADK",
    "AKTK",
    "AMPK",
    "LUT",
    "PD",
    "TS",
    "GEL",
    "PGM",
    "PML",
    "KM",
    "BWBLP",
    "ODHA",
    "KPN",
    "KTO",
    "KTK",
    "PMBS",
    "KBA",
    "KBS",
    "PRSE",
    "FM",
    "KBSP",
    "KAT",
]
FIELD = [
    "OT",
    "ODGJ",
    "ODMK",
    "PENGAMEN",
    "MANUSIA_GEROBAK",
    "MANUSIA_SILVER",
    "PENGELAP_MOBIL",
    "ASONGAN",
    "WARIA",
    "JOKI",
    "REMAJA_BERMASALAH",
]


def test_the_26_ppks_in_official_order_then_field_categories():
    categories = load_categories()
    ppks = [c for c in categories if c.is_ppks]
    assert [c.code for c in ppks] == PPKS_26
    assert [c.ppks_no for c in ppks] == list(range(1, 27))
    assert {c.code for c in categories if not c.is_ppks} >= set(FIELD)
    assert len({c.code for c in categories}) == len(categories)


def test_every_category_is_complete_and_consistent():
    for category in load_categories():
        assert category.name_id and category.name_en, category.code
        assert category.group in GROUP_LABELS, category.code
        assert category.cluster in CLUSTER_LABELS, category.code
        assert category.source_regulation, category.code
        if category.min_age is not None and category.max_age is not None:
            assert 0 <= category.min_age <= category.max_age, category.code
    assert get_category("AJ").source_regulation == "Permensos 08/2012"


def test_age_bounds_from_the_domain_brief():
    assert (get_category("ABT").min_age, get_category("ABT").max_age) == (0, 5)
    assert (get_category("AJ").min_age, get_category("AJ").max_age) == (6, 18)
    assert (get_category("ABH").min_age, get_category("ABH").max_age) == (12, 17)
    assert get_category("LUT").min_age == 60 and get_category("LUT").max_age is None
    assert get_category("KPN").min_age is None and get_category("KPN").max_age is None
    assert get_category("LUT").cluster == "lansia"
    assert get_category("KPN").cluster == "napza"
    assert get_category("KTO").cluster == "tuna_sosial_perdagangan_orang"


def test_age_warning():
    assert age_warning("AJ", 10) is None
    assert age_warning("AJ", None) is None
    assert age_warning("AJ", 6) is None and age_warning("AJ", 18) is None
    too_old = age_warning("AJ", 25)
    assert "25" in too_old and "Anak Jalanan" in too_old and "18" in too_old
    too_young = age_warning(get_category("LUT"), 45)
    assert "45" in too_young and "60" in too_young
    assert age_warning("KPN", 3) is None
    assert age_warning("NOPE", 3) is None


def test_labels_in_both_languages():
    aj = get_category("AJ")
    assert aj.label("id") == "Anak Jalanan"
    assert aj.label("en") == "Street child"
    assert aj.label("en_US") == "Street child"
    assert aj.label() == "Anak Jalanan"  # the app's first language
    assert group_label("anak") == "Anak"
    assert cluster_label("napza") == "Korban penyalahgunaan NAPZA"
    assert cluster_label("unknown") == "unknown"


def test_exit_reasons():
    codes = [r.code for r in load_exit_reasons()]
    assert codes == [
        "SELESAI",
        "BEKERJA",
        "REUNIFIKASI",
        "DIPULANGKAN",
        "DIRUJUK",
        "PENGASUHAN",
        "PERMINTAAN",
        "KABUR",
        "MENINGGAL",
        "USIA",
        "LAINNYA",
    ]
    assert get_exit_reason("DIRUJUK").requires_target_institution
    assert get_exit_reason("DIPULANGKAN").requires_destination
    assert get_exit_reason("LAINNYA").requires_text
    selesai = get_exit_reason("SELESAI")
    assert not (selesai.requires_destination or selesai.requires_target_institution or selesai.requires_text)
    assert selesai.label("en") == "Programme completed / independent"
    assert get_exit_reason("NOPE") is None


def test_referral_sources():
    sources = {s.code: s for s in load_referral_sources()}
    assert {"PENERTIBAN", "PENJANGKAUAN", "INSTANSI", "KEPOLISIAN", "RUMAH_SAKIT", "MASYARAKAT"} <= set(sources)
    assert {"DATANG_SENDIRI", "DINSOS_LAIN", "LAINNYA"} <= set(sources)
    assert sources["KEPOLISIAN"].requires_institution
    assert not sources["DATANG_SENDIRI"].requires_institution
    assert all(s.name_id and s.name_en for s in sources.values())


def test_institution_types():
    types = {t.code: t for t in load_institution_types()}
    expected = [
        "SENTRA",
        "BALAI",
        "UPT_PROV",
        "UPT_KABKOTA",
        "PSBI",
        "PSAA",
        "PSBR",
        "PSTW",
        "PSKW",
        "PSBK",
        "PPS_PGOT",
        "PSBD",
        "PSBN",
        "PSBRW",
        "PSBG",
        "PSBL",
        "PSMP",
        "PSPP",
        "PSPA",
        "RUMAH_SINGGAH",
        "RPSA",
        "RPSW",
        "LKS",
        "LKSA",
        "PESANTREN",
        "RS",
        "RSJ",
    ]
    assert set(expected) <= set(types)
    assert types["RUMAH_SINGGAH"].default_max_stay_days == 7
    assert types["PSBI"].default_max_stay_days == 21
    assert types["PSPA"].default_max_stay_days == 30
    assert types["PSTW"].default_max_stay_days is None
    assert types["SENTRA"].serves == () and types["SENTRA"].serves_category("LUT")
    assert types["PSTW"].serves_category("LUT") and not types["PSTW"].serves_category("AJ")
    assert get_institution_type("LKSA").label("en").startswith("Child welfare institution")
    known = {c.code for c in load_categories()}
    for kind in types.values():
        assert set(kind.serves) <= known, kind.code


@pytest.mark.parametrize(
    ("csv_name", "regulation"),
    [
        ("categories", "Permensos No. 08 Tahun 2012"),
        ("exit_reasons", "Permensos 5/2018"),
        ("referral_sources", "Pergub DKI 19/2014"),
        ("institution_types", "Permensos 30/HUK/2011"),
    ],
)
def test_each_csv_has_a_sibling_note_naming_its_source(csv_name, regulation):
    assert resource_path("data", f"{csv_name}.csv").exists()
    assert regulation in resource_path("data", f"{csv_name}.md").read_text(encoding="utf-8")


def test_loaders_return_fresh_lists():
    first = load_categories()
    first.clear()
    assert load_categories()
