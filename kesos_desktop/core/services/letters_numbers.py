"""Letter numbers: the office's template per kind, the per-office yearly sequence, manual numbers from the paper
buku agenda, and the number shown on a preview.

Templates and their klasifikasi (KKA) live in ``letter_number_template`` and are edited through
``returns_settings.save_number_template``; kinds without a row use ``returns_settings.DEFAULT_TEMPLATES`` (KKA 400.9,
Permendagri 83/2022). The sequence a kind counts in follows the template's ``sequence_name``:

- ``surat`` (the default): one sequence for all letters of the office, ``letter:all``;
- ``kka``: one sequence per klasifikasi, ``letter:400.9.4`` (offices that number per KKA);
- ``kwitansi``: the receipts' own sequence; any other name: ``letter:<name>``.

Sequences restart each January (``reset_yearly``) and are taken in the transaction that stores the document, so a
print that fails gives its number back. A number already in the register (typed by hand from the buku agenda) is
stepped over, never given twice.
"""

from __future__ import annotations

import dataclasses
import string
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import Conflict
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.i18n.formatters import format_date, month_roman
from kesos_desktop.core.models import LetterRegister, Office
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import numbering
from kesos_desktop.core.services.letters_data import own_office, problem
from kesos_desktop.core.services.returns_settings import (
    DEFAULT_TEMPLATES,
    NumberTemplate,
    format_document_number,
    number_template,
)

# The kinds this module numbers (vouchers number themselves in services/vouchers).
LETTER_KINDS: tuple[str, ...] = ("surat_pengantar", "berita_acara", "surat_jalan", "kwitansi")
KIND_LABELS = {
    "surat_pengantar": N_("Surat pengantar pemulangan"),
    "berita_acara": N_("Berita acara serah terima"),
    "surat_jalan": N_("Surat jalan"),
    "kwitansi": N_("Kwitansi"),
    "surat_penerusan": N_("Surat penerusan"),
    "surat_lain": N_("Surat lain (dicatat di buku agenda)"),
    "voucher": N_("Voucher bantuan transport"),
}
# Ready-made formats for the settings screen: (label, template, klasifikasi).
NUMBER_PRESETS: tuple[tuple[str, str, str], ...] = (
    (
        N_("KKA baru (Permendagri 83/2022) dengan bulan dan tahun"),
        "{klasifikasi}/{nomor}/{unit}/{bulan_romawi}/{tahun}",
        "400.9",
    ),
    (N_("KKA baru, nomor tiga angka"), "{klasifikasi}/{nomor:03d}/{unit}/{bulan_romawi}/{tahun}", "400.9"),
    (N_("KKA baru tanpa bulan dan tahun"), "{klasifikasi}/{nomor}/{unit}", "400.9.4"),
    (N_("Gaya lama (Permendagri 78/2012): 460 Sosial"), "{klasifikasi}/{nomor}/{unit}/{bulan_romawi}/{tahun}", "460"),
)
PREVIEW_NUMBER = "..."
MAX_STEP_OVER = 1000


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def sequence_name(template: NumberTemplate) -> str:
    """The ``number_sequence`` name a template counts in (see the module docstring)."""
    name = (template.sequence_name or "surat").strip()
    if name in ("surat", "all"):
        return "letter:all"
    if name in ("kka", "klasifikasi"):
        return f"letter:{template.klasifikasi or 'all'}"
    if name == "kwitansi":
        return "kwitansi"
    return f"letter:{name}"


def _fields(template: NumberTemplate, office: Office, on: date) -> dict[str, object]:
    return {
        "klasifikasi": template.klasifikasi,
        "kka": template.klasifikasi,
        "unit": template.unit or office.code,
        "kode_kantor": office.code,
        "bulan": f"{on.month:02d}",
        "bulan_romawi": month_roman(on.month),
        "tahun": on.year,
    }


def format_number(template: NumberTemplate, office: Office, nomor: int, on: date) -> str:
    fields = _fields(template, office, on)
    return format_document_number(
        template.template,
        nomor=nomor,
        on=on,
        klasifikasi=template.klasifikasi,
        unit=str(fields["unit"]),
        kode_kantor=office.code,
    )


def preview_text(template: NumberTemplate, office: Office, on: date) -> str:
    """The number with "..." where the sequence goes: ``400.9/.../Dinsos/VIII/2026``."""
    fields = _fields(template, office, on)
    out: list[str] = []
    for literal, name, spec, _conv in string.Formatter().parse(template.template):
        out.append(literal)
        if name is None:
            continue
        out.append(PREVIEW_NUMBER if name == "nomor" else format(fields.get(name, ""), spec or ""))
    return "".join(out)


def template_for(session: Session, office_id: uuid.UUID, kind: str) -> NumberTemplate:
    """The kind's template; a kind with neither a row nor a built-in default (a letter recorded in the register)
    is numbered like the office's surat pengantar, in the letters' shared sequence."""
    template = number_template(session, office_id, kind)
    if template.is_default and kind not in DEFAULT_TEMPLATES:
        base = number_template(session, office_id, "surat_pengantar")
        return dataclasses.replace(base, kind=kind, sequence_name="surat", is_default=True)
    return template


def number_taken(session: Session, office_id: uuid.UUID, number: str) -> LetterRegister | None:
    return session.scalar(
        select(LetterRegister).where(LetterRegister.office_id == office_id, LetterRegister.number == number)
    )


def check_manual_number(session: Session, office_id: uuid.UUID, number: str, field_name: str = "manual_number") -> str:
    """A number typed from the paper buku agenda: trimmed, not empty, not in the register yet."""
    text = " ".join((number or "").split())
    if not text:
        raise problem(field_name, _("Nomor surat wajib diisi."))
    if len(text) > 100:
        raise problem(field_name, _("Nomor surat terlalu panjang (paling banyak 100 karakter)."))
    taken = number_taken(session, office_id, text)
    if taken is not None:
        raise problem(
            field_name,
            _("Nomor {number} sudah tercatat di buku agenda ({date}: {hal}).").format(
                number=text, date=format_date(taken.letter_date), hal=taken.hal
            ),
        )
    return text


@dataclass(frozen=True)
class Allocated:
    number: str
    seq: int | None
    klasifikasi: str
    is_manual: bool


def allocate(session: Session, office: Office, kind: str, on: date, manual_number: str = "") -> Allocated:
    """The number of a document stored in this transaction: the typed one, or the next of the sequence."""
    template = template_for(session, office.id, kind)
    if manual_number.strip():
        return Allocated(check_manual_number(session, office.id, manual_number), None, template.klasifikasi, True)
    year = on.year if template.reset_yearly else 0
    name = sequence_name(template)
    for _attempt in range(MAX_STEP_OVER):
        seq = numbering.next_number(session, office.id, name, year)
        number = format_number(template, office, seq, on)
        if number_taken(session, office.id, number) is None:
            return Allocated(number, seq, template.klasifikasi, False)
    raise Conflict(_("Tidak ada nomor surat yang bebas; periksa format nomor di pengaturan kantor."))


# ------------------------------------------------------------------------------------------ for the settings UI


@dataclass(frozen=True)
class NumberFormatInfo:
    """A kind's number format as the settings screen shows it, with an example and the next preview."""

    kind: str
    kind_label: str
    template: str
    klasifikasi: str
    unit: str
    sequence_name: str
    sequence: str
    reset_yearly: bool
    is_default: bool
    example: str
    preview: str
    last_number: int


def number_formats(session: Session, actor: Actor, on: date | None = None) -> list[NumberFormatInfo]:
    """The format of every letter kind (and the voucher), with an example number and how far the sequence is."""
    actor.require("returns.view")
    office = own_office(session, actor)
    on = on or date.today()
    from kesos_desktop.core.models import NumberSequence

    out = []
    for kind in (*LETTER_KINDS, "voucher"):
        template = template_for(session, office.id, kind)
        seq_name = "voucher" if kind == "voucher" else sequence_name(template)
        year = on.year if template.reset_yearly else 0
        last = session.scalar(
            select(func.max(NumberSequence.last_value)).where(
                NumberSequence.office_id == office.id, NumberSequence.name == seq_name, NumberSequence.year == year
            )
        )
        out.append(
            NumberFormatInfo(
                kind=kind,
                kind_label=kind_label(kind),
                template=template.template,
                klasifikasi=template.klasifikasi,
                unit=template.unit or office.code,
                sequence_name=template.sequence_name,
                sequence=seq_name,
                reset_yearly=template.reset_yearly,
                is_default=template.is_default,
                example=format_number(template, office, 123, on),
                preview=preview_text(template, office, on),
                last_number=int(last or 0),
            )
        )
    return out
