"""Penanda tangan: the officials who sign the office's documents — a.n./u.b./Plt./Plh., the documents they sign by
default, and a live view of the signature block as it prints."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QSpinBox, QWidget

from kesos_desktop.core.documents.signature import PREFIXES, Signatory
from kesos_desktop.core.i18n import N_, _, ngettext
from kesos_desktop.core.i18n.formatters import format_nip, format_number
from kesos_desktop.core.services import returns_settings
from kesos_desktop.core.services.returns_settings import SignatoryInfo, SignatoryInput
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column
from kesos_desktop.ui.pages.return_settings.records import FormDialog, RecordsTab

KIND_LABELS = {
    "voucher": N_("Voucher bantuan transport"),
    "surat_pengantar": N_("Surat pengantar pemulangan"),
    "surat_penerusan": N_("Surat penerusan"),
    "berita_acara": N_("Berita acara serah terima"),
    "surat_jalan": N_("Surat jalan"),
    "kwitansi": N_("Kwitansi"),
}
PREFIX_LABELS = {
    "": N_("— menandatangani sendiri —"),
    "a.n.": N_("a.n. (atas nama pimpinan)"),
    "u.b.": N_("u.b. (untuk beliau)"),
    "Plt.": N_("Plt. (pelaksana tugas)"),
    "Plh.": N_("Plh. (pelaksana harian)"),
}


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def block_text(s: SignatoryInfo | Signatory) -> str:
    """The jabatan lines as they print ("a.n. KEPALA DINAS…", "Sekretaris,")."""
    block = Signatory(s.name, s.jabatan, s.nip, s.pangkat, s.prefix, s.on_behalf_of, s.intermediate)  # type: ignore[arg-type]
    return "\n".join(block.jabatan_lines())


def signatory_columns() -> list[Column[SignatoryInfo]]:
    def documents(s: SignatoryInfo) -> str:
        return ", ".join(kind_label(k) for k in s.kinds) or _("semua dokumen")

    return [
        Column(_("Nama"), lambda s: s.name),
        Column(_("NIP"), lambda s: format_nip(s.nip) if s.nip else ""),
        Column(_("Jabatan pada dokumen"), lambda s: block_text(s).replace("\n", " / "), tooltip=block_text),
        Column(_("Dokumen"), documents, tooltip=documents),
        Column(_("Bawaan"), lambda s: s.is_default),
        Column(_("Aktif"), lambda s: s.is_active),
    ]


class SignatoryDialog(FormDialog):
    def __init__(self, ctx: AppContext, signatory: SignatoryInfo | None, parent: QWidget | None = None) -> None:
        title = _("Tambah penanda tangan") if signatory is None else _("Ubah penanda tangan")
        super().__init__(ctx, title, parent, width=620)
        self.signatory = signatory
        self.name = QLineEdit()
        self.nip = QLineEdit()
        self.nip.setPlaceholderText(_("18 angka, boleh dikosongkan bila bukan PNS"))
        self.pangkat = QLineEdit()
        self.pangkat.setPlaceholderText(_("misalnya Pembina Tingkat I (IV/b)"))
        self.prefix = QComboBox()
        for code in PREFIXES:
            self.prefix.addItem(_(PREFIX_LABELS[code]), code)
        self.on_behalf_of = QLineEdit()
        self.on_behalf_of.setPlaceholderText(_("Jabatan pimpinan yang diwakili, misalnya KEPALA DINAS SOSIAL"))
        self.intermediate = QLineEdit()
        self.intermediate.setPlaceholderText(_("Untuk u.b.: pejabat yang menandatangani a.n. pimpinan"))
        self.jabatan = QLineEdit()
        self.jabatan.setPlaceholderText(_("Jabatan penanda tangan sendiri, misalnya Sekretaris"))
        self.kinds: dict[str, QCheckBox] = {}
        kinds_box = QWidget()
        grid = QGridLayout(kinds_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, kind in enumerate(KIND_LABELS):
            check = QCheckBox(kind_label(kind))
            self.kinds[kind] = check
            grid.addWidget(check, i // 2, i % 2)
        self.is_default = QCheckBox(_("Penanda tangan &bawaan untuk dokumen yang dicentang"))
        self.is_active = QCheckBox(_("&Aktif"))
        self.is_active.setChecked(True)
        self.order = QSpinBox()
        self.order.setRange(0, 999)
        self.preview = QLabel()
        self.preview.setObjectName("infoBanner")
        self.preview.setWordWrap(True)
        self.row(_("&Nama"), "name", self.name)
        self.row(_("N&IP"), "nip", self.nip)
        self.row(_("&Pangkat/golongan"), "pangkat", self.pangkat)
        self.row(_("Awalan &jabatan"), "prefix", self.prefix)
        self.row(_("A&tas nama"), "on_behalf_of", self.on_behalf_of)
        self.row(_("Pejabat &a.n."), "intermediate", self.intermediate)
        self.row(_("&Jabatan"), "jabatan", self.jabatan)
        self.row(_("&Dokumen"), "kinds", kinds_box)
        self.fields.addRow("", self.is_default)
        self.fields.addRow("", self.is_active)
        self.row(_("&Urutan"), "sort_order", self.order)
        self.fields.addRow(_("Tercetak"), self.preview)
        self.finish_layout()
        if signatory is not None:
            self.fill(signatory)
        for edit in (self.name, self.nip, self.pangkat, self.on_behalf_of, self.intermediate, self.jabatan):
            edit.textChanged.connect(self.update_preview)
        self.prefix.currentIndexChanged.connect(self.update_preview)
        self.update_preview()

    def fill(self, s: SignatoryInfo) -> None:
        self.name.setText(s.name)
        self.nip.setText(s.nip)
        self.pangkat.setText(s.pangkat)
        self.prefix.setCurrentIndex(max(0, self.prefix.findData(s.prefix)))
        self.on_behalf_of.setText(s.on_behalf_of)
        self.intermediate.setText(s.intermediate)
        self.jabatan.setText(s.jabatan)
        for kind, check in self.kinds.items():
            check.setChecked(kind in s.kinds)
        self.is_default.setChecked(s.is_default)
        self.is_active.setChecked(s.is_active)

    def update_preview(self) -> None:
        prefix = self.prefix.currentData() or ""
        self.on_behalf_of.setEnabled(prefix in ("a.n.", "u.b."))
        self.intermediate.setEnabled(prefix == "u.b.")
        block = Signatory(
            self.name.text().strip(),
            self.jabatan.text().strip(),
            self.nip.text().strip(),
            self.pangkat.text().strip(),
            prefix,
            self.on_behalf_of.text().strip(),
            self.intermediate.text().strip(),
        )
        lines = [
            *map(escape, block_text(block).splitlines()),
            "",
            "",
            f"<b><u>{escape(block.name or _('NAMA'))}</u></b>",
        ]
        if block.pangkat:
            lines.append(escape(block.pangkat))
        if block.nip:
            lines.append(_("NIP {nip}").format(nip=format_nip(block.nip)))
        self.preview.setText("<br>".join(lines))

    def data(self) -> SignatoryInput:
        return SignatoryInput(
            name=self.name.text(),
            jabatan=self.jabatan.text(),
            nip=self.nip.text(),
            pangkat=self.pangkat.text(),
            prefix=self.prefix.currentData() or "",
            on_behalf_of=self.on_behalf_of.text() if self.on_behalf_of.isEnabled() else "",
            intermediate=self.intermediate.text() if self.intermediate.isEnabled() else "",
            kinds=" ".join(k for k, c in self.kinds.items() if c.isChecked()),
            is_default=self.is_default.isChecked(),
            is_active=self.is_active.isChecked(),
            sort_order=self.order.value(),
        )

    def work(self) -> Callable[[Any], object]:
        actor, values = self.ctx.actor, self.data()
        current = self.signatory
        if current is None:
            return lambda s: returns_settings.save_signatory(s, actor, values)
        return lambda s: returns_settings.save_signatory(s, actor, values, current.id, current.version_id)


def signatories_tab(ctx: AppContext) -> RecordsTab[SignatoryInfo]:
    actor = ctx.actor
    return RecordsTab(
        ctx,
        signatory_columns(),
        lambda s: returns_settings.list_signatories(s, actor, include_inactive=True),
        lambda record: SignatoryDialog(ctx, record),
        can_edit=actor.can("office.manage"),
        add_text=_("&Tambah penanda tangan…"),
        widths=(220, 160, 330, 190, 60),
        count_text=lambda n: ngettext("{n} penanda tangan", "{n} penanda tangan", n).format(n=format_number(n)),
    )
