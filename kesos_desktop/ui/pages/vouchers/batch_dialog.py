"""Terbitkan voucher massal: up to 100 approved plans at once, saved as PDFs into a folder or sent to a printer, with
a progress bar and Stop. The batch is one transaction: all vouchers are issued, or (stopped, failed) none."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.progress import Cancelled
from kesos_desktop.core.services import vouchers
from kesos_desktop.core.services.vouchers import DEFAULT_VALID_DAYS, MAX_VALID_DAYS, VoucherRequest
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.vouchers import data
from kesos_desktop.ui.pages.vouchers.issue_dialog import signatory_label
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels
from kesos_desktop.ui.widgets.pdf_preview import PrintJob, ask_printer

POLL_MS = 100


class BatchIssueDialog(QDialog):
    """``ready`` after the plans are listed; ``finished_batch(list[VoucherInfo])`` when a batch was issued."""

    ready = Signal()
    finished_batch = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.operation: operations.Operation | None = None
        self.result: list[vouchers.VoucherInfo] = []
        self.saved_files: list[Path] = []
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle(_("Terbitkan voucher massal"))
        self.resize(760, 620)
        intro = QLabel(
            _(
                "Rencana yang sudah disetujui dan belum punya voucher. Pilih paling banyak {n}; semua voucher "
                "diterbitkan sekaligus, atau tidak satu pun bila dihentikan atau gagal."
            ).format(n=data.MAX_BATCH)
        )
        intro.setWordWrap(True)
        self.plans = QListWidget()
        self.plans.itemChanged.connect(lambda _i: self._update())
        self.all_button = QPushButton(_("Pilih &semua"))
        self.all_button.clicked.connect(lambda: self.check_all(True))
        self.none_button = QPushButton(_("&Kosongkan"))
        self.none_button.clicked.connect(lambda: self.check_all(False))
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.days = QSpinBox()
        self.days.setRange(1, MAX_VALID_DAYS)
        self.days.setValue(DEFAULT_VALID_DAYS)
        self.days.setSuffix(_(" hari"))
        self.signatory = QComboBox()
        self.to_folder = QRadioButton(_("Simpan PDF ke &folder"))
        self.to_folder.setChecked(True)
        self.to_printer = QRadioButton(_("&Cetak ke printer"))
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(_("Folder tujuan berkas PDF"))
        self.browse_button = QPushButton(_("Pilih &folder…"))
        self.browse_button.clicked.connect(self.choose_folder)
        self.to_folder.toggled.connect(lambda on: (self.folder.setEnabled(on), self.browse_button.setEnabled(on)))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse_button)
        output = QHBoxLayout()
        output.addWidget(self.to_folder)
        output.addWidget(self.to_printer)
        output.addStretch(1)
        banner = QLabel()
        self.form = FormErrors(self, banner)
        fields = QFormLayout()
        fields.addRow(_("&Masa berlaku"), self.form.field("valid_until", self.days))
        fields.addRow(_("&Penanda tangan"), self.form.field("signatory_id", self.signatory))
        fields.addRow(_("Hasil"), output)
        folder_box = QWidget()
        folder_box.setLayout(folder_row)
        fields.addRow(_("F&older"), self.form.field("folder", folder_box))
        relax_labels(fields)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(_("%v dari %m"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.start_button = QPushButton(_("&Terbitkan"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton(_("&Hentikan"))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setEnabled(False)
        self.close_button = QPushButton(_("&Tutup"))
        self.close_button.clicked.connect(self.reject)
        pick = QHBoxLayout()
        pick.addWidget(self.all_button)
        pick.addWidget(self.none_button)
        pick.addStretch(1)
        pick.addWidget(self.count)
        run = QHBoxLayout()
        run.addWidget(self.start_button)
        run.addWidget(self.stop_button)
        run.addStretch(1)
        run.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(banner)
        layout.addLayout(pick)
        layout.addWidget(self.plans, 1)
        layout.addLayout(fields)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(run)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.setEnabled(False)
        self._load()

    # --- loading ----------------------------------------------------------------------------------------------
    def _load(self) -> None:
        actor = self.ctx.actor
        operations.read(self, self.ctx.db, lambda s: data.batch_choices(s, actor), self._loaded)

    def _loaded(self, choices: data.BatchChoices) -> None:
        self.plans.blockSignals(True)
        for plan in choices.plans:
            departure = format_date(plan.planned_departure_on) if plan.planned_departure_on else "—"
            item = QListWidgetItem(
                _("{no} · {name} → {destination} (berangkat {day})").format(
                    no=plan.plan_no, name=plan.person_name, destination=plan.destination_region_name, day=departure
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, str(plan.id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.plans.addItem(item)
        self.plans.blockSignals(False)
        for person in choices.signatories:
            self.signatory.addItem(signatory_label(person), str(person.id))
        found = self.signatory.findData(str(choices.default_signatory_id)) if choices.default_signatory_id else -1
        self.signatory.setCurrentIndex(max(found, 0))
        if not choices.plans:
            self.status.setText(_("Tidak ada rencana disetujui yang belum mempunyai voucher."))
        self.setEnabled(True)
        self._update()
        self.ready.emit()

    # --- choosing ---------------------------------------------------------------------------------------------
    def check_all(self, on: bool) -> None:
        self.plans.blockSignals(True)
        for row in range(self.plans.count()):
            state = Qt.CheckState.Checked if on and row < data.MAX_BATCH else Qt.CheckState.Unchecked
            self.plans.item(row).setCheckState(state)
        self.plans.blockSignals(False)
        self._update()

    def chosen(self) -> list[uuid.UUID]:
        items = (self.plans.item(row) for row in range(self.plans.count()))
        return [uuid.UUID(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.checkState() == Qt.CheckState.Checked]

    def _update(self) -> None:
        n = len(self.chosen())
        text = ngettext("{n} rencana dipilih", "{n} rencana dipilih", n).format(n=format_number(n))
        if n > data.MAX_BATCH:
            text = _("{chosen} — paling banyak {max} sekaligus.").format(chosen=text, max=data.MAX_BATCH)
        self.count.setText(text)
        running = self.operation is not None
        self.start_button.setEnabled(0 < n <= data.MAX_BATCH and not running)

    def choose_folder(self) -> None:
        dialog = QFileDialog(self, _("Folder untuk berkas voucher"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.folder.setText)
        self.file_dialog = dialog
        dialog.open()

    def requests(self) -> list[VoucherRequest]:
        today = date.today()
        signatory = self.signatory.currentData()
        return [
            VoucherRequest(
                plan_id,
                issued_on=today,
                valid_until=today + timedelta(days=self.days.value()),
                signatory_id=uuid.UUID(signatory) if signatory else None,
            )
            for plan_id in self.chosen()
        ]

    # --- running ----------------------------------------------------------------------------------------------
    def start(self) -> None:
        self.form.clear()
        if self.to_printer.isChecked():
            ask_printer(self, lambda printer: self._run(printer=printer), _("Cetak voucher"))
            return
        folder = Path(self.folder.text().strip()).expanduser()
        if not self.folder.text().strip() or not folder.is_dir():
            message = _("Pilih folder yang ada untuk menyimpan berkas voucher.")
            self.form.show_error(ValidationError(message, {"folder": message}))
            return
        self._run(folder=folder)

    def _run(self, *, folder: Path | None = None, printer: QPrinter | None = None) -> None:
        requests = self.requests()
        actor, db = self.ctx.actor, self.ctx.db
        delivery = data.FolderDelivery(folder) if folder is not None else None
        job = PrintJob(printer) if printer is not None else None
        deliver = delivery if delivery is not None else job.add  # type: ignore[union-attr]

        def work(progress: operations.Progress) -> tuple[list[vouchers.IssuedVoucher], list[Path]]:
            try:
                with db.write() as session:
                    issued = data.issue_and_deliver(session, actor, requests, deliver, progress)
            except BaseException:
                if delivery is not None:
                    delivery.discard()
                if job is not None:
                    job.abort()
                raise
            if job is not None:
                job.finish()
            files = delivery.keep([i.info.number for i in issued]) if delivery is not None else []
            return issued, files

        self.progress.setRange(0, len(requests))
        self.progress.setValue(0)
        self.status.setText(_("Menerbitkan voucher…"))
        self.operation = operations.run(
            self, work, self._done, on_failure=self._failed, cancellable=True, show_progress=False, form=self.form
        )
        self._set_running(True)

    def _set_running(self, running: bool) -> None:
        for widget in (self.plans, self.all_button, self.none_button, self.days, self.signatory, self.close_button):
            widget.setEnabled(not running)
        self.stop_button.setEnabled(running)
        if running:
            self._timer.start()
        else:
            self._timer.stop()
        self._update()

    def _poll(self) -> None:
        if self.operation is None:
            return
        total, done, label = self.operation.progress.snapshot()
        if total:
            self.progress.setMaximum(total)
            self.progress.setValue(min(done, total))
        if label and not self.operation.progress.cancelled():
            self.status.setText(_("Diterbitkan: {number}").format(number=label))

    def stop(self) -> None:
        if self.operation is not None:
            self.operation.progress.cancel()
            self.status.setText(_("Menghentikan…"))
            self.stop_button.setEnabled(False)

    def _done(self, result: tuple[list[vouchers.IssuedVoucher], list[Path]]) -> None:
        issued, files = result
        self._poll()
        self.operation = None
        self._set_running(False)
        self.progress.setValue(self.progress.maximum())
        self.result = [i.info for i in issued]
        self.saved_files = files
        n = len(issued)
        text = ngettext("{n} voucher diterbitkan.", "{n} voucher diterbitkan.", n).format(n=format_number(n))
        if files:
            text = _("{done} Berkas PDF disimpan di {folder}.").format(done=text, folder=files[0].parent)
        self.status.setText(text)
        self.finished_batch.emit(self.result)
        self._remove_issued({i.info.plan_id for i in issued})

    def _failed(self, error: BaseException) -> bool:
        self.operation = None
        self._set_running(False)
        self.progress.setValue(0)
        if isinstance(error, Cancelled):
            self.status.setText(_("Dihentikan. Tidak ada voucher yang diterbitkan."))
            return True
        self.status.setText(_("Gagal. Tidak ada voucher yang diterbitkan."))
        return False

    def _remove_issued(self, plan_ids: set[uuid.UUID]) -> None:
        for row in reversed(range(self.plans.count())):
            if uuid.UUID(self.plans.item(row).data(Qt.ItemDataRole.UserRole)) in plan_ids:
                self.plans.takeItem(row)
        self._update()

    def reject(self) -> None:
        if self.operation is None:
            super().reject()
