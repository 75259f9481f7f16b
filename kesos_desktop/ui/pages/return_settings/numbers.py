"""Format nomor: the number template of each document kind, with a live example as the user types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import returns, returns_settings
from kesos_desktop.core.services.returns_settings import NumberTemplate, check_template, format_document_number
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.return_settings.signatories import kind_label
from kesos_desktop.ui.style import icon
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.tables import setup_table

EXAMPLE_NUMBER = 123


@dataclass(frozen=True)
class NumberSettings:
    office_code: str
    templates: tuple[NumberTemplate, ...]


def load_number_settings(session: Session, actor: Actor) -> NumberSettings:
    office = returns.own_office(session, actor)
    kinds = returns_settings.DEFAULT_TEMPLATES
    return NumberSettings(office.code, tuple(returns_settings.number_template(session, office.id, k) for k in kinds))


def example(template: str, klasifikasi: str, unit: str, office_code: str, on: date | None = None) -> str:
    """What number 123 looks like today with this template; ValidationError (at ``template``) when it is wrong."""
    text = check_template(template)
    return format_document_number(
        text, nomor=EXAMPLE_NUMBER, on=on or date.today(), klasifikasi=klasifikasi, unit=unit, kode_kantor=office_code
    )


def origin(t: NumberTemplate) -> str:
    return _("format bawaan") if t.is_default else _("diatur kantor")


class NumbersTab(QWidget):
    loaded = Signal()
    saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings: NumberSettings | None = None
        self.model: RowsTableModel[NumberTemplate] = RowsTableModel(
            [
                Column(_("Dokumen"), lambda t: kind_label(t.kind), tooltip=origin),
                Column(_("Format"), lambda t: t.template, tooltip=lambda t: t.template),
                Column(_("Contoh"), self._example_of),
            ],
            parent=self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (190, 210))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._chosen())
        self.kind = QLabel()
        self.kind.setObjectName("sectionTitle")
        self.template = QLineEdit()
        self.klasifikasi = QLineEdit()
        self.klasifikasi.setPlaceholderText(_("Kode klasifikasi arsip, misalnya 400.9.4"))
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(_("Kode unit pengolah, misalnya Dinsos"))
        self.example = QLabel()
        self.example.setObjectName("cardValue")
        self.example.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tokens = QLabel(
            _(
                "Unsur: {nomor} (atau {nomor:04d} untuk 0123), {klasifikasi}, {unit}, {kode_kantor}, {bulan}, "
                "{bulan_romawi}, {tahun}; selebihnya teks biasa. Nomor urut dimulai lagi dari 1 setiap Januari."
            )
        )
        tokens.setObjectName("hint")
        tokens.setWordWrap(True)
        banner = QLabel()
        self.form = FormErrors(self, banner)
        self.notice = QLabel()
        self.notice.setObjectName("infoBanner")
        self.notice.hide()
        self.save_button = QPushButton(icon("save"), _("&Simpan format"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(ctx.actor.can("office.manage"))
        for edit in (self.template, self.klasifikasi, self.unit):
            edit.textChanged.connect(self.update_example)
            edit.setReadOnly(not ctx.actor.can("office.manage"))
        fields = QFormLayout()
        fields.addRow(_("&Format nomor"), self.form.field("template", self.template))
        fields.addRow(_("&Klasifikasi"), self.form.field("klasifikasi", self.klasifikasi))
        fields.addRow(_("&Unit"), self.form.field("unit", self.unit))
        fields.addRow(_("Contoh"), self.example)
        relax_labels(fields)
        editor = QVBoxLayout()
        editor.addWidget(self.kind)
        editor.addWidget(banner)
        editor.addWidget(self.notice)
        editor.addLayout(fields)
        editor.addWidget(tokens)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        editor.addLayout(buttons)
        editor.addStretch(1)
        editor_box = QWidget()
        editor_box.setLayout(editor)
        editor_box.setMinimumWidth(380)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.table, 3)
        layout.addWidget(editor_box, 2)
        self._set_editing(False)

    def _example_of(self, t: NumberTemplate) -> str:
        try:
            return example(t.template, t.klasifikasi, t.unit, self.settings.office_code if self.settings else "")
        except ValidationError:
            return "—"

    def refresh(self, select: str | None = None, notice: str = "") -> None:
        actor = self.ctx.actor
        current = select or (self.selected().kind if self.selected() else None)
        operations.read(
            self,
            self.ctx.db,
            lambda s: load_number_settings(s, actor),
            lambda settings: self._loaded(settings, current, notice),
            show_progress=False,
        )

    def _loaded(self, settings: NumberSettings, select: str | None, notice: str = "") -> None:
        self.settings = settings
        self.model.set_rows(list(settings.templates))
        row = self.model.find(lambda t: t.kind == select) if select else 0
        self.table.selectRow(max(row, 0))
        if notice:
            self.notice.setText(notice)
            self.notice.show()
        self.loaded.emit()

    def selected(self) -> NumberTemplate | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_kind(self, kind: str) -> None:
        row = self.model.find(lambda t: t.kind == kind)
        if row >= 0:
            self.table.selectRow(row)

    def _set_editing(self, on: bool) -> None:
        for widget in (self.template, self.klasifikasi, self.unit, self.save_button):
            widget.setEnabled(on)

    def _chosen(self) -> None:
        chosen = self.selected()
        self.form.clear()
        self.notice.hide()
        self._set_editing(chosen is not None)
        if chosen is None:
            return
        self.kind.setText(_("{kind} · {origin}").format(kind=kind_label(chosen.kind), origin=origin(chosen)))
        self.template.setText(chosen.template)
        self.klasifikasi.setText(chosen.klasifikasi)
        self.unit.setText(chosen.unit)
        self.update_example()

    def update_example(self) -> None:
        office_code = self.settings.office_code if self.settings else ""
        self.form.clear_field("template")
        try:
            text = example(self.template.text(), self.klasifikasi.text().strip(), self.unit.text().strip(), office_code)
        except ValidationError as exc:
            self.example.setText("—")
            self.form.set_field_error("template", exc.fields.get("template", str(exc)))
            return
        self.example.setText(text)

    def save(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        self.form.clear()
        actor, kind = self.ctx.actor, chosen.kind
        template, klasifikasi, unit = self.template.text(), self.klasifikasi.text(), self.unit.text()
        operations.write(
            self,
            self.ctx.db,
            lambda s: returns_settings.save_number_template(
                s, actor, kind, template, klasifikasi=klasifikasi, unit=unit
            ),
            self._saved,
            form=self.form,
            busy=self.save_button,
        )

    def _saved(self, template: NumberTemplate) -> None:
        self.saved.emit(template)
        self.refresh(template.kind, _("Format nomor {kind} tersimpan.").format(kind=kind_label(template.kind)))
