"""Hashing an uploaded PDF as it streams in, keeping none of it.

Django's own upload handlers hold a file in memory or spool it to a temporary file
before a view sees it. A file sent only to be compared with a letter has no reason
to exist on the server afterwards, so this handler replaces them on the
verification page: it feeds each chunk to SHA-256, counts the bytes, keeps the
first five (the `%PDF-` magic) and lets the rest go. Past the size cap it still
counts (the body is bounded by REKOMSTAT_MAX_REQUEST_BYTES) but stops hashing.
"""

import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

PDF_MAGIC = b"%PDF-"


class UploadDigest(UploadedFile):
    """What remains of an upload: its name, size, SHA-256 and whether it starts as
    a PDF. Reading it gives nothing; there is nothing left to read."""

    def __init__(
        self, *, name: str, content_type: str, size: int, sha256: str, head: bytes, too_large: bool
    ):
        super().__init__(file=None, name=name, content_type=content_type, size=size)
        self.sha256 = sha256
        self.looks_like_pdf = head == PDF_MAGIC
        self.too_large = too_large

    def open(self, mode=None):
        return self

    def read(self, *args, **kwargs) -> bytes:
        return b""

    def chunks(self, chunk_size=None):
        return iter(())

    def close(self):
        pass


class DigestUploadHandler(FileUploadHandler):
    def __init__(self, request=None, *, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._hash = hashlib.sha256()
        self._head = b""
        self._size = 0

    def receive_data_chunk(self, raw_data: bytes, start: int):
        if len(self._head) < len(PDF_MAGIC):
            self._head += raw_data[: len(PDF_MAGIC) - len(self._head)]
        self._size += len(raw_data)
        if self._size <= self.max_bytes:
            self._hash.update(raw_data)
        return None  # no other handler gets (and keeps) the bytes

    def file_complete(self, file_size: int) -> UploadDigest:
        return UploadDigest(
            name=self.file_name,
            content_type=self.content_type,
            size=self._size,
            sha256=self._hash.hexdigest(),
            head=self._head,
            too_large=self._size > self.max_bytes,
        )
