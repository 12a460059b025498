"""PDF: scripts, attached files, outward and automatic actions, in every object of the file."""

import io
import re
import time
from collections import defaultdict

from django.core.exceptions import ValidationError
from pypdf import PasswordType, PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    read_object,
)

from .documents import (
    _MSG_PDF_ACTIVE,
    _MSG_PDF_AUTOMATIC_ACTION,
    _MSG_PDF_BROKEN,
    _MSG_PDF_ENCRYPTED,
    _MSG_PDF_EXTERNAL_ACTION,
    _MSG_PDF_TOO_COMPLEX,
    PDF,
    DetectedDocument,
)

# A hostile PDF can hold millions of tiny objects; past these bounds the file is
# refused rather than checked for minutes. Real attachments stay far below them.
_PDF_MAX_OBJECTS = 200_000
_PDF_MAX_NODES = 2_000_000
_PDF_MAX_SECONDS = 10.0
# Readers look for the header in the first kilobyte; a file whose header sits
# there but not at byte 0 carries something else in front of the PDF.
_PDF_HEADER = b"%PDF-"
_PDF_HEADER_SEARCH = 1024 + len(_PDF_HEADER)

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
