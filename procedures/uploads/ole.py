"""Legacy OLE2 compound files (doc, xls, ppt): macros, password protection, embedded objects."""

import io

import olefile
from django.core.exceptions import ValidationError

from .documents import (
    _MSG_DAMAGED,
    _MSG_MACRO,
    _MSG_OFFICE_EMBEDDED,
    _MSG_OFFICE_ENCRYPTED,
    _MSG_UNSUPPORTED,
    DOC,
    PPT,
    XLS,
    DetectedDocument,
)

_OLE_MACRO_STORAGES = {"macros", "_vba_project_cur", "vba", "_vba_project"}


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
