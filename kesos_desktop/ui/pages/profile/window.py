"""ProfileWindow: one person's file — header, tabs, biodata print, merge and undo; ``open_profile`` shows it."""

from __future__ import annotations

import uuid

import shiboken6
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_datetime
from kesos_desktop.core.services import merges, person_files
from kesos_desktop.core.services.merges import MergeResult
from kesos_desktop.ui import operations, ui_state
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.profile.biodata_dialog import BiodataDialog, BiodataSheet, make_biodata
from kesos_desktop.ui.pages.profile.data import ProfileData, load_profile_data
from kesos_desktop.ui.pages.profile.documents_tab import DocumentsTab
from kesos_desktop.ui.pages.profile.family_tab import FamilyTab
from kesos_desktop.ui.pages.profile.header import ProfileHeader
from kesos_desktop.ui.pages.profile.history_tab import HistoryTab
from kesos_desktop.ui.pages.profile.identity_tab import IdentityTab
from kesos_desktop.ui.pages.profile.merge_dialog import MergeDialog

STATE_KEY = "profile_window"


class ProfileWindow(QWidget):
    """``loaded`` each time data arrived and is shown; ``changed(person_id)`` after any change was stored (the
    resident list may refresh); ``open_person(person_id)`` asks for another profile (the merged-into record)."""

    loaded = Signal()
    changed = Signal(object)
    open_person = Signal(object)

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, parent: QWidget | None = None, notice: str = "") -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.person_id = person_id
        self.data: ProfileData | None = None
        self.dialog: QWidget | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("Profil warga binaan"))
        actor = ctx.actor
        self.header = ProfileHeader(editable_photo=actor.can("residents.edit"))
        self.header.photo.changed.connect(self._photo_changed)
        self.print_button = QPushButton(_("Cetak &biodata…"))
        self.print_button.setToolTip(_("Cetak biodata (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_biodata)
        self.merge_button = QPushButton(_("&Gabungkan dengan…"))
        self.merge_button.clicked.connect(self.start_merge)
        self.undo_merge_button = QPushButton(_("Batalkan pengga&bungan…"))
        self.undo_merge_button.clicked.connect(self.confirm_undo_merge)
        # The person's other work: the case (rehabilitation) and a return home (pemulangan).
        self.case_button = QPushButton(_("&Kasus…"))
        self.case_button.setToolTip(_("Buka kasus rehabilitasi orang ini"))
        self.case_button.clicked.connect(self.open_case)
        self.return_button = QPushButton(_("Rencana &pemulangan…"))
        self.return_button.setToolTip(_("Rencanakan pemulangan ke daerah asal"))
        self.return_button.clicked.connect(self.plan_return)
        self.reload_button = QPushButton(_("Muat &ulang"))
        self.reload_button.setToolTip(_("Muat ulang (F5)"))
        self.reload_button.clicked.connect(lambda: self.load(refresh=True))
        for button in (
            self.print_button,
            self.case_button,
            self.return_button,
            self.merge_button,
            self.undo_merge_button,
            self.reload_button,
        ):
            self.header.actions.addWidget(button)
        self.header.actions.addStretch(1)
        self.notice = QLabel(notice)
        self.notice.setObjectName("infoBanner")
        self.notice.setWordWrap(True)
        self.notice.setVisible(bool(notice))
        self.merged_banner = QLabel()
        self.merged_banner.setObjectName("formBanner")
        self.merged_banner.setWordWrap(True)
        self.merged_banner.linkActivated.connect(lambda _l: self._open_survivor())
        self.merged_banner.hide()
        self.identity = IdentityTab(ctx)
        self.family = FamilyTab(ctx)
        self.history = HistoryTab(ctx)
        self.documents = DocumentsTab(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.identity, _("&Identitas"))
        self.tabs.addTab(self.family, _("&Keluarga"))
        self.tabs.addTab(self.history, _("&Riwayat"))
        self.tabs.addTab(self.documents, _("&Dokumen"))
        self.identity.saved.connect(lambda _r: self._changed())
        self.identity.reload_requested.connect(lambda: self.load(refresh=True))
        for tab in (self.family, self.history, self.documents):
            tab.changed.connect(self._changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 12)
        layout.addWidget(self.header)
        layout.addWidget(self.notice)
        layout.addWidget(self.merged_banner)
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        hint = QLabel(_("Ctrl+Tab pindah tab · Ctrl+P cetak biodata · F5 muat ulang · Esc tutup"))
        hint.setObjectName("hint")
        bottom.addWidget(hint)
        layout.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_biodata)
        QShortcut(QKeySequence.StandardKey.Save, self, self.identity.save)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, lambda: self.load(refresh=True))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._escape)
        self._set_enabled(False)
        if not ui_state.restore_geometry(self, STATE_KEY):
            self.resize(QSize(1180, 820))
        self.load(refresh=False)

    # --- loading ----------------------------------------------------------------------------------------------
    def load(self, *, refresh: bool = True) -> None:
        """Read everything again on a worker; only the first opening counts as a new view of the file."""
        actor, person_id = self.ctx.actor, self.person_id
        # The first opening writes its audit line (a write session); a refresh only reads.
        run = operations.read if refresh else operations.write
        run(
            self,
            self.ctx.db,
            lambda s: load_profile_data(s, actor, person_id, refresh=refresh),
            self._loaded,
            show_progress=not refresh,
            on_failure=self._load_failed,
        )

    def _load_failed(self, error: BaseException) -> bool:
        """A person that is not there (or not visible to this user) leaves no empty window behind."""
        from kesos_desktop.core.errors import NotFound

        if isinstance(error, NotFound):
            self.hide()
            box = operations.show_error(self, error)
            if box is None:
                self.close()
            else:
                box.finished.connect(lambda _result: self.close())
            return True
        return False

    def _loaded(self, data: ProfileData) -> None:
        self.data = data
        p = data.profile
        self.setWindowTitle(
            _("{name} · {reg} — Profil warga binaan").format(name=p.display_name, reg=p.registration_no)
        )
        self.header.show_profile(p, data.photo)
        self.identity.show_profile(p)
        self.family.show_profile(p)
        self.history.show_data(p.id, data.events, data.stays)
        self.documents.show_documents(p.id, data.documents)
        self.tabs.setTabText(3, _("&Dokumen ({n})").format(n=len(data.documents)) if data.documents else _("&Dokumen"))
        merged = p.merged_into_id is not None
        self.merged_banner.setVisible(merged)
        if merged:
            self.merged_banner.setText(
                _(
                    "Data ini sudah digabungkan ke data lain dan tidak diubah lagi. <a href='open'>Buka data hasil "
                    "penggabungan</a>."
                )
            )
        self._set_enabled(True)
        self.loaded.emit()

    def _set_enabled(self, ready: bool) -> None:
        data = self.data
        actor = self.ctx.actor
        merged = data is not None and data.profile.merged_into_id is not None
        self.print_button.setEnabled(ready)
        self.case_button.setVisible(actor.can("cases.view"))
        self.case_button.setEnabled(ready and not merged)
        in_care = data is not None and data.profile.current_stay is not None
        self.return_button.setVisible(actor.can("returns.plan"))
        self.return_button.setEnabled(ready and not merged and in_care)
        self.merge_button.setVisible(actor.can("residents.merge"))
        self.merge_button.setEnabled(ready and not merged)
        undo = data.undoable_merge() if data is not None else None
        self.undo_merge_button.setVisible(actor.can("residents.merge") and undo is not None)
        if undo is not None:
            self.undo_merge_button.setToolTip(
                _("Penggabungan pada {when} oleh {who}").format(
                    when=format_datetime(undo.performed_at), who=undo.performed_by
                )
            )
        self.tabs.setEnabled(ready)

    def open_case(self) -> None:
        from kesos_desktop.ui.pages.cases.opener import open_case_for_person

        open_case_for_person(self.ctx, self.person_id, self)

    def plan_return(self) -> None:
        from kesos_desktop.ui.pages.returns.opener import open_return_wizard

        wizard = open_return_wizard(self.ctx, self.person_id, self)
        if wizard is not None:
            wizard.saved.connect(lambda _plan: self.load(refresh=True))

    def _changed(self) -> None:
        self.load(refresh=True)
        self.changed.emit(self.person_id)

    def _open_survivor(self) -> None:
        if self.data is not None and self.data.profile.merged_into_id is not None:
            self.open_person.emit(self.data.profile.merged_into_id)

    # --- photo ------------------------------------------------------------------------------------------------
    def _photo_changed(self) -> None:
        image, actor, person_id = self.header.photo.image_bytes(), self.ctx.actor, self.person_id
        if image:
            work = lambda s: person_files.set_photo(s, actor, person_id, image)  # noqa: E731
        else:
            work = lambda s: person_files.remove_photo(s, actor, person_id)  # noqa: E731
        operations.write(self, self.ctx.db, work, lambda _r: self._changed(), on_failure=self._photo_failed)

    def _photo_failed(self, _error: BaseException) -> bool:
        self.load(refresh=True)  # show the stored photo again
        return False

    # --- biodata ----------------------------------------------------------------------------------------------
    def print_biodata(self) -> None:
        if self.data is None:
            return
        actor, profile, photo = self.ctx.actor, self.data.profile, self.data.photo
        # A write session: making the sheet records the print in the audit log.
        operations.write(
            self,
            self.ctx.db,
            lambda s: make_biodata(s, actor, profile, photo),
            self._biodata_ready,
            label=_("Menyiapkan biodata…"),
        )

    def _biodata_ready(self, sheet: BiodataSheet) -> None:
        dialog = BiodataDialog(sheet, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    # --- merge ------------------------------------------------------------------------------------------------
    def start_merge(self) -> None:
        if self.data is None:
            return
        dialog = MergeDialog(self.ctx, self.data.profile, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.merged.connect(self._merged)
        self.dialog = dialog
        dialog.open()

    def _merged(self, result: MergeResult) -> None:
        self.notice.setText(
            _("Data digabungkan. Penggabungan dapat dibatalkan dengan \u201cBatalkan penggabungan\u201d.")
        )
        self.notice.show()
        self._changed()

    def confirm_undo_merge(self) -> None:
        undo = self.data.undoable_merge() if self.data is not None else None
        if undo is None:
            return
        text = _(
            "Batalkan penggabungan pada {when}? Data yang digabungkan muncul kembali dengan masa tinggal, catatan "
            "dan dokumennya sendiri."
        ).format(when=format_datetime(undo.performed_at))
        actor, merge_id = self.ctx.actor, undo.id
        operations.ask(
            self,
            _("Batalkan penggabungan"),
            text,
            _("&Batalkan penggabungan"),
            lambda: operations.write(
                self,
                self.ctx.db,
                lambda s: merges.undo_merge(s, actor, merge_id),
                lambda _r: self._merge_undone(),
                label=_("Membatalkan penggabungan…"),
            ),
            destructive=True,
        )

    def _merge_undone(self) -> None:
        self.notice.setText(_("Penggabungan dibatalkan."))
        self.notice.show()
        self._changed()

    # --- closing ----------------------------------------------------------------------------------------------
    def _escape(self) -> None:
        if self.identity.editing():
            operations.ask(
                self,
                _("Batalkan perubahan"),
                _("Perubahan identitas belum disimpan. Buang perubahan?"),
                _("&Buang perubahan"),
                self.identity.cancel_edit,
                destructive=True,
            )
            return
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        ui_state.save_geometry(self, STATE_KEY)
        event.accept()


_windows: dict[uuid.UUID, ProfileWindow] = {}


def open_profile(
    ctx: AppContext, person_id: uuid.UUID, parent: QWidget | None = None, *, notice: str = ""
) -> ProfileWindow:
    """Show the profile of ``person_id`` (the window already open for that person is brought to the front)."""
    window = _windows.get(person_id)
    if window is not None and shiboken6.isValid(window):
        if notice:
            window.notice.setText(notice)
            window.notice.show()
        window.load(refresh=True)
        window.show()
        window.raise_()
        window.activateWindow()
        return window
    window = ProfileWindow(ctx, person_id, parent, notice)
    _windows[person_id] = window
    window.destroyed.connect(lambda *_a: _windows.pop(person_id, None))
    window.open_person.connect(lambda other: open_profile(ctx, other, parent))
    window.show()
    return window
