"""Qt's own strings (buttons, wizard, context menus) come from our gettext catalog: Indonesian or Qt's English."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox, QWizard, QWizardPage

from kesos_desktop.core import i18n
from kesos_desktop.ui import i18n_bridge
from kesos_desktop.ui.i18n_bridge import GettextQtTranslator, install_qt_translator, set_language

Button = QDialogButtonBox.StandardButton
WIZARD_BUTTONS = [
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.NextButton,
    QWizard.WizardButton.FinishButton,
    QWizard.WizardButton.CancelButton,
]


@pytest.fixture
def bridged(qapp: QApplication) -> Iterator[QApplication]:
    """The app with our translator, put back the way it was afterwards (Indonesian, no translator, old locale)."""
    old_locale = QLocale()
    i18n.install("id")
    install_qt_translator(qapp)
    yield qapp
    i18n_bridge.remove_qt_translator(qapp)
    i18n.install("id")
    QLocale.setDefault(old_locale)


def _texts(box: QDialogButtonBox, *buttons: QDialogButtonBox.StandardButton) -> list[str]:
    return [box.button(button).text() for button in buttons]


def _wizard(qtbot) -> QWizard:  # type: ignore[no-untyped-def]
    wizard = QWizard()
    wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)  # the one with "&Next >"; Windows uses Modern, same texts
    wizard.addPage(QWizardPage())
    wizard.addPage(QWizardPage())
    qtbot.addWidget(wizard)
    return wizard


STANDARD = [
    (Button.Ok, "OK", "OK"),
    (Button.Cancel, "Batal", "Cancel"),
    (Button.Save, "Simpan", "Save"),
    (Button.Yes, "&Ya", "&Yes"),
    (Button.No, "&Tidak", "&No"),
    (Button.Close, "Tutup", "Close"),
    (Button.Apply, "Terapkan", "Apply"),
    (Button.Discard, "Buang", "Discard"),
    (Button.Open, "Buka", "Open"),
    (Button.Help, "Bantuan", "Help"),
    (Button.Retry, "Coba Lagi", "Retry"),
    (Button.Ignore, "Abaikan", "Ignore"),
    (Button.RestoreDefaults, "Kembalikan Bawaan", "Restore Defaults"),
]


@pytest.mark.parametrize(("button", "indonesian", "english"), STANDARD)
def test_standard_buttons(bridged: QApplication, qtbot, button, indonesian: str, english: str) -> None:  # type: ignore[no-untyped-def]
    box = QDialogButtonBox(button)
    qtbot.addWidget(box)
    assert box.button(button).text() == indonesian
    i18n.install("en")
    english_box = QDialogButtonBox(button)
    qtbot.addWidget(english_box)
    assert english_box.button(button).text() == english


def test_wizard_buttons_in_both_languages(bridged: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    wizard = _wizard(qtbot)
    assert [wizard.buttonText(b) for b in WIZARD_BUTTONS] == ["< &Kembali", "&Lanjut >", "&Selesai", "Batal"]
    i18n.install("en")
    wizard = _wizard(qtbot)
    assert [wizard.buttonText(b) for b in WIZARD_BUTTONS] == ["< &Back", "&Next >", "&Finish", "Cancel"]


def test_switching_language_retranslates_open_widgets(bridged: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    box = QDialogButtonBox(Button.Save | Button.Cancel)
    qtbot.addWidget(box)
    wizard = _wizard(qtbot)
    assert _texts(box, Button.Save, Button.Cancel) == ["Simpan", "Batal"]

    set_language(bridged, "en")
    QCoreApplication.processEvents()  # LanguageChange reaches widgets as posted events
    assert i18n.current_language() == "en"
    assert _texts(box, Button.Save, Button.Cancel) == ["Save", "Cancel"]
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "&Next >"
    assert QLocale().language() == QLocale.Language.English

    set_language(bridged, "id")
    QCoreApplication.processEvents()
    assert _texts(box, Button.Save, Button.Cancel) == ["Simpan", "Batal"]
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "&Lanjut >"
    assert QLocale().language() == QLocale.Language.Indonesian
    assert QLocale().monthName(8) == "Agustus"


def test_line_edit_context_menu(bridged: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [action.text().split("\t")[0] for action in menu.actions() if action.text()]
    menu.deleteLater()
    assert texts == ["&Urungkan", "Ula&ngi", "&Potong", "&Salin", "&Tempel", "Hapus", "Pilih Semua"]


def test_message_box_details_button(bridged: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setDetailedText("Jejak galat")
    texts = {button.text() for button in box.buttons()}
    assert "Tampilkan Rincian..." in texts


def test_strings_we_do_not_carry_keep_qt_english(bridged: QApplication) -> None:
    assert QCoreApplication.translate("QPlatformTheme", "Something Qt might add") == "Something Qt might add"
    assert QCoreApplication.translate("QWizard", "OK") == "OK"  # the context matters
    # Qt asks this to decide the layout direction; we must not answer it.
    assert QCoreApplication.translate("QGuiApplication", "QT_LAYOUT_DIRECTION") == "QT_LAYOUT_DIRECTION"
    assert bridged.layoutDirection().name == "LeftToRight"


def test_installing_twice_keeps_one_translator(bridged: QApplication) -> None:
    first = install_qt_translator(bridged)
    assert install_qt_translator(bridged) is first
    assert bridged.findChildren(GettextQtTranslator) == [first]


EDIT_MENU = ["&Undo", "&Redo", "Cu&t", "&Copy", "&Paste", "Delete", "Select All"]
MENUS = {
    # The spin box menu holds the line-edit actions (its own "&Select All" replaces theirs) plus its own steps.
    "spin box": [("qt:QLineEdit", s) for s in EDIT_MENU[:-1]]
    + [("qt:QAbstractSpinBox", s) for s in ["&Select All", "&Step up", "Step &down"]],
    "text edit": [("qt:QWidgetTextControl", s) for s in [*EDIT_MENU, "Copy &Link Location"]],
    "buttons": [("qt:QPlatformTheme", s) for s in ["&Yes", "Yes to &All", "&No", "N&o to All"]],
    "wizard": [("qt:QWizard", s) for s in ["< &Back", "&Next >", "&Finish", "&Help"]],
}


@pytest.mark.parametrize("menu", MENUS)
def test_accelerators_do_not_clash(menu: str) -> None:
    catalog = i18n.translator("id")
    keys = []
    for context, source in MENUS[menu]:
        text = catalog.pgettext(context, source)
        if "&" in text:
            keys.append(text[text.index("&") + 1].lower())
    assert len(keys) == len(set(keys)), keys
