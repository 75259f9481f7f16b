"""Foto: the person's photo from a file; drafts keep the file's path (a photo is too big for a draft)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from kesos_desktop.core.i18n import _
from kesos_desktop.ui.pages.intake.sections import Section, hint_label
from kesos_desktop.ui.widgets.forms import FormErrors
from kesos_desktop.ui.widgets.photo_box import PhotoBox


class PhotoSection(Section):
    key = "photo"

    def __init__(self, form: FormErrors, parent: QWidget | None = None) -> None:
        super().__init__(_("Foto"), form, parent)
        self.box = PhotoBox()
        self.box.changed.connect(self.changed.emit)
        self.outer.addWidget(form.field("photo", self.box))
        self.outer.addWidget(
            hint_label(
                _("Foto wajah adalah data pribadi spesifik; foto anak tidak dicetak pada dokumen yang dibagikan.")
            )
        )

    def photo(self) -> bytes | None:
        return self.box.image_bytes()

    def values(self) -> dict[str, Any]:
        return {"path": self.box.path()}

    def set_values(self, values: dict[str, Any]) -> None:
        path = str(values.get("path") or "")
        if path and Path(path).is_file():
            self.box.load_file(path)
        else:
            self.box.set_image(None)
