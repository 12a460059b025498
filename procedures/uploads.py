"""Checks on the attachments agencies upload with an application (questionnaire,
manuals, request letter).

Attachments are opened by BPS staff on office PCs, so a file is judged by its
content, never by its name: a program renamed to ``kuesioner.pdf`` must not get
through. Only PDF and office documents are accepted, and those that can run code
when opened (PDF JavaScript, attached files, Office/LibreOffice macros) are
refused with a message telling the applicant how to save a clean copy.
"""

import io
import itertools
import math
import re
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from pypdf import PasswordType, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

__all__ = ["MAX_ATTACHMENT_BYTES", "DetectedDocument", "inspect_attachment"]

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

_MB = 1024 * 1024
_CHUNK = 64 * 1024

# A hostile PDF can hold millions of tiny objects; past these bounds the file is
# refused rather than checked for minutes. Real attachments stay far below them.
_PDF_MAX_OBJECTS = 200_000
_PDF_MAX_NODES = 2_000_000
_PDF_MAX_SECONDS = 10.0

# A ZIP is only opened to read a few small parts, but the stored file is later
# read whole (search indexing, virus scanning, the officer's PC), so bombs stop here.
_ZIP_MAX_MEMBERS = 5_000
_ZIP_MAX_TOTAL_BYTES = 200 * _MB
_ZIP_MAX_RATIO = 200
# Members smaller than this cannot blow up, whatever their ratio: tiny, highly
# repetitive XML parts legitimately compress beyond 200:1.
_ZIP_RATIO_MIN_BYTES = 1 * _MB
_ZIP_SMALL_PART_BYTES = 1 * _MB


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

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_MACRO_STORAGES = {"macros", "_vba_project_cur", "vba", "_vba_project"}

_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java class
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"#!",
)

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
_PDF_ACTIVE_NAMES_RAW = frozenset(name[1:].encode() for name in _PDF_ACTIVE_NAMES)
# A name token whose first character could start one of the names above (or be escaped).
_PDF_NAME_TOKEN = re.compile(rb"/([JLERXF#][^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_OBJECT_HEADER = re.compile(
    rb"[\x00\t\n\x0c\r ]*(\d+)[\x00\t\n\x0c\r ]+(\d+)[\x00\t\n\x0c\r ]*obj"
)

_MSG_UNSUPPORTED = (
    "Jenis berkas tidak diterima. Unggah PDF atau dokumen perkantoran "
    "(Word, Excel, PowerPoint, OpenDocument)."
)
_MSG_ARCHIVE = (
    "Arsip ZIP tidak diterima. Ekstrak arsipnya, lalu unggah dokumen PDF atau "
    "dokumen perkantoran di dalamnya secara terpisah."
)
_MSG_DAMAGED = (
    "Dokumen rusak sehingga tidak dapat diperiksa. Buka dokumen di aplikasinya, "
    "simpan ulang, lalu unggah kembali."
)
_MSG_OFFICE_VARIANT = (
    "Varian dokumen ini (misalnya templat atau tayangan slide) tidak diterima. "
    "Simpan ulang sebagai dokumen biasa (.docx, .xlsx, atau .pptx), lalu unggah kembali."
)
_MSG_OFFICE_ENCRYPTED = (
    "Dokumen dilindungi kata sandi sehingga tidak dapat diperiksa. Buka dokumen, "
    "simpan ulang tanpa kata sandi, lalu unggah kembali."
)
_MSG_MACRO = (
    "Dokumen berisi makro, yang tidak diizinkan demi keamanan. Simpan ulang sebagai "
    "dokumen tanpa makro (.docx, .xlsx, .pptx, atau PDF), lalu unggah kembali."
)
_MSG_ODF_MACRO = (
    "Dokumen berisi makro atau skrip, yang tidak diizinkan demi keamanan. Hapus makronya "
    "(Alat > Makro > Kelola Makro) atau ekspor dokumen ke PDF, lalu unggah kembali."
)
_MSG_ZIP_BOMB = (
    "Dokumen berisi data terkompresi yang tidak wajar (terlalu banyak bagian atau terlalu "
    "besar setelah dibuka) sehingga ditolak. Simpan ulang dokumen dari aplikasinya, "
    "lalu unggah kembali."
)
_MSG_PDF_ACTIVE = (
    "PDF berisi JavaScript, berkas tersemat, atau konten aktif lain yang tidak diizinkan "
    "demi keamanan. Cetak ulang dokumen ke PDF (menu Cetak > Simpan sebagai PDF), "
    "lalu unggah kembali."
)
_MSG_PDF_ENCRYPTED = (
    "PDF dilindungi kata sandi atau dienkripsi sehingga tidak dapat diperiksa. Buka PDF, "
    "simpan ulang tanpa kata sandi dan tanpa pengamanan dokumen, lalu unggah kembali."
)
_MSG_PDF_BROKEN = (
    "PDF rusak sehingga tidak dapat dibaca. Buka dokumen aslinya, ekspor ulang ke PDF, "
    "lalu unggah kembali."
)
_MSG_PDF_TOO_COMPLEX = (
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
            "Berkas kosong. Pilih berkas PDF atau dokumen perkantoran yang berisi.",
            code="empty",
        )
    return bytes(buffer)


def _too_large(size: int) -> ValidationError:
    # Rounded up, so a file just over the limit never reads as "10,0 MB".
    size_mb = f"{math.ceil(size * 10 / _MB) / 10:.1f}".replace(".", ",")
    return ValidationError(
        "Ukuran berkas %(size)s MB melebihi batas maksimal %(limit)s MB. Kompres berkas "
        "(misalnya perkecil resolusi gambar) atau pecah menjadi beberapa berkas, "
        "lalu unggah kembali.",
        code="too_large",
        params={"size": size_mb, "limit": MAX_ATTACHMENT_BYTES // _MB},
    )


def _detect(data: bytes) -> DetectedDocument:
    # Checked first so a program with a PDF header in its first kilobyte is still a program.
    if data.startswith(_EXECUTABLE_MAGIC):
        raise ValidationError(_MSG_UNSUPPORTED, code="unsupported")
    if data.startswith(b"PK\x03\x04"):
        return _inspect_zip(data)
    if data.startswith(_OLE_MAGIC):
        return _inspect_ole(data)
    # PDF readers accept up to 1 KB of junk before the header.
    if data.find(b"%PDF-", 0, 1024 + len(b"%PDF-")) != -1:
        return _inspect_pdf(data)
    raise ValidationError(_MSG_UNSUPPORTED, code="unsupported")


# PDF


def _inspect_pdf(data: bytes) -> DetectedDocument:
    if _raw_pdf_has_active_names(data):
        raise ValidationError(_MSG_PDF_ACTIVE, code="pdf_active_content")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and _cannot_open_without_password(reader):
            raise ValidationError(_MSG_PDF_ENCRYPTED, code="pdf_encrypted")
        found = _pdf_objects_have_active_names(reader, data)
    except ValidationError:
        raise
    except _PdfTooComplex:
        raise ValidationError(_MSG_PDF_TOO_COMPLEX, code="pdf_broken") from None
    except Exception:  # pypdf raises many kinds of errors on malformed input
        raise ValidationError(_MSG_PDF_BROKEN, code="pdf_broken") from None
    if found:
        raise ValidationError(_MSG_PDF_ACTIVE, code="pdf_active_content")
    return PDF


def _cannot_open_without_password(reader: PdfReader) -> bool:
    # Files with only an owner password open (and can be checked) with an empty one.
    try:
        return reader.decrypt("") == PasswordType.NOT_DECRYPTED
    except Exception:  # e.g. AES without a crypto library: unreadable all the same
        return True


class _PdfTooComplex(Exception):
    pass


def _pdf_objects_have_active_names(reader: PdfReader, data: bytes) -> bool:
    """Look at every object the cross-reference table lists, object streams included,
    and every name inside it, as pypdf decoded them."""
    listed = [
        IndirectObject(num, gen, reader)
        for gen, table in reader.xref.items()
        for num, offset in table.items()
        # pypdf searches the whole file for each object whose offset is wrong, which a
        # hostile file can repeat 100,000 times. Such objects are left to the byte scan,
        # which sees every object outside a stream.
        if _object_header_at(data, offset, num, gen)
    ]
    listed += [IndirectObject(num, 0, reader) for num in reader.xref_objStm]
    if len(listed) > _PDF_MAX_OBJECTS:
        raise _PdfTooComplex
    deadline = time.monotonic() + _PDF_MAX_SECONDS
    # References inside objects are not followed: every object they could reach is
    # in `listed`, and pypdf searches the whole file for each unlisted one.
    roots = itertools.chain([reader.trailer], map(reader.get_object, listed))
    nodes = 0
    for root in roots:
        pending = [root]
        while pending:
            node = pending.pop()
            nodes += 1
            if nodes > _PDF_MAX_NODES:
                raise _PdfTooComplex
            if isinstance(node, NameObject):
                if node in _PDF_ACTIVE_NAMES:
                    return True
            elif isinstance(node, DictionaryObject):
                for key, value in dict.items(node):
                    if key in _PDF_ACTIVE_NAMES:
                        return True
                    pending.append(value)
            elif isinstance(node, ArrayObject):
                pending.extend(node)
        if time.monotonic() > deadline:
            raise _PdfTooComplex
    return False


def _object_header_at(data: bytes, offset: int, num: int, gen: int) -> bool:
    header = _PDF_OBJECT_HEADER.match(data, offset, offset + 64)
    return header is not None and (int(header[1]), int(header[2])) == (num, gen)


def _raw_pdf_has_active_names(data: bytes) -> bool:
    """Backstop for objects pypdf does not list (e.g. left out of a damaged
    cross-reference table): look for the names in the bytes outside stream bodies,
    where compressed data would give false alarms."""
    for segment in _outside_pdf_streams(data):
        for match in _PDF_NAME_TOKEN.finditer(segment):
            name = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), match[1])
            if name in _PDF_ACTIVE_NAMES_RAW:
                return True
    return False


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


def _inspect_zip(data: bytes) -> DetectedDocument:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _refuse_zip_bomb(members)
            names = [member.filename for member in members]
            if len(set(names)) != len(names):
                # Office refuses these, and a checker and an editor could read different copies.
                raise ValidationError(_MSG_DAMAGED, code="unsupported")
            by_lower = {name.lower(): name for name in names}
            if "[content_types].xml" in by_lower:
                return _inspect_ooxml(archive, by_lower)
            if members[0].filename == "mimetype":
                return _inspect_odf(archive, by_lower)
    except ValidationError:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        RuntimeError,
        ValueError,
        NotImplementedError,
        KeyError,
        IndexError,
    ):
        raise ValidationError(_MSG_DAMAGED, code="unsupported") from None
    raise ValidationError(_MSG_ARCHIVE, code="unsupported")


def _refuse_zip_bomb(members: list[zipfile.ZipInfo]) -> None:
    total = 0
    bomb = len(members) > _ZIP_MAX_MEMBERS
    for member in members:
        total += member.file_size
        if member.file_size >= _ZIP_RATIO_MIN_BYTES and (
            member.compress_size == 0 or member.file_size / member.compress_size > _ZIP_MAX_RATIO
        ):
            bomb = True
    if bomb or total > _ZIP_MAX_TOTAL_BYTES:
        raise ValidationError(_MSG_ZIP_BOMB, code="zip_bomb")


def _read_small_part(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as part:
        content = part.read(_ZIP_SMALL_PART_BYTES + 1)
    if len(content) > _ZIP_SMALL_PART_BYTES:
        raise ValidationError(_MSG_DAMAGED, code="unsupported")
    return content


_XML_OVERRIDE = re.compile(r"<(?:\w+:)?Override\b([^>]*)>")
_XML_ATTRIBUTE = re.compile(r"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _inspect_ooxml(archive: zipfile.ZipFile, by_lower: dict[str, str]) -> DetectedDocument:
    raw = _read_small_part(archive, by_lower["[content_types].xml"])
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    content_types = raw.decode(encoding, errors="replace")

    if (
        any(marker in content_types.lower() for marker in _OOXML_MACRO_MARKERS)
        or any(name.rsplit("/", 1)[-1] == "vbaproject.bin" for name in by_lower)
        or any(name.startswith("xl/macrosheets/") for name in by_lower)
    ):
        raise ValidationError(_MSG_MACRO, code="macro")

    # Part names are case-insensitive in OPC packages.
    overrides = {}
    for element in _XML_OVERRIDE.finditer(content_types):
        attributes = {
            key: double if double is not None else single
            for key, double, single in _XML_ATTRIBUTE.findall(element[1])
        }
        if "PartName" in attributes and "ContentType" in attributes:
            overrides[attributes["PartName"].lower()] = attributes["ContentType"].strip()

    for part, (expected_type, detected) in _OOXML_MAIN_PARTS.items():
        if part[1:] in by_lower:
            if overrides.get(part) == expected_type:
                return detected
            raise ValidationError(_MSG_OFFICE_VARIANT, code="unsupported")
    raise ValidationError(_MSG_UNSUPPORTED, code="unsupported")


def _inspect_odf(archive: zipfile.ZipFile, by_lower: dict[str, str]) -> DetectedDocument:
    mimetype = _read_small_part(archive, "mimetype").decode("ascii", errors="replace").strip()
    detected = _ODF_MIMETYPES.get(mimetype)
    if detected is None or "content.xml" not in by_lower:
        raise ValidationError(_MSG_UNSUPPORTED, code="unsupported")
    # LibreOffice Basic macros live under Basic/, Python/JavaScript/BeanShell under Scripts/.
    if any(name.startswith(("basic/", "scripts/")) for name in by_lower):
        raise ValidationError(_MSG_ODF_MACRO, code="macro")
    return detected


# Legacy OLE2 compound files: doc, xls, ppt

_OLE_MAX_REGULAR_SECTOR = 0xFFFFFFFA


class _OleDamaged(Exception):
    pass


def _inspect_ole(data: bytes) -> DetectedDocument:
    try:
        all_names, top_level = _ole_directory(data)
    except (_OleDamaged, struct.error, IndexError):
        raise ValidationError(_MSG_DAMAGED, code="unsupported") from None
    # The VBA project is a storage; Word keeps it under "Macros", Excel under "_VBA_PROJECT_CUR".
    if all_names & _OLE_MACRO_STORAGES:
        raise ValidationError(_MSG_MACRO, code="macro")
    if "encryptedpackage" in top_level:
        # Password-protected docx/xlsx/pptx are stored as OLE files.
        raise ValidationError(_MSG_OFFICE_ENCRYPTED, code="unsupported")
    if "worddocument" in top_level:
        return DOC
    if top_level & {"workbook", "book"}:
        return XLS
    if "powerpoint document" in top_level:
        return PPT
    raise ValidationError(_MSG_UNSUPPORTED, code="unsupported")


def _ole_directory(data: bytes) -> tuple[set[str], set[str]]:
    """Names of all directory entries and of the root storage's children (lower case),
    read by following the directory's sector chain through the FAT."""
    if len(data) < 512:
        raise _OleDamaged
    sector_shift = struct.unpack_from("<H", data, 30)[0]
    if sector_shift not in (9, 12):
        raise _OleDamaged
    sector_size = 1 << sector_shift
    sector_count = max(0, (len(data) - sector_size + sector_size - 1) // sector_size)
    per_sector = sector_size // 4

    def sector(sid: int) -> bytes:
        if sid >= sector_count:
            raise _OleDamaged
        start = (sid + 1) * sector_size
        return data[start : start + sector_size].ljust(sector_size, b"\0")

    dir_start, _, _, difat_start, difat_count = struct.unpack_from("<5I", data, 48)
    fat_sectors = [
        sid for sid in struct.unpack_from("<109I", data, 76) if sid < _OLE_MAX_REGULAR_SECTOR
    ]
    sid, hops = difat_start, 0
    while sid < _OLE_MAX_REGULAR_SECTOR and hops < min(difat_count, sector_count):
        entries = struct.unpack(f"<{per_sector}I", sector(sid))
        fat_sectors += [s for s in entries[:-1] if s < _OLE_MAX_REGULAR_SECTOR]
        sid, hops = entries[-1], hops + 1

    def next_sector(sid: int) -> int:
        fat_index, offset = divmod(sid, per_sector)
        if fat_index >= len(fat_sectors):
            raise _OleDamaged
        return struct.unpack_from("<I", sector(fat_sectors[fat_index]), offset * 4)[0]

    entries: list[tuple[str, int, int, int] | None] = []
    seen: set[int] = set()
    sid = dir_start
    while sid < _OLE_MAX_REGULAR_SECTOR:
        if sid in seen:
            raise _OleDamaged
        seen.add(sid)
        block = sector(sid)
        for offset in range(0, sector_size, 128):
            name_length, kind = struct.unpack_from("<HB", block, offset + 64)
            if kind == 0:
                entries.append(None)
                continue
            name = block[offset : offset + min(max(name_length - 2, 0), 62)]
            left, right, child = struct.unpack_from("<3I", block, offset + 68)
            entries.append((name.decode("utf-16-le", errors="replace").lower(), left, right, child))
        sid = next_sector(sid)

    if not entries or entries[0] is None:
        raise _OleDamaged
    all_names = {entry[0] for entry in entries if entry is not None}
    # The root's children form a tree through their left/right sibling links.
    top_level: set[str] = set()
    stack, visited = [entries[0][3]], set()
    while stack:
        index = stack.pop()
        if index >= len(entries) or index in visited or entries[index] is None:
            continue
        visited.add(index)
        name, left, right, _ = entries[index]
        top_level.add(name)
        stack += [left, right]
    return all_names, top_level
