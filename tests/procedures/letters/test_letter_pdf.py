"""The recommendation letter PDF, read back as a reader would: its text with pypdf,
its QR code decoded from the rendered page. No database."""

import dataclasses
import datetime
import io

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp

from procedures.letters.pdf import LetterContent, indonesian_date, render_letter

A4_WIDTH, A4_HEIGHT = 595.27, 841.89
URL = "https://rekomstat.bps.go.id/verifikasi/REK-3304-2026-00001/?k=7d9f0c2a41b8e6"
SUGGESTIONS = (
    "Gunakan kerangka sampel terbaru; ukuran sampel n < 400 & galat > 5% perlu dijelaskan.\n"
    "Sertakan metadata kegiatan di Sistem Informasi Rujukan Statistik."
)
REASONS = (
    "Kuesioner menanyakan <nama & alamat> responden tanpa persetujuan.\n"
    "\n"
    "Rancangan sampel tidak menjelaskan populasi sasaran."
)

BASE = LetterContent(
    office_name="Badan Pusat Statistik Kabupaten Banjarnegara",
    office_address="Jl. Dipayuda No. 3, Banjarnegara 53412",
    office_phone="(0286) 591234",
    office_email="bps3304@bps.go.id",
    office_website="https://banjarnegarakab.bps.go.id",
    place="Banjarnegara",
    number="B-12/33040/KS.000/2026",
    issued_on=datetime.date(2026, 11, 24),
    addressee="Kepala Bappeda Kabupaten Banjarnegara",
    addressee_address="Jl. Mayjend Panjaitan No. 5, Banjarnegara",
    title="Survei Kepuasan Masyarakat terhadap Pelayanan Perizinan",
    year=2027,
    reference="REK-3304-2026-00001",
    verdict="feasible",
    text=SUGGESTIONS,
    signatory_name="Dr. Siti Rahmawati, S.ST., M.Si.",
    signatory_nip="197801012000122001",
    signatory_position="Kepala BPS Kabupaten Banjarnegara",
    verification_url=URL,
)

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def letter(**changes) -> bytes:
    return render_letter(dataclasses.replace(BASE, **changes))


def page_texts(data: bytes) -> list[str]:
    """Each page's text, whitespace runs folded to one space."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def text_of(data: bytes) -> str:
    return " ".join(page_texts(data))


def barcodes(data: bytes, page_index: int = 0) -> list[str]:
    document = pdfium.PdfDocument(data)
    try:
        image = document[page_index].render(scale=2).to_pil()
    finally:
        document.close()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def test_feasible_letter_carries_its_content():
    text = text_of(letter())

    assert "BADAN PUSAT STATISTIK KABUPATEN BANJARNEGARA" in text
    assert "Jl. Dipayuda No. 3, Banjarnegara 53412" in text
    assert "bps3304@bps.go.id" in text
    assert "Nomor : B-12/33040/KS.000/2026" in text
    assert "Sifat : Biasa" in text
    assert "Lampiran : -" in text
    assert "Hal : Rekomendasi Kegiatan Statistik" in text
    assert "Banjarnegara, 24 November 2026" in text
    assert "Yth. Kepala Bappeda Kabupaten Banjarnegara" in text
    assert "Jl. Mayjend Panjaitan No. 5, Banjarnegara" in text
    assert "di tempat" in text
    assert "Judul kegiatan : Survei Kepuasan Masyarakat terhadap Pelayanan Perizinan" in text
    assert "Tahun : 2027" in text
    assert "Nomor pengajuan : REK-3304-2026-00001" in text
    assert "nomor pengajuan REK-3304-2026-00001" in text
    assert "LAYAK DILAKSANAKAN" in text
    assert "TIDAK LAYAK" not in text
    assert "Saran:" in text
    assert "Alasan:" not in text
    assert "ukuran sampel n < 400 & galat > 5% perlu dijelaskan." in text
    assert "Sertakan metadata kegiatan di Sistem Informasi Rujukan Statistik." in text
    assert "Kepala BPS Kabupaten Banjarnegara" in text
    assert "Dr. Siti Rahmawati, S.ST., M.Si." in text
    assert "NIP 197801012000122001" in text
    assert "Pindai untuk memverifikasi surat ini:" in text
    # No markup leaked, nothing double-escaped.
    assert "&amp;" not in text and "&lt;" not in text and "&gt;" not in text


def test_not_feasible_letter_gives_the_reasons_one_paragraph_per_line():
    data = letter(verdict="not_feasible", text=REASONS)
    text = text_of(data)

    assert "TIDAK LAYAK DILAKSANAKAN" in text
    assert "Alasan:" in text
    assert "Saran:" not in text
    lines = [
        line.strip()
        for line in pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().splitlines()
    ]
    first = lines.index("Kuesioner menanyakan <nama & alamat> responden tanpa persetujuan.")
    second = lines.index("Rancangan sampel tidak menjelaskan populasi sasaran.")
    assert first < second


def test_feasible_letter_without_suggestions_has_no_heading():
    text = text_of(letter(text=""))

    assert "LAYAK DILAKSANAKAN" in text
    assert "Saran:" not in text
    assert "Alasan:" not in text


def test_empty_optional_contacts_leave_no_labels():
    text = text_of(letter(office_phone="", office_website="", addressee_address=""))

    assert "Telp." not in text
    assert "Website" not in text
    assert "Yth. Kepala Bappeda Kabupaten Banjarnegara di tempat" in text


def test_january_date():
    text = text_of(letter(issued_on=datetime.date(2027, 1, 1)))

    assert "Banjarnegara, 1 Januari 2027" in text


def test_typographic_characters_survive_the_standard_fonts():
    title = "Survei “Kafe” – Kopi — Café Résumé"
    text = text_of(letter(title=title))

    assert title in text


def test_page_is_a4():
    reader = pypdf.PdfReader(io.BytesIO(letter()))

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(A4_WIDTH, abs=1)
    assert float(box.height) == pytest.approx(A4_HEIGHT, abs=1)


def test_metadata():
    metadata = pypdf.PdfReader(io.BytesIO(letter())).metadata

    assert metadata.title == "Rekomendasi Kegiatan Statistik B-12/33040/KS.000/2026"
    assert metadata.author == "Badan Pusat Statistik Kabupaten Banjarnegara"
    assert "REK-3304-2026-00001" in metadata.subject


@pytest.mark.parametrize(
    "url",
    [
        URL,
        "https://banjarnegarakab.bps.go.id/rekomendasi/verifikasi/"
        "REK-3304-2026-01234/a3f1c9e27b5d4f08a6c2e91d7b3f5a0c",
    ],
)
def test_qr_code_decodes_to_the_verification_url(url):
    data = letter(verification_url=url)

    assert barcodes(data) == [url]
    # Printed under the code too (wrapped in small type, so compare without spaces).
    assert url in "".join(text_of(data).split())


def test_same_content_gives_identical_bytes():
    assert letter() == letter()
    assert letter(verdict="not_feasible", text=REASONS) == letter(
        verdict="not_feasible", text=REASONS
    )


def test_different_number_gives_different_bytes():
    assert letter() != letter(number="B-13/33040/KS.000/2026")


def test_long_reasons_flow_onto_further_pages():
    reasons = "\n".join(
        f"Alasan ke-{n}: bagian {n} rancangan kegiatan belum memenuhi prinsip statistik "
        "yang baik, antara lain konsep, definisi, dan klasifikasi yang belum baku."
        for n in range(1, 61)
    )
    data = letter(verdict="not_feasible", text=reasons)
    pages = page_texts(data)

    assert len(pages) >= 2
    assert "Alasan ke-1:" in pages[0]
    assert "Alasan ke-60:" in " ".join(pages)
    assert "Dr. Siti Rahmawati, S.ST., M.Si." in pages[-1]
    assert "NIP 197801012000122001" in pages[-1]
    assert barcodes(data, page_index=len(pages) - 1) == [URL]


def test_unknown_verdict_is_refused():
    with pytest.raises(ValueError, match="verdict"):
        letter(verdict="maybe")


@pytest.mark.parametrize("month", range(1, 13))
def test_indonesian_date_every_month(month):
    assert indonesian_date(datetime.date(2026, month, 9)) == f"9 {MONTHS[month - 1]} 2026"


def test_indonesian_date_has_no_leading_zero():
    assert indonesian_date(datetime.date(2026, 11, 24)) == "24 November 2026"
    assert indonesian_date(datetime.date(2027, 1, 1)) == "1 Januari 2027"
