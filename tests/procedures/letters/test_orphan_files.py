"""A file written in a transaction that rolls back must not stay on disk: the upload
service removes its own, and the sweep (clean_orphan_files) removes what a caller's
rollback left, letters included. Real transactions, real files."""

import io
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from procedures.applications import services as application_services
from procedures.applications.models import Attachment, AttachmentKind
from procedures.examination import services as examination_services
from procedures.files import atomic_removing_files_on_rollback
from tests.procedures.conftest import pdf_upload

STORAGE = Attachment._meta.get_field("file").storage
ROOT = Path(STORAGE.path(""))


class Refused(Exception):
    """What makes the caller's transaction roll back after the upload succeeded."""


def stored_files() -> set[Path]:
    """Every attachment file in the private storage (the suite shares one folder)."""
    return {path for path in (ROOT / "lampiran").rglob("*") if path.is_file()}


def upload_to(draft, applicant):
    return application_services.add_attachment(
        application=draft, user=applicant, kind=AttachmentKind.QUESTIONNAIRE, upload=pdf_upload()
    )


def age(path: Path, minutes: int) -> None:
    then = time.time() - minutes * 60
    os.utime(path, (then, then))


@pytest.mark.django_db(transaction=True)
def test_a_guarded_transaction_rolled_back_after_the_upload_leaves_no_file(draft, applicant):
    before = stored_files()
    with pytest.raises(Refused), atomic_removing_files_on_rollback():
        attachment = upload_to(draft, applicant)
        assert STORAGE.exists(attachment.file.name)
        raise Refused
    assert not Attachment.objects.exists()
    assert stored_files() == before


REFUSE_EVENTS = {
    "sqlite": [
        "CREATE TRIGGER refuse_event BEFORE INSERT ON applications_applicationevent "
        "WHEN NEW.kind = 'attachment_added' BEGIN SELECT RAISE(ABORT, 'ditolak'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_event() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'ditolak'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_event BEFORE INSERT ON applications_applicationevent "
        "FOR EACH ROW WHEN (NEW.kind = 'attachment_added') EXECUTE FUNCTION refuse_event()",
    ],
}


@pytest.mark.django_db
def test_an_upload_failing_after_its_file_was_written_leaves_no_file(draft, applicant):
    """The database refuses the audit event, the last write of the service; the trigger
    goes with the test's transaction."""
    with connection.cursor() as cursor:
        for statement in REFUSE_EVENTS[connection.vendor]:
            cursor.execute(statement)
    before = stored_files()
    with pytest.raises(DatabaseError):
        upload_to(draft, applicant)
    assert not Attachment.objects.exists()
    assert stored_files() == before


@pytest.mark.django_db(transaction=True)
def test_a_successful_upload_keeps_its_file(draft, applicant):
    with atomic_removing_files_on_rollback():
        attachment = upload_to(draft, applicant)
    assert STORAGE.exists(attachment.file.name)


@pytest.mark.django_db(transaction=True)
def test_the_sweep_removes_what_a_plain_transaction_left_behind(draft, applicant):
    """A caller's transaction.atomic() rolling back after the service returned is out of
    the service's sight: the file stays until the sweep."""
    before = stored_files()
    with pytest.raises(Refused), transaction.atomic():
        upload_to(draft, applicant)
        raise Refused
    [orphan] = stored_files() - before

    call_command("clean_orphan_files", stdout=io.StringIO())
    assert orphan.exists(), "a file younger than --older-than may belong to a running upload"

    age(orphan, 61)
    call_command("clean_orphan_files", stdout=io.StringIO())
    assert not orphan.exists()


@pytest.mark.django_db
def test_the_sweep_keeps_referenced_files_and_removes_orphan_letters(
    in_review, applicant, examiner, signatory, capsys
):
    kept_attachment = ROOT / in_review.attachments.get().file.name
    examination_services.propose(
        application=in_review, user=examiner, verdict="feasible", text="Saran."
    )
    examination_services.sign(application=in_review, user=signatory)
    in_review.refresh_from_db()
    kept_letter = ROOT / in_review.letter.file.name
    orphan_letter = ROOT / "surat" / "2026" / "0123456789abcdef.pdf"
    orphan_attachment = ROOT / "lampiran" / str(in_review.pk) / "fedcba9876543210.pdf"
    young_orphan = ROOT / "lampiran" / str(in_review.pk) / "0000000000000000.pdf"
    not_ours = ROOT / "lainnya" / "catatan.txt"
    for path in (orphan_letter, orphan_attachment, young_orphan, not_ours):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.7\n")
    for path in (kept_attachment, kept_letter, orphan_letter, orphan_attachment, not_ours):
        age(path, 24 * 60)

    call_command("clean_orphan_files", "--dry-run")
    listed = capsys.readouterr().out
    assert orphan_letter.exists() and orphan_attachment.exists()
    assert "surat/2026/0123456789abcdef.pdf" in listed
    assert f"lampiran/{in_review.pk}/fedcba9876543210.pdf" in listed

    call_command("clean_orphan_files")
    assert "berkas yatim" in capsys.readouterr().out
    assert not orphan_letter.exists()
    assert not orphan_attachment.exists()
    assert kept_attachment.exists() and kept_letter.exists()
    assert young_orphan.exists()
    assert not_ours.exists(), "only lampiran/ and surat/ belong to rows"
    not_ours.unlink()
    young_orphan.unlink()
