"""Letter building blocks: kop surat, korespondensi header, title block, signature blocks and rows."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer

from kesos_desktop.core.documents.base import (
    DocContext,
    KopSurat,
    Letterhead,
    Party,
    Signatory,
    korespondensi_header,
    render_pdf,
    signature_block,
    signature_row,
    thumbprint_box,
    title_block,
)
from kesos_desktop.core.documents.letterhead import GOVERNMENT_SIZE, LOGO_DPI, LOGO_GAP, LOGO_MAX_HEIGHT, OFFICE_SIZE
from kesos_desktop.core.errors import ValidationError

ON = date(2026, 8, 17)
HEAD = "KEPALA DINAS SOSIAL PROVINSI DAERAH KHUSUS JAKARTA"


def _letter(letterhead: Letterhead, signer: Signatory) -> bytes:
    def build(ctx: DocContext):
        story = korespondensi_header(
            width=ctx.frame_width,
            nomor="400.9.4/123/Dinsos",
            sifat="Biasa",
            lampiran="1 (satu) berkas",
            hal="Pemulangan Warga Binaan Sosial atas nama Budi Santoso ke Kabupaten Bogor",
            place="Jakarta",
            on=ON,
            addressee=["Kepala Dinas Sosial Kabupaten Bogor"],
            addressee_at="Cibinong",
        )
        body = (
            "Dengan hormat, bersama ini kami sampaikan bahwa warga binaan sosial atas nama Budi Santoso, "
            "NIK 3201**********01, telah selesai menjalani rehabilitasi sosial di Panti Sosial Bina Insan "
            "Bangun Daya 2 dan akan dipulangkan ke daerah asalnya. Sehubungan dengan hal tersebut, kami mohon "
            "bantuan Saudara untuk menerima dan melakukan bimbingan lanjut terhadap yang bersangkutan."
        )
        story.append(Paragraph(body, ctx.styles.body_justify))
        story.append(Paragraph("Atas perhatian dan kerja sama Saudara, kami ucapkan terima kasih.", ctx.styles.body))
        story.append(Spacer(0, 8 * mm))
        story.append(signature_block(signer, width=ctx.frame_width))
        return story

    return render_pdf(build, title="Surat pengantar", author="Dinas Sosial", letterhead=letterhead, invariant=True)


def test_korespondensi_letter_reads_back(letterhead, read_text, to_png, doc_artifacts) -> None:
    signer = Signatory(
        name="Drs. AHMAD FAUZI, M.Si.",
        jabatan="Sekretaris",
        nip="197203151998031004",
        pangkat="Pembina Tingkat I (IV/b)",
        prefix="a.n.",
        on_behalf_of=HEAD,
    )
    pdf = _letter(letterhead, signer)
    (doc_artifacts / "letter_korespondensi.pdf").write_bytes(pdf)
    to_png(pdf, doc_artifacts / "letter_korespondensi.png", dpi=110)
    (text,) = read_text(pdf)
    for expected in (
        "Jakarta, 17 Agustus 2026",
        "Nomor",
        "400.9.4/123/Dinsos",
        "Sifat",
        "Biasa",
        "Lampiran",
        "1 (satu) berkas",
        "Hal",
        "Yth.",
        "Kepala Dinas Sosial Kabupaten Bogor",
        "Cibinong",
        f"a.n. {HEAD}",
        "Sekretaris,",
        "Drs. AHMAD FAUZI, M.Si.",
        "NIP 19720315 199803 1 004",
    ):
        assert expected in text, expected
    # Date first, then the Nomor block, then the addressee, then the signature.
    assert text.index("17 Agustus 2026") < text.index("400.9.4/123/Dinsos") < text.index("Yth.")
    assert text.index("Yth.") < text.index("Sekretaris,") < text.index("AHMAD FAUZI")


def test_berita_acara_with_signature_row_and_thumbprint(letterhead, read_text, to_png, doc_artifacts) -> None:
    officer = Signatory(
        name="RINA MARLINA, S.Sos.",
        jabatan="Pekerja Sosial Ahli Muda",
        nip="198502122010012015",
        pangkat="Penata (III/c)",
    )
    family = Party(name="SUKIRMAN", description="Ayah kandung", thumbprint=True)
    head = Signatory(
        name="Dra. SITI AMINAH, M.Si.", jabatan=HEAD, nip="196804111993032009", pangkat="Pembina Utama Muda (IV/c)"
    )

    def build(ctx: DocContext):
        story = title_block("Berita Acara Serah Terima", nomor="400.9.4/124/Dinsos")
        story.append(
            Paragraph(
                "Pada hari ini Senin tanggal tujuh belas bulan Agustus tahun dua ribu dua puluh enam, yang bertanda "
                "tangan di bawah ini telah melakukan serah terima warga binaan sosial atas nama Budi Santoso.",
                ctx.styles.body_justify,
            )
        )
        story.append(Spacer(0, 6 * mm))
        story.append(signature_row("Yang Menyerahkan,", officer, "Yang Menerima,", family, width=ctx.frame_width))
        story.append(Spacer(0, 8 * mm))
        story.append(
            signature_block(head, width=ctx.frame_width, caption="Mengetahui,", position="center", align="center")
        )
        return story

    pdf = render_pdf(
        build, title="Berita acara", author="Dinas Sosial", letterhead=letterhead, page_size="F4", invariant=True
    )
    (doc_artifacts / "berita_acara.pdf").write_bytes(pdf)
    to_png(pdf, doc_artifacts / "berita_acara.png", dpi=110)
    (text,) = read_text(pdf)
    for expected in (
        "BERITA ACARA SERAH TERIMA",
        "NOMOR: 400.9.4/124/Dinsos",
        "Yang Menyerahkan,",
        "Yang Menerima,",
        "Pekerja Sosial Ahli Muda,",
        "RINA MARLINA, S.Sos.",
        "NIP 19850212 201001 2 015",
        "SUKIRMAN",
        "Ayah kandung",
        "Cap jempol",
        "Mengetahui,",
        f"{HEAD},",
        "NIP 19680411 199303 2 009",
    ):
        assert expected in text, expected


def test_title_block_with_tentang(read_text) -> None:
    def build(ctx: DocContext):
        return title_block("Keputusan Kepala Dinas Sosial", nomor="400.9/7/Dinsos", tentang="Penetapan penerima")

    (text,) = read_text(render_pdf(build, title="SK", author="Uji", invariant=True))
    assert "KEPUTUSAN KEPALA DINAS SOSIAL" in text
    assert "NOMOR: 400.9/7/Dinsos" in text
    assert "TENTANG" in text and "PENETAPAN PENERIMA" in text


@pytest.mark.parametrize(
    ("signer", "lines"),
    [
        (Signatory("A", "Kepala Dinas Sosial"), ["Kepala Dinas Sosial,"]),
        (Signatory("A", "Kepala Dinas Sosial", prefix="Plt."), ["Plt. Kepala Dinas Sosial,"]),
        (Signatory("A", "Kepala Dinas Sosial", prefix="Plh."), ["Plh. Kepala Dinas Sosial,"]),
        (Signatory("A", "Sekretaris", prefix="a.n.", on_behalf_of=HEAD), [f"a.n. {HEAD}", "Sekretaris,"]),
        (
            Signatory("A", "Kepala Subbagian Umum", prefix="u.b.", on_behalf_of=HEAD, intermediate="Sekretaris"),
            [f"a.n. {HEAD}", "Sekretaris", "u.b.", "Kepala Subbagian Umum,"],
        ),
    ],
)
def test_jabatan_lines_per_prefix(signer: Signatory, lines: list[str]) -> None:
    signer.validate()
    assert signer.jabatan_lines() == lines


def test_signatory_without_nip_prints_no_nip_line(read_text) -> None:
    pesantren = Signatory(name="KH. ABDULLAH MUNIR", jabatan="Pengasuh Pondok Pesantren Al-Hikmah")

    def build(ctx: DocContext):
        return [signature_block(pesantren, width=ctx.frame_width, place="Bogor", on=ON)]

    (text,) = read_text(render_pdf(build, title="x", author="x", invariant=True))
    assert "Bogor, 17 Agustus 2026" in text
    assert "KH. ABDULLAH MUNIR" in text
    assert "NIP" not in text


@pytest.mark.parametrize(
    ("signer", "field"),
    [
        (Signatory("", "Kepala"), "name"),
        (Signatory("A", " "), "jabatan"),
        (Signatory("A", "Sekretaris", prefix="a.n."), "on_behalf_of"),
        (Signatory("A", "Kasubbag", prefix="u.b.", on_behalf_of=HEAD), "intermediate"),
        (Signatory("A", "Kepala", prefix="atas nama"), "prefix"),  # type: ignore[arg-type]
        (Signatory("A", "Kepala", nip="1968041119930310"), "nip"),
    ],
)
def test_signatory_validation(signer: Signatory, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        signer.validate()
    assert field in err.value.fields
    assert str(err.value)


def test_names_are_escaped_not_parsed_as_markup(read_text) -> None:
    signer = Signatory(name="R&D <UJI>", jabatan="Kepala Seksi Rehabilitasi & Perlindungan")

    def build(ctx: DocContext):
        return [signature_block(signer, width=ctx.frame_width)]

    (text,) = read_text(render_pdf(build, title="x", author="x", invariant=True))
    assert "R&D <UJI>" in text
    assert "Rehabilitasi & Perlindungan," in text


def test_long_pemda_name_shrinks_but_keeps_the_3_to_4_ratio(logo_path) -> None:
    long = Letterhead(
        government="PEMERINTAH KABUPATEN KEPULAUAN SIAU TAGULANDANG BIARO PROVINSI SULAWESI UTARA",
        office="DINAS SOSIAL PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK",
        contact_lines=("Jalan " + "Panjang Sekali " * 12 + "Nomor 1",),
        logo_path=logo_path,
    )
    kop = KopSurat(long)
    width, height = kop.wrap(160 * mm, 200 * mm)
    text_width = width - kop._logo_size[0] - LOGO_GAP
    assert all(stringWidth(line.text, line.font, line.size) <= text_width + 0.01 for line in kop._lines)
    gov, office = kop._lines[0], kop._lines[1]
    assert gov.size < GOVERNMENT_SIZE
    assert gov.size / office.size == pytest.approx(GOVERNMENT_SIZE / OFFICE_SIZE)
    assert len(kop._lines) >= 4  # the over-long address wraps instead of running off the page
    assert height < 60 * mm


def test_missing_logo_is_a_validation_error(tmp_path) -> None:
    with pytest.raises(ValidationError) as err:
        KopSurat(Letterhead("PEMERINTAH KOTA BANDUNG", "DINAS SOSIAL", logo_path=tmp_path / "hilang.png"))
    assert "logo_path" in err.value.fields
    bad = tmp_path / "rusak.png"
    bad.write_bytes(b"bukan gambar")
    with pytest.raises(ValidationError):
        KopSurat(Letterhead("PEMERINTAH KOTA BANDUNG", "DINAS SOSIAL", logo_path=bad))


def test_serif_kop_and_no_logo(read_text, to_png, doc_artifacts) -> None:
    kop = Letterhead(
        "PEMERINTAH KOTA SURAKARTA",
        "DINAS SOSIAL",
        units=("UPT PANTI SOSIAL ANAK",),
        contact_lines=("Jalan Slamet Riyadi Nomor 10, Surakarta 57111",),
        serif=True,
    )

    def build(ctx: DocContext):
        return [thumbprint_box()]

    pdf = render_pdf(build, title="x", author="x", letterhead=kop, invariant=True)
    to_png(pdf, doc_artifacts / "kop_serif.png", dpi=80)
    (text,) = read_text(pdf)
    assert "UPT PANTI SOSIAL ANAK" in text
    assert "Cap jempol / tanda tangan" in text


def test_big_logo_is_embedded_at_print_resolution(tmp_path) -> None:
    big = tmp_path / "scan.png"
    img = Image.new("RGB", (3000, 3600), "white")
    ImageDraw.Draw(img).ellipse((200, 200, 2800, 3400), fill=(200, 20, 20), outline="black", width=40)
    img.save(big)

    pdf = render_pdf(
        lambda ctx: [], title="x", author="x", letterhead=Letterhead("PEMERINTAH KOTA X", "DINAS SOSIAL", logo_path=big)
    )
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    (image,) = [obj.get_object() for obj in page["/Resources"]["/XObject"].values()]
    assert image["/Height"] <= round(LOGO_MAX_HEIGHT / 72 * LOGO_DPI)
    assert len(pdf) < 150_000

    # A replaced logo file shows up on the next document (the decoded-logo cache is keyed on mtime and size).
    Image.new("RGB", (100, 50), "blue").save(big)
    kop = KopSurat(Letterhead("PEMERINTAH KOTA X", "DINAS SOSIAL", logo_path=big))
    assert kop._logo_size[0] / kop._logo_size[1] == pytest.approx(2.0)
