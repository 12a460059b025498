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

from .detection import MAX_ATTACHMENT_BYTES, inspect_attachment
from .documents import DetectedDocument, document_for_extension, download_name

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "DetectedDocument",
    "document_for_extension",
    "download_name",
    "inspect_attachment",
]
