"""Pindah tahap: the allowed next stages (blocked ones disabled with why) and the fields a move needs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kesos_desktop.core.errors import Conflict, PermissionDenied
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date
from kesos_desktop.core.services import cases
from kesos_desktop.ui import operations
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.dialogs.stays import lookups
from kesos_desktop.ui.dialogs.stays.fields import code_combo, date_edit, save_cancel_buttons, to_date, to_qdate, uuid_of
from kesos_desktop.ui.pages.cases.form_bits import FieldTitle, text_box
from kesos_desktop.ui.style import ERROR, MUTED
from kesos_desktop.ui.widgets.forms import FormErrors, relax_labels


def load_choices(session, actor):  # type: ignore[no-untyped-def]
    """Exit reasons with their field flags, and the institutions a person can be referred to."""
    try:
        places = lookups.institution_choices(session, actor)
    except PermissionDenied:
        places = []
    return lookups.exit_reason_rules(session), places


class MoveStageDialog(QDialog):
    """``moved(CaseInfo)`` after the case changed stage; ``ready`` once the choices are loaded."""

    moved = Signal(object)
    ready = Signal()

    def __init__(self, ctx: AppContext, case: cases.CaseInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case = case
        self.rules: dict[str, lookups.ExitReasonRule] = {}
        self.setWindowTitle(_("Pindah tahap kasus {no}").format(no=case.case_no))
        self.setMinimumWidth(600)
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        banner = QLabel()
        self.form = FormErrors(self, banner)
        self.info = QLabel()
        self.info.setObjectName("infoBanner")
        self.info.setWordWrap(True)
        self.info.hide()
        self.stage_box = QFrame()
        self.stage_layout = QVBoxLayout(self.stage_box)
        self.stage_layout.setContentsMargins(0, 0, 0, 0)
        self.stage_layout.setSpacing(2)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        self.on_date = date_edit()
        self.reason = text_box()
        self.exit_reason = code_combo([], _("— pilih alasan terminasi —"), min_chars=34)
        self.destination = QLineEdit()
        self.destination.setPlaceholderText(_("Daerah, alamat atau keluarga penerima"))
        self.exit_target = QComboBox()
        self.exit_note = text_box(2)
        self.target = QComboBox()
        self.target_text = QLineEdit()
        self.target_text.setPlaceholderText(_("Atau tulis nama tempat (rumah sakit, LKS, pesantren…)"))
        for combo in (self.exit_target, self.target):
            combo.setMinimumContentsLength(34)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        self.fields = QFormLayout()
        self.fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields.addRow(_("Pindah &ke"), self.form.field("to_stage", self.stage_box))
        self.fields.addRow(_("&Tanggal"), self.form.field("occurred_on", self.on_date))
        self.reason_label = FieldTitle(_("&Alasan"), self.reason, required=False)
        self.fields.addRow(self.reason_label, self.form.field("reason", self.reason))
        self.rows: dict[str, QWidget] = {}
        for key, label, name, widget in (
            ("exit", _("Alasan &terminasi"), "exit_reason_code", self.exit_reason),
            ("destination", _("T&ujuan"), "exit_destination", self.destination),
            ("exit_target", _("Lembaga &penerima"), "exit_target_institution_id", self.exit_target),
            ("exit_note", _("K&eterangan"), "exit_note", self.exit_note),
            ("target", _("Lembaga &rujukan"), "target_institution_id", self.target),
            ("target_text", _("Tempat rujukan &lain"), "target_text", self.target_text),
        ):
            self.rows[key] = self.form.field(name, widget)
            self.fields.addRow(FieldTitle(label, widget, required=key != "target_text"), self.rows[key])
        relax_labels(self.fields)
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Pindahkan"))
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(banner)
        layout.addWidget(self.info)
        layout.addLayout(self.fields)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.group.idToggled.connect(lambda *_a: self.stage_changed())
        self.exit_reason.currentIndexChanged.connect(lambda *_a: self.stage_changed())
        self.show_case(case)
        actor = ctx.actor
        operations.read(self, ctx.db, lambda s: load_choices(s, actor), self._loaded, show_progress=False)

    # --- content ----------------------------------------------------------------------------------------------
    def show_case(self, case: cases.CaseInfo) -> None:
        """The stages offered now; a stage already chosen stays chosen when it is still offered."""
        chosen = self.chosen_code()
        self.case = case
        self.heading.setText(
            _("{name} · tahap sekarang: {stage} sejak {day}").format(
                name=case.person_name, stage=case.stage_label, day=format_date(case.stage_since)
            )
        )
        self.on_date.setMinimumDate(to_qdate(case.stage_since))
        while self.stage_layout.count():
            item = self.stage_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for radio in self.radios.values():
            self.group.removeButton(radio)
        self.radios = {}
        for n, stage in enumerate(case.next_stages):
            radio = QRadioButton(stage.label)
            radio.setProperty("stage", stage.code)
            self.group.addButton(radio, n)
            self.radios[stage.code] = radio
            self.stage_layout.addWidget(radio)
            if stage.blocked_by:
                radio.setEnabled(False)
                radio.setStyleSheet(f"color: {MUTED};")  # the palette alone does not grey it out
                why = "\n".join(stage.blocked_by)
                radio.setToolTip(why)
                note = QLabel("\n".join(f"• {line}" for line in stage.blocked_by))
                note.setObjectName("blockedReason")
                note.setWordWrap(True)
                note.setStyleSheet(f"color: {ERROR}; margin-left: 24px;")
                self.stage_layout.addWidget(note)
        if chosen in self.radios and self.radios[chosen].isEnabled():
            self.radios[chosen].setChecked(True)
        first = next((r for r in self.radios.values() if r.isEnabled()), None)
        if first is not None:
            first.setFocus()
        if not case.next_stages:
            self.stage_layout.addWidget(QLabel(_("Kasus ini tidak dapat dipindahkan lagi.")))
        self.stage_changed()

    def _loaded(self, result: tuple[list[lookups.ExitReasonRule], list[lookups.InstitutionChoice]]) -> None:
        rules, places = result
        self.rules = {r.code: r for r in rules}
        for rule in rules:
            self.exit_reason.addItem(rule.name, rule.code)
        for combo, empty in (
            (self.exit_target, _("— pilih lembaga penerima —")),
            (self.target, _("— pilih lembaga rujukan —")),
        ):
            combo.addItem(empty, None)
            for place in places:
                if place.id != self.case.institution_id:
                    combo.addItem(place.name, str(place.id))
        self.save_button.setEnabled(bool(self.case.next_stages))
        self.ready.emit()

    def chosen(self) -> cases.NextStage | None:
        code = self.chosen_code()
        return next((s for s in self.case.next_stages if s.code == code), None)

    def chosen_code(self) -> str:
        button = self.group.checkedButton() if hasattr(self, "group") else None
        return str(button.property("stage")) if button is not None else ""

    def choose(self, code: str) -> None:
        self.radios[code].setChecked(True)

    def rule(self) -> lookups.ExitReasonRule | None:
        code = self.exit_reason.currentData()
        return self.rules.get(code) if isinstance(code, str) else None

    def stage_changed(self) -> None:
        """Show what the chosen move asks for; what was typed in a field that hides is kept."""
        stage = self.chosen()
        needs_exit = bool(stage and stage.needs_exit_reason)
        rule = self.rule() if needs_exit else None
        self.reason_label.set_required(bool(stage and stage.needs_reason))
        self.fields.setRowVisible(self.rows["exit"], needs_exit)
        self.fields.setRowVisible(self.rows["destination"], bool(rule and rule.requires_destination))
        self.fields.setRowVisible(self.rows["exit_target"], bool(rule and rule.requires_target_institution))
        self.fields.setRowVisible(self.rows["exit_note"], bool(rule and rule.requires_text))
        self.fields.setRowVisible(self.rows["target"], bool(stage and stage.needs_target))
        self.fields.setRowVisible(self.rows["target_text"], bool(stage and stage.needs_target))

    # --- saving -----------------------------------------------------------------------------------------------
    def data(self) -> cases.TransitionInput | None:
        stage = self.chosen()
        if stage is None:
            self.form.set_field_error("to_stage", _("Pilih tahap tujuan."))
            return None
        rule = self.rule() if stage.needs_exit_reason else None
        return cases.TransitionInput(
            to_stage=stage.code,
            occurred_on=to_date(self.on_date.date()),
            reason=self.reason.toPlainText().strip(),
            exit_reason_code=rule.code if rule else None,
            exit_destination=self.destination.text().strip() if rule and rule.requires_destination else "",
            exit_note=self.exit_note.toPlainText().strip() if rule and rule.requires_text else "",
            exit_target_institution_id=uuid_of(self.exit_target) if rule and rule.requires_target_institution else None,
            target_institution_id=uuid_of(self.target) if stage.needs_target else None,
            target_text=self.target_text.text().strip() if stage.needs_target else "",
        )

    def submit(self) -> None:
        self.form.clear()
        data = self.data()
        if data is None:
            return
        actor, case_id, version = self.ctx.actor, self.case.id, self.case.version_id
        operations.write(
            self,
            self.ctx.db,
            lambda s: cases.move_case(s, actor, case_id, data, version),
            self._moved,
            form=self.form,
            on_failure=self._failed,
            busy=self.buttons,
        )

    def _moved(self, info: cases.CaseInfo) -> None:
        self.moved.emit(info)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        if not isinstance(error, Conflict):
            return False
        actor, case_id = self.ctx.actor, self.case.id

        def reloaded(latest: cases.CaseInfo) -> None:
            self.show_case(latest)
            self.info.setText(_("Kasus ini diubah pengguna lain; data terbaru dimuat. Isian Anda tetap."))
            self.info.show()

        operations.read(self, self.ctx.db, lambda s: cases.get_case(s, actor, case_id), reloaded)
        return True


def stage_note_texts(dialog: MoveStageDialog) -> list[str]:
    """The blocked-by reasons the dialog shows (what a person reads under the disabled stages)."""
    return [
        label.text() for label in dialog.stage_box.findChildren(QLabel, "blockedReason") if label.isVisibleTo(dialog)
    ]
