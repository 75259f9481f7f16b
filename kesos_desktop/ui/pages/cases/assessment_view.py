"""A completed assessment to read, and two versions side by side with the changed answers highlighted."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date, format_number
from kesos_desktop.core.services import assessments
from kesos_desktop.core.services.assessments import AssessmentComparison, AssessmentInfo
from kesos_desktop.ui.models.table import AnyIndex
from kesos_desktop.ui.pages.cases.assessment_form import score_text
from kesos_desktop.ui.style import ACCENT, MUTED
from kesos_desktop.ui.widgets.tables import setup_table

CHANGED_BG = "#fff3cd"
SECTION_BG = "#e8eef6"


def version_title(info: AssessmentInfo) -> str:
    return _("{name} ke-{n}, {day}").format(
        name=info.instrument_name, n=info.sequence_no, day=format_date(info.assessed_on)
    )


def assessment_html(info: AssessmentInfo) -> str:
    """The answers of an assessment as a page to read."""
    instrument = assessments.get_instrument(info.instrument_code, info.instrument_version)
    parts = [f"<h2>{escape(version_title(info))}</h2>"]
    meta = [_("Asesor: {name}").format(name=info.assessor_name or info.created_by)]
    score = score_text(instrument, info.score_total, info.band)
    if score:
        meta.append(score)
    parts.append(f"<p style='color:{MUTED}'>{escape(' · '.join(meta))}</p>")
    for section in instrument.sections:
        title = section.title()
        if section.code in info.section_scores:
            title = _("{title} — skor {score}").format(
                title=title, score=format_number(info.section_scores[section.code])
            )
        parts.append(f"<h3>{escape(title)}</h3><table cellspacing='0' cellpadding='4' width='100%'>")
        for field in section.fields:
            answer = assessments.display_answer(field, info.answers.get(field.code))
            parts.append(
                f"<tr><td width='40%' style='color:{MUTED}' valign='top'>{escape(field.label())}</td>"
                f"<td valign='top'>{escape(answer).replace(chr(10), '<br>')}</td></tr>"
            )
        parts.append("</table>")
    return "".join(parts)


class AssessmentViewDialog(QDialog):
    def __init__(self, info: AssessmentInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(version_title(info))
        self.resize(QSize(760, 760))
        self.browser = QTextBrowser()
        self.browser.setHtml(assessment_html(info))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Tutup"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)


class ComparisonModel(QAbstractTableModel):
    """Rows: a heading row per section (with its scores), then its fields; columns: question, A, B."""

    def __init__(self, comparison: AssessmentComparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.rows: list[tuple[str, str, str, bool, bool]] = []  # label, a, b, changed, is_section
        for section in comparison.sections:
            score_a = format_number(section.score_a) if section.score_a is not None else ""
            score_b = format_number(section.score_b) if section.score_b is not None else ""
            self.rows.append((section.title, score_a, score_b, section.score_a != section.score_b, True))
            for f in section.fields:
                self.rows.append((f.label, f.a, f.b, f.changed, False))
        self.headers = (_("Isian"), version_title(comparison.a), version_title(comparison.b))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else 3

    def is_section(self, row: int) -> bool:
        return self.rows[row][4]

    def is_changed(self, row: int) -> bool:
        return self.rows[row][3] and not self.rows[row][4]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows) or not 0 <= index.column() < 3:
            return None
        label, a, b, changed, section = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = (label, a, b)[index.column()]
            if section and index.column() and text:
                text = _("skor {score}").format(score=text)
            return text
        if role == Qt.ItemDataRole.ForegroundRole and section and changed and index.column():
            return QColor(ACCENT)
        if role == Qt.ItemDataRole.BackgroundRole:
            if section:
                return QColor(SECTION_BG)
            return QColor(CHANGED_BG) if changed and index.column() else None
        if role == Qt.ItemDataRole.FontRole and (section or (changed and index.column())):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return self.headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class ComparisonDialog(QDialog):
    """Two versions side by side; changed answers on a yellow ground in bold."""

    def __init__(self, comparison: AssessmentComparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Bandingkan asesmen"))
        self.resize(QSize(1080, 760))
        n = comparison.changed_count
        summary = QLabel(
            ngettext("{n} jawaban berubah (ditandai kuning).", "{n} jawaban berubah (ditandai kuning).", n).format(n=n)
            if n
            else _("Tidak ada jawaban yang berubah.")
        )
        summary.setObjectName("hint")
        scores = [
            score_text(assessments.get_instrument(i.instrument_code, i.instrument_version), i.score_total, i.band)
            for i in (comparison.a, comparison.b)
        ]
        score_line = QLabel(" → ".join(s for s in scores if s))
        score_line.setObjectName("sectionTitle")
        score_line.setVisible(any(scores))
        self.model = ComparisonModel(comparison, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, (330, 340))
        self.table.setWordWrap(True)
        # A few dozen rows: let long answers wrap to their height.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setMinimumSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Tutup"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(score_line)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
