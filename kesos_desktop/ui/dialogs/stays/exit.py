"""``ExitDialog``: end a stay (terminasi) with a coded reason; the reason decides which further fields are asked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QTableView, QWidget

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.services import stays
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays import lookups
from kesos_desktop.ui.dialogs.stays.base import StayDialog
from kesos_desktop.ui.dialogs.stays.fields import code_combo, date_edit, to_date, to_qdate, uuid_of
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.widgets.region_picker import RegionPicker
from kesos_desktop.ui.widgets.tables import setup_table


class ExitDialog(StayDialog):
    """End the open stay ``stay``; ``saved(StayInfo)`` with the closed stay. Belongings not yet returned are
    handed back on the exit date unless the user unticks that."""

    def __init__(self, ctx: AppContext, stay: stays.StayInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Keluarkan warga binaan"), parent)
        self.stay = stay
        self.rules: dict[str, lookups.ExitReasonRule] = {}
        self.on_date = date_edit()
        self.on_date.setMinimumDate(to_qdate(stay.admitted_on))
        self.reason = code_combo([], _("— pilih alasan keluar —"), min_chars=34)
        self.destination_region = RegionPicker()
        self.destination_region.setPlaceholderText(_("Ketik kabupaten/kota atau desa tujuan…"))
        self.destination = QLineEdit()
        self.destination.setPlaceholderText(_("Alamat atau nama keluarga penerima"))
        self.target = QComboBox()
        self.target.setMinimumContentsLength(34)
        self.target.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3 + 14)
        self.kept = [b for b in stay.belongings if b.returned_on is None]
        self.return_belongings = QCheckBox(
            ngettext(
                "&Kembalikan {n} barang bawaan pada tanggal keluar",
                "&Kembalikan {n} barang bawaan pada tanggal keluar",
                len(self.kept),
            ).format(n=len(self.kept))
        )
        self.return_belongings.setChecked(True)
        self.belongings_model: RowsTableModel[stays.BelongingInfo] = RowsTableModel(
            [
                Column(_("Uraian barang"), lambda b: b.description),
                Column(_("Jumlah"), lambda b: b.quantity, align=Qt.AlignmentFlag.AlignRight),
                Column(_("Disimpan di"), lambda b: b.stored_where),
            ],
            self.kept,
            parent=self,
        )
        self.belongings_table = QTableView()
        self.belongings_table.setModel(self.belongings_model)
        setup_table(self.belongings_table, (240, 70))
        rows = min(max(len(self.kept), 1), 4)
        self.belongings_table.setFixedHeight(self.belongings_table.verticalHeader().defaultSectionSize() * rows + 30)

        form = self.form
        self.fields.addRow(_("Tanggal &keluar"), form.field("on_date", self.on_date))
        self.fields.addRow(_("&Alasan keluar"), form.field("reason_code", self.reason))
        self.region_row = form.field("destination_region_code", self.destination_region)
        self.fields.addRow(_("&Wilayah tujuan"), self.region_row)
        self.destination_row = form.field("destination", self.destination)
        self.fields.addRow(_("Alamat &tujuan"), self.destination_row)
        self.target_row = form.field("target_institution_id", self.target)
        self.fields.addRow(_("&Lembaga tujuan"), self.target_row)
        self.note_row = form.field("note", self.note)
        self.fields.addRow(_("K&eterangan"), self.note_row)
        if self.kept:
            self.fields.addRow(_("Barang bawaan"), self.belongings_table)
            self.fields.addRow("", self.return_belongings)
        self.finish_layout()
        self.save_button.setText(_("&Keluarkan"))
        self.save_button.setEnabled(False)
        self.reason.currentIndexChanged.connect(self.reason_changed)
        self.show_stay(stay)
        self.reason_changed()
        actor = ctx.actor

        def load(session):  # type: ignore[no-untyped-def]
            return lookups.exit_reason_rules(session), lookups.institution_choices(session, actor)

        self.load_person(stay.person_id, lambda: operations.read(self, ctx.db, load, self._loaded, show_progress=False))

    def _loaded(self, result: tuple[list[lookups.ExitReasonRule], list[lookups.InstitutionChoice]]) -> None:
        rules, choices = result
        self.rules = {r.code: r for r in rules}
        self.reason.blockSignals(True)
        for rule in rules:
            self.reason.addItem(rule.name, rule.code)
        self.reason.blockSignals(False)
        self.target.addItem(_("— pilih lembaga tujuan —"), None)
        for choice in choices:
            if choice.id != self.stay_institution():
                self.target.addItem(choice.name, str(choice.id))
        self.save_button.setEnabled(True)
        self.ready.emit()

    def stay_institution(self) -> object:
        return self.stay.institution_id if self.stay is not None else None

    def rule(self) -> lookups.ExitReasonRule | None:
        code = self.reason.currentData()
        return self.rules.get(code) if isinstance(code, str) else None

    def reason_changed(self, *_args: object) -> None:
        """Show the fields the chosen reason needs; values typed in a field that hides are kept."""
        rule = self.rule()
        destination = bool(rule and rule.requires_destination)
        self.fields.setRowVisible(self.region_row, destination)
        self.fields.setRowVisible(self.destination_row, destination)
        self.fields.setRowVisible(self.target_row, bool(rule and rule.requires_target_institution))
        self.fields.setRowVisible(self.note_row, bool(rule and rule.requires_text))
        self.note.setPlaceholderText(
            _("Wajib diisi untuk alasan {reason}").format(reason=rule.name) if rule and rule.requires_text else ""
        )
        self.adjustSize()

    def work(self) -> Callable[[Any], stays.StayInfo] | None:
        assert self.stay is not None
        rule = self.rule()
        if rule is None:
            self.form.set_field_error("reason_code", _("Alasan keluar wajib dipilih."))
            self.reason.setFocus()
            return None
        target = uuid_of(self.target) if rule.requires_target_institution else None
        data = stays.ExitInput(
            on_date=to_date(self.on_date.date()),
            reason_code=rule.code,
            destination=self.destination.text().strip() if rule.requires_destination else "",
            destination_region_code=self.destination_region.code() if rule.requires_destination else "",
            target_institution_id=target,
            note=self.note.toPlainText().strip() if rule.requires_text else "",
            return_belongings=self.return_belongings.isChecked(),
        )
        actor, stay_id, version = self.ctx.actor, self.stay.id, self.stay.version_id
        return lambda s: stays.exit_stay(s, actor, stay_id, data, version)
