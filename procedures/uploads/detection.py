"""Bounded reading of an upload and detection of its type by content, never by name."""

import math

import filetype
import olefile
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .archives import _ZipBudget
from .documents import (
    _CHUNK,
    _MB,
    _MSG_PDF_BROKEN,
    _MSG_PDF_LEADING_DATA,
    _MSG_UNSUPPORTED,
    DetectedDocument,
)
from .ole import _inspect_ole
from .packages import _ZIP_KINDS, _inspect_zip
from .pdf import _PDF_HEADER, _PDF_HEADER_SEARCH, _inspect_pdf

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


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
