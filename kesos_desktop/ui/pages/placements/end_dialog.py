"""Akhiri penempatan: returned to family, graduated, moved (to which institution) or ran away — kabur is marked in
red and needs an account of what happened, so a re-found child is recognised."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.services import placements
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import code_combo, date_edit, save_cancel_buttons, to_date, uuid_of
from kesos_desktop.ui.dialogs.stays.lookups import InstitutionChoice
from kesos_desktop.ui.pages.activities.fields import banner, form_failure, hint, text_area
from kesos_desktop.ui.pages.placements.data import all_institutions
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.task_counter import tasks_changed


class EndDialog(QDialog):
    """``saved(PlacementInfo)`` after the placement was ended."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, placement: placements.PlacementInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.placement = placement
        self.setWindowTitle(_("Akhiri penempatan {name}").format(name=placement.person_name))
        self.setMinimumSize(580, 440)
        top = QLabel()
        self.errors = FormErrors(self, top)
        self.ended_on = date_edit()
        self.reason = code_combo([(k, _(v)) for k, v in placements.END_REASONS.items()], _("— pilih alasan —"))
        self.reason.currentIndexChanged.connect(lambda _i: self._reason_changed())
        self.moved_to = code_combo([], _("— pilih lembaga tujuan —"), min_chars=34)
        self.moved_label = QLabel(_("Lembaga &tujuan"))
        self.moved_label.setBuddy(self.moved_to)
        self.note = text_area(4)
        self.kabur = banner("formBanner")
        self.kabur.setText(
            _(
                "KABUR: anak ditandai kabur dari tempat penempatan dan dikaitkan dengan kasus asalnya. Bila anak "
                "ditemukan kembali, pemeriksaan data ganda menampilkan tanda ini. Ceritakan kapan dan bagaimana anak "
                "pergi, serta upaya pencarian (laporan polisi, keluarga yang dihubungi)."
            )
        )
        form = QFormLayout()
        form.addRow(_("Anak"), QLabel(placement.person_name))
        form.addRow(_("Lembaga mitra"), QLabel(placement.institution_name))
        form.addRow(_("Tanggal &berakhir"), self.errors.field("ended_on", self.ended_on))
        form.addRow(_("&Alasan"), self.errors.field("reason", self.reason))
        form.addRow(self.moved_label, self.errors.field("moved_to_institution_id", self.moved_to))
        form.addRow(_("&Keterangan"), self.errors.field("note", self.note))
        relax_labels(form)
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Akhiri penempatan"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(self.kabur)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(hint(_("Penempatan yang sudah berakhir tidak dapat diubah lagi; laporannya tetap tersimpan.")))
        layout.addWidget(self.buttons)
        self._reason_changed()
        actor = ctx.actor
        operations.read(self, ctx.db, lambda s: all_institutions(s, actor), self._loaded, show_progress=False)

    def _loaded(self, places: list[InstitutionChoice]) -> None:
        for p in places:
            if p.id != self.placement.institution_id:
                self.moved_to.addItem(p.name, str(p.id))

    def _reason_changed(self) -> None:
        reason = self.reason.currentData()
        moved = reason == "PINDAH"
        self.moved_to.parentWidget().setVisible(moved)
        self.moved_label.setVisible(moved)
        self.kabur.setVisible(reason == "KABUR")
        self.note.setPlaceholderText(
            _("Wajib: kapan dan bagaimana anak pergi, upaya pencarian") if reason == "KABUR" else _("Boleh dikosongkan")
        )

    def submit(self) -> None:
        self.errors.clear()
        reason = str(self.reason.currentData() or "")
        data = placements.EndInput(
            ended_on=to_date(self.ended_on.date()),
            reason=reason,
            note=self.note.toPlainText(),
            moved_to_institution_id=uuid_of(self.moved_to) if reason == "PINDAH" else None,
        )
        actor, pid, version = self.ctx.actor, self.placement.id, self.placement.version_id
        operations.write(
            self,
            self.ctx.db,
            lambda s: placements.end_placement(s, actor, pid, data, version),
            self._saved,
            form=self.errors,
            on_failure=form_failure(self, self.errors),
            busy=self.buttons,
        )

    def _saved(self, info: placements.PlacementInfo) -> None:
        tasks_changed()
        self.saved.emit(info)
        self.accept()
