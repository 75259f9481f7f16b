"""The document toolkit in one import: fonts, page sizes, kop surat, signature blocks, QR, rendering."""

from __future__ import annotations

from kesos_desktop.core.documents.blocks import korespondensi_header, title_block
from kesos_desktop.core.documents.fonts import FontFamily, register_fonts
from kesos_desktop.core.documents.layout import (
    A4,
    DEFAULT_MARGINS,
    F4,
    PAGE_SIZES,
    DocContext,
    Margins,
    Styles,
    page_size,
    styles,
)
from kesos_desktop.core.documents.letterhead import KopSurat, Letterhead, kop_surat
from kesos_desktop.core.documents.qr import QrCode, dark_rectangles, qr_flowable
from kesos_desktop.core.documents.render import StoryBuilder, render_pdf
from kesos_desktop.core.documents.signature import (
    Party,
    Signatory,
    ThumbprintBox,
    signature_block,
    signature_row,
    thumbprint_box,
)
from kesos_desktop.core.documents.testpage import render_test_page, selftest_qr_text

__all__ = [
    "A4",
    "DEFAULT_MARGINS",
    "F4",
    "PAGE_SIZES",
    "DocContext",
    "FontFamily",
    "KopSurat",
    "Letterhead",
    "Margins",
    "Party",
    "QrCode",
    "Signatory",
    "StoryBuilder",
    "Styles",
    "ThumbprintBox",
    "dark_rectangles",
    "kop_surat",
    "korespondensi_header",
    "page_size",
    "qr_flowable",
    "register_fonts",
    "render_pdf",
    "render_test_page",
    "selftest_qr_text",
    "signature_block",
    "signature_row",
    "styles",
    "thumbprint_box",
    "title_block",
]
