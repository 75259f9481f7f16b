"""The "Kemungkinan data ganda" panel: people on record who may be the one being registered, with score and reasons."""

from __future__ import annotations

import html
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kesos_desktop.core.i18n import _, ngettext
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.services.duplicates import Candidate
from kesos_desktop.core.services.residents_choices import choice_label
from kesos_desktop.ui.style import ERROR, MUTED
from kesos_desktop.ui.widgets.page_header import heading_font

CARD_STYLE = "QFrame#candidateCard { background: white; border: 1px solid #d5dce5; border-radius: 6px; }"


def score_color(score: int) -> str:
    if score >= 90:
        return ERROR
    return "#b26a00" if score >= 70 else MUTED


def _birth(candidate: Candidate) -> str:
    born = candidate.birth_date
    if born is None:
        return ""
    if candidate.birth_date_precision in ("year", "estimated"):
        return _("lahir ± {year}").format(year=born.year)
    return _("lahir {date}").format(date=format_date(born))


def stay_text(candidate: Candidate) -> str:
    last = candidate.last_stay
    if last is None:
        return _("Belum pernah ditempatkan.")
    if last.exited_on is None:
        return _("Masih tinggal di {place} sejak {day}.").format(
            place=last.institution_name, day=format_date(last.admitted_on)
        )
    return _("Terakhir di {place}, keluar {day}.").format(place=last.institution_name, day=format_date(last.exited_on))


class CandidateCard(QFrame):
    same = Signal(object)
    different = Signal(object)

    def __init__(self, candidate: Candidate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.candidate = candidate
        self.setObjectName("candidateCard")
        self.setStyleSheet(CARD_STYLE)
        score = QLabel(str(candidate.score))
        score.setFixedSize(40, 40)
        score.setAlignment(Qt.AlignmentFlag.AlignCenter)
        score.setFont(heading_font(1.1))
        color = score_color(candidate.score)
        score.setStyleSheet(f"color: white; background: {color}; border-radius: 20px;")
        score.setToolTip(_("Skor kemiripan 0–100"))
        name = candidate.full_name or candidate.alias
        if candidate.full_name and candidate.alias:
            name = f"{candidate.full_name} ({candidate.alias})"
        reg = html.escape(candidate.registration_no)
        title = QLabel(f"<b>{html.escape(name)}</b><br><span style='color:{MUTED}'>{reg}</span>")
        title.setWordWrap(True)
        facts = [choice_label("sex", candidate.sex), _birth(candidate), candidate.origin_region_name]
        if candidate.nik_display:
            facts.append(_("NIK {nik}").format(nik=candidate.nik_display))
        details = QLabel(" · ".join(f for f in facts if f))
        details.setWordWrap(True)
        stays = QLabel(stay_text(candidate))
        stays.setWordWrap(True)
        stays.setObjectName("hint")
        self.reasons = QLabel(_("Alasan: {reasons}").format(reasons=", ".join(candidate.reasons)))
        self.reasons.setWordWrap(True)
        # A child still missing from a partner placement: said on its own line, in the warning colour.
        self.runaway = QLabel(candidate.runaway[:1].upper() + candidate.runaway[1:])
        self.runaway.setWordWrap(True)
        self.runaway.setStyleSheet(f"color: {ERROR}; font-weight: 600;")
        self.runaway.setVisible(bool(candidate.runaway))
        self.same_button = QPushButton(_("Orang yang sama → terima kembali"))
        self.same_button.setToolTip(_("Catat penerimaan baru pada data yang sudah ada; isian ini tidak disimpan."))
        self.same_button.clicked.connect(lambda: self.same.emit(candidate))
        self.different_button = QPushButton(_("Orang berbeda"))
        self.different_button.setToolTip(_("Ingat bahwa ini orang lain; data ini tidak diusulkan lagi."))
        self.different_button.clicked.connect(lambda: self.different.emit(candidate))
        top = QHBoxLayout()
        top.addWidget(score, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(title, 1)
        # One button per line: the panel is narrow and both labels must be read whole.
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.same_button, 0, Qt.AlignmentFlag.AlignLeft)
        buttons.addWidget(self.different_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addWidget(self.runaway)
        layout.addWidget(details)
        layout.addWidget(stays)
        layout.addWidget(self.reasons)
        layout.addLayout(buttons)


class DuplicatesPanel(QWidget):
    """``same_person(Candidate)`` and ``different_person(Candidate)`` carry the user's choice on a card."""

    same_person = Signal(object)
    different_person = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[CandidateCard] = []
        self.title = QLabel(_("Kemungkinan data ganda"))
        self.title.setObjectName("sectionTitle")
        self.title.setFont(heading_font(1.15))
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        holder = QWidget()
        self.list_layout = QVBoxLayout(holder)
        self.list_layout.setContentsMargins(0, 0, 4, 0)
        self.list_layout.setSpacing(8)
        self.list_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.scroll, 1)
        self.show_idle()

    def show_idle(self) -> None:
        self._clear()
        self.status.setText(_("Calon data ganda muncul di sini saat nama, NIK atau tanggal lahir diisi."))

    def show_searching(self) -> None:
        self.status.setText(_("Mencari data yang mirip…"))

    def show_candidates(self, candidates: list[Candidate]) -> None:
        self._clear()
        for candidate in candidates:
            card = CandidateCard(candidate)
            card.same.connect(self.same_person.emit)
            card.different.connect(self.different_person.emit)
            self.cards.append(card)
            self.list_layout.insertWidget(self.list_layout.count() - 1, card)
        self._update_status()

    def remove(self, person_id: uuid.UUID) -> None:
        for card in list(self.cards):
            if card.candidate.person_id == person_id:
                self.cards.remove(card)
                card.hide()
                card.deleteLater()
        self._update_status()

    def candidates(self) -> list[Candidate]:
        return [card.candidate for card in self.cards]

    def card_for(self, person_id: uuid.UUID) -> CandidateCard | None:
        return next((c for c in self.cards if c.candidate.person_id == person_id), None)

    def _update_status(self) -> None:
        n = len(self.cards)
        if n:
            self.status.setText(
                ngettext(
                    "{n} data mirip. Periksa sebelum menyimpan: orang yang sama diterima kembali pada datanya.",
                    "{n} data mirip. Periksa sebelum menyimpan: orang yang sama diterima kembali pada datanya.",
                    n,
                ).format(n=n)
            )
        else:
            self.status.setText(_("Tidak ada data yang mirip."))

    def _clear(self) -> None:
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []
