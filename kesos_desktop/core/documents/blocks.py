"""Letter head blocks: the korespondensi header (Nomor/Sifat/Lampiran/Hal, date, Yth.) and the centred title block."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from kesos_desktop.core.documents.layout import styles, table_style
from kesos_desktop.core.documents.wording import doc_text, place_date
from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import N_, _


def _p(text: str, style_name: str = "body") -> Paragraph:
    return Paragraph(escape(text), getattr(styles(), style_name))


def korespondensi_header(
    *,
    width: float,
    nomor: str,
    hal: str,
    place: str,
    on: date,
    addressee: Sequence[str],
    addressee_at: str = "",
    sifat: str = "",
    lampiran: str = "",
) -> list[Flowable]:
    """The top of a surat dinas after the kop, in the Permendagri 1/2023 korespondensi layout.

    Place and date on the right, then ``Nomor``/``Sifat``/``Lampiran``/``Hal`` on the left (empty Sifat and Lampiran
    print "-" as offices do), then "Yth." with the addressee lines and, if given, "di" and the place
    (``addressee_at``, e.g. "Cibinong" or "Tempat").
    """
    if not nomor.strip() or not hal.strip():
        message = _("Nomor dan hal surat wajib diisi.")
        raise ValidationError(message, fields={"nomor" if not nomor.strip() else "hal": message})
    if not addressee or not addressee[0].strip():
        message = _("Tujuan surat (Yth.) wajib diisi.")
        raise ValidationError(message, fields={"addressee": message})
    st = styles()
    label_w, colon_w = 24 * mm, 4 * mm
    rows = [
        (doc_text(N_("Nomor")), nomor),
        (doc_text(N_("Sifat")), sifat or "-"),
        (doc_text(N_("Lampiran")), lampiran or "-"),
        (doc_text(N_("Hal")), hal),
    ]
    top = Paragraph(escape(place_date(place, on)), st.body_right)
    fields = Table(
        [[_p(label), _p(":"), _p(value)] for label, value in rows],
        colWidths=[label_w, colon_w, width * 0.62 - label_w - colon_w],
        hAlign="LEFT",
    )
    fields.setStyle(table_style(("BOTTOMPADDING", (0, 0), (-1, -1), 1)))
    yth_w = 10 * mm
    to_rows: list[list[Flowable | str]] = [[_p(doc_text(N_("Yth."))), _p(addressee[0])]]
    to_rows += [["", _p(line)] for line in addressee[1:] if line.strip()]
    if addressee_at.strip():
        # "di" under the addressee, the place indented below it: the layout typists have used for decades.
        to_rows.append(["", _p(doc_text(N_("di")))])
        to_rows.append(
            ["", Paragraph(escape(addressee_at), ParagraphStyle("KesosYthPlace", parent=st.body, leftIndent=8 * mm))]
        )
    to = Table(to_rows, colWidths=[yth_w, width * 0.6 - yth_w], hAlign="LEFT")
    to.setStyle(table_style(("BOTTOMPADDING", (0, 0), (-1, -1), 1)))
    return [top, Spacer(0, 2 * mm), fields, Spacer(0, 6 * mm), to, Spacer(0, 6 * mm)]


def title_block(title: str, nomor: str | None = None, tentang: str | None = None) -> list[Flowable]:
    """A centred title (BERITA ACARA SERAH TERIMA, SURAT KETERANGAN...) with "NOMOR: ..." and "TENTANG" lines."""
    if not title.strip():
        message = _("Judul naskah wajib diisi.")
        raise ValidationError(message, fields={"title": message})
    st = styles()
    out: list[Flowable] = [Paragraph(escape(title.strip().upper()), st.title)]
    if nomor:
        out.append(Paragraph(escape(doc_text(N_("NOMOR: {nomor}")).format(nomor=nomor.strip())), st.body_center))
    if tentang:
        out.append(Spacer(0, 3 * mm))
        out.append(Paragraph(escape(doc_text(N_("TENTANG"))), st.body_center))
        out.append(Paragraph(escape(tentang.strip().upper()), st.body_center))
    out.append(Spacer(0, 6 * mm))
    return out
