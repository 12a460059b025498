"""The recommendation letter: a pure function from its content to PDF bytes.

No database access: the caller gathers everything into a `LetterContent`. The
output is deterministic (the same content gives byte-identical PDFs), because
letters are stored once and their SHA-256 is published.

Only the standard PDF fonts are used (Helvetica), so nothing is embedded; they
cover WinAnsi, which includes Indonesian text and characters such as “ ” – — é.
"""

import datetime
import io
import itertools
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.formats import date_format
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Group, Path
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

FEASIBLE = "feasible"
NOT_FEASIBLE = "not_feasible"
VERDICTS = {
    FEASIBLE: "LAYAK DILAKSANAKAN",
    NOT_FEASIBLE: "TIDAK LAYAK DILAKSANAKAN",
}
SUBJECT = "Rekomendasi Kegiatan Statistik"
AGENCY = "Badan Pusat Statistik"

QR_SIZE = 30 * mm
LEFT_MARGIN = 25 * mm
RIGHT_MARGIN = 20 * mm
TOP_MARGIN = 15 * mm
BOTTOM_MARGIN = 20 * mm
# SimpleDocTemplate's frame keeps 6 pt of padding on each side.
FRAME_WIDTH = A4[0] - LEFT_MARGIN - RIGHT_MARGIN - 2 * 6


@dataclass(frozen=True)
class LetterContent:
    office_name: str  # e.g. "Badan Pusat Statistik Kabupaten Banjarnegara"
    office_address: str  # one line, e.g. "Jl. Dipayuda No. 3, Banjarnegara 53412"
    office_phone: str  # may be ""
    office_email: str
    office_website: str  # may be ""
    place: str  # city for the date line, e.g. "Banjarnegara"
    number: str  # e.g. "B-12/33040/KS.000/2026"
    issued_on: datetime.date
    addressee: str  # agency name, e.g. "Kepala Bappeda Kabupaten Banjarnegara"
    addressee_address: str  # may be ""
    title: str  # activity title
    year: int  # activity year
    reference: str  # e.g. "REK-3304-2026-00001"
    verdict: str  # "feasible" or "not_feasible"
    text: str  # suggestions (feasible, may be "") or reasons (not_feasible); may contain newlines
    signatory_name: str
    signatory_nip: str  # 18 digits
    signatory_position: str  # e.g. "Kepala BPS Kabupaten Banjarnegara"
    verification_url: str  # absolute URL, goes into the QR code and printed below it


def indonesian_date(day: datetime.date) -> str:
    """The date as written in Indonesian letters: "24 November 2026", "1 Januari 2027"."""
    with translation.override("id"):
        return date_format(day, "j F Y")


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body", fontName="Helvetica", fontSize=11, leading=15, alignment=TA_JUSTIFY
    )
    return {
        "body": body,
        "left": ParagraphStyle("left", parent=body, alignment=TA_LEFT),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        "item": ParagraphStyle("item", parent=body, leftIndent=10 * mm, spaceAfter=3),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName="Helvetica-Bold", spaceBefore=6, spaceAfter=3
        ),
        "verdict": ParagraphStyle(
            "verdict",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=13,
            leading=17,
            alignment=TA_CENTER,
            spaceBefore=6,
            spaceAfter=6,
        ),
        "head1": ParagraphStyle(
            "head1", fontName="Helvetica-Bold", fontSize=15, leading=19, alignment=TA_CENTER
        ),
        "head2": ParagraphStyle(
            "head2", fontName="Helvetica-Bold", fontSize=13, leading=17, alignment=TA_CENTER
        ),
        "head3": ParagraphStyle(
            "head3", fontName="Helvetica", fontSize=9, leading=12, alignment=TA_CENTER
        ),
        "small": ParagraphStyle("small", fontName="Helvetica", fontSize=7.5, leading=9.5),
    }


def _paragraphs(text: str) -> list[str]:
    """The text's non-blank lines, each escaped for Paragraph markup."""
    return [escape(line.strip()) for line in text.splitlines() if line.strip()]


def _letterhead(content: LetterContent, styles) -> list:
    office = content.office_name.strip()
    # "Badan Pusat Statistik Kabupaten Banjarnegara" -> "KABUPATEN BANJARNEGARA"
    # under "BADAN PUSAT STATISTIK", as on BPS letterheads.
    region = office[len(AGENCY) :].strip() if office.lower().startswith(AGENCY.lower()) else office
    contacts = []
    if content.office_phone:
        contacts.append(f"Telp. {content.office_phone}")
    if content.office_email:
        contacts.append(f"E-mail: {content.office_email}")
    if content.office_website:
        contacts.append(f"Website: {content.office_website}")
    flowables = [Paragraph(AGENCY.upper(), styles["head1"])]
    if region:
        flowables.append(Paragraph(escape(region.upper()), styles["head2"]))
    flowables.append(Paragraph(escape(content.office_address), styles["head3"]))
    if contacts:
        flowables.append(Paragraph(escape(" · ".join(contacts)), styles["head3"]))
    flowables += [
        Spacer(0, 2 * mm),
        HRFlowable(width="100%", thickness=2, color=colors.black, spaceAfter=1),
        HRFlowable(width="100%", thickness=0.5, color=colors.black, spaceAfter=6 * mm),
    ]
    return flowables


def _label_table(rows, styles, *, label_width, width, indent=0) -> Table:
    """Rows of (label, value flowable) as "label : value", values wrapping."""
    data = [
        [Paragraph(label, styles["left"]), Paragraph(":", styles["left"]), value]
        for label, value in rows
    ]
    widths = [label_width, 4 * mm, width - indent - label_width - 4 * mm]
    table = Table(data, colWidths=widths, hAlign="RIGHT" if indent else "LEFT")
    table.setStyle(_layout_style(("BOTTOMPADDING", (0, 0), (-1, -1), 1)))
    return table


def _layout_style(*overrides) -> TableStyle:
    """Tables here only place text side by side: cells top-aligned, no padding,
    then `overrides` (later commands win)."""
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            *overrides,
        ]
    )


def _heading_block(content: LetterContent, styles) -> list:
    dated = f"{escape(content.place)}, {indonesian_date(content.issued_on)}"
    date_width = 62 * mm
    details = [
        ("Nomor", Paragraph(escape(content.number), styles["left"])),
        ("Sifat", Paragraph("Biasa", styles["left"])),
        ("Lampiran", Paragraph("-", styles["left"])),
        ("Hal", Paragraph(SUBJECT, styles["left"])),
    ]
    left = _label_table(
        details, styles, label_width=22 * mm, width=FRAME_WIDTH - date_width - 4 * mm
    )
    table = Table(
        [[left, Paragraph(dated, styles["right"])]],
        colWidths=[FRAME_WIDTH - date_width, date_width],
    )
    table.setStyle(_layout_style())
    return [table, Spacer(0, 6 * mm)]


def _addressee_block(content: LetterContent, styles) -> list:
    flowables = [Paragraph(f"Yth. {escape(content.addressee)}", styles["left"])]
    if content.addressee_address.strip():
        for line in _paragraphs(content.addressee_address):
            flowables.append(Paragraph(line, styles["left"]))
    flowables += [Paragraph("di tempat", styles["left"]), Spacer(0, 6 * mm)]
    return flowables


def _body(content: LetterContent, styles) -> list:
    reference = escape(content.reference)
    flowables = [
        Paragraph(
            "Menindaklanjuti permohonan rekomendasi kegiatan statistik dengan nomor "
            f"pengajuan {reference} yang disampaikan melalui layanan Rekomendasi Kegiatan "
            "Statistik, dengan ini kami sampaikan hasil pemeriksaan atas rancangan kegiatan "
            "statistik berikut:",
            styles["body"],
        ),
        Spacer(0, 2 * mm),
        _label_table(
            [
                ("Judul kegiatan", Paragraph(escape(content.title), styles["left"])),
                ("Tahun", Paragraph(str(content.year), styles["left"])),
                ("Nomor pengajuan", Paragraph(reference, styles["left"])),
            ],
            styles,
            label_width=38 * mm,
            width=FRAME_WIDTH,
            indent=10 * mm,
        ),
        Spacer(0, 3 * mm),
        Paragraph(
            "Berdasarkan hasil pemeriksaan tersebut, kegiatan statistik dimaksud dinyatakan:",
            styles["body"],
        ),
        Paragraph(VERDICTS[content.verdict], styles["verdict"]),
    ]
    lines = _paragraphs(content.text)
    if lines:
        heading = "Saran:" if content.verdict == FEASIBLE else "Alasan:"
        flowables.append(Paragraph(heading, styles["heading"]))
        flowables += [Paragraph(line, styles["item"]) for line in lines]
    flowables += [
        Spacer(0, 3 * mm),
        Paragraph(
            "Demikian surat ini kami sampaikan. Atas perhatian dan kerja sama Bapak/Ibu, "
            "kami ucapkan terima kasih.",
            styles["body"],
        ),
    ]
    return flowables


class _QrCodeWidget(QrCodeWidget):
    """reportlab's QR code widget, its dark modules drawn as one path.

    The stock widget makes one validated Rect per run of dark modules (some 500
    for a verification URL), which takes about half of a letter's rendering time.
    Same encoder, same geometry, same picture.
    """

    def draw(self):
        self.qr.make()
        count = self.qr.getModuleCount()
        size = float(min(self.barWidth, self.barHeight))
        box = size / (count + self.barBorder * 2.0)
        left = self.x + (self.barWidth - size) / 2.0
        top = self.y + (size - self.barHeight) / 2.0 + self.barHeight
        path = Path(fillColor=self.barFillColor, strokeColor=None, autoclose="pdf")
        for row_number, row in enumerate(self.qr.modules):
            y = top - (row_number + self.barBorder + 1) * box
            column = 0
            for dark, run in itertools.groupby(bool(module) for module in row):
                length = sum(1 for _ in run)
                if dark:
                    x = left + (column + self.barBorder) * box
                    path.moveTo(x, y)
                    path.lineTo(x + length * box, y)
                    path.lineTo(x + length * box, y + box)
                    path.lineTo(x, y + box)
                    path.closePath()
                column += length
        return Group(path)


def _qr(url: str) -> Drawing:
    widget = _QrCodeWidget(url, barLevel="M", barWidth=QR_SIZE, barHeight=QR_SIZE, barBorder=2)
    drawing = Drawing(QR_SIZE, QR_SIZE)
    drawing.add(widget)
    return drawing


def _closing_block(content: LetterContent, styles) -> KeepTogether:
    left_width = 78 * mm
    verification = [
        _qr(content.verification_url),
        Spacer(0, 2 * mm),  # with the code's 2-module border, a 4-module quiet zone
        Paragraph("Pindai untuk memverifikasi surat ini:", styles["small"]),
        Paragraph(escape(content.verification_url), styles["small"]),
    ]
    signature = [
        Paragraph(escape(content.signatory_position), styles["left"]),
        Spacer(0, 22 * mm),
        Paragraph(f"<b><u>{escape(content.signatory_name)}</u></b>", styles["left"]),
        Paragraph(f"NIP {escape(content.signatory_nip)}", styles["left"]),
    ]
    table = Table(
        [[verification, signature]],
        colWidths=[left_width, FRAME_WIDTH - left_width],
    )
    table.setStyle(_layout_style(("RIGHTPADDING", (0, 0), (0, 0), 8 * mm)))
    return KeepTogether([Spacer(0, 8 * mm), table])


def render_letter(content: LetterContent) -> bytes:
    """The letter as A4 PDF bytes; the same content gives the same bytes."""
    if content.verdict not in VERDICTS:
        raise ValueError(f"Unknown verdict {content.verdict!r}")
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT_MARGIN,
        rightMargin=RIGHT_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=f"{SUBJECT} {content.number}",
        author=content.office_name,
        subject=f"{SUBJECT} atas permohonan {content.reference}",
        creator="Rekomstat",
        lang="id-ID",
        invariant=True,
        pageCompression=1,
    )

    def later_page(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(
            A4[0] - RIGHT_MARGIN,
            A4[1] - 10 * mm,
            f"Nomor {content.number} — halaman {doc.page}",
        )
        canvas.restoreState()

    story = [
        *_letterhead(content, styles),
        *_heading_block(content, styles),
        *_addressee_block(content, styles),
        *_body(content, styles),
        _closing_block(content, styles),
    ]
    document.build(story, onLaterPages=later_page)
    return buffer.getvalue()
