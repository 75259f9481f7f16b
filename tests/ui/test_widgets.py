"""Widgets: RegionPicker type-ahead and level limits, kop-surat suggestions and preview, logo box."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage

from kesos_desktop.ui.dialogs.setup_wizard import suggested_letterhead, suggested_place
from kesos_desktop.ui.widgets.letterhead import LetterheadPreview, LogoBox, contact_lines
from kesos_desktop.ui.widgets.region_picker import RegionPicker, hit_label


def test_region_picker_types_ahead_with_parent_paths(qtbot) -> None:  # type: ignore[no-untyped-def]
    picker = RegionPicker(levels=(1, 2))
    qtbot.addWidget(picker)
    picker.show()
    changes: list[str] = []
    picker.codeChanged.connect(changes.append)
    qtbot.keyClicks(picker, "bandung")
    picker.search_now()
    assert picker.hits()[:2] == ["32.04", "32.73"]  # Kabupaten Bandung, Kota Bandung; no kecamatan or desa
    assert all(len(code) <= 5 for code in picker.hits())
    picker.pick("32.73")
    assert picker.code() == "32.73"
    assert picker.text() == "Kota Bandung, Jawa Barat"
    assert changes[-1] == "32.73"
    # Editing the text forgets the choice until a region is picked again.
    qtbot.keyClicks(picker, "x")
    assert picker.code() == ""
    assert changes[-1] == ""


def test_region_picker_accepts_a_code_and_settles_on_a_single_hit(qtbot) -> None:  # type: ignore[no-untyped-def]
    picker = RegionPicker()
    qtbot.addWidget(picker)
    picker.show()
    picker.setFocus()
    qtbot.keyClicks(picker, "3171011001")
    picker.search_now()
    assert picker.hits()[0] == "31.71.01.1001"
    picker.setCode(None)
    assert picker.code() == "" and picker.text() == ""
    qtbot.keyClicks(picker, "31.71.01.1001")
    picker.editingFinished.emit()
    assert picker.code() == "31.71.01.1001"


def test_hit_label_names_kind_and_parents() -> None:
    from kesos_desktop.core.reference import regions

    region = regions.get_region("31.71.01")
    assert region is not None
    assert hit_label(region, regions.path_label("31.71.01")) == (
        "Gambir (Kecamatan) — Kota Administrasi Jakarta Pusat, Daerah Khusus Ibukota Jakarta"
    )


def test_letterhead_suggestions_follow_the_region() -> None:
    assert suggested_letterhead("32") == ["PEMERINTAH PROVINSI JAWA BARAT", "DINAS SOSIAL"]
    assert suggested_letterhead("32.73", "UPTD Panti Sosial Bina Remaja") == [
        "PEMERINTAH KOTA BANDUNG",
        "DINAS SOSIAL",
        "UPTD PANTI SOSIAL BINA REMAJA",
    ]
    assert suggested_place("32.73") == "Bandung"
    assert suggested_place("32.04") == "Bandung"
    assert suggested_place("32") == ""
    assert contact_lines("Jl. Merdeka 1", "022-1234", "a@b.id", "") == [
        "Jl. Merdeka 1  Telepon 022-1234",
        "Pos-el a@b.id",
    ]


def png_bytes() -> bytes:
    image = QImage(40, 40, QImage.Format.Format_ARGB32)
    image.fill(QColor("#1d5fa8"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_logo_box_and_preview(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    logo_file = tmp_path / "logo.png"
    logo_file.write_bytes(png_bytes())
    box = LogoBox()
    qtbot.addWidget(box)
    with qtbot.waitSignal(box.edited):
        box.load_file(logo_file)
    assert box.logo() == logo_file.read_bytes()
    assert not box.preview.pixmap().isNull()
    qtbot.mouseClick(box.remove_button, Qt.MouseButton.LeftButton)
    assert box.logo() is None

    preview = LetterheadPreview()
    qtbot.addWidget(preview)
    preview.resize(520, 170)
    preview.set_letterhead(["PEMERINTAH PROVINSI JAWA BARAT", "DINAS SOSIAL"], address="Jl. X", logo=png_bytes())
    assert preview.lines() == ["PEMERINTAH PROVINSI JAWA BARAT", "DINAS SOSIAL"]
    assert not preview.grab().isNull()
