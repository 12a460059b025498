"""OOXML and OpenDocument packages: macros, external content, DDE, embedded objects, archives."""

import io
import re
import zipfile

from django.core.exceptions import ValidationError

from .archives import (
    _ZIP_ERRORS,
    _ZIP_MAX_MEMBERS,
    _attribute,
    _local,
    _measure,
    _Member,
    _read_small_part,
    _xml_elements,
    _ZipBudget,
)
from .documents import (
    _MSG_ARCHIVE,
    _MSG_DAMAGED,
    _MSG_MACRO,
    _MSG_NESTED_ARCHIVE,
    _MSG_ODF_MACRO,
    _MSG_OFFICE_DDE,
    _MSG_OFFICE_EMBEDDED,
    _MSG_OFFICE_EXTERNAL,
    _MSG_OFFICE_REMOTE_TEMPLATE,
    _MSG_OFFICE_RUN_PROGRAM,
    _MSG_OFFICE_VARIANT,
    _MSG_UNSUPPORTED,
    _MSG_ZIP_BOMB,
    DOCX,
    ODP,
    ODS,
    ODT,
    PPTX,
    XLSX,
    DetectedDocument,
)

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
