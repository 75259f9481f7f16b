"""Documents (dedupe by hash, types by content, size limit, audited opening, removal) and the resized photo."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import func, select

from kesos_desktop.core.errors import NotFound, PermissionDenied, ValidationError
from kesos_desktop.core.models import AuditEvent, DocumentBlob, PersonDocument
from kesos_desktop.core.services import auth, person_files, residents
from kesos_desktop.core.services.residents import ConsentInput
from kesos_desktop.core.services.residents_choices import document_kinds
from tests.factories import make_institution, make_user, register_person

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _image(fmt: str, size: tuple[int, int] = (1600, 1200), mode: str = "RGB") -> bytes:
    img = Image.new(mode, size, (200, 40, 40) if mode == "RGB" else (200, 40, 40, 128))
    out = io.BytesIO()
    img.save(out, fmt)
    return out.getvalue()


def test_document_kinds_are_data() -> None:
    codes = [k.code for k in document_kinds()]
    assert codes == ["KTP", "KK", "AKTA", "SURAT_RUJUKAN", "SURAT_KETERANGAN_TERLANTAR", "PERSETUJUAN", "LAINNYA"]


def test_issued_documents_are_labelled_but_not_attachable_or_removable(db, admin) -> None:
    """Vouchers and letters the office issued are listed with a label, cannot be attached by hand, and stay in
    the person's file (the letter register keeps them)."""
    from kesos_desktop.core.models import DocumentBlob as Blob
    from kesos_desktop.core.services.residents_choices import choice_label

    assert choice_label("document_kind", "BERITA_ACARA") == "Berita acara serah terima"
    assert "VOUCHER" not in [k.code for k in document_kinds()]
    one = register_person(db, admin)
    with db.write() as s, pytest.raises(ValidationError) as refused:
        person_files.attach_document(s, admin, one.person_id, "VOUCHER", "", "voucher.pdf", PDF)
    assert "kind" in refused.value.fields
    with db.write() as s:
        s.add(Blob(sha256="a" * 64, content=PDF, size=len(PDF)))
        issued = PersonDocument(
            person_id=one.person_id,
            kind="SURAT_PENGANTAR",
            title="Surat pengantar 400.9/1",
            filename="sp.pdf",
            mime="application/pdf",
            sha256="a" * 64,
            size=len(PDF),
        )
        s.add(issued)
        s.commit()
        with pytest.raises(ValidationError, match="register surat"):
            person_files.remove_document(s, admin, issued.id)


def test_sniffing_by_content() -> None:
    assert person_files.sniff_mime(PDF) == "application/pdf"
    assert person_files.sniff_mime(_image("JPEG")) == "image/jpeg"
    assert person_files.sniff_mime(_image("PNG")) == "image/png"
    assert person_files.sniff_mime(_image("TIFF")) == "image/tiff"
    assert person_files.sniff_mime(b"PK\x03\x04 a zip or docx") is None


def test_documents_are_stored_once_by_hash(db, admin) -> None:
    one = register_person(db, admin)
    with db.write() as s:
        ktp = person_files.attach_document(s, admin, one.person_id, "KTP", "", "C:\\scan\\ktp budi.pdf", PDF)
        again = person_files.attach_document(
            s, admin, one.person_id, "LAINNYA", "Salinan KTP", "ktp2.pdf", PDF, document_date=date(2020, 5, 1)
        )
        assert ktp.title == "KTP-el" and ktp.filename == "ktp budi.pdf" and ktp.mime == "application/pdf"
        assert ktp.sha256 == again.sha256 and ktp.id != again.id
        assert s.scalar(select(func.count()).select_from(DocumentBlob)) == 1
        listed = person_files.list_documents(s, admin, one.person_id)
        assert {d.title for d in listed} == {"KTP-el", "Salinan KTP"}
        assert listed[0].kind_label in ("KTP-el", "Dokumen lain")

        name, mime, content = person_files.get_document_content(s, admin, ktp.id)
        assert (name, mime, content) == ("ktp budi.pdf", "application/pdf", PDF)
        viewed = s.scalars(select(AuditEvent).where(AuditEvent.action == "person_document.viewed")).all()
        assert len(viewed) == 1

        person_files.remove_document(s, admin, ktp.id)
        assert s.scalar(select(func.count()).select_from(DocumentBlob)) == 1  # still used by the copy
        person_files.remove_document(s, admin, again.id)
        assert s.scalar(select(func.count()).select_from(DocumentBlob)) == 0
        assert s.scalar(select(func.count()).select_from(PersonDocument)) == 0
        with pytest.raises(NotFound):
            person_files.get_document_content(s, admin, ktp.id)
        removed = s.scalars(select(AuditEvent).where(AuditEvent.action == "person_document.removed")).all()
        assert len(removed) == 2
        profile = residents.get_profile(s, admin, one.person_id)
        assert profile.document_count == 0


def test_bad_types_and_sizes_are_refused(db, admin, monkeypatch: pytest.MonkeyPatch) -> None:
    pid = register_person(db, admin).person_id
    with db.write() as s:
        with pytest.raises(ValidationError) as exc:
            # A Word file renamed to .pdf: the content decides.
            person_files.attach_document(s, admin, pid, "KTP", "KTP", "ktp.pdf", b"PK\x03\x04docx")
        assert "content" in exc.value.fields
        with pytest.raises(ValidationError) as exc:
            person_files.attach_document(s, admin, pid, "FOTO_KTP", "KTP", "ktp.pdf", PDF)
        assert "kind" in exc.value.fields
        with pytest.raises(ValidationError) as exc:
            person_files.attach_document(s, admin, pid, "KTP", "KTP", "ktp.pdf", b"")
        assert "content" in exc.value.fields
        monkeypatch.setattr(person_files, "MAX_DOCUMENT_BYTES", 100)
        with pytest.raises(ValidationError) as exc:
            person_files.attach_document(s, admin, pid, "KTP", "KTP", "big.pdf", PDF + b"x" * 200)
        assert "MB" in exc.value.fields["content"]
        monkeypatch.undo()
        png = person_files.attach_document(s, admin, pid, "KK", "Kartu Keluarga", "kk.png", _image("PNG", (40, 30)))
        assert png.mime == "image/png"


def test_consent_proof_is_kept(db, admin) -> None:
    pid = register_person(db, admin).person_id
    with db.write() as s:
        scan = person_files.attach_document(s, admin, pid, "PERSETUJUAN", "Surat persetujuan", "setuju.pdf", PDF)
        residents.add_consent(
            s, admin, pid, ConsentInput(basis="persetujuan_sendiri", given_on=date.today(), document_id=scan.id)
        )
        with pytest.raises(ValidationError):
            person_files.remove_document(s, admin, scan.id)


def test_photo_is_resized_to_jpeg(db, admin) -> None:
    pid = register_person(db, admin).person_id
    with db.write() as s:
        assert person_files.get_photo(s, admin, pid) is None
        info = person_files.set_photo(s, admin, pid, _image("PNG", (1600, 1200), "RGBA"))
        assert (info.width, info.height) == (800, 600)
        jpeg = person_files.get_photo(s, admin, pid)
        assert jpeg is not None and jpeg.startswith(b"\xff\xd8\xff")
        with Image.open(io.BytesIO(jpeg)) as img:
            assert img.format == "JPEG" and max(img.size) == 800
        small = person_files.set_photo(s, admin, pid, _image("WEBP", (300, 400)))
        assert (small.width, small.height) == (300, 400)  # never enlarged
        with pytest.raises(ValidationError) as exc:
            person_files.set_photo(s, admin, pid, b"not an image at all")
        assert "photo" in exc.value.fields
        assert residents.get_profile(s, admin, pid).has_photo
        person_files.remove_photo(s, admin, pid)
        assert person_files.get_photo(s, admin, pid) is None


def test_photo_at_intake(db, admin) -> None:
    result = register_person(db, admin, photo=_image("JPEG", (1000, 2000)))
    with db.read() as s:
        jpeg = person_files.get_photo(s, admin, result.person_id)
    with Image.open(io.BytesIO(jpeg)) as img:
        assert img.size == (400, 800)


def test_rotated_phone_photo_is_upright(db, admin) -> None:
    img = Image.new("RGB", (400, 200), (10, 10, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    jpeg, width, height = person_files.prepare_photo(out.getvalue())
    assert (width, height) == (200, 400)
    with Image.open(io.BytesIO(jpeg)) as again:
        assert not again.getexif()  # camera metadata is not kept


def test_partner_and_read_only_users(db, admin) -> None:
    pid = register_person(db, admin).person_id
    with db.write() as s:
        doc = person_files.attach_document(s, admin, pid, "KTP", "KTP", "ktp.pdf", PDF)
    partner_home = make_institution(
        db, admin, type_code="PESANTREN", name="Pesantren Mitra", is_own=False, is_partner=True
    )
    make_user(db, admin, "mitra1", ["mitra"], institution_id=partner_home.id)
    make_user(db, admin, "auditor1", ["auditor"])
    with db.write() as s:
        partner = auth.login(s, "mitra1", "sandi12345")
        auditor = auth.login(s, "auditor1", "sandi12345")
    with db.write() as s:
        with pytest.raises(NotFound):
            person_files.get_document_content(s, partner, doc.id)
        with pytest.raises(NotFound):
            person_files.list_documents(s, partner, pid)
        with pytest.raises(NotFound):
            person_files.get_photo(s, partner, pid)
        with pytest.raises(PermissionDenied):
            person_files.attach_document(s, auditor, pid, "KTP", "KTP", "ktp.pdf", PDF)
        with pytest.raises(PermissionDenied):
            person_files.remove_document(s, auditor, doc.id)
