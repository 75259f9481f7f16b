"""Tab Konferensi: case conferences (temu bahas kasus) with attendees and decisions; recording one."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.services import activities
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays.fields import date_edit, to_date
from kesos_desktop.ui.models.table import Column, RowsTableModel
from kesos_desktop.ui.pages.cases.data import CaseView
from kesos_desktop.ui.pages.cases.form_bits import FieldTitle, text_box
from kesos_desktop.ui.pages.cases.plan_dialogs import SmallDialog
from kesos_desktop.ui.style import MUTED
from kesos_desktop.ui.widgets.tables import setup_table


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ConferenceDialog(SmallDialog):
    """Record a case conference: date, topic, attendees and decisions one per line, the discussion."""

    def __init__(self, ctx: AppContext, view: CaseView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Catat temu bahas kasus"), "", parent)
        self.setMinimumWidth(640)
        self.case = view.case
        self.held_on = date_edit()
        self.topic = QLineEdit()
        self.topic.setPlaceholderText(_("mis. Klasifikasi dan rencana penelusuran keluarga"))
        self.attendees = text_box(4)
        self.attendees.setPlaceholderText(_("Satu orang per baris: nama — peran"))
        self.discussion = text_box(5)
        self.decisions = text_box(4)
        self.decisions.setPlaceholderText(_("Satu keputusan per baris"))
        for label, name, widget, need in (
            (_("&Tanggal"), "held_on", self.held_on, True),
            (_("&Pokok bahasan"), "topic", self.topic, True),
            (_("&Peserta"), "attendees", self.attendees, True),
            (_("Pem&bahasan"), "discussion", self.discussion, False),
            (_("&Keputusan"), "decisions", self.decisions, True),
        ):
            self.fields.addRow(FieldTitle(label, widget, need), self.form.field(name, widget))
        self.save_button.setText(_("&Simpan"))

    def work(self):  # type: ignore[no-untyped-def]
        data = activities.ConferenceInput(
            case_id=self.case.id,
            held_on=to_date(self.held_on.date()),
            topic=self.topic.text(),
            attendees=lines(self.attendees.toPlainText()),
            discussion=self.discussion.toPlainText(),
            decisions=lines(self.decisions.toPlainText()),
        )
        actor = self.ctx.actor
        return lambda s: activities.record_conference(s, actor, data)


def conference_html(c: activities.ConferenceInfo) -> str:
    attendees = "".join(f"<li>{escape(a)}</li>" for a in c.attendees)
    decisions = "".join(f"<li>{escape(d)}</li>" for d in c.decisions)
    discussion = escape(c.discussion).replace("\n", "<br>") or "—"
    return (
        f"<h3>{escape(c.topic)}</h3>"
        f"<p style='color:{MUTED}'>{escape(format_date(c.held_on))} · "
        f"{escape(_('dicatat oleh {user}').format(user=c.recorded_by))}</p>"
        f"<p><b>{escape(_('Peserta'))}</b></p><ul>{attendees}</ul>"
        f"<p><b>{escape(_('Pembahasan'))}</b></p><p>{discussion}</p>"
        f"<p><b>{escape(_('Keputusan'))}</b></p><ol>{decisions}</ol>"
    )


class ConferencesTab(QWidget):
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: CaseView | None = None
        self.dialog: ConferenceDialog | None = None
        self.new_button = QPushButton(_("&Catat temu bahas…"))
        self.new_button.clicked.connect(self.record)
        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addStretch(1)
        self.model: RowsTableModel[activities.ConferenceInfo] = RowsTableModel(
            [
                Column(_("Tanggal"), lambda c: format_date(c.held_on), sort_key=lambda c: c.held_on),
                Column(_("Pokok bahasan"), lambda c: c.topic),
                Column(_("Peserta"), lambda c: len(c.attendees), align=Qt.AlignmentFlag.AlignRight),
                Column(_("Keputusan"), lambda c: "; ".join(c.decisions), tooltip=lambda c: "\n".join(c.decisions)),
            ],
            parent=self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (130, 300, 70))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.detail = QTextBrowser()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        self.empty = QLabel(_("Belum ada temu bahas kasus yang dicatat."))
        self.empty.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)

    def set_view(self, view: CaseView) -> None:
        self.view = view
        self.model.set_rows(view.conferences)
        self.empty.setVisible(not view.conferences)
        self.new_button.setEnabled(not view.case.is_closed and self.ctx.actor.can("notes.write"))
        if view.conferences:
            self.table.selectRow(0)
        self._selected()

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        item = self.model.row_at(rows[0].row()) if rows else None
        self.detail.setHtml(conference_html(item) if item else "")

    def record(self) -> None:
        if self.view is None:
            return
        dialog = ConferenceDialog(self.ctx, self.view, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _c: self.changed.emit())
        self.dialog = dialog
        dialog.open()
