"""A person's scanned documents (stored once by SHA-256, type checked by content) and photo (JPEG, at most 800 px)."""

from __future__ import annotations

import hashlib
import io
import uuid
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import NamedTuple

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_number
from kesos_desktop.core.models import Consent, DocumentBlob, PersonDocument, PersonPhoto
from kesos_desktop.core.models.base import utcnow
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, timeline
from kesos_desktop.core.services.access import ensure_person_visible
from kesos_desktop.core.services.common import commit
from kesos_desktop.core.services.residents_choices import choice_label, is_choice

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_PHOTO_BYTES = 20 * 1024 * 1024
# A phone photo is ~12-50 megapixels; anything far beyond is a broken or hostile file (decompression bomb).
MAX_PHOTO_PIXELS = 120_000_000
PHOTO_MAX_SIDE = 800
PHOTO_QUALITY = 85
ALLOWED_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/tiff": ".tif"}


@dataclass(frozen=True)
class DocumentInfo:
    """An attached document without its content (lists); ``kind_label`` in the interface language."""

    id: uuid.UUID
    person_id: uuid.UUID
    kind: str
    kind_label: str
    title: str
    filename: str
    mime: str
    size: int
    sha256: str
    document_date: date | None
    added_at: datetime
    added_by: str


class DocumentContent(NamedTuple):
    """What the UI writes to a private temporary file and opens in the system viewer: ``(filename, mime, bytes)``."""

    filename: str
    mime: str
    content: bytes


@dataclass(frozen=True)
class PhotoInfo:
    sha256: str
    width: int
    height: int
    size: int
    mime: str = "image/jpeg"


def sniff_mime(content: bytes) -> str | None:
    """The type by its first bytes (the extension may lie): PDF, JPEG, PNG or TIFF; None for anything else."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    return None


def _clean_filename(filename: str, mime: str) -> str:
    # Only the last path component, whichever separator the other PC used.
    name = PurePath(filename.replace("\\", "/")).name.strip() if filename else ""
    name = "".join(c for c in name if c.isprintable() and c not in '<>:"|?*')
    if not name:
        name = "dokumen" + ALLOWED_TYPES[mime]
    return name[:255]


def _info(doc: PersonDocument) -> DocumentInfo:
    return DocumentInfo(
        id=doc.id,
        person_id=doc.person_id,
        kind=doc.kind,
        kind_label=choice_label("document_kind", doc.kind),
        title=doc.title,
        filename=doc.filename,
        mime=doc.mime,
        size=doc.size,
        sha256=doc.sha256,
        document_date=doc.document_date,
        added_at=doc.added_at,
        added_by=doc.added_by,
    )


def attach_document(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    kind: str,
    title: str,
    filename: str,
    content: bytes,
    document_date: date | None = None,
) -> DocumentInfo:
    """Attach a scan (KTP, KK, akta, letters...) to the person's file; identical contents are stored once."""
    person = ensure_person_visible(session, actor, person_id)
    actor.require("residents.edit")
    problems: dict[str, str] = {}
    from kesos_desktop.core.services.residents_choices import issued_document_kinds

    if not is_choice("document_kind", kind) or kind in issued_document_kinds():
        problems["kind"] = _("Pilih jenis dokumen dari daftar (KTP, KK, akta, surat rujukan...).")
    title = " ".join((title or "").split())
    if not title and is_choice("document_kind", kind):
        title = choice_label("document_kind", kind)
    if not title:
        problems["title"] = _("Judul dokumen wajib diisi.")
    elif len(title) > 200:
        problems["title"] = _("Judul dokumen terlalu panjang: paling banyak 200 karakter.")
    mime = None
    if not content:
        problems["content"] = _("Berkas kosong. Pilih berkas hasil pindaian yang benar.")
    elif len(content) > MAX_DOCUMENT_BYTES:
        problems["content"] = _(
            "Berkas terlalu besar ({size} MB); paling besar {limit} MB. Pindai ulang dengan resolusi lebih rendah."
        ).format(size=format_number(len(content) / 1024 / 1024, decimals=1), limit=MAX_DOCUMENT_BYTES // 1024 // 1024)
    else:
        mime = sniff_mime(content)
        if mime is None:
            problems["content"] = _(
                "Jenis berkas tidak didukung. Lampirkan PDF, JPEG, PNG atau TIFF (isi berkas diperiksa, bukan "
                "nama akhirannya)."
            )
    if document_date is not None and document_date > date.today():
        problems["document_date"] = _("Tanggal dokumen tidak boleh sesudah hari ini.")
    if problems:
        raise ValidationError(_("Dokumen tidak dapat dilampirkan."), problems)
    assert mime is not None
    digest = hashlib.sha256(content).hexdigest()
    if session.get(DocumentBlob, digest) is None:
        session.add(DocumentBlob(sha256=digest, content=content, size=len(content)))
    doc = PersonDocument(
        person_id=person.id,
        kind=kind,
        title=title,
        filename=_clean_filename(filename, mime),
        mime=mime,
        sha256=digest,
        size=len(content),
        document_date=document_date,
        added_by=actor.username,
    )
    session.add(doc)
    session.flush()
    timeline.add_event(
        session,
        actor,
        person.id,
        date.today(),
        "document_added",
        _("Dokumen dilampirkan: {title}").format(title=title),
        ref_entity="person_document",
        ref_id=doc.id,
    )
    audit.record(
        session,
        actor,
        "person_document.added",
        "person",
        person.id,
        summary=_("Melampirkan dokumen {kind} \u201c{title}\u201d pada {reg}").format(
            kind=kind, title=title, reg=person.registration_no
        ),
        changes={"document_id": str(doc.id), "sha256": digest, "size": len(content), "mime": mime},
    )
    commit(session, _("Dokumen"))
    return _info(doc)


def list_documents(session: Session, actor: Actor, person_id: uuid.UUID) -> list[DocumentInfo]:
    """The person's documents, newest first (no contents)."""
    ensure_person_visible(session, actor, person_id)
    rows = session.scalars(
        select(PersonDocument)
        .where(PersonDocument.person_id == person_id)
        .order_by(PersonDocument.added_at.desc(), PersonDocument.title)
    )
    return [_info(d) for d in rows]


def count_documents(session: Session, person_id: uuid.UUID) -> int:
    return session.scalar(select(func.count(PersonDocument.id)).where(PersonDocument.person_id == person_id)) or 0


def _document(session: Session, actor: Actor, document_id: uuid.UUID) -> PersonDocument:
    doc = session.get(PersonDocument, document_id)
    if doc is None:
        raise NotFound(_("Dokumen tidak ditemukan; mungkin sudah dihapus."))
    try:
        ensure_person_visible(session, actor, doc.person_id)
    except NotFound:
        raise NotFound(_("Dokumen tidak ditemukan; mungkin sudah dihapus.")) from None
    return doc


def get_document_content(session: Session, actor: Actor, document_id: uuid.UUID) -> DocumentContent:
    """The file to open; opening a scan of a person's papers is audited like viewing the case file."""
    doc = _document(session, actor, document_id)
    blob = session.get(DocumentBlob, doc.sha256)
    if blob is None:  # cannot happen through the services (foreign key); a damaged database
        raise NotFound(_("Isi dokumen tidak ditemukan di basis data."))
    audit.record(
        session,
        actor,
        "person_document.viewed",
        "person",
        doc.person_id,
        summary=_("Membuka dokumen \u201c{title}\u201d").format(title=doc.title),
        changes={"document_id": str(doc.id)},
    )
    commit(session, _("Dokumen"))
    return DocumentContent(doc.filename, doc.mime, blob.content)


def remove_document(session: Session, actor: Actor, document_id: uuid.UUID) -> None:
    """Remove an attachment; its content is kept while another attachment uses the same file."""
    doc = _document(session, actor, document_id)
    actor.require("residents.edit")
    from kesos_desktop.core.services.residents_choices import issued_document_kinds

    if doc.kind in issued_document_kinds():
        message = _(
            "Dokumen ini diterbitkan kantor dan tercatat di register surat; tidak dapat dihapus dari berkas. "
            "Batalkan dokumennya di register bila perlu."
        )
        raise ValidationError(message, {"document": message})
    if session.scalar(select(func.count(Consent.id)).where(Consent.document_id == doc.id)):
        message = _(
            "Dokumen ini adalah bukti persetujuan / dasar pemrosesan data dan harus disimpan (UU 27/2022). "
            "Catat persetujuan baru bila dokumen ini perlu diganti."
        )
        raise ValidationError(message, {"document": message})
    sha, title, person_id = doc.sha256, doc.title, doc.person_id
    session.delete(doc)
    session.flush()
    others = session.scalar(select(func.count(PersonDocument.id)).where(PersonDocument.sha256 == sha)) or 0
    if not others:
        blob = session.get(DocumentBlob, sha)
        if blob is not None:
            session.delete(blob)
    audit.record(
        session,
        actor,
        "person_document.removed",
        "person",
        person_id,
        summary=_("Menghapus dokumen \u201c{title}\u201d").format(title=title),
        changes={"document_id": [str(document_id), None], "sha256": sha, "blob_removed": not others},
    )
    commit(session, _("Dokumen"))


# ------------------------------------------------------------------------------------------------------- photo


def prepare_photo(image_bytes: bytes) -> tuple[bytes, int, int]:
    """Any common image (JPEG, PNG, WebP, BMP, TIFF, GIF...) as an upright JPEG of at most 800 px a side.

    Re-encoding drops the camera's metadata (EXIF GPS position, phone model) as a side effect worth keeping.
    """
    message = _("Berkas foto tidak dapat dibaca sebagai gambar. Pilih berkas JPEG atau PNG.")
    if not image_bytes:
        raise ValidationError(message, {"photo": message})
    if len(image_bytes) > MAX_PHOTO_BYTES:
        too_big = _("Berkas foto terlalu besar; paling besar {limit} MB.").format(limit=MAX_PHOTO_BYTES // 1024 // 1024)
        raise ValidationError(too_big, {"photo": too_big})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(image_bytes)) as src:
                if src.width * src.height > MAX_PHOTO_PIXELS:
                    raise ValidationError(message, {"photo": message})
                src.seek(0)
                image = ImageOps.exif_transpose(src)
                image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError(message, {"photo": message}) from exc
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True)
    return out.getvalue(), image.width, image.height


def store_photo(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    image_bytes: bytes,
    *,
    prepared: tuple[bytes, int, int] | None = None,
) -> PhotoInfo:
    """Set the photo in the caller's transaction (intake uses this; no commit, no permission check).

    ``prepared``: the result of ``prepare_photo(image_bytes)`` when the caller already has it.
    """
    jpeg, width, height = prepared or prepare_photo(image_bytes)
    digest = hashlib.sha256(jpeg).hexdigest()
    photo = session.get(PersonPhoto, person_id)
    before = photo.sha256 if photo is not None else None
    if photo is None:
        session.add(PersonPhoto(person_id=person_id, image=jpeg, mime="image/jpeg", sha256=digest))
    else:
        photo.image, photo.mime, photo.sha256 = jpeg, "image/jpeg", digest
        photo.taken_at = utcnow()
    audit.record(
        session,
        actor,
        "person.photo_set",
        "person",
        person_id,
        summary=_("Foto warga binaan diganti") if before else _("Foto warga binaan ditambahkan"),
        changes={"photo_sha256": [before, digest]},
    )
    return PhotoInfo(digest, width, height, len(jpeg))


def set_photo(session: Session, actor: Actor, person_id: uuid.UUID, image_bytes: bytes) -> PhotoInfo:
    """Replace the person's photo (from a file or a webcam frame)."""
    ensure_person_visible(session, actor, person_id)
    actor.require("residents.edit")
    info = store_photo(session, actor, person_id, image_bytes)
    commit(session, _("Foto"))
    return info


def get_photo(session: Session, actor: Actor, person_id: uuid.UUID) -> bytes | None:
    """The JPEG, or None. Shown on the profile, whose opening is audited; children's photos never go on shareable
    prints (domain §8.3)."""
    ensure_person_visible(session, actor, person_id)
    return session.scalar(select(PersonPhoto.image).where(PersonPhoto.person_id == person_id))


def has_photo(session: Session, person_id: uuid.UUID) -> bool:
    return bool(session.scalar(select(func.count()).where(PersonPhoto.person_id == person_id)))


def remove_photo(session: Session, actor: Actor, person_id: uuid.UUID) -> None:
    ensure_person_visible(session, actor, person_id)
    actor.require("residents.edit")
    photo = session.get(PersonPhoto, person_id)
    if photo is None:
        return
    audit.record(
        session,
        actor,
        "person.photo_removed",
        "person",
        person_id,
        summary=_("Foto warga binaan dihapus"),
        changes={"photo_sha256": [photo.sha256, None]},
    )
    session.delete(photo)
    commit(session, _("Foto"))
