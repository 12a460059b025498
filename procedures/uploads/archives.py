"""ZIP reading that trusts no declared size: the budget, each member inflated, XML streamed."""

import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

import filetype
import olefile
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse as safe_iterparse
from django.core.exceptions import ValidationError

from .documents import _CHUNK, _MB, _MSG_DAMAGED, _MSG_OFFICE_ENCRYPTED, _MSG_ZIP_BOMB

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
