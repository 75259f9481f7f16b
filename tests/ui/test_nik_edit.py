"""NikEdit as a person types: live decoding, the message of a wrong number, mismatch warnings, "NIK belum ada"."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.ui.widgets.forms import FormErrors
from kesos_desktop.ui.widgets.nik_edit import NikEdit

BUDI = "3171011708450001"  # man, 17-08-1945, Gambir (domain.md §5.2)


def _edit(qtbot) -> NikEdit:  # type: ignore[no-untyped-def]
    edit = NikEdit()
    qtbot.addWidget(edit)
    edit.show()
    return edit


def test_typed_nik_decodes_region_birth_date_and_sex_live(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = _edit(qtbot)
    decoded = []
    edit.info_changed.connect(decoded.append)
    qtbot.keyClicks(edit.line, "3171")
    # Before the number is complete the status counts digits and names the region the prefix already gives.
    assert "4 dari 16 angka" in edit.status_text()
    assert "Jakarta Pusat" in edit.status_text()
    qtbot.keyClicks(edit.line, "01 1708 4500")
    assert edit.info() is None
    qtbot.keyClicks(edit.line, "01")
    info = edit.info()
    assert info is not None and info.birth_date == date(1945, 8, 17) and info.sex == "L"
    assert decoded[-1] is info
    status = edit.status_text()
    assert "Gambir" in status and "17 Agustus 1945" in status and "laki-laki" in status
    assert edit.digits() == BUDI and edit.nik() == "317101 1708 450001"  # spaces as typed; the service strips
    assert edit.warning_text() == ""


def test_wrong_nik_shows_what_is_wrong_at_the_field(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = _edit(qtbot)
    qtbot.keyClicks(edit.line, "3171011713450001")  # month 13
    assert edit.info() is None
    assert "bulan" in edit.status_text() and "01–12" in edit.status_text()
    edit.line.clear()
    qtbot.keyClicks(edit.line, "9971011708450001")  # no province 99
    assert "Kode provinsi 99" in edit.status_text()
    # Letters cannot even be typed.
    edit.line.clear()
    qtbot.keyClicks(edit.line, "31a7")
    assert edit.line.text() == "317"


def test_mismatch_with_typed_sex_or_birth_date_is_a_warning(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = _edit(qtbot)
    edit.set_declared("P", date(1945, 8, 18), "exact")
    qtbot.keyClicks(edit.line, BUDI)
    assert edit.info() is not None  # still accepted: a warning, never a block
    warning = edit.warning_text()
    assert "Jenis kelamin pada NIK (laki-laki)" in warning
    assert "Tanggal lahir pada NIK (17-08-1945)" in warning
    # An estimated age far from the NIK's year warns too; a close one does not.
    edit.set_declared("L", date(1990, 1, 1), "estimated")
    assert "jauh dari perkiraan umur" in edit.warning_text()
    edit.set_declared("L", date(1946, 1, 1), "estimated")
    assert edit.warning_text() == ""


def test_fill_from_nik_link(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = _edit(qtbot)
    qtbot.keyClicks(edit.line, BUDI)
    assert "isi tanggal lahir" in edit.status_text()
    with qtbot.waitSignal(edit.fill_requested) as blocker:
        edit.status.linkActivated.emit("fill")
    assert blocker.args[0].birth_date == date(1945, 8, 17)


def test_no_nik_needs_a_reason(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = _edit(qtbot)
    qtbot.keyClicks(edit.line, "3171")
    qtbot.mouseClick(edit.absent, Qt.MouseButton.LeftButton, pos=edit.absent.rect().center())
    assert edit.is_absent() and not edit.line.isEnabled() and edit.reason.isEnabled()
    assert edit.nik() == ""  # "no NIK", whatever stays in the disabled line
    assert edit.focusWidget() is edit.reason  # typing goes on with the reason
    qtbot.keyClicks(edit.reason, "KTP hilang di terminal")
    assert edit.absent_reason() == "KTP hilang di terminal"
    edit.absent.setChecked(False)
    assert edit.nik() == "3171" and edit.absent_reason() == ""


def test_service_errors_show_under_the_field_and_clear_on_typing(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = _edit(qtbot)
    form = FormErrors()
    form.bind("nik", edit, edit.error_label)
    form.bind("nik_absent_reason", edit.reason, edit.reason_error)
    qtbot.keyClicks(edit.line, BUDI)
    message = "NIK 3171 01•• •••• 0001 sudah tercatat pada warga binaan WB-2026-000001."
    form.show_error(ValidationError("Periksa isian.", {"nik": message}))
    assert form.error_text("nik") == message
    assert edit.line.property("invalid") is True
    assert edit.status_text() == ""  # one message under the field, not two
    qtbot.keyClick(edit.line, Qt.Key.Key_Backspace)
    assert form.error_text("nik") == ""
    assert not edit.line.property("invalid")
    assert "15 dari 16 angka" in edit.status_text()


def test_masked_nik_is_kept_unchanged(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = _edit(qtbot)
    edit.set_masked("3171 01•• •••• 0001")
    assert edit.line.isReadOnly() and edit.nik() is None
    assert not edit.absent.isEnabled()
    edit.set_values(BUDI)
    assert edit.nik() == BUDI and edit.info() is not None
    edit.set_values("", "Belum memiliki KIA/akta kelahiran")
    assert edit.is_absent() and edit.absent_reason() == "Belum memiliki KIA/akta kelahiran"
