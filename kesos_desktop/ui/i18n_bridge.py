"""Qt side of translation: a QTranslator that answers Qt's own strings from our gettext catalog, and QLocale setup.

PySide6 ships no Indonesian ``qtbase`` catalog, so the Indonesian ``kesos.po`` carries Qt's button, wizard, context
menu and file-dialog texts under ``msgctxt "qt:<Qt context>"``; ``qt_noop`` below lists them so extraction keeps them
in the template. The English catalog leaves them empty and Qt shows its own English.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from kesos_desktop.core import i18n

QT_CONTEXT_PREFIX = "qt:"


def qt_noop(context: str, source: str) -> tuple[str, str]:
    """Mark one of Qt's strings for extraction (keyword ``qt_noop:1c,2``); the context carries the ``qt:`` prefix."""
    return context, source


# Contexts and sources as Qt 6 asks for them (found by recording QCoreApplication.translate calls in PySide6 6.12,
# plus the macOS and GNOME theme variants that an offscreen run cannot show).
QT_MESSAGES = (
    # QDialogButtonBox / QMessageBox standard buttons (Windows, macOS, KDE and offscreen use QPlatformTheme).
    qt_noop("qt:QPlatformTheme", "OK"),
    qt_noop("qt:QPlatformTheme", "Save"),
    qt_noop("qt:QPlatformTheme", "Save All"),
    qt_noop("qt:QPlatformTheme", "Open"),
    qt_noop("qt:QPlatformTheme", "&Yes"),
    qt_noop("qt:QPlatformTheme", "Yes to &All"),
    qt_noop("qt:QPlatformTheme", "&No"),
    qt_noop("qt:QPlatformTheme", "N&o to All"),
    qt_noop("qt:QPlatformTheme", "Abort"),
    qt_noop("qt:QPlatformTheme", "Retry"),
    qt_noop("qt:QPlatformTheme", "Ignore"),
    qt_noop("qt:QPlatformTheme", "Close"),
    qt_noop("qt:QPlatformTheme", "Cancel"),
    qt_noop("qt:QPlatformTheme", "Discard"),
    qt_noop("qt:QPlatformTheme", "Help"),
    qt_noop("qt:QPlatformTheme", "Apply"),
    qt_noop("qt:QPlatformTheme", "Reset"),
    qt_noop("qt:QPlatformTheme", "Restore Defaults"),
    qt_noop("qt:QGnomeTheme", "&OK"),
    qt_noop("qt:QGnomeTheme", "&Save"),
    qt_noop("qt:QGnomeTheme", "&Cancel"),
    qt_noop("qt:QGnomeTheme", "&Close"),
    qt_noop("qt:QGnomeTheme", "Close without Saving"),
    qt_noop("qt:QCocoaTheme", "Don't Save"),
    # QMessageBox
    qt_noop("qt:QMessageBox", "Show Details..."),
    qt_noop("qt:QMessageBox", "Hide Details..."),
    # QWizard: classic/modern style, the Vista style's "&Next" and the macOS style's own words.
    qt_noop("qt:QWizard", "< &Back"),
    qt_noop("qt:QWizard", "&Next >"),
    qt_noop("qt:QWizard", "&Next"),
    qt_noop("qt:QWizard", "&Finish"),
    qt_noop("qt:QWizard", "Cancel"),
    qt_noop("qt:QWizard", "Commit"),
    qt_noop("qt:QWizard", "&Help"),
    qt_noop("qt:QWizard", "Help"),
    qt_noop("qt:QWizard", "Go Back"),
    qt_noop("qt:QWizard", "Continue"),
    qt_noop("qt:QWizard", "Done"),
    # Context menus of line edits, text edits and spin boxes.
    qt_noop("qt:QLineEdit", "&Undo"),
    qt_noop("qt:QLineEdit", "&Redo"),
    qt_noop("qt:QLineEdit", "Cu&t"),
    qt_noop("qt:QLineEdit", "&Copy"),
    qt_noop("qt:QLineEdit", "&Paste"),
    qt_noop("qt:QLineEdit", "Delete"),
    qt_noop("qt:QLineEdit", "Select All"),
    qt_noop("qt:QWidgetTextControl", "&Undo"),
    qt_noop("qt:QWidgetTextControl", "&Redo"),
    qt_noop("qt:QWidgetTextControl", "Cu&t"),
    qt_noop("qt:QWidgetTextControl", "&Copy"),
    qt_noop("qt:QWidgetTextControl", "&Paste"),
    qt_noop("qt:QWidgetTextControl", "Delete"),
    qt_noop("qt:QWidgetTextControl", "Select All"),
    qt_noop("qt:QWidgetTextControl", "Copy &Link Location"),
    qt_noop("qt:QAbstractSpinBox", "&Select All"),
    qt_noop("qt:QAbstractSpinBox", "&Step up"),
    qt_noop("qt:QAbstractSpinBox", "Step &down"),
    # Other stock dialogs.
    qt_noop("qt:QProgressDialog", "Cancel"),
    qt_noop("qt:QInputDialog", "Enter a value:"),
    qt_noop("qt:QErrorMessage", "&OK"),
    qt_noop("qt:QErrorMessage", "&Show this message again"),
    # Qt's own (non-native) file dialog, used on Linux desktops without a portal.
    qt_noop("qt:QFileDialog", "&Look in:"),
    qt_noop("qt:QFileDialog", "File &name:"),
    qt_noop("qt:QFileDialog", "Files of &type:"),
    qt_noop("qt:QFileDialog", "&Open"),
    qt_noop("qt:QFileDialog", "&Save"),
    qt_noop("qt:QFileDialog", "Open"),
    qt_noop("qt:QFileDialog", "Save As"),
    qt_noop("qt:QFileDialog", "All Files (*)"),
    qt_noop("qt:QFileDialog", "Back"),
    qt_noop("qt:QFileDialog", "Forward"),
    qt_noop("qt:QFileDialog", "Parent Directory"),
    qt_noop("qt:QFileDialog", "Go back"),
    qt_noop("qt:QFileDialog", "Go forward"),
    qt_noop("qt:QFileDialog", "Go to the parent directory"),
    qt_noop("qt:QFileDialog", "Create New Folder"),
    qt_noop("qt:QFileDialog", "Create a New Folder"),
    qt_noop("qt:QFileDialog", "&New Folder"),
    qt_noop("qt:QFileDialog", "&Rename"),
    qt_noop("qt:QFileDialog", "&Delete"),
    qt_noop("qt:QFileDialog", "Show &hidden files"),
    qt_noop("qt:QFileDialog", "List View"),
    qt_noop("qt:QFileDialog", "Detail View"),
    qt_noop("qt:QFileDialog", "Change to list view mode"),
    qt_noop("qt:QFileDialog", "Change to detail view mode"),
    qt_noop("qt:QFileDialog", "Sidebar"),
    qt_noop("qt:QFileDialog", "List of places and bookmarks"),
    qt_noop("qt:QFileDialog", "Files"),
    qt_noop("qt:QFileSystemModel", "Name"),
    qt_noop("qt:QFileSystemModel", "Size"),
    qt_noop("qt:QFileSystemModel", "Type"),
    qt_noop("qt:QFileSystemModel", "Date Modified"),
    qt_noop("qt:QFileSystemModel", "Computer"),
    qt_noop("qt:QAbstractFileIconProvider", "Folder"),
    qt_noop("qt:QAbstractFileIconProvider", "Drive"),
    # macOS application menu.
    qt_noop("qt:MAC_APPLICATION_MENU", "Services"),
    qt_noop("qt:MAC_APPLICATION_MENU", "Hide %1"),
    qt_noop("qt:MAC_APPLICATION_MENU", "Hide Others"),
    qt_noop("qt:MAC_APPLICATION_MENU", "Show All"),
    qt_noop("qt:MAC_APPLICATION_MENU", "Preferences..."),
    qt_noop("qt:MAC_APPLICATION_MENU", "Quit %1"),
    qt_noop("qt:MAC_APPLICATION_MENU", "About %1"),
)


class GettextQtTranslator(QTranslator):
    """Answers ``QCoreApplication.translate`` from the active gettext catalog, context ``qt:<Qt context>``."""

    def translate(self, context: str, sourceText: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        if not context or not sourceText:
            return None
        # The disambiguation is ignored: no string we carry needs it, and gettext has room for one context only.
        translated = i18n.pgettext(QT_CONTEXT_PREFIX + context, sourceText)
        # None becomes a null QString, which tells Qt to ask the next translator or keep its source text;
        # an empty string would blank the button.
        return translated if translated != sourceText else None

    def isEmpty(self) -> bool:
        # Qt only sends LanguageChange on install when the translator is not empty.
        return False


def qt_locale(language: str | None = None) -> QLocale:
    """QLocale for the interface language; English uses British conventions (day-first dates, 24-hour clock)."""
    language = i18n.normalize_language(language or i18n.current_language())
    if language == "id":
        return QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def install_qt_translator(app: QCoreApplication) -> GettextQtTranslator:
    """Install the gettext-backed translator on ``app`` (once) and set Qt's default locale to the current language.

    Call after ``kesos_desktop.core.i18n.install(language)`` and before widgets are built.
    """
    # Parented to the app, so the app keeps it alive and findChild finds it again.
    translator = app.findChild(GettextQtTranslator)
    if translator is None:
        translator = GettextQtTranslator(app)
        app.installTranslator(translator)
    QLocale.setDefault(qt_locale())
    return translator


def set_language(app: QCoreApplication, language: str) -> None:
    """Switch the interface language at run time: gettext catalog, QLocale, and a LanguageChange to every widget.

    Widgets that set their own texts must retranslate in ``changeEvent`` (QEvent.LanguageChange); Qt's standard
    buttons do so by themselves.
    """
    i18n.install(language)
    translator = install_qt_translator(app)
    # Reinstalling is how Qt is told: installTranslator sends LanguageChange to the application and its widgets.
    app.removeTranslator(translator)
    app.installTranslator(translator)


def remove_qt_translator(app: QCoreApplication) -> None:
    """Undo ``install_qt_translator`` (tests, or a shutdown that wants Qt back to its own strings)."""
    translator = app.findChild(GettextQtTranslator)
    if translator is not None:
        app.removeTranslator(translator)
        translator.setParent(None)
        translator.deleteLater()
