"""Letter numbers never take a number already in the catalog, and signing never
replaces another catalog record (issue 12, item 2).

Attacks: a catalog that already holds the number the office would issue next
(an import of earlier letters, the demo data); an agenda number typed twice,
or copied from the catalog; a publication that loses the race for a number.
Each refused signing must leave the application, the letters, the catalog, the
counter and the letter files exactly as they were.
"""

import datetime
import io
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import ActivityRecord
from catalog.publishing import publish
from procedures.accounts.models import User
from procedures.applications import services as application_services
from procedures.applications.models import Application
from procedures.demo import complete_design
from procedures.examination import publication as examination_publication
from procedures.examination import services as examination_services
from procedures.letters import numbering as letter_numbering
from procedures.letters.models import Letter
from procedures.notifications.models import Notification
from procedures.organisations import services as organisation_services
from procedures.organisations.models import Counter, LetterNumbering, Office
from procedures.organisations.roles import Role
from procedures.rules import TransitionRefused
from search.models import IndexJob
from tests.procedures.pages import page

from ..conftest import fill, make_user

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
HEADER = (
    "recommendation_number,title,year,agency,office_code,method,frequency,coverage,sector,"
    "objective,variables,decided_on\n"
)


# --- Helpers ------------------------------------------------------------------------------


def awaiting(applicant, examiner, title: str) -> Application:
    application = application_services.create_application(user=applicant)
    fill(application, applicant, complete_design(title=title, survey=False))
    application = application_services.submit(
        application=Application.objects.get(pk=application.pk), user=applicant
    )
    examination_services.take(application=application, user=examiner)
    return examination_services.propose(
        application=application, user=examiner, verdict="feasible", text="Saran."
    )


def import_rows(tmp_path, *rows: tuple[str, str]) -> None:
    """Import earlier recommendations (number, title) as an office would."""
    path = tmp_path / "lama.csv"
    path.write_text(
        HEADER
        + "".join(
            f"{number},{title},{YEAR},Dinas Lama,3304,Survei,Tahunan,,1,,,{YEAR}-01-02\n"
            for number, title in rows
        ),
        encoding="utf-8",
    )
    call_command("import_activities", str(path), stdout=io.StringIO())


def records() -> dict[str, tuple]:
    """Every catalog record, field by field, by number."""
    return {
        row["recommendation_number"]: tuple(sorted(row.items()))
        for row in ActivityRecord.objects.values()
    }


def letter_files() -> set[Path]:
    root = Path(settings.PRIVATE_STORAGE_ROOT)
    return {path for path in root.rglob("*") if path.is_file()}


def counters() -> list[tuple]:
    return list(Counter.objects.order_by("pk").values_list("office_id", "kind", "year", "value"))


def state_of(application: Application) -> dict:
    """Everything a refused signing must leave as it was."""
    application = Application.objects.get(pk=application.pk)
    return {
        "state": application.state,
        "lock_version": application.lock_version,
        "events": application.events.count(),
        "letters": Letter.objects.count(),
        "catalog": records(),
        "files": letter_files(),
        "counters": counters(),
        "notifications": Notification.objects.count(),
        "index_jobs": IndexJob.objects.count(),
    }


def use_agenda(office: Office) -> None:
    Office.objects.filter(pk=office.pk).update(letter_numbering=LetterNumbering.AGENDA)


def signer_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def words(node) -> str:
    return " ".join(node.get_text(" ").split()) if node else ""


# --- Automatic numbers: after the highest one taken ---------------------------------------


def test_signing_takes_the_number_after_the_highest_imported_one(
    tmp_path, applicant, examiner, signatory, offices
):
    """The reported loss: the catalog held B-3/33040/KS.000/<year> and the next
    letter got the same number, replacing the record. Now the letter starts
    after the highest number taken and the imported records stay as they were."""
    import_rows(
        tmp_path,
        (f"B-1/33040/KS.000/{YEAR}", "Survei Lama Satu"),
        (f"B-3/33040/KS.000/{YEAR}", "Survei Lama Tiga"),
    )
    before = records()
    application = awaiting(applicant, examiner, "Survei Pertanian Baru")

    examination_services.sign(application=application, user=signatory)

    letter = Letter.objects.get(application=application)
    assert (letter.number, letter.sequence) == (f"B-4/33040/KS.000/{YEAR}", 4)
    after = records()
    assert len(after) == len(before) + 1
    assert {number: after[number] for number in before} == before
    published = ActivityRecord.objects.get(recommendation_number=letter.number)
    assert (published.source, published.source_application_id) == ("decision", application.pk)
    assert published.title == "Survei Pertanian Baru"


def test_the_highest_number_reads_only_this_office_and_year_and_any_zero_padding(
    tmp_path, applicant, examiner, signatory, offices
):
    import_rows(
        tmp_path,
        (f"B-40/33040/KS.000/{YEAR - 1}", "Tahun lalu"),
        (f"B-50/33000/KS.000/{YEAR}", "Kantor provinsi"),
        (f"B-009/33040/KS.000/{YEAR}", "Nomor berawalan nol"),
        (f"B-77/33040/KS.000/11/{YEAR}", "Bentuk agenda bukan templat kantor"),
    )
    application = awaiting(applicant, examiner, "Survei Sesudah Sembilan")
    examination_services.sign(application=application, user=signatory)
    assert application.letter.number == f"B-10/33040/KS.000/{YEAR}"


def test_numbers_typed_from_the_agenda_are_skipped_when_the_office_numbers_automatically(
    applicant, examiner, signatory, offices
):
    office = offices["3304"]
    first = awaiting(applicant, examiner, "Survei Agenda")
    second = awaiting(applicant, examiner, "Survei Otomatis")
    use_agenda(office)
    examination_services.sign(
        application=Application.objects.get(pk=first.pk),
        user=signatory,
        letter_number=f"B-5/33040/KS.000/{YEAR}",
    )
    Office.objects.filter(pk=office.pk).update(letter_numbering=LetterNumbering.AUTOMATIC)

    examination_services.sign(application=Application.objects.get(pk=second.pk), user=signatory)

    assert Letter.objects.get(application=second).number == f"B-6/33040/KS.000/{YEAR}"
    assert organisation_services.next_in_sequence(office=office, kind="letter", year=YEAR) == 7


# --- A clash refuses the signing and changes nothing -------------------------------------


def test_signing_against_a_number_in_the_catalog_changes_nothing_and_says_why(
    tmp_path, applicant, examiner, signatory, offices
):
    """An agenda number that an imported record already holds: the page names
    the field, keeps what was typed, and nothing is written."""
    taken = f"B-12/33040/KS.000/{YEAR}"
    import_rows(tmp_path, (taken, "Survei Impor yang Harus Tetap"))
    use_agenda(offices["3304"])
    application = awaiting(applicant, examiner, "Survei Baru")
    before = state_of(application)

    response = signer_client(signatory).post(
        reverse("examination:sign", args=[application.pk]), {"letter_number": taken}, follow=True
    )

    assert response.status_code == 400  # the form comes back refused, not a 500
    html = page(response)
    message = f"Nomor surat: {taken} sudah ada di katalog kegiatan terekomendasi."
    assert message in words(html.select_one(".messages"))
    field = html.select_one("#id_letter_number")
    assert field["value"] == taken and field["aria-invalid"] == "true"
    assert words(html.select_one("#id_letter_number_error")) == message
    assert state_of(application) == before
    assert ActivityRecord.objects.get(recommendation_number=taken).title == (
        "Survei Impor yang Harus Tetap"
    )


def test_a_publication_that_loses_the_number_rolls_the_whole_signing_back(
    tmp_path, applicant, examiner, signatory, offices, monkeypatch
):
    """The catalog refuses even when the numbering missed the clash (an import
    committed between the check and the publication; on PostgreSQL the real
    race is below): the letter PDF already written is removed, the officer
    reads the catalog's reason on the page."""
    clash = f"B-1/33040/KS.000/{YEAR}"
    import_rows(tmp_path, (clash, "Survei Impor"))
    # Stand-ins for "not there yet when checked" — the database and files stay real.
    monkeypatch.setattr(letter_numbering, "highest_taken_sequence", lambda office, *, year: 0)
    monkeypatch.setattr(letter_numbering, "taken_by", lambda number: None)
    application = awaiting(applicant, examiner, "Survei Baru")
    before = state_of(application)

    response = signer_client(signatory).post(
        reverse("examination:sign", args=[application.pk]), follow=True
    )

    assert response.status_code == 200
    shown = words(page(response).select_one(".messages"))
    assert f"Nomor {clash} sudah dipakai di katalog oleh kegiatan hasil impor" in shown
    assert "Katalog tidak menimpanya" in shown
    assert state_of(application) == before


def test_the_catalog_refuses_a_decision_over_another_applications_record(
    applicant, examiner, signatory, offices
):
    first = awaiting(applicant, examiner, "Survei Pertama")
    examination_services.sign(application=first, user=signatory)
    first_letter = Letter.objects.get(application=first)
    second = awaiting(applicant, examiner, "Survei Kedua")
    examination_services.sign(application=second, user=signatory)
    before = records()

    with pytest.raises(TransitionRefused, match="sudah dipakai di katalog"):
        # As if the second letter had been given the first one's number.
        second_letter = Letter.objects.get(application=second)
        second_letter.number = first_letter.number
        examination_publication.publish_activity(
            Application.objects.get(pk=second.pk), second_letter
        )
    assert records() == before


def test_republishing_for_the_same_application_updates_its_own_record(
    applicant, examiner, signatory, offices
):
    application = awaiting(applicant, examiner, "Survei Ulang")
    examination_services.sign(application=application, user=signatory)
    letter = Letter.objects.get(application=application)
    record = ActivityRecord.objects.get(source_application_id=application.pk)

    again = examination_publication.publish_activity(
        Application.objects.get(pk=application.pk), letter
    )

    assert again.pk == record.pk
    assert ActivityRecord.objects.count() == 1


# --- Numbers from the office's agenda ----------------------------------------------------


def test_an_agenda_office_signs_with_the_typed_number(applicant, examiner, signatory, offices):
    use_agenda(offices["3304"])
    application = awaiting(applicant, examiner, "Survei Agenda")
    examination_services.sign(
        application=application, user=signatory, letter_number=f" b-1234/33040/ks.000/11/{YEAR} "
    )
    letter = Letter.objects.get(application=application)
    assert letter.number == f"B-1234/33040/KS.000/11/{YEAR}"
    assert letter.sequence == 1  # Rekomstat's own count of the year's letters
    assert ActivityRecord.objects.get(
        source_application_id=application.pk
    ).recommendation_number == (letter.number)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "wajib diisi dengan nomor dari agenda surat keluar kantor, misalnya B-123/33040/"),
        ("123", "bentuk “123” tidak dikenali; tulis seperti B-123/33040/KS.000/"),
        ("B-12/33040/KS.000/13/{year}", "tidak dikenali"),
        ("B-12/33040/{year}", "tidak dikenali"),
        ("B-12/33040/KS.000/{year}/x", "tidak dikenali"),
        ("B-12/33000/KS.000/{year}", "kode satuan kerja harus 33040 (kantor ini), bukan 33000."),
        ("B-12/33040/KS.000/{last_year}", "tahunnya harus {year}, tahun surat ini ditandatangani."),
    ],
)
def test_an_agenda_number_of_the_wrong_form_is_refused_naming_the_field(
    applicant, examiner, signatory, offices, typed, reason
):
    use_agenda(offices["3304"])
    application = awaiting(applicant, examiner, "Survei Agenda")
    before = state_of(application)
    values = {"year": YEAR, "last_year": YEAR - 1}
    with pytest.raises(ValidationError) as refused:
        examination_services.sign(
            application=application, user=signatory, letter_number=typed.format(**values)
        )
    (message,) = refused.value.message_dict["letter_number"]
    assert message.startswith("Nomor surat: ") and reason.format(**values) in message
    assert state_of(application) == before


def test_an_agenda_number_is_used_once(applicant, examiner, signatory, offices):
    use_agenda(offices["3304"])
    first = awaiting(applicant, examiner, "Survei Pertama")
    second = awaiting(applicant, examiner, "Survei Kedua")
    number = f"B-20/33040/KS.000/{YEAR}"
    examination_services.sign(application=first, user=signatory, letter_number=number)
    before = state_of(second)

    with pytest.raises(ValidationError, match="sudah dipakai surat rekomendasi lain"):
        examination_services.sign(
            application=Application.objects.get(pk=second.pk),
            user=signatory,
            letter_number=number.lower(),
        )
    assert state_of(second) == before


def test_an_automatic_office_refuses_a_typed_number(applicant, examiner, signatory, offices):
    application = awaiting(applicant, examiner, "Survei Otomatis")
    with pytest.raises(ValidationError, match="kantor ini memberi nomor surat otomatis"):
        examination_services.sign(
            application=application, user=signatory, letter_number=f"B-1/33040/KS.000/{YEAR}"
        )


def test_the_sign_form_asks_for_the_agenda_number_only_where_the_office_uses_one(
    applicant, examiner, signatory, offices
):
    application = awaiting(applicant, examiner, "Survei Formulir")
    detail = reverse("examination:detail", args=[application.pk])
    client = signer_client(signatory)
    assert not page(client.get(detail)).select_one("#id_letter_number")

    use_agenda(offices["3304"])
    html = page(client.get(detail))
    field = html.select_one(
        f'form[action="{reverse("examination:sign", args=[application.pk])}"] '
        "input[name=letter_number]"
    )
    assert field is not None and field.has_attr("required")
    label = words(html.select_one('label[for="id_letter_number"]'))
    assert label == "Nomor surat (dari agenda surat keluar) (wajib)"

    typed = f"B-7/33000/KS.000/{YEAR}"
    response = client.post(
        reverse("examination:sign", args=[application.pk]), {"letter_number": typed}, follow=True
    )
    assert response.status_code == 400
    html = page(response)
    assert html.select_one("#id_letter_number")["value"] == typed
    assert "kode satuan kerja harus 33040" in words(html.select_one("#id_letter_number_error"))
    assert Application.objects.get(pk=application.pk).state == "awaiting_signature"

    response = client.post(
        reverse("examination:sign", args=[application.pk]),
        {"letter_number": f"B-7/33040/KS.000/{YEAR}"},
        follow=True,
    )
    assert "Keputusan ditandatangani" in words(page(response).select_one(".messages"))
    assert Letter.objects.get(application=application).number == f"B-7/33040/KS.000/{YEAR}"


# --- PostgreSQL: real races -------------------------------------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs on PostgreSQL (make test does, in CI)"
)


def wait_until_blocked(pid_holder: list[int], timeout=10.0) -> None:
    """Until the signing's connection waits on a lock held by the importer."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            if pid_holder:
                cursor.execute(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid_holder[0]]
                )
                row = cursor.fetchone()
                if row and row[0] == "Lock":
                    return
            time.sleep(0.02)
    raise AssertionError("the signing never waited for the importer's row")


def importer_holding(number: str, release: threading.Event, done: threading.Event):
    """Insert a record as an import would and keep the transaction open until released."""

    def run():
        from django.db import connection as own_connection

        try:
            with transaction.atomic():
                publish(
                    recommendation_number=number,
                    title="Survei Impor yang Menang",
                    year=YEAR,
                    agency="Dinas Lama",
                    office_code="3304",
                    method="2",
                    frequency="tahunan",
                    sector="1",
                    decided_on=datetime.date(YEAR, 1, 2),
                )
                done.set()
                release.wait(timeout=30)
        finally:
            own_connection.close()

    return threading.Thread(target=run)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_import_that_wins_the_race_for_a_number_is_never_replaced(
    applicant, examiner, signatory, offices, search_index
):
    application = awaiting(applicant, examiner, "Survei Kalah Cepat")
    number = f"B-1/33040/KS.000/{YEAR}"
    release, inserted = threading.Event(), threading.Event()
    importer = importer_holding(number, release, inserted)
    importer.start()
    assert inserted.wait(timeout=30)
    before_files = letter_files()

    signing_pid: list[int] = []
    outcome: list[object] = []

    def sign():
        from django.db import connection as own_connection

        try:
            with own_connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                signing_pid.append(cursor.fetchone()[0])
            outcome.append(
                examination_services.sign(
                    application=Application.objects.get(pk=application.pk),
                    user=User.objects.get(pk=signatory.pk),
                )
            )
        except Exception as error:  # noqa: BLE001 — the outcome is what is tested
            outcome.append(error)
        finally:
            own_connection.close()

    signer = threading.Thread(target=sign)
    signer.start()
    wait_until_blocked(signing_pid)  # its INSERT waits on the importer's uncommitted row
    release.set()
    importer.join(timeout=30)
    signer.join(timeout=30)

    (refused,) = outcome
    assert isinstance(refused, TransitionRefused), refused
    assert "sudah dipakai di katalog oleh kegiatan hasil impor" in refused.message
    assert ActivityRecord.objects.get(recommendation_number=number).title == (
        "Survei Impor yang Menang"
    )
    assert Application.objects.get(pk=application.pk).state == "awaiting_signature"
    assert not Letter.objects.exists()
    assert letter_files() == before_files

    # Signing again simply takes the next number.
    examination_services.sign(
        application=Application.objects.get(pk=application.pk), user=signatory
    )
    assert Letter.objects.get().number == f"B-2/33040/KS.000/{YEAR}"


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_signatures_at_once_continue_after_the_imported_numbers_without_gaps(
    tmp_path, applicant, examiner, signatory, offices, search_index
):
    import_rows(tmp_path, *[(f"B-{n}/33040/KS.000/{YEAR}", f"Survei Lama {n}") for n in (1, 2, 5)])
    imported = records()
    office = offices["3304"]
    deputy = make_user(
        "wakil.kepala@bps.go.id", office=office, roles=[Role.SIGNATORY], nip="198505052010012003"
    )
    applications = [awaiting(applicant, examiner, f"Kompilasi {index}") for index in range(20)]
    barrier = threading.Barrier(20)
    outcomes: list[object] = [None] * 20

    def run(index, application):
        from django.db import connection as own_connection

        try:
            barrier.wait()
            signer = deputy if index % 3 == 0 else signatory
            outcomes[index] = examination_services.sign(
                application=Application.objects.get(pk=application.pk),
                user=User.objects.get(pk=signer.pk),
            )
        except Exception as error:  # noqa: BLE001
            outcomes[index] = error
        finally:
            own_connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(applications)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(isinstance(o, Application) for o in outcomes), outcomes
    numbers = list(Letter.objects.order_by("sequence").values_list("number", flat=True))
    assert numbers == [f"B-{seq}/33040/KS.000/{YEAR}" for seq in range(6, 26)]
    after = records()
    assert {number: after[number] for number in imported} == imported
    assert len(after) == len(imported) + 20
