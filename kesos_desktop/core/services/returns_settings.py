"""Office settings documents need: signatories (penanda tangan) and document-number templates.

Number templates use ``str.format`` fields — ``{nomor}`` (or ``{nomor:04d}``), ``{klasifikasi}`` (alias ``{kka}``),
``{unit}``, ``{kode_kantor}``, ``{bulan}`` (two digits), ``{bulan_romawi}``, ``{tahun}`` — and literal text, e.g.
``{nomor}/{klasifikasi}/{unit}/{bulan_romawi}/{tahun}`` → ``123/400.9.4/Dinsos/VIII/2026``. Kinds without a row in
``letter_number_template`` use :data:`DEFAULT_TEMPLATES`.
"""

from __future__ import annotations

import string
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.documents.signature import PREFIXES, Signatory
from kesos_desktop.core.errors import NotFound, ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import month_roman
from kesos_desktop.core.models import LetterNumberTemplate, Office, OfficeSignatory
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit
from kesos_desktop.core.services.common import apply_changes, check_version, commit

TEMPLATE_FIELDS = ("nomor", "klasifikasi", "kka", "unit", "kode_kantor", "bulan", "bulan_romawi", "tahun")
DEFAULT_TEMPLATES: dict[str, tuple[str, str]] = {
    # kind: (template, klasifikasi)
    "voucher": ("{nomor:04d}/VCR/{kode_kantor}/{tahun}", ""),
    "surat_pengantar": ("{klasifikasi}/{nomor}/{unit}/{bulan_romawi}/{tahun}", "400.9"),
    "surat_penerusan": ("{klasifikasi}/{nomor}/{unit}/{bulan_romawi}/{tahun}", "400.9"),
    "berita_acara": ("{klasifikasi}/{nomor}/BAST/{unit}/{bulan_romawi}/{tahun}", "400.9"),
    "surat_jalan": ("{klasifikasi}/{nomor}/SJ/{unit}/{bulan_romawi}/{tahun}", "400.9"),
    "kwitansi": ("{nomor:04d}/KW/{kode_kantor}/{tahun}", ""),
}


# ---------------------------------------------------------------------------------------------- number templates


def check_template(template: str, field_name: str = "template") -> str:
    """The template if every ``{field}`` is known and it has a ``{nomor}``; ValidationError at ``field_name``."""
    text = (template or "").strip()
    try:
        names = [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        message = _("Format nomor tidak valid: kurung kurawal tidak berpasangan.")
        raise ValidationError(message, {field_name: message}) from exc
    unknown = [n for n in names if n not in TEMPLATE_FIELDS]
    if unknown:
        message = _("Unsur nomor tidak dikenal: {names}. Gunakan: {known}.").format(
            names=", ".join("{" + n + "}" for n in unknown), known=", ".join("{" + n + "}" for n in TEMPLATE_FIELDS)
        )
        raise ValidationError(message, {field_name: message})
    if "nomor" not in names:
        message = _("Format nomor harus memuat {nomor}.")
        raise ValidationError(message, {field_name: message})
    try:
        format_document_number(text, nomor=1, on=date(2026, 8, 17))
    except (ValueError, KeyError) as exc:
        message = _("Format nomor tidak valid: {error}").format(error=exc)
        raise ValidationError(message, {field_name: message}) from exc
    return text


def format_document_number(
    template: str, *, nomor: int, on: date, klasifikasi: str = "", unit: str = "", kode_kantor: str = ""
) -> str:
    """Fill a number template: ``format_document_number("{nomor:04d}/VCR/{kode_kantor}/{tahun}", nomor=7, ...)``."""
    return template.format(
        nomor=nomor,
        klasifikasi=klasifikasi,
        kka=klasifikasi,
        unit=unit,
        kode_kantor=kode_kantor,
        bulan=f"{on.month:02d}",
        bulan_romawi=month_roman(on.month),
        tahun=on.year,
    )


@dataclass(frozen=True)
class NumberTemplate:
    kind: str
    template: str
    klasifikasi: str
    unit: str
    sequence_name: str
    reset_yearly: bool
    is_default: bool


def number_template(session: Session, office_id: uuid.UUID, kind: str) -> NumberTemplate:
    row = session.scalar(
        select(LetterNumberTemplate).where(
            LetterNumberTemplate.office_id == office_id, LetterNumberTemplate.kind == kind
        )
    )
    if row is not None:
        return NumberTemplate(
            row.kind, row.template, row.klasifikasi, row.unit, row.sequence_name, row.reset_yearly, False
        )
    template, klasifikasi = DEFAULT_TEMPLATES.get(kind, ("{nomor}/{klasifikasi}/{unit}/{bulan_romawi}/{tahun}", ""))
    office = session.get(Office, office_id)
    unit = office.code if office is not None else ""
    sequence = kind if kind in ("voucher", "kwitansi") else "surat"
    return NumberTemplate(kind, template, klasifikasi, unit, sequence, True, True)


def save_number_template(
    session: Session,
    actor: Actor,
    kind: str,
    template: str,
    *,
    klasifikasi: str = "",
    unit: str = "",
    sequence_name: str = "",
) -> NumberTemplate:
    actor.require("office.manage")
    office_id = _office_id(session, actor)
    text = check_template(template)
    if not kind.strip():
        message = _("Jenis dokumen wajib diisi.")
        raise ValidationError(message, {"kind": message})
    row = session.scalar(
        select(LetterNumberTemplate).where(
            LetterNumberTemplate.office_id == office_id, LetterNumberTemplate.kind == kind
        )
    )
    default = number_template(session, office_id, kind)
    values = {
        "template": text,
        "klasifikasi": klasifikasi.strip(),
        "unit": unit.strip(),
        "sequence_name": sequence_name.strip() or default.sequence_name,
    }
    if row is None:
        row = LetterNumberTemplate(office_id=office_id, kind=kind, **values)
        session.add(row)
        changes = {k: [None, v] for k, v in values.items()}
    else:
        changes = apply_changes(row, values)
    audit.record(session, actor, "number_template.saved", "letter_number_template", kind, summary=text, changes=changes)
    commit(session, _("Format nomor"))
    return number_template(session, office_id, kind)


# --------------------------------------------------------------------------------------------------- signatories


@dataclass
class SignatoryInput:
    name: str
    jabatan: str
    nip: str = ""
    pangkat: str = ""
    prefix: str = ""
    on_behalf_of: str = ""
    intermediate: str = ""
    kinds: str = ""
    is_default: bool = False
    is_active: bool = True
    sort_order: int = 0


@dataclass(frozen=True)
class SignatoryInfo:
    id: uuid.UUID
    name: str
    jabatan: str
    nip: str
    pangkat: str
    prefix: str
    on_behalf_of: str
    intermediate: str
    kinds: tuple[str, ...]
    is_default: bool
    is_active: bool
    version_id: int

    def signatory(self) -> Signatory:
        """The document toolkit's signature-block value."""
        return Signatory(
            name=self.name,
            jabatan=self.jabatan,
            nip=self.nip,
            pangkat=self.pangkat,
            prefix=self.prefix,  # type: ignore[arg-type]
            on_behalf_of=self.on_behalf_of,
            intermediate=self.intermediate,
        )


def _signatory_info(s: OfficeSignatory) -> SignatoryInfo:
    return SignatoryInfo(
        s.id,
        s.name,
        s.jabatan,
        s.nip,
        s.pangkat,
        s.prefix,
        s.on_behalf_of,
        s.intermediate,
        tuple(s.kinds.split()),
        s.is_default,
        s.is_active,
        s.version_id,
    )


def _office_id(session: Session, actor: Actor) -> uuid.UUID:
    if actor.office_id is not None:
        return actor.office_id
    office_id = session.scalar(select(Office.id).where(Office.is_own.is_(True)))
    if office_id is None:
        raise ValidationError(_("Data kantor belum diisi. Jalankan penyiapan awal."))
    return office_id


def list_signatories(session: Session, actor: Actor, *, include_inactive: bool = False) -> list[SignatoryInfo]:
    office_id = _office_id(session, actor)
    stmt = select(OfficeSignatory).where(OfficeSignatory.office_id == office_id)
    if not include_inactive:
        stmt = stmt.where(OfficeSignatory.is_active.is_(True))
    stmt = stmt.order_by(OfficeSignatory.sort_order, OfficeSignatory.name)
    return [_signatory_info(s) for s in session.scalars(stmt)]


def save_signatory(
    session: Session,
    actor: Actor,
    data: SignatoryInput,
    signatory_id: uuid.UUID | None = None,
    version_id: int | None = None,
) -> SignatoryInfo:
    """Add or change a signatory (validated like the printed block: a.n./u.b. need the head's title, NIP checked)."""
    actor.require("office.manage")
    office_id = _office_id(session, actor)
    if data.prefix not in PREFIXES:
        message = _("Awalan jabatan tidak dikenal. Pilih a.n., u.b., Plt., atau Plh.")
        raise ValidationError(message, {"prefix": message})
    block = Signatory(
        name=data.name.strip(),
        jabatan=data.jabatan.strip(),
        nip=data.nip.strip(),
        pangkat=data.pangkat.strip(),
        prefix=data.prefix,  # type: ignore[arg-type]
        on_behalf_of=data.on_behalf_of.strip(),
        intermediate=data.intermediate.strip(),
    )
    block.validate()
    values = {
        "name": block.name,
        "jabatan": block.jabatan,
        "nip": block.nip.replace(" ", ""),
        "pangkat": block.pangkat,
        "prefix": block.prefix,
        "on_behalf_of": block.on_behalf_of,
        "intermediate": block.intermediate,
        "kinds": " ".join(data.kinds.split()),
        "is_default": data.is_default,
        "is_active": data.is_active,
        "sort_order": data.sort_order,
    }
    if signatory_id is None:
        row = OfficeSignatory(id=uuid.uuid4(), office_id=office_id, **values)
        session.add(row)
        changes = {k: [None, v] for k, v in values.items() if v not in ("", None)}
        action = "signatory.created"
    else:
        row = session.get(OfficeSignatory, signatory_id)  # type: ignore[assignment]
        if row is None or row.office_id != office_id:
            raise NotFound(_("Penanda tangan tidak ditemukan."))
        check_version(row, version_id, _("Penanda tangan"))
        changes = apply_changes(row, values)
        action = "signatory.updated"
    if data.is_default:
        # One default per kind list: other defaults covering the same kinds step back.
        for other in session.scalars(
            select(OfficeSignatory).where(
                OfficeSignatory.office_id == office_id,
                OfficeSignatory.is_default.is_(True),
                OfficeSignatory.id != row.id,
            )
        ):
            if other.kinds == row.kinds:
                other.is_default = False
    audit.record(session, actor, action, "office_signatory", row.id, summary=row.name, changes=changes)
    commit(session, _("Penanda tangan"))
    return _signatory_info(row)


def signatory_for(
    session: Session, office_id: uuid.UUID, kind: str, signatory_id: uuid.UUID | None = None
) -> SignatoryInfo | None:
    """The chosen signatory, else the default for ``kind``, else any default, else the first active one."""
    if signatory_id is not None:
        row = session.get(OfficeSignatory, signatory_id)
        return _signatory_info(row) if row is not None and row.office_id == office_id and row.is_active else None
    rows = session.scalars(
        select(OfficeSignatory)
        .where(OfficeSignatory.office_id == office_id, OfficeSignatory.is_active.is_(True))
        .order_by(OfficeSignatory.sort_order, OfficeSignatory.name)
    ).all()

    def rank(s: OfficeSignatory) -> int:
        named = kind in s.kinds.split()
        if s.is_default:
            return 0 if named else 1
        return 2 if named else 3

    usable = [s for s in rows if not s.kinds.split() or kind in s.kinds.split()]
    return _signatory_info(min(usable, key=rank)) if usable else None
