"""Checks on the attachments agencies upload with an application (questionnaire,
manuals, request letter).

Attachments are opened by BPS staff on office PCs, so a file is judged by its
content, never by its name: a program renamed to ``kuesioner.pdf`` must not get
through, and what is served back is named and typed after what was detected here.
Only PDF and office documents are accepted. Refused, each with a message telling
the applicant what is wrong and how to save a clean copy:

- anything before ``%PDF-`` (a script hidden in front of a PDF);
- PDF JavaScript, attached files, launch actions, XFA and rich media, in any object
  of the file (also those left out of the cross-reference table or packed in an
  object stream nobody lists); actions that send form data or open another file;
  actions run automatically on opening (``/OpenAction``, ``/AA``) other than moving
  inside the document. A link the reader clicks (``/Link`` with ``/URI``) is fine;
- Office and LibreOffice macros; content fetched from outside the document when it
  opens (external relationships other than hyperlinks, remote templates, linked
  objects, frames and images); DDE fields; embedded OLE objects, ActiveX controls,
  programs; archives inside a document; ZIP bombs, measured by decompressing,
  never by trusting the sizes the archive declares.

Libraries do the parsing: filetype (magic numbers), pypdf (PDF objects), olefile
(compound files), defusedxml (every XML part read). Only the ZIP sizes are measured
with zlib directly, because zipfile believes the declared ones.
"""

import io
import math
import re
import struct
import time
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

import filetype
import olefile
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse as safe_iterparse
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PasswordType, PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    read_object,
)

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "DetectedDocument",
    "document_for_extension",
    "download_name",
    "inspect_attachment",
]

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

_MB = 1024 * 1024
_CHUNK = 64 * 1024

# A hostile PDF can hold millions of tiny objects; past these bounds the file is
# refused rather than checked for minutes. Real attachments stay far below them.
_PDF_MAX_OBJECTS = 200_000
_PDF_MAX_NODES = 2_000_000
_PDF_MAX_SECONDS = 10.0
# Readers look for the header in the first kilobyte; a file whose header sits
# there but not at byte 0 carries something else in front of the PDF.
_PDF_HEADER = b"%PDF-"
_PDF_HEADER_SEARCH = 1024 + len(_PDF_HEADER)

# Every member of a ZIP is decompressed to measure it, since the stored file is later
# read whole (search indexing, virus scanning, the officer's PC).
_ZIP_MAX_MEMBERS = 5_000
_ZIP_MAX_TOTAL_BYTES = 200 * _MB
_ZIP_MAX_RATIO = 200
# Members smaller than this cannot blow up, whatever their ratio: tiny, highly
# repetitive XML parts legitimately compress beyond 200:1.
_ZIP_RATIO_MIN_BYTES = 1 * _MB
_ZIP_SMALL_PART_BYTES = 1 * _MB
# Enough of each member for filetype to recognise it.
_MEMBER_HEAD_BYTES = 8192


@dataclass(frozen=True)
class DetectedDocument:
    content_type: str
    extension: str
    label: str


PDF = DetectedDocument("application/pdf", "pdf", "PDF")
DOCX = DetectedDocument(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
    "Dokumen Word",
)
XLSX = DetectedDocument(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsx",
    "Lembar kerja Excel",
)
PPTX = DetectedDocument(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pptx",
    "Presentasi PowerPoint",
)
ODT = DetectedDocument("application/vnd.oasis.opendocument.text", "odt", "Dokumen OpenDocument")
ODS = DetectedDocument(
    "application/vnd.oasis.opendocument.spreadsheet", "ods", "Lembar kerja OpenDocument"
)
ODP = DetectedDocument(
    "application/vnd.oasis.opendocument.presentation", "odp", "Presentasi OpenDocument"
)
DOC = DetectedDocument("application/msword", "doc", "Dokumen Word 97-2003")
XLS = DetectedDocument("application/vnd.ms-excel", "xls", "Lembar kerja Excel 97-2003")
PPT = DetectedDocument("application/vnd.ms-powerpoint", "ppt", "Presentasi PowerPoint 97-2003")

_DOCUMENTS_BY_EXTENSION = {
    document.extension: document
    for document in (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS, PPT)
}

# Main part of each OOXML package and the content type a macro-free file declares for it.
_OOXML_MAIN_PARTS = {
    "/word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        DOCX,
    ),
    "/xl/workbook.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        XLSX,
    ),
    "/ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        PPTX,
    ),
}
# Content types of docm/xlsm/pptm main parts, VBA projects and Excel 4.0 macro sheets.
_OOXML_MACRO_MARKERS = ("macroenabled", "vbaproject", "vbadata", "macrosheet")

_ODF_MIMETYPES = {doc.content_type: doc for doc in (ODT, ODS, ODP)}

_OLE_MACRO_STORAGES = {"macros", "_vba_project_cur", "vba", "_vba_project"}

# What filetype may recognise inside a document package.
_ZIP_KINDS = {"zip", "epub", "docx", "xlsx", "pptx", "odt", "ods", "odp"}
_ARCHIVE_KINDS = _ZIP_KINDS | {"rar", "7z", "tar", "cab", "xz", "bz2", "zst", "lz", "lz4"}
# gz stays allowed: Office stores compressed pictures (.emz, .wmz) as gzip.
_PROGRAM_KINDS = {
    "exe",
    "elf",
    "swf",
    "rtf",
    "crx",
    "deb",
    "rpm",
    "ar",
    "wasm",
    "sqlite",
    "pdf",
    "doc",
    "xls",
    "ppt",
}

# PDF names that make a reader run code or carry other files. pypdf turns
# hex-escaped spellings (/J#61vaScript) into these plain ones.
_PDF_ACTIVE_NAMES = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/Launch",
        "/EmbeddedFiles",
        "/EmbeddedFile",
        "/EF",
        "/FileAttachment",
        "/RichMedia",
        "/XFA",
    }
)
# Actions that send the form's data away or open another file (a UNC path leaks the
# officer's Windows credentials): refused even behind a click.
_PDF_EXTERNAL_NAMES = frozenset({"/SubmitForm", "/ImportData", "/GoToR", "/GoToE"})
# What may happen by itself when the file is opened: moving inside the document.
_PDF_AUTOMATIC_ALLOWED = frozenset({"/GoTo", "/Named", "/SetOCGState"})
# Keys that only an action reaching outside the document carries. Checked as well as
# /S, so a dictionary naming /S twice (readers disagree which one wins) is caught.
_PDF_OUTWARD_KEYS = frozenset({"/URI", "/F", "/Win", "/Mac", "/Unix", "/JS", "/Fields"})
_PDF_AUTOMATIC_KEYS = frozenset({"/OpenAction", "/AA"})
_PDF_ACTION_CHAIN_DEPTH = 50

_PDF_RAW_NAMES = {name[1:].encode(): name for name in _PDF_ACTIVE_NAMES | _PDF_EXTERNAL_NAMES}
# A name token whose first character could start one of the names above (or be escaped).
_PDF_NAME_TOKEN = re.compile(rb"/([JLERXFSIG#][^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Every "N G obj" in the file, wherever it sits: a reader repairing a damaged file
# finds objects the cross-reference table does not list.
_PDF_OBJECT_HEADER = re.compile(
    rb"(?<![0-9])(\d{1,10})[\x00\t\n\x0c\r ]+(\d{1,5})[\x00\t\n\x0c\r ]*obj(?![A-Za-z])"
)
_PDF_WHITESPACE = re.compile(rb"[\x00\t\n\x0c\r ]*")

_MSG_UNSUPPORTED = _(
    "Jenis berkas tidak diterima. Unggah PDF atau dokumen perkantoran "
    "(Word, Excel, PowerPoint, OpenDocument)."
)
_MSG_ARCHIVE = _(
    "Arsip ZIP tidak diterima. Ekstrak arsipnya, lalu unggah dokumen PDF atau "
    "dokumen perkantoran di dalamnya secara terpisah."
)
_MSG_DAMAGED = _(
    "Dokumen rusak sehingga tidak dapat diperiksa. Buka dokumen di aplikasinya, "
    "simpan ulang, lalu unggah kembali."
)
_MSG_OFFICE_VARIANT = _(
    "Varian dokumen ini (misalnya templat atau tayangan slide) tidak diterima. "
    "Simpan ulang sebagai dokumen biasa (.docx, .xlsx, atau .pptx), lalu unggah kembali."
)
_MSG_OFFICE_ENCRYPTED = _(
    "Dokumen dilindungi kata sandi sehingga tidak dapat diperiksa. Buka dokumen, "
    "simpan ulang tanpa kata sandi, lalu unggah kembali."
)
_MSG_MACRO = _(
    "Dokumen berisi makro, yang tidak diizinkan demi keamanan. Simpan ulang sebagai "
    "dokumen tanpa makro (.docx, .xlsx, .pptx, atau PDF), lalu unggah kembali."
)
_MSG_ODF_MACRO = _(
    "Dokumen berisi makro atau skrip, yang tidak diizinkan demi keamanan. Hapus makronya "
    "(Alat > Makro > Kelola Makro) atau ekspor dokumen ke PDF, lalu unggah kembali."
)
_MSG_ZIP_BOMB = _(
    "Dokumen berisi data terkompresi yang tidak wajar (terlalu banyak bagian, terlalu "
    "besar setelah dibuka, atau ukurannya tidak sesuai dengan yang tercatat) sehingga "
    "ditolak. Simpan ulang dokumen dari aplikasinya, lalu unggah kembali."
)
_MSG_NESTED_ARCHIVE = _(
    "Dokumen berisi arsip (misalnya ZIP) di dalamnya, yang tidak diizinkan. Hapus berkas "
    "yang disisipkan itu atau simpan dokumen sebagai PDF, lalu unggah kembali."
)
_MSG_OFFICE_EMBEDDED = _(
    "Dokumen berisi objek tersemat (objek OLE, kontrol ActiveX, atau program) yang dapat "
    "dijalankan saat dibuka, yang tidak diizinkan demi keamanan. Hapus objeknya (ganti "
    "dengan gambar bila perlu) atau simpan dokumen sebagai PDF, lalu unggah kembali."
)
_MSG_OFFICE_EXTERNAL = _(
    "Dokumen mengambil isi dari luar dokumen saat dibuka (objek, bingkai, gambar, atau "
    "data yang ditautkan ke internet atau folder jaringan), yang tidak diizinkan demi "
    "keamanan. Hyperlink biasa tetap boleh. Putuskan tautannya (File > Info > Edit Links "
    "to Files > Break Link) atau simpan dokumen sebagai PDF, lalu unggah kembali."
)
_MSG_OFFICE_REMOTE_TEMPLATE = _(
    "Dokumen memakai templat yang diambil dari internet atau folder jaringan, yang tidak "
    "diizinkan demi keamanan. Lepaskan templatnya (Developer > Document Template, "
    "kosongkan nama templat) atau salin isinya ke dokumen baru, lalu unggah kembali."
)
_MSG_OFFICE_DDE = _(
    "Dokumen berisi field atau tautan DDE yang dapat menjalankan program saat dibuka, "
    "yang tidak diizinkan demi keamanan. Hapus field tersebut (tekan Alt+F9 untuk melihat "
    "kode field) atau simpan dokumen sebagai PDF, lalu unggah kembali."
)
_MSG_OFFICE_RUN_PROGRAM = _(
    "Dokumen berisi tombol atau tautan yang menjalankan program atau makro, yang tidak "
    "diizinkan demi keamanan. Hapus pengaturan tindakannya (Insert > Action) atau simpan "
    "dokumen sebagai PDF, lalu unggah kembali."
)
_MSG_PDF_LEADING_DATA = _(
    "Berkas PDF harus diawali penanda %PDF-, tetapi di depannya ada data lain (misalnya "
    "skrip tersembunyi) sehingga ditolak demi keamanan. Buka dokumen aslinya, ekspor "
    "ulang ke PDF, lalu unggah kembali."
)
_MSG_PDF_ACTIVE = _(
    "PDF berisi JavaScript, berkas tersemat, atau konten aktif lain yang tidak diizinkan "
    "demi keamanan. Cetak ulang dokumen ke PDF (menu Cetak > Simpan sebagai PDF), "
    "lalu unggah kembali."
)
_MSG_PDF_EXTERNAL_ACTION = _(
    "PDF berisi tindakan yang mengirim isian formulir ke luar atau membuka berkas lain "
    "(misalnya di folder jaringan), yang tidak diizinkan demi keamanan. Cetak ulang "
    "dokumen ke PDF (menu Cetak > Simpan sebagai PDF), lalu unggah kembali."
)
_MSG_PDF_AUTOMATIC_ACTION = _(
    "PDF menjalankan tindakan otomatis saat dibuka (misalnya membuka alamat web), yang "
    "tidak diizinkan demi keamanan. Tautan biasa yang diklik pembaca tetap boleh. Cetak "
    "ulang dokumen ke PDF (menu Cetak > Simpan sebagai PDF), lalu unggah kembali."
)
_MSG_PDF_ENCRYPTED = _(
    "PDF dilindungi kata sandi atau dienkripsi sehingga tidak dapat diperiksa. Buka PDF, "
    "simpan ulang tanpa kata sandi dan tanpa pengamanan dokumen, lalu unggah kembali."
)
_MSG_PDF_BROKEN = _(
    "PDF rusak sehingga tidak dapat dibaca. Buka dokumen aslinya, ekspor ulang ke PDF, "
    "lalu unggah kembali."
)
_MSG_PDF_TOO_COMPLEX = _(
    "PDF terlalu rumit untuk diperiksa. Cetak ulang dokumen ke PDF (menu Cetak > Simpan "
    "sebagai PDF) atau pecah menjadi beberapa berkas, lalu unggah kembali."
)


def inspect_attachment(uploaded_file) -> DetectedDocument:
    """Check an uploaded file (a django UploadedFile or any file-like object with .name, .size,
    .read/.seek/.chunks) by its CONTENT, never by its name. Raises
    django.core.exceptions.ValidationError with a clear Indonesian message that says what is
    wrong and how to fix it (code= a short stable string). Leaves the file position at 0
    afterwards."""
    try:
        data = _read_bounded(uploaded_file)
        return _detect(data)
    finally:
        uploaded_file.seek(0)


def document_for_extension(extension: str) -> DetectedDocument | None:
    """The detected type an attachment was stored as (its `extension` column)."""
    return _DOCUMENTS_BY_EXTENSION.get(extension)


_UNSAFE_NAME_CHARACTERS = re.compile(r"[^\w\- ()]+")


def download_name(original_name: str, extension: str) -> str:
    """The name a stored attachment is served under: the uploaded stem, cleaned, with
    the extension of the DETECTED type (never the uploaded one, so `kuesioner.hta`
    that is a PDF comes back as `kuesioner.pdf`)."""
    base = original_name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _UNSAFE_NAME_CHARACTERS.sub("_", stem).strip(" ._")[:100] or "lampiran"
    return f"{stem}.{extension}"


def _read_bounded(uploaded_file) -> bytes:
    """The whole content, refusing empty and oversized files before any parsing."""
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise _too_large(size)
    uploaded_file.seek(0)
    buffer = bytearray()
    total = 0
    while chunk := uploaded_file.read(_CHUNK):
        total += len(chunk)
        # Keep counting past the limit (the upload is already stored) so the
        # message can name the real size, but stop keeping the bytes.
        if total <= MAX_ATTACHMENT_BYTES:
            buffer += chunk
    if total > MAX_ATTACHMENT_BYTES:
        raise _too_large(total)
    if total == 0:
        raise ValidationError(
            _("Berkas kosong. Pilih berkas PDF atau dokumen perkantoran yang berisi."),
            code="empty",
        )
    return bytes(buffer)


def _too_large(size: int) -> ValidationError:
    # Rounded up, so a file just over the limit never reads as "10,0 MB".
    size_mb = f"{math.ceil(size * 10 / _MB) / 10:.1f}".replace(".", ",")
    return ValidationError(
        _(
            "Ukuran berkas %(size)s MB melebihi batas maksimal %(limit)s MB. Kompres berkas "
            "(misalnya perkecil resolusi gambar) atau pecah menjadi beberapa berkas, "
            "lalu unggah kembali."
        ),
        code="too_large",
        params={"size": size_mb, "limit": MAX_ATTACHMENT_BYTES // _MB},
    )


def _detect(data: bytes) -> DetectedDocument:
    if data.startswith(olefile.MAGIC):
        return _inspect_ole(data)
    kind = filetype.guess(data)
    if kind is not None and kind.extension == "pdf":
        if not data.startswith(_PDF_HEADER):
            raise ValidationError(_MSG_PDF_BROKEN, code="pdf_broken")
        return _inspect_pdf(data)
    if kind is not None and kind.extension in _ZIP_KINDS:
        return _inspect_zip(data, budget=_ZipBudget())
    # A BAT or HTA script runs from the top of the file while a PDF reader skips it
    # to find the header further down: the same bytes are a program and a document.
    if kind is None and _PDF_HEADER in data[:_PDF_HEADER_SEARCH]:
        raise ValidationError(_MSG_PDF_LEADING_DATA, code="pdf_leading_data")
    raise ValidationError(_MSG_UNSUPPORTED, code="unsupported")


# PDF


class _PdfTooComplex(Exception):
    pass


def _inspect_pdf(data: bytes) -> DetectedDocument:
    refusal = _refusal_for_names(_raw_pdf_names(data))
    if refusal is None:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and _cannot_open_without_password(reader):
                raise ValidationError(_MSG_PDF_ENCRYPTED, code="pdf_encrypted")
            refusal = _PdfObjects(reader, data).refusal()
        except ValidationError:
            raise
        except _PdfTooComplex:
            raise ValidationError(_MSG_PDF_TOO_COMPLEX, code="pdf_broken") from None
        except Exception:  # pypdf raises many kinds of errors on malformed input
            raise ValidationError(_MSG_PDF_BROKEN, code="pdf_broken") from None
    if refusal is not None:
        raise refusal
    return PDF


def _cannot_open_without_password(reader: PdfReader) -> bool:
    # Files with only an owner password open (and can be checked) with an empty one.
    try:
        return reader.decrypt("") == PasswordType.NOT_DECRYPTED
    except Exception:  # e.g. AES without a crypto library: unreadable all the same
        return True


def _refusal_for_names(names) -> ValidationError | None:
    if names & _PDF_ACTIVE_NAMES:
        return ValidationError(_MSG_PDF_ACTIVE, code="pdf_active_content")
    if names & _PDF_EXTERNAL_NAMES:
        return ValidationError(_MSG_PDF_EXTERNAL_ACTION, code="pdf_external_action")
    return None


class _PdfObjects:
    """Every object in the file, parsed by pypdf: each "N G obj" found anywhere in the
    bytes (whether or not the cross-reference table lists it, every revision of it) and
    each object packed in any object stream. A reader repairing a file may pick any of
    them, so all are judged."""

    def __init__(self, reader: PdfReader, data: bytes):
        self.reader = reader
        self.data = data
        self.deadline = time.monotonic() + _PDF_MAX_SECONDS
        self.by_reference: dict[tuple[int, int], list] = defaultdict(list)
        self.count = 0
        # pypdf keeps the key of an owner-password file privately; objects it did not
        # read through the cross-reference table are decrypted with it here.
        self.encryption = getattr(reader, "_encryption", None)
        for header in _PDF_OBJECT_HEADER.finditer(data):
            number, generation = int(header[1]), int(header[2])
            parsed = self._parse(header.end(), number, generation)
            if parsed is not None:
                self._add((number, generation), parsed)

    def _add(self, reference: tuple[int, int], parsed) -> None:
        self.count += 1
        if self.count > _PDF_MAX_OBJECTS:
            raise _PdfTooComplex
        if time.monotonic() > self.deadline:
            raise _PdfTooComplex
        self.by_reference[reference].append(parsed)
        if isinstance(parsed, StreamObject) and "/N" in parsed and "/First" in parsed:
            # Judged as an object stream whatever its /Type says.
            for number, member in self._object_stream_members(parsed):
                self._add((number, 0), member)

    def _parse(self, offset: int, number: int, generation: int):
        stream = io.BytesIO(self.data)
        stream.seek(_PDF_WHITESPACE.match(self.data, offset).end())
        try:
            parsed = read_object(stream, self.reader)
            if self.encryption is not None:
                parsed = self.encryption.decrypt_object(parsed, number, generation)
        except Exception:  # bytes that only look like an object header; the raw scan stays
            return None
        return parsed

    def _object_stream_members(self, object_stream: StreamObject):
        try:
            content = object_stream.get_data()
            count, first = int(object_stream["/N"]), int(object_stream["/First"])
        except Exception:
            return
        numbers = re.findall(rb"\d+", content[:first])
        for index in range(min(count, len(numbers) // 2, _PDF_MAX_OBJECTS)):
            number, offset = int(numbers[2 * index]), int(numbers[2 * index + 1])
            stream = io.BytesIO(content)
            stream.seek(_PDF_WHITESPACE.match(content, first + offset).end())
            try:
                member = read_object(stream, self.reader)
            except Exception:  # an unreadable member; the others are still judged
                member = None
            if member is not None:
                yield number, member

    def refusal(self) -> ValidationError | None:
        """The most telling reason: a script or an outward action named anywhere comes
        before the automatic trigger that may run it."""
        nodes, automatic = 0, False
        roots = [self.reader.trailer]
        roots += [parsed for versions in self.by_reference.values() for parsed in versions]
        for root in roots:
            # References are not followed: every object they could reach is a root.
            pending = [root]
            while pending:
                node = pending.pop()
                nodes += 1
                if nodes > _PDF_MAX_NODES:
                    raise _PdfTooComplex
                if isinstance(node, NameObject):
                    if refusal := _refusal_for_names({node}):
                        return refusal
                elif isinstance(node, DictionaryObject):
                    for key, value in dict.items(node):
                        if refusal := _refusal_for_names({key}):
                            return refusal
                        if key in _PDF_AUTOMATIC_KEYS and not automatic:
                            automatic = self._runs_outward(key, value)
                        pending.append(value)
                elif isinstance(node, ArrayObject):
                    pending.extend(node)
            if time.monotonic() > self.deadline:
                raise _PdfTooComplex
        if automatic:
            return ValidationError(_MSG_PDF_AUTOMATIC_ACTION, code="pdf_automatic_action")
        return None

    def _resolve(self, value) -> list:
        """Every version of a referenced object, looked up among those parsed here
        rather than through pypdf's table, which may not list it."""
        if value is None:
            return []
        if isinstance(value, IndirectObject):
            return self.by_reference.get((value.idnum, value.generation), [])
        return [value]

    def _runs_outward(self, key: str, value) -> bool:
        """Whether an /OpenAction or /AA entry does anything by itself beyond moving
        inside the document."""
        if key == "/OpenAction":
            # A destination array (the usual /OpenAction) or a name is not an action.
            starts = self._resolve(value)
        else:
            # /AA maps triggers (page opened, field focused, mouse entered…) to actions.
            starts = [
                action
                for triggers in self._resolve(value)
                if isinstance(triggers, DictionaryObject)
                for trigger in dict.values(triggers)
                for action in self._resolve(trigger)
            ]
        actions = [start for start in starts if isinstance(start, DictionaryObject)]
        return self._action_chain_runs_outward(actions)

    def _action_chain_runs_outward(self, actions: list) -> bool:
        """Each action and those it names in /Next (one action or a list of them)."""
        pending = [(action, 0) for action in actions]
        seen: set[int] = set()
        while pending:
            action, depth = pending.pop()
            if depth > _PDF_ACTION_CHAIN_DEPTH:
                return True
            if id(action) in seen:
                continue
            seen.add(id(action))
            if dict.get(action, "/S") not in _PDF_AUTOMATIC_ALLOWED or (
                _PDF_OUTWARD_KEYS & set(action)
            ):
                return True
            for follower in self._resolve(dict.get(action, "/Next")):
                items = follower if isinstance(follower, ArrayObject) else [follower]
                for item in items:
                    pending += [
                        (resolved, depth + 1)
                        for resolved in self._resolve(item)
                        if isinstance(resolved, DictionaryObject)
                    ]
        return False


def _raw_pdf_names(data: bytes) -> set[str]:
    """Backstop for objects pypdf cannot parse: the refused names as they appear in
    the bytes outside stream bodies, where compressed data would give false alarms."""
    found = set()
    for segment in _outside_pdf_streams(data):
        for match in _PDF_NAME_TOKEN.finditer(segment):
            name = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), match[1])
            if name in _PDF_RAW_NAMES:
                found.add(_PDF_RAW_NAMES[name])
    return found


def _outside_pdf_streams(data: bytes):
    # A plain loop rather than one regex: a lazy `stream.*?endstream` over many
    # unterminated streams would take quadratic time.
    pos = 0
    while (start := data.find(b"stream", pos)) >= 0:
        body = start + len(b"stream")
        yield data[pos:body]
        pos = body
        if data[start - 3 : start] == b"end" or data[body : body + 1] not in (b"\r", b"\n"):
            continue
        end = data.find(b"endstream", body)
        if end < 0:
            # An unterminated stream is not trusted to be data: scan the rest too.
            break
        pos = end
    yield data[pos:]


# ZIP containers: OOXML and OpenDocument


class _ZipBudget:
    """Decompressed bytes allowed for one upload, nested packages included."""

    def __init__(self):
        self.remaining = _ZIP_MAX_TOTAL_BYTES

    def spend(self, size: int) -> None:
        self.remaining -= size
        if self.remaining < 0:
            raise ValidationError(_MSG_ZIP_BOMB, code="zip_bomb")


@dataclass(frozen=True)
class _Member:
    info: zipfile.ZipInfo
    head: bytes

    @property
    def name(self) -> str:
        return self.info.filename

    @property
    def kind(self) -> str | None:
        if self.head.startswith(olefile.MAGIC):
            return "ole"
        guessed = filetype.guess(self.head) if self.head else None
        return guessed.extension if guessed else None


_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    OSError,
    EOFError,
    RuntimeError,
    ValueError,
    NotImplementedError,
    KeyError,
    IndexError,
    ParseError,
    DefusedXmlException,
)


def _inspect_zip(data: bytes, *, budget: _ZipBudget, nested: bool = False) -> DetectedDocument:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > _ZIP_MAX_MEMBERS:
                raise ValidationError(_MSG_ZIP_BOMB, code="zip_bomb")
            names = [info.filename for info in infos]
            if len(set(names)) != len(names):
                # Office refuses these, and a checker and an editor could read different copies.
                raise ValidationError(_MSG_DAMAGED, code="unsupported")
            members = [_measure(data, info, budget) for info in infos]
            by_lower = {name.lower(): name for name in names}
            if "[content_types].xml" in by_lower:
                return _inspect_ooxml(archive, members, by_lower, budget=budget, nested=nested)
            if not nested and names[0] == "mimetype":
                return _inspect_odf(archive, members, by_lower)
    except ValidationError:
        raise
    except _ZIP_ERRORS:
        raise ValidationError(_MSG_DAMAGED, code="unsupported") from None
    if nested:
        raise ValidationError(_MSG_NESTED_ARCHIVE, code="zip_nested")
    raise ValidationError(_MSG_ARCHIVE, code="unsupported")


def _measure(data: bytes, info: zipfile.ZipInfo, budget: _ZipBudget) -> _Member:
    """Decompress one member from its local header to the end of its data, counting
    the bytes that really come out, and refuse the archive when they differ from
    the size it declares or exceed the budget."""
    if info.flag_bits & 0x1:
        raise ValidationError(_MSG_OFFICE_ENCRYPTED, code="unsupported")
    offset = info.header_offset
    header = data[offset : offset + zipfile.sizeFileHeader]
    if len(header) < zipfile.sizeFileHeader or not header.startswith(zipfile.stringFileHeader):
        raise zipfile.BadZipFile
    *_, name_length, extra_length = struct.unpack(zipfile.structFileHeader, header)
    start = offset + zipfile.sizeFileHeader + name_length + extra_length
    if info.compress_type == zipfile.ZIP_STORED:
        size = consumed = info.compress_size
        if start + size > len(data):
            raise zipfile.BadZipFile
        head = data[start : start + min(size, _MEMBER_HEAD_BYTES)]
        budget.spend(size)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        size, consumed, head = _inflate(data, start, budget)
    else:  # Office and LibreOffice write only these two
        raise zipfile.BadZipFile
    if size != info.file_size:
        raise ValidationError(_MSG_ZIP_BOMB, code="zip_bomb")
    if size >= _ZIP_RATIO_MIN_BYTES and size / max(consumed, 1) > _ZIP_MAX_RATIO:
        raise ValidationError(_MSG_ZIP_BOMB, code="zip_bomb")
    return _Member(info, head)


def _inflate(data: bytes, start: int, budget: _ZipBudget) -> tuple[int, int, bytes]:
    """(decompressed size, compressed bytes used, first bytes) of the deflate stream
    at `start`, which ends where the stream says, whatever the headers claim."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    position, size, head, pending = start, 0, bytearray(), b""
    while not inflater.eof:
        if not pending:
            if position >= len(data):
                raise zipfile.BadZipFile
            pending = data[position : position + _CHUNK]
            position += len(pending)
        out = inflater.decompress(pending, _CHUNK)
        pending = inflater.unconsumed_tail
        size += len(out)
        budget.spend(len(out))
        if len(head) < _MEMBER_HEAD_BYTES:
            head += out[: _MEMBER_HEAD_BYTES - len(head)]
    consumed = position - start - len(pending) - len(inflater.unused_data)
    return size, consumed, bytes(head)


def _read_small_part(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as part:
        content = part.read(_ZIP_SMALL_PART_BYTES + 1)
    if len(content) > _ZIP_SMALL_PART_BYTES:
        raise ValidationError(_MSG_DAMAGED, code="unsupported")
    return content


def _xml_elements(archive: zipfile.ZipFile, name: str) -> Iterator:
    """Each element of an XML part once complete, through defusedxml (no entities, no
    external references), streamed so a large part is never held whole."""
    with archive.open(name) as part:
        for _event, element in safe_iterparse(part, events=("end",)):
            yield element
            element.clear()


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _attribute(element, local_name: str, default: str = "") -> str:
    for key, value in element.attrib.items():
        if _local(key) == local_name:
            return value
    return default


def _check_member_contents(
    archive: zipfile.ZipFile, members: list[_Member], *, budget: _ZipBudget, nested: bool
) -> None:
    """Refuse OLE objects, programs and archives stored inside the package. An Office
    package under embeddings/ (the workbook behind a chart) is allowed once it passes
    the same checks, one level deep."""
    for member in members:
        kind = member.kind
        if kind == "ole" or kind in _PROGRAM_KINDS:
            raise ValidationError(_MSG_OFFICE_EMBEDDED, code="office_embedded_object")
        if kind in _ARCHIVE_KINDS:
            if nested or kind not in _ZIP_KINDS or "/embeddings/" not in f"/{member.name}":
                raise ValidationError(_MSG_NESTED_ARCHIVE, code="zip_nested")
            _inspect_zip(archive.read(member.info), budget=budget, nested=True)


def _inspect_ooxml(
    archive: zipfile.ZipFile,
    members: list[_Member],
    by_lower: dict[str, str],
    *,
    budget: _ZipBudget,
    nested: bool,
) -> DetectedDocument:
    content_types: dict[str, str] = {}
    declared: list[str] = []
    for element in _xml_elements(archive, by_lower["[content_types].xml"]):
        content_type = element.get("ContentType", "").strip()
        declared.append(content_type.lower())
        if _local(element.tag) == "Override" and element.get("PartName"):
            # Part names are case-insensitive in OPC packages.
            content_types[element.get("PartName").lower()] = content_type

    if (
        any(marker in content_type for content_type in declared for marker in _OOXML_MACRO_MARKERS)
        or any(name.rsplit("/", 1)[-1] == "vbaproject.bin" for name in by_lower)
        or any(name.startswith("xl/macrosheets/") for name in by_lower)
    ):
        raise ValidationError(_MSG_MACRO, code="macro")

    detected = None
    for part, (expected_type, document) in _OOXML_MAIN_PARTS.items():
        if part[1:] in by_lower:
            if content_types.get(part) != expected_type:
                raise ValidationError(_MSG_OFFICE_VARIANT, code="unsupported")
            detected = document
            break
    if detected is None:
        raise ValidationError(_MSG_UNSUPPORTED, code="unsupported")

    _check_member_contents(archive, members, budget=budget, nested=nested)
    for member in members:
        lower = member.name.lower()
        if lower.endswith(".rels"):
            for element in _xml_elements(archive, member.name):
                if _local(element.tag) == "Relationship":
                    _check_relationship(element)
        elif _OOXML_ACTIVE_PARTS.fullmatch(lower):
            _check_ooxml_part(archive, member.name)
    return detected


# Hyperlinks open only when clicked; a protocol handler such as ms-msdt: runs a
# program even then (CVE-2022-30190), so only ordinary schemes are let through.
_HYPERLINK_SCHEMES = {"http", "https", "mailto", "ftp", "file"}
_URI_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.\-]*):")
# A template on a local drive (what Word records for a template of the author's PC)
# is harmless on an office PC; a network or internet one is fetched when opening.
_LOCAL_DRIVE_PATH = re.compile(r"(?:file:///)?[A-Za-z]:[\\/]")
_EMBEDDING_RELATIONSHIPS = {"oleobject", "control", "activexcontrol", "activexcontrolbinary"}


def _check_relationship(element) -> None:
    kind = element.get("Type", "").rsplit("/", 1)[-1].lower()
    target = element.get("Target", "")
    if element.get("TargetMode", "").strip().lower() != "external":
        if kind in _EMBEDDING_RELATIONSHIPS:
            raise ValidationError(_MSG_OFFICE_EMBEDDED, code="office_embedded_object")
        return
    if kind == "hyperlink":
        scheme = _URI_SCHEME.match(target)
        if scheme is None or scheme[1].lower() in _HYPERLINK_SCHEMES:
            return
        raise ValidationError(_MSG_OFFICE_EXTERNAL, code="office_external_link")
    if kind == "attachedtemplate":
        if _LOCAL_DRIVE_PATH.match(target.strip()):
            return
        raise ValidationError(_MSG_OFFICE_REMOTE_TEMPLATE, code="office_remote_template")
    # oleObject (Follina), frame, subDocument, image, externalLinkPath…
    raise ValidationError(_MSG_OFFICE_EXTERNAL, code="office_external_link")


# The parts that can hold Word fields, Excel DDE links or PowerPoint actions (a
# workbook's sheets, often the bulk of it, hold none of them).
_OOXML_ACTIVE_PARTS = re.compile(r"(word/|xl/externallinks/|ppt/).*\.xml")
_DDE_FIELD = re.compile(r"\s*(DDE|DDEAUTO)\b", re.IGNORECASE)
_RUN_PROGRAM_ACTION = re.compile(r"\s*ppaction://(program|macro|ole)", re.IGNORECASE)


def _check_ooxml_part(archive: zipfile.ZipFile, name: str) -> None:
    """Word field codes (a field's instruction may be split over many runs and nest
    other fields), Excel DDE links and PowerPoint actions that run programs."""
    fields: list[list] = []  # [instruction pieces, instruction finished]

    def check_field(pieces: list[str]) -> None:
        if _DDE_FIELD.match("".join(pieces)):
            raise ValidationError(_MSG_OFFICE_DDE, code="office_dde")

    for element in _xml_elements(archive, name):
        tag = _local(element.tag)
        if tag == "fldSimple":
            check_field([_attribute(element, "instr")])
        elif tag in ("instrText", "delInstrText"):
            if fields and not fields[-1][1]:
                fields[-1][0].append(element.text or "")
            else:
                check_field([element.text or ""])
        elif tag == "fldChar":
            step = _attribute(element, "fldCharType")
            if step == "begin":
                fields.append([[], False])
            elif step in ("separate", "end") and fields:
                if not fields[-1][1]:
                    check_field(fields[-1][0])
                    fields[-1][1] = True
                if step == "end":
                    fields.pop()
        elif tag == "ddeLink":
            raise ValidationError(_MSG_OFFICE_DDE, code="office_dde")
        elif tag == "oleLink":
            raise ValidationError(_MSG_OFFICE_EXTERNAL, code="office_external_link")
        elif tag.startswith("hlink") and _RUN_PROGRAM_ACTION.match(_attribute(element, "action")):
            raise ValidationError(_MSG_OFFICE_RUN_PROGRAM, code="office_run_program")
    for pieces, finished in fields:
        if not finished:
            check_field(pieces)


_ODF_DDE_ELEMENTS = {"dde-connection-decl", "dde-source", "dde-link", "dde-connection"}
_ODF_SCRIPT_LINK = re.compile(r"\s*(vnd\.sun\.star\.script|macro):", re.IGNORECASE)
_ODF_SCRIPT_NAMESPACE = "urn:oasis:names:tc:opendocument:xmlns:script:1.0"
_ODF_RUNNING_ACTIONS = {"execute", "verb"}
_ODF_INTERNAL_SCHEME = re.compile(r"\s*vnd\.sun\.star\.GraphicObject:", re.IGNORECASE)


def _inspect_odf(
    archive: zipfile.ZipFile, members: list[_Member], by_lower: dict[str, str]
) -> DetectedDocument:
    mimetype = _read_small_part(archive, "mimetype").decode("ascii", errors="replace").strip()
    detected = _ODF_MIMETYPES.get(mimetype)
    if detected is None or "content.xml" not in by_lower:
        raise ValidationError(_MSG_UNSUPPORTED, code="unsupported")
    # LibreOffice Basic macros live under Basic/, Python/JavaScript/BeanShell under Scripts/.
    if any(name.startswith(("basic/", "scripts/")) for name in by_lower):
        raise ValidationError(_MSG_ODF_MACRO, code="macro")
    # Charts and formulas are sub-documents (folders), never packages: no nesting.
    _check_member_contents(archive, members, budget=_ZipBudget(), nested=True)
    for member in members:
        if member.name.lower().endswith(".xml"):
            for element in _xml_elements(archive, member.name):
                _check_odf_element(element)
    return detected


def _check_odf_element(element) -> None:
    tag = _local(element.tag)
    if tag in _ODF_DDE_ELEMENTS:
        raise ValidationError(_MSG_OFFICE_DDE, code="office_dde")
    if tag == "object-ole":
        raise ValidationError(_MSG_OFFICE_EMBEDDED, code="office_embedded_object")
    href = _attribute(element, "href")
    if _ODF_SCRIPT_LINK.match(href) or (
        tag == "event-listener"
        and (
            element.tag.startswith(f"{{{_ODF_SCRIPT_NAMESPACE}}}")
            or _attribute(element, "action") in _ODF_RUNNING_ACTIONS
        )
    ):
        # Events that call a macro (script:event-listener), presentation clicks that
        # run a program or an object's verb, and links to macros. Clicks that turn
        # the page (presentation:action="next-page") are fine.
        raise ValidationError(_MSG_ODF_MACRO, code="macro")
    # Hyperlinks (text:a, draw:a) open when clicked; anything else with a link outside
    # the package (images, objects, frames, sections) is fetched when opening.
    if tag != "a" and href and _is_outside_package(href):
        raise ValidationError(_MSG_OFFICE_EXTERNAL, code="office_external_link")


def _is_outside_package(href: str) -> bool:
    href = href.strip()
    if _ODF_INTERNAL_SCHEME.match(href):
        return False
    return bool(_URI_SCHEME.match(href)) or href.startswith(("/", "\\", "../"))


# Legacy OLE2 compound files: doc, xls, ppt


def _inspect_ole(data: bytes) -> DetectedDocument:
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as compound:
            paths = compound.listdir(streams=True, storages=True)
    except Exception:  # olefile raises OSError and others on damaged files
        raise ValidationError(_MSG_DAMAGED, code="unsupported") from None
    all_names = {part.lower() for path in paths for part in path}
    top_level = {path[0].lower() for path in paths}
    # The VBA project is a storage; Word keeps it under "Macros", Excel under "_VBA_PROJECT_CUR".
    if all_names & _OLE_MACRO_STORAGES:
        raise ValidationError(_MSG_MACRO, code="macro")
    if "encryptedpackage" in top_level:
        # Password-protected docx/xlsx/pptx are stored as OLE files.
        raise ValidationError(_MSG_OFFICE_ENCRYPTED, code="unsupported")
    # Word keeps embedded objects under ObjectPool, Excel in MBD… storages.
    if "objectpool" in top_level or any(name.startswith("mbd") for name in top_level):
        raise ValidationError(_MSG_OFFICE_EMBEDDED, code="office_embedded_object")
    if "worddocument" in top_level:
        return DOC
    if top_level & {"workbook", "book"}:
        return XLS
    if "powerpoint document" in top_level:
        return PPT
    raise ValidationError(_MSG_UNSUPPORTED, code="unsupported")
