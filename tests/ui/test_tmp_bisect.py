"""The assessment form as a worker fills it: widgets per field type rendered from the instrument, required marks,
live score, missing answers marked at their fields with the draft kept, bad numbers refused at the field, the
question before closing with unsaved answers, and two versions compared side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QMessageBox, QPlainTextEdit, QRadioButton

from kesos_desktop.core.services import assessments
from kesos_desktop.ui.pages.cases import answers as widgets
from kesos_desktop.ui.pages.cases.assessment_form import AssessmentForm
from kesos_desktop.ui.pages.cases.assessment_view import AssessmentViewDialog, ComparisonDialog
from kesos_desktop.ui.pages.cases.opener import open_case_window
from tests.ui.cases_world import FULL_SOCIAL, SOCIAL, world  # noqa: F401 - the fixture
from tests.ui.helpers import find_top_level, screenshot, wait_idle

HEALTH = "SKRINING_KESEHATAN"


def start(world, case, code: str = SOCIAL):  # type: ignore[no-untyped-def]
    with world.worker.db.write() as s:
        return assessments.start_assessment(s, world.worker.actor, case.id, code)


def show_form(qtbot, world, info) -> AssessmentForm:  # type: ignore[no-untyped-def]
    form = AssessmentForm(world.worker, info, "Andi Saputra · kasus KS-1")
    form.resize(1000, 900)
    form.show()
    qtbot.waitExposed(form)
    return form


def answer(qtbot, form: AssessmentForm, code: str, value: object) -> None:  # type: ignore[no-untyped-def]
    """Answer one question the way a person does: type, pick, tick or click."""
    widget = form.answers[code]
    form.scroll.ensureWidgetVisible(widget)
    if isinstance(widget, widgets.TextAnswer | widgets.NumberAnswer):
        widget.edit.setFocus()
        if isinstance(widget.edit, QPlainTextEdit):
            widget.edit.clear()
        else:
            widget.edit.selectAll()
        qtbot.keyClicks(widget.edit, str(value))
    elif isinstance(widget, widgets.ChoiceAnswer):
        widget.combo.setFocus()
        widget.combo.setCurrentIndex(widget.combo.findData(value))
    elif isinstance(widget, widgets.MultiAnswer):
        for v, check in widget.checks.items():
            if check.isChecked() != (v in value):  # type: ignore[operator]
                qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    elif isinstance(widget, widgets.ScaleAnswer):
        qtbot.mouseClick(widget.group.button(int(value)), Qt.MouseButton.LeftButton)  # type: ignore[call-overload]
    else:
        raise AssertionError(code)


def fill(qtbot, form: AssessmentForm, values: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    for code, value in values.items():
        answer(qtbot, form, code, value)



def test_x(qtbot, world) -> None:
    case = world.case("Andi Saputra")
    form = show_form(qtbot, world, start(world, case))
    fill(qtbot, form, {"rekomendasi_komponen": ["1"]})
    form._closing = True
    form.close()
