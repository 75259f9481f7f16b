"""The biodata sheet read back: kop lines, name, masked or full NIK, sections, photo; a PNG to look at."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageDraw
from pypdf import PdfReader

from kesos_desktop.core.documents.biodata import render_biodata
from kesos_desktop.core.documents.letterhead import office_letterhead
from kesos_desktop.core.documents.signature import Signatory
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.services import office, person_files, residents
from kesos_desktop.core.services.residents import AdmissionInput, ConsentInput, FamilyContactInput
from tests.factories import identity_input, make_institution, make_room, register_person

ON = date.today()


def _photo() -> bytes:
    img = Image.new("RGB", (600, 800), (225, 232, 240))
    draw = ImageDraw.Draw(img)
    draw.ellipse((180, 140, 420, 420), fill=(150, 110, 80))
    draw.rectangle((120, 450, 480, 800), fill=(40, 70, 120))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _logo() -> bytes:
    img = Image.new("RGBA", (300, 360), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.polygon([(150, 4), (292, 58), (272, 262), (150, 356), (28, 262), (8, 58)], fill=(190, 25, 30, 255))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _profile(db, admin):  # type: ignore[no-untyped-def]
    home = make_institution(db, admin, type_code="PSTW", name="Panti Sosial Tresna Werdha Budi Mulia 1")
    room = make_room(db, admin, home.id, name="Wisma Melati", sex="L", beds=2)
    identity = identity_input(no_kk="3171012003150004", disability_notes="Low vision")
    result = register_person(
        db,
        admin,
        identity=identity,
        categories=["LUT", "PD"],
        family_contacts=[
            FamilyContactInput(
                name="Sri Wahyuni",
                relation="ANAK",
                phone="0813 1111 2222",
                address="Jl. Melati 4, Bekasi",
                is_guardian=True,
            ),
            FamilyContactInput(name="Slamet", relation="ADIK", phone="0857 1234 5678", region_code="3275"),
        ],
        consent=ConsentInput(basis="persetujuan_sendiri", given_by="Budi Santoso", given_on=date.today()),
        admission=AdmissionInput(
            institution_id=home.id,
            admitted_on=date.today(),
            room_id=room.id,
            bed_id=room.beds[1].id,
            referral_source_code="PENERTIBAN",
        ),
        photo=_photo(),
    )
    with db.write() as s:
        office.update_office(
            s,
            admin,
            office.OfficeInput(
                name="Dinas Sosial Provinsi DKI Jakarta",
                region_code="31",
                place_name="Jakarta",
                letterhead_lines=["PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA", "DINAS SOSIAL"],
                address="Jalan Gunung Sahari II Nomor 5, Jakarta Pusat 10610",
                phone="(021) 4265115",
                email="dinsos@jakarta.go.id",
                website="dinsos.jakarta.go.id",
                logo_png=_logo(),
            ),
            office.get_own_office(s).version_id,
        )
        profile = residents.get_profile(s, admin, result.person_id)
        photo = person_files.get_photo(s, admin, result.person_id)
        own = office.get_own_office(s)
    return profile, own, photo


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_biodata_reads_back_masked(db, admin, doc_artifacts, to_png) -> None:
    profile, own, photo = _profile(db, admin)
    pdf = render_biodata(profile, own, photo, show_nik=False, on=ON, invariant=True)
    (doc_artifacts / "biodata.pdf").write_bytes(pdf)
    png = to_png(pdf, doc_artifacts / "biodata.png", dpi=110)
    assert png.exists()
    text = _text(pdf)
    for line in office_letterhead(own).text_lines():
        assert line in text
    assert "BIODATA WARGA BINAAN" in text
    assert profile.registration_no in text
    assert "Budi Santoso" in text
    assert "3171 01•• •••• 0001" in text and "3171011708450001" not in text and "3171 0117 0845 0001" not in text
    assert "3171 01•• •••• 0004" in text  # No. KK masked too
    assert "Jakarta, 17 Agustus 1945" in text
    assert "Lanjut Usia Terlantar (LUT)" in text and "Penyandang Disabilitas (PD)" in text
    assert "Panti Sosial Tresna Werdha Budi Mulia 1" in text and "Wisma Melati / B" in text
    assert "Sri Wahyuni" in text and "Anak (wali)" in text
    assert f"Jakarta, {format_date(ON, 'id')}" in text
    assert "RAHASIA" in text
    assert "Low vision" not in text  # health notes only when asked
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    # The photo is embedded (an image XObject on the page).
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) >= 2  # logo and photo


def test_biodata_full_nik_and_signers(db, admin, doc_artifacts) -> None:
    profile, own, _photo_bytes = _profile(db, admin)
    worker = Signatory(name="Rina Marlina, S.Sos.", jabatan="Pekerja Sosial Ahli Pertama", nip="199001012015032001")
    head = Signatory(
        name="Drs. H. BAMBANG SUTRISNO, M.Si.", jabatan="Kepala Panti", nip="19680411 199303 1 009", pangkat="Pembina"
    )
    pdf = render_biodata(
        profile, own, None, show_nik=True, on=ON, social_worker=worker, head=head, include_health=True, invariant=True
    )
    (doc_artifacts / "biodata_full.pdf").write_bytes(pdf)
    text = _text(pdf)
    assert "3171 0117 0845 0001" in text
    assert "Rina Marlina, S.Sos." in text and "NIP 19680411 199303 1 009" in text
    assert "Low vision" in text
    assert "Pas foto" in text  # an empty photo frame when there is no photo


def test_biodata_of_an_unknown_child_without_nik(db, admin, doc_artifacts, to_png) -> None:
    identity = identity_input(
        full_name="",
        alias="",
        nik=None,
        nik_absent_reason="Belum memiliki KIA/akta kelahiran",
        birth_date=None,
        birth_date_precision="estimated",
        estimated_age=10,
        birth_place="",
        religion="",
        education="BELUM_TAMAT_SD",
        marital_status="BELUM_KAWIN",
        origin_region_code="",
        origin_address="",
        phone="",
    )
    result = register_person(
        db,
        admin,
        identity=identity,
        categories=["AJ"],
        family_contacts=[],
        consent=ConsentInput(basis="tugas_publik", notes="UU 11/2009 Pasal 7"),
    )
    with db.write() as s:
        profile = residents.get_profile(s, admin, result.person_id)
        own = office.get_own_office(s)
    pdf = render_biodata(profile, own, None, show_nik=True, on=ON, invariant=True)
    to_png(pdf, doc_artifacts / "biodata_child.png", dpi=110)
    text = _text(pdf)
    assert f"Tanpa Nama {result.registration_no} (nama belum diketahui)" in text
    assert "belum ada (Belum memiliki KIA/akta kelahiran)" in text
    assert "sekitar tahun" in text and "(perkiraan)" in text and "± 10 tahun" in text
    assert "Tidak sedang berada dalam pelayanan lembaga." in text


def test_biodata_prints_health_notes_only_for_a_role_that_may_read_them(db, admin) -> None:
    from kesos_desktop.core.services import auth
    from tests.factories import make_user

    profile, own, _photo_bytes = _profile(db, admin)
    make_user(db, admin, "petugas", ["petugas_administrasi"])
    with db.write() as s:
        clerk = auth.login(s, "petugas", "sandi12345")
        hidden = residents.get_profile(s, clerk, profile.id)
    assert hidden.health_hidden and hidden.disability_notes is None
    # Even asked to, a profile read without residents.view_health has no notes to print.
    text = _text(render_biodata(hidden, own, None, show_nik=False, on=ON, include_health=True, invariant=True))
    assert "Low vision" not in text and "KESEHATAN DAN DISABILITAS" not in text
    text = _text(render_biodata(profile, own, None, show_nik=False, on=ON, include_health=True, invariant=True))
    assert "Low vision" in text and "KESEHATAN DAN DISABILITAS" in text
