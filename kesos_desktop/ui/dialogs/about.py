"""The About dialog: program and library versions, database location, font licence and the region data notice."""

from __future__ import annotations

import platform
import sys
from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from kesos_desktop import APP_NAME, __version__
from kesos_desktop.core.errors import ResourceMissing
from kesos_desktop.core.i18n import _
from kesos_desktop.core.resources import resource_path
from kesos_desktop.ui.style import app_icon


def library_versions() -> list[tuple[str, str]]:
    import reportlab
    import sqlalchemy

    return [
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", pyside_version),
        ("SQLAlchemy", sqlalchemy.__version__),
        ("ReportLab", reportlab.Version),
    ]


def _read(reader: object) -> str:
    try:
        return reader()  # type: ignore[operator]
    except (ResourceMissing, OSError) as exc:
        return str(exc)


def font_licence() -> str:
    return _read(lambda: resource_path("fonts", "LICENSE-DejaVu.txt").read_text(encoding="utf-8"))


def region_notice() -> str:
    from kesos_desktop.core.reference.regions import region_data_notice

    return _read(region_data_notice)


class AboutDialog(QDialog):
    def __init__(self, database_location: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Tentang {app}").format(app=APP_NAME))
        self.resize(640, 520)
        rows = "".join(
            f"<tr><td style='padding-right:16px'>{escape(name)}</td><td>{escape(version)}</td></tr>"
            for name, version in library_versions()
        )
        about = QLabel(
            f"<h2>{escape(APP_NAME)} {escape(__version__)}</h2>"
            f"<p>{escape(_('Registrasi, rehabilitasi sosial dan pemulangan untuk panti dan Dinas Sosial.'))}</p>"
            f"<table>{rows}</table>"
            f"<p><b>{escape(_('Basis data'))}</b><br>{escape(database_location or '—')}</p>"
            f"<p>{escape(_('Sistem operasi: {system}').format(system=platform.platform(terse=True)))}<br>"
            f"{escape(sys.executable)}</p>"
        )
        about.setWordWrap(True)
        about.setTextFormat(about.textFormat().RichText)
        about.setOpenExternalLinks(False)
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        first = QWidget()
        first_layout = QVBoxLayout(first)
        first_layout.addWidget(icon)
        first_layout.addWidget(about)
        first_layout.addStretch(1)

        fonts = QTextBrowser()
        fonts.setPlainText(font_licence())
        regions = QTextBrowser()
        regions.setOpenExternalLinks(True)
        regions.setMarkdown(region_notice())

        self.tabs = QTabWidget()
        self.tabs.addTab(first, _("&Program"))
        self.tabs.addTab(fonts, _("Lisensi &huruf"))
        self.tabs.addTab(regions, _("Data &wilayah"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
