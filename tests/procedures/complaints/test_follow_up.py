"""Following a complaint up, at the service level: who may act, the status only
moves forward, every answer and the closing reach the complainant, and a stale
page loses to the officer who acted first."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from procedures.complaints import services
from procedures.complaints.models import ComplaintStatus, ComplaintUpdate, UpdateKind
from procedures.rules import TransitionRefused

from .conftest import COMPLAINANT, open_complaint

S = ComplaintStatus


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_opening_acknowledges_with_the_ticket_and_the_tracking_link(
    offices, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = open_complaint(offices["3304"])

    assert complaint.status == S.RECEIVED and complaint.closed_at is None
    (message,) = mail.outbox
    assert message.to == [COMPLAINANT]
    assert message.reply_to == ["bps3304@bps.go.id"]
    assert complaint.ticket_number in message.subject
    assert f"Nomor tiket     : {complaint.ticket_number}" in message.body
    assert f"/pengaduan/lacak/?tiket={complaint.ticket_number}" in message.body
    assert "WIB" in message.body


def test_without_an_address_nothing_is_sent_and_the_complaint_is_kept(
    offices, examiner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = open_complaint(offices["3304"], email="")
        services.answer(complaint=complaint, user=examiner, text="Sudah kami periksa.")
    assert not mail.outbox
    assert complaint.updates.get().kind == UpdateKind.ANSWERED


def test_answering_a_received_complaint_moves_it_to_in_progress_and_emails_it(
    complaint, examiner, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(complaint=complaint, user=examiner, text="Surat Anda terbit besok.")
        services.answer(complaint=complaint, user=examiner, text="Surat sudah terbit.")

    complaint.refresh_from_db()
    assert complaint.status == S.IN_PROGRESS
    assert complaint.assigned_to == examiner  # the first to answer holds it
    first, second = complaint.updates.all()
    assert (first.from_status, first.to_status) == (S.RECEIVED, S.IN_PROGRESS)
    assert (second.from_status, second.to_status) == (S.IN_PROGRESS, S.IN_PROGRESS)
    answers = sent_to(COMPLAINANT)
    assert [m.subject for m in answers] == [
        f"[{complaint.ticket_number}] Jawaban atas pengaduan Anda"
    ] * 2
    assert "Surat Anda terbit besok." in answers[0].body
    assert "Surat sudah terbit." in answers[1].body


def test_closing_records_closed_at_and_emails_the_conclusion(
    complaint, signatory, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        update = services.close(
            complaint=complaint, user=signatory, text="Surat telah dikirim; pengaduan selesai."
        )
    complaint.refresh_from_db()
    assert complaint.status == S.CLOSED
    assert (
        complaint.closed_at == update.at
        or abs((complaint.closed_at - update.at).total_seconds()) < 1
    )
    assert (update.kind, update.from_status, update.to_status) == ("status", S.RECEIVED, S.CLOSED)
    (message,) = sent_to(COMPLAINANT)
    assert message.subject == f"[{complaint.ticket_number}] Pengaduan Anda selesai ditangani"
    assert "Surat telah dikirim; pengaduan selesai." in message.body
    assert "Selesai         :" in message.body


@pytest.mark.parametrize(
    "act",
    [
        lambda c, u: services.answer(complaint=c, user=u, text="Jawaban terlambat."),
        lambda c, u: services.close(complaint=c, user=u, text="Ditutup lagi."),
        lambda c, u: services.assign(complaint=c, user=u, officer=u),
    ],
    ids=["answer", "close", "assign"],
)
def test_status_never_goes_backwards_nor_leaves_closed(complaint, examiner, act):
    services.answer(complaint=complaint, user=examiner, text="Kami periksa.")
    services.close(complaint=complaint, user=examiner, text="Selesai.")
    complaint.refresh_from_db()
    closed_at = complaint.closed_at

    with pytest.raises(TransitionRefused, match="sudah selesai"):
        act(complaint, examiner)

    complaint.refresh_from_db()
    assert (complaint.status, complaint.closed_at) == (S.CLOSED, closed_at)
    assert complaint.updates.count() == 2


def test_no_move_leads_back_to_an_earlier_status():
    order = list(S.values)
    for status, moves in services.STATUS_MOVES.items():
        assert all(order.index(target) >= order.index(status) for target in moves), status
    assert services.STATUS_MOVES[S.CLOSED] == frozenset()


def test_an_answer_keeps_a_complaint_in_progress(complaint, examiner, office_admin):
    services.answer(complaint=complaint, user=examiner, text="Pertama.")
    services.assign(complaint=complaint, user=examiner, officer=office_admin)
    services.answer(complaint=complaint, user=office_admin, text="Kedua.")
    complaint.refresh_from_db()
    assert complaint.status == S.IN_PROGRESS
    assert complaint.assigned_to == office_admin


def test_an_officer_of_another_office_can_do_nothing(complaint, foreign_officer):
    for act in (
        lambda: services.answer(
            complaint=complaint, user=foreign_officer, text="Bukan kantor saya."
        ),
        lambda: services.close(complaint=complaint, user=foreign_officer, text="Tutup."),
        lambda: services.assign(complaint=complaint, user=foreign_officer, officer=foreign_officer),
    ):
        with pytest.raises(PermissionDenied):
            act()
    complaint.refresh_from_db()
    assert complaint.status == S.RECEIVED and complaint.assigned_to is None
    assert not ComplaintUpdate.objects.exists()


def test_an_applicant_can_do_nothing(complaint, applicant):
    with pytest.raises(PermissionDenied):
        services.answer(complaint=complaint, user=applicant, text="Saya jawab sendiri.")


def test_a_complaint_is_given_only_to_an_officer_of_its_office(
    complaint,
    examiner,
    foreign_officer,
    applicant,
    office_admin,
    django_capture_on_commit_callbacks,
):
    for outsider in (foreign_officer, applicant):
        with pytest.raises(ValidationError) as refused:
            services.assign(complaint=complaint, user=examiner, officer=outsider)
        assert "officer" in refused.value.message_dict
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(complaint=complaint, user=examiner, officer=office_admin)
    complaint.refresh_from_db()
    assert complaint.assigned_to == office_admin and complaint.status == S.RECEIVED
    update = complaint.updates.get()
    assert (update.kind, update.actor, update.text) == ("assigned", examiner, str(office_admin))
    (message,) = mail.outbox
    assert message.to == [office_admin.email]
    assert f"/pemeriksaan/pengaduan/{complaint.ticket_number}/" in message.body


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
def test_an_empty_or_overlong_answer_is_refused_naming_the_field(complaint, examiner, text):
    with pytest.raises(ValidationError) as refused:
        services.answer(complaint=complaint, user=examiner, text=text)
    assert list(refused.value.message_dict) == ["text"]
    with pytest.raises(ValidationError):
        services.close(complaint=complaint, user=examiner, text=text)
    complaint.refresh_from_db()
    assert complaint.status == S.RECEIVED and not complaint.updates.exists()


def test_a_page_showing_an_older_version_loses_to_the_officer_who_acted_first(
    complaint, examiner, signatory
):
    seen = complaint.lock_version  # both officers opened the page now
    services.close(complaint=complaint, user=signatory, text="Selesai.", seen_version=seen)
    with pytest.raises(TransitionRefused, match="baru saja diubah oleh petugas lain"):
        services.answer(complaint=complaint, user=examiner, text="Jawaban.", seen_version=seen)
    complaint.refresh_from_db()
    assert complaint.status == S.CLOSED
    assert list(complaint.updates.values_list("kind", flat=True)) == ["status"]


def test_a_stale_copy_of_the_row_is_refused_even_without_a_version(complaint, examiner):
    """Every rule is checked on the row as locked, not on the caller's copy: an
    in-memory copy that lags behind the database never overwrites it."""
    stale = type(complaint).objects.get(pk=complaint.pk)
    services.close(complaint=complaint, user=examiner, text="Selesai.")
    with pytest.raises(TransitionRefused):
        services.answer(complaint=stale, user=examiner, text="Jawaban.")
    complaint.refresh_from_db()
    assert complaint.status == S.CLOSED
