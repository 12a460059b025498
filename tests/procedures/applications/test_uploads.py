"""Attachment checks on real files built here: PDFs from reportlab and pypdf or
written by hand, office documents zipped from their parts, OLE2 compound files
laid out sector by sector. No binary fixtures, no mocks of the parsers."""

import io
import random
import re
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript, PageTrigger
from reportlab.pdfgen import canvas

from procedures.uploads import (
    MAX_ATTACHMENT_BYTES,
    DetectedDocument,
    inspect_attachment,
)
from procedures.uploads import pdf as upload_pdf

INDONESIAN = re.compile(r"\b(berkas|dokumen|unggah|simpan)\b", re.IGNORECASE)


def upload(content: bytes, name: str = "lampiran.bin") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(content: bytes, name: str = "lampiran.bin") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        inspect_attachment(upload(content, name))
    error = caught.value
    [message] = error.messages
    assert message.strip()
    assert INDONESIAN.search(message), message
    return error


# PDF builders


def reportlab_pdf(text: str = "Kuesioner Survei Ubinan") -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 760, text)
    page.showPage()
    page.save()
    return out.getvalue()


def rewritten(build) -> bytes:
    """The reportlab PDF copied through pypdf, after `build(writer)` changed it."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(reportlab_pdf())))
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def classic_pdf(catalog_extra: bytes = b"", page_extra: bytes = b"", *more: bytes) -> bytes:
    """A one-page PDF written by hand with a classic xref table; `more` are objects 4, 5…"""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + page_extra + b" >>",
        *more,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def object_stream_pdf(hidden: bytes) -> bytes:
    """A PDF 1.5 whose OpenAction (object 5) sits, Flate-compressed, in an object
    stream (object 4) listed by a cross-reference stream (object 6): no byte of the
    action is visible without decompressing."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}

    def add(number: int, body: bytes) -> None:
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    add(1, b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>")
    add(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    header = b"5 0 "
    packed = zlib.compress(header + hidden)
    add(
        4,
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (len(header), len(packed), packed),
    )
    rows = [b"\x00" + struct.pack(">IH", 0, 65535)]
    rows += [b"\x01" + struct.pack(">IH", offsets[n], 0) for n in (1, 2, 3, 4)]
    rows += [b"\x02" + struct.pack(">IH", 4, 0)]
    rows += [b"\x01" + struct.pack(">IH", len(out), 0)]  # object 6 itself, written next
    table = b"".join(rows)
    xref = len(out)
    add(
        6,
        b"<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n%s\nendstream"
        % (len(table), table),
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


# Office builders

OOXML = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Kuesioner</w:t></w:r></w:p></w:body></w:document>",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheets><sheet name="Blok I" sheetId="1"/></sheets></workbook>',
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        b'<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
    ),
}


def ooxml(kind: str, main_type: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    main_part, default_type, main_xml = OOXML[kind]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type or default_type}"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="' + main_part + '" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr(main_part, main_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def odf(kind: str, extra: dict[str, bytes] | None = None) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}"
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' office:version="1.3"><office:body/></office:document-content>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # ODF requires the mimetype first and stored, so its bytes sit at offset 38.
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole(*paths: str) -> bytes:
    """A version-3 compound file (512-byte sectors): sector 0 holds the FAT, the
    directory follows in a chain of sectors. Each path names an entry: "Macros/VBA"
    is a storage "Macros" holding "VBA". Siblings are linked as right children."""
    tree: dict = {}
    for path in paths:
        node = tree
        for part in path.split("/"):
            node = node.setdefault(part, {})

    entries: list[list] = [["Root Entry", 5, NO_STREAM, NO_STREAM]]  # name, kind, right, child

    def add_children(parent: int, children: dict) -> None:
        previous = None
        for name, grandchildren in children.items():
            index = len(entries)
            entries.append([name, 1 if grandchildren else 2, NO_STREAM, NO_STREAM])
            if previous is None:
                entries[parent][3] = index
            else:
                entries[previous][2] = index
            previous = index
            add_children(index, grandchildren)

    add_children(0, tree)
    directory = b""
    for name, kind, right, child in entries:
        encoded = name.encode("utf-16-le") + b"\0\0"
        directory += (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(encoded), kind, 1, NO_STREAM, right, child)
            + bytes(16 + 4 + 16)  # CLSID, state bits, times
            + struct.pack("<IQ", END_OF_CHAIN, 0)  # start sector, size
        )
    sectors = -(-len(directory) // 512)
    directory = directory.ljust(sectors * 512, b"\0")
    chain = [*range(2, sectors + 1), END_OF_CHAIN]  # directory sectors 1..n
    fat = struct.pack("<128I", FAT_SECTOR, *chain, *[FREE] * (127 - len(chain)))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
        + struct.pack("<109I", 0, *[FREE] * 108)
    )
    assert len(header) == 512
    return header + fat + directory


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("kuesioner.pdf", reportlab_pdf())
        archive.writestr("catatan.txt", "Lampiran permohonan rekomendasi")
    return out.getvalue()


def windows_executable() -> bytes:
    """DOS stub, PE header, and a PDF header in the first kilobyte (a polyglot)."""
    dos = b"MZ" + b"\x90\x00\x03\x00" + bytes(54) + struct.pack("<I", 0x80)
    stub = dos.ljust(0x80, b"\0")
    pe = b"PE\0\0" + struct.pack("<HH", 0x8664, 1) + bytes(16)
    return stub + pe + b"%PDF-1.4\n" + bytes(512)


# Accepted documents


def test_a_clean_reportlab_pdf_is_accepted():
    detected = inspect_attachment(upload(reportlab_pdf(), "surat-permohonan.pdf"))
    assert detected == DetectedDocument("application/pdf", "pdf", "PDF")


def test_a_pdf_with_junk_before_the_header_is_refused():
    """Readers tolerate a kilobyte of it; a script hides there (see test_hostile_uploads)."""
    assert refusal(b"\0" * 1000 + reportlab_pdf()).code == "pdf_leading_data"


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_a_pdf_locked_only_against_editing_is_accepted(algorithm):
    """An owner password alone still opens with an empty one, so it can be checked
    (AES through the `cryptography` package, as Acrobat saves them)."""
    pdf = rewritten(
        lambda writer: writer.encrypt(
            user_password="", owner_password="pemilik", algorithm=algorithm
        )
    )
    assert inspect_attachment(upload(pdf)).extension == "pdf"


def test_action_names_inside_page_text_are_not_mistaken_for_actions():
    content = b"BT /F1 12 Tf 72 760 Td (/JavaScript /Launch /JS) Tj ET"
    pdf = classic_pdf(
        b"",
        b"/Contents 4 0 R",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    )
    assert inspect_attachment(upload(pdf)).extension == "pdf"


@pytest.mark.parametrize(
    ("kind", "content_type", "label"),
    [
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Dokumen Word",
        ),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Lembar kerja Excel",
        ),
        (
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "Presentasi PowerPoint",
        ),
    ],
)
def test_ooxml_documents_are_accepted_by_their_parts(kind, content_type, label):
    # Named .bin: the name plays no part.
    detected = inspect_attachment(upload(ooxml(kind), "lampiran.bin"))
    assert detected == DetectedDocument(content_type, kind, label)


@pytest.mark.parametrize(
    ("kind", "extension"), [("text", "odt"), ("spreadsheet", "ods"), ("presentation", "odp")]
)
def test_opendocument_files_are_accepted_by_their_mimetype(kind, extension):
    detected = inspect_attachment(upload(odf(kind), "buku-pedoman.zip"))
    assert detected.extension == extension
    assert detected.content_type == f"application/vnd.oasis.opendocument.{kind}"
    assert "OpenDocument" in detected.label


@pytest.mark.parametrize(
    ("streams", "extension", "content_type"),
    [
        (("WordDocument", "1Table", "\x05SummaryInformation"), "doc", "application/msword"),
        (("Workbook", "\x05SummaryInformation"), "xls", "application/vnd.ms-excel"),
        (("Book",), "xls", "application/vnd.ms-excel"),
        (("PowerPoint Document", "Current User"), "ppt", "application/vnd.ms-powerpoint"),
    ],
)
def test_legacy_office_files_are_told_apart_by_their_streams(streams, extension, content_type):
    detected = inspect_attachment(upload(ole(*streams), "lampiran.pdf"))
    assert (detected.extension, detected.content_type) == (extension, content_type)


# Refused: PDF


def add_document_javascript(writer: PdfWriter) -> None:
    # pypdf 7 replaced `add_js` with this: a script in the /Names /JavaScript tree.
    writer.add_open_action(JavaScript("app.alert('Halo');"))


def add_page_javascript(writer: PdfWriter) -> None:
    writer.pages[0].add_action(PageTrigger.OPEN, JavaScript("app.alert('Halo');"))


@pytest.mark.parametrize("add_script", [add_document_javascript, add_page_javascript])
def test_a_pdf_with_javascript_added_by_pypdf_is_refused(add_script):
    assert refusal(rewritten(add_script), "kuesioner.pdf").code == "pdf_active_content"


def test_a_pdf_with_an_attached_file_is_refused():
    pdf = rewritten(lambda writer: writer.add_attachment("data.csv", b"kode,nama\n1,Aceh\n"))
    assert refusal(pdf).code == "pdf_active_content"


@pytest.mark.parametrize(
    ("catalog", "page", "objects"),
    [
        pytest.param(
            b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",
            b"",
            (),
            id="hex-escaped-open-action",
        ),
        pytest.param(
            b"/OpenAction 4 0 R",
            b"",
            (b"<< /S /#4Caunch /F (cmd.exe) >>",),
            id="launch-action",
        ),
        pytest.param(
            b"",
            b"/Annots [4 0 R]",
            (
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /AA << /E 5 0 R >> >>",
                b"<< /S /JavaScript /JS 6 0 R >>",
                b"<< /Length 11 >>\nstream\napp.alert()\nendstream",
            ),
            id="annotation-additional-action",
        ),
        pytest.param(
            b"/AcroForm << /Fields [] /XFA 4 0 R >>",
            b"",
            (b"<< /Length 0 >>\nstream\n\nendstream",),
            id="xfa-form",
        ),
        pytest.param(
            b"",
            b"/Annots [4 0 R]",
            (b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 1 1] >>",),
            id="rich-media",
        ),
    ],
)
def test_pdfs_with_active_content_written_by_hand_are_refused(catalog, page, objects):
    assert refusal(classic_pdf(catalog, page, *objects)).code == "pdf_active_content"


@pytest.mark.parametrize(
    "action",
    [
        b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",
        b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",
        b"<< /S /Launch /F (cmd.exe) >>",
    ],
)
def test_actions_hidden_in_a_compressed_object_stream_are_refused(action):
    """Only a parser sees these: the raw bytes hold no action name."""
    pdf = object_stream_pdf(action)
    assert b"Script" not in pdf and b"Launch" not in pdf
    assert refusal(pdf).code == "pdf_active_content"


def test_an_action_left_out_of_the_cross_reference_table_is_still_found():
    """The byte scan backs up the parser for objects the xref table does not list."""
    pdf = classic_pdf() + b"9 0 obj\n<< /S /JavaScript /JS (app.alert\\(1\\)) >>\nendobj\n"
    assert refusal(pdf).code == "pdf_active_content"


def test_a_clean_object_stream_pdf_is_accepted():
    pdf = object_stream_pdf(b"<< /S /GoTo /D [3 0 R /Fit] >>")
    assert inspect_attachment(upload(pdf)).extension == "pdf"


def test_a_password_protected_pdf_is_refused():
    pdf = rewritten(lambda writer: writer.encrypt("rahasia"))
    error = refusal(pdf)
    assert error.code == "pdf_encrypted"
    assert "kata sandi" in error.messages[0]


def test_garbage_after_a_pdf_header_is_refused_as_broken():
    garbage = b"%PDF-1.7\n" + random.Random(0).randbytes(4096)
    assert refusal(garbage, "laporan.pdf").code == "pdf_broken"


def test_a_pdf_too_complex_to_check_is_refused(monkeypatch):
    monkeypatch.setattr(upload_pdf, "_PDF_MAX_OBJECTS", 2)
    assert refusal(reportlab_pdf()).code == "pdf_broken"


# Refused: office documents


@pytest.mark.parametrize(
    ("document", "name"),
    [
        pytest.param(
            ooxml("docx", extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
            "kuesioner.docx",
            id="docx-with-vba-project",
        ),
        pytest.param(
            ooxml("docx", "application/vnd.ms-word.document.macroEnabled.main+xml"),
            "kuesioner.docx",
            id="docm-renamed",
        ),
        pytest.param(
            ooxml("xlsx", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
            "tabel.xlsx",
            id="xlsm-renamed",
        ),
        pytest.param(
            odf("text", extra={"Basic/Standard/Module1.xml": b"<script/>"}),
            "pedoman.odt",
            id="odt-with-basic",
        ),
        pytest.param(
            odf("spreadsheet", extra={"Scripts/python/run.py": b"import os"}),
            "tabel.ods",
            id="ods-with-scripts",
        ),
        pytest.param(
            ole("WordDocument", "1Table", "Macros/VBA/dir", "Macros/PROJECT"),
            "kuesioner.doc",
            id="doc-with-macros",
        ),
        pytest.param(ole("Workbook", "_VBA_PROJECT_CUR/VBA/dir"), "tabel.xls", id="xls-with-vba"),
    ],
)
def test_documents_with_macros_are_refused(document, name):
    assert refusal(document, name).code == "macro"


def test_an_office_template_is_refused_with_a_hint_to_save_a_plain_document():
    template = ooxml(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
    )
    error = refusal(template, "kuesioner.docx")
    assert error.code == "unsupported"
    assert ".docx" in error.messages[0]


def test_a_password_protected_office_document_is_refused():
    error = refusal(ole("EncryptedInfo", "EncryptedPackage"), "kuesioner.docx")
    assert error.code == "unsupported"
    assert "kata sandi" in error.messages[0]


def test_an_unknown_compound_file_is_refused():
    # Windows Installer packages are compound files too.
    assert refusal(ole("\x05SummaryInformation"), "kuesioner.doc").code == "unsupported"


def test_a_damaged_compound_file_is_refused():
    damaged = ole("WordDocument")[:600]
    assert refusal(damaged, "kuesioner.doc").code == "unsupported"


# Refused: whatever is not a document, by content and whatever its name


@pytest.mark.parametrize(
    ("content", "name"),
    [
        pytest.param(windows_executable(), "kuesioner.pdf", id="exe-renamed-pdf"),
        pytest.param(b"\x7fELF\x02\x01\x01" + bytes(57), "pedoman.docx", id="elf-renamed-docx"),
        pytest.param(b"#!/bin/sh\nrm -rf /\n", "surat.pdf", id="shell-script"),
        pytest.param(b"<html><script>alert(1)</script></html>", "surat.pdf", id="html"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(32), "scan.pdf", id="png"),
        pytest.param(b"Kuesioner survei\n", "kuesioner.txt", id="plain-text"),
        pytest.param(b"\0" * 1100 + b"%PDF-1.4\n", "surat.pdf", id="pdf-header-too-late"),
    ],
)
def test_files_that_are_not_documents_are_refused(content, name):
    error = refusal(content, name)
    assert error.code == "unsupported"
    assert "PDF atau dokumen perkantoran" in error.messages[0]


def test_a_plain_zip_archive_is_refused():
    error = refusal(plain_zip(), "lampiran.docx")
    assert error.code == "unsupported"
    assert "ZIP" in error.messages[0]


def test_a_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("word/document.xml", bytes(50 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    assert refusal(out.getvalue(), "kuesioner.docx").code == "zip_bomb"


def test_a_zip_with_too_many_members_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(5_001):
            archive.writestr(f"xl/worksheets/sheet{number}.xml", b"")
    assert refusal(out.getvalue(), "tabel.xlsx").code == "zip_bomb"


def test_an_empty_file_is_refused():
    error = refusal(b"", "kuesioner.pdf")
    assert error.code == "empty"
    assert error.messages == [
        "Berkas kosong. Pilih berkas PDF atau dokumen perkantoran yang berisi."
    ]


def oversized_pdf() -> bytes:
    """A valid PDF padded with a comment line to 11 MB."""
    pdf = reportlab_pdf()
    return pdf + b"%" + b"x" * (11 * 1024 * 1024 - len(pdf) - 2) + b"\n"


def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit():
    assert MAX_ATTACHMENT_BYTES == 10 * 1024 * 1024
    error = refusal(oversized_pdf(), "pedoman.pdf")
    assert error.code == "too_large"
    assert "11,0 MB" in error.messages[0]
    assert "maksimal 10 MB" in error.messages[0]


class UnsizedFile(io.BytesIO):
    """A file-like object that does not know its size."""

    name = "pedoman.pdf"
    size = None


def test_the_size_is_measured_when_the_upload_does_not_tell_it():
    with pytest.raises(ValidationError) as caught:
        inspect_attachment(UnsizedFile(oversized_pdf()))
    assert caught.value.code == "too_large"
    assert "maksimal 10 MB" in caught.value.messages[0]


def test_an_unsized_upload_of_a_document_is_accepted():
    assert inspect_attachment(UnsizedFile(reportlab_pdf())).extension == "pdf"


# The file is left ready to be saved


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(reportlab_pdf(), id="accepted"),
        pytest.param(windows_executable(), id="refused"),
        pytest.param(b"", id="empty"),
    ],
)
def test_the_file_position_is_back_at_the_start_afterwards(content):
    uploaded = upload(content)
    uploaded.read(7)
    try:
        inspect_attachment(uploaded)
    except ValidationError:
        pass
    assert uploaded.tell() == 0
    assert uploaded.read() == content
