"""catalog.publishing.publish(): a record belongs to the decision (application) or the
import that wrote it; nothing else replaces it (issue 12, item 2)."""

import pytest

from catalog.models import ActivityRecord
from catalog.publishing import PublicationConflict
from search.models import IndexJob
from tests.factories import banjarnegara_office, publish_record

pytestmark = pytest.mark.django_db

NUMBER = "B-3/33040/KS.000/2026"


@pytest.fixture(autouse=True)
def office(db):
    banjarnegara_office()


def publish(number=NUMBER, title="Survei Pertanian Tanaman Pangan", **extra):
    return publish_record(number, title, **extra)


def stored(record: ActivityRecord) -> dict:
    return ActivityRecord.objects.values().get(pk=record.pk)


def stored_all() -> dict[int, dict]:
    return {row["id"]: row for row in ActivityRecord.objects.values()}


def test_a_decision_is_linked_to_its_application():
    record = publish(source_application_id=41)
    assert (record.source, record.source_application_id) == ("decision", 41)


def test_a_decision_never_replaces_an_imported_record():
    imported = stored(publish(title="Survei Lama dari Impor"))
    jobs = IndexJob.objects.count()
    with pytest.raises(PublicationConflict) as refused:
        publish(title="Survei Baru", source_application_id=7)
    assert refused.value.message == (
        f"Nomor {NUMBER} sudah dipakai di katalog oleh kegiatan hasil impor data lama "
        "(“Survei Lama dari Impor”). Katalog tidak menimpanya: periksa nomornya atau gunakan "
        "nomor lain."
    )
    assert list(ActivityRecord.objects.values()) == [imported]
    assert IndexJob.objects.count() == jobs


def test_a_decision_never_replaces_another_applications_record():
    first = stored(publish(title="Survei Pengajuan Pertama", source_application_id=1))
    with pytest.raises(PublicationConflict, match="keputusan layanan rekomendasi"):
        publish(title="Survei Pengajuan Kedua", source_application_id=2)
    assert list(ActivityRecord.objects.values()) == [first]


def test_a_publication_without_an_application_never_replaces_a_decision():
    decided = stored(publish(source_application_id=1))
    with pytest.raises(PublicationConflict):
        publish(title="Data Lama")
    assert list(ActivityRecord.objects.values()) == [decided]


def test_the_same_application_republishes_its_own_record():
    first = publish(title="Survei Versi Awal", source_application_id=5)
    again = publish(title="Survei Versi Ulang", source_application_id=5)
    assert again.pk == first.pk and again.title == "Survei Versi Ulang"
    renumbered = publish(number="B-9/33040/KS.000/2026", source_application_id=5)
    assert renumbered.pk == first.pk
    assert list(ActivityRecord.objects.values_list("recommendation_number", flat=True)) == [
        "B-9/33040/KS.000/2026"
    ]


def test_a_renumbered_republication_may_not_take_another_record_s_number():
    other = stored(publish(number="B-9/33040/KS.000/2026", title="Data Lama"))
    own = stored(publish(source_application_id=5))
    with pytest.raises(PublicationConflict):
        publish(number="B-9/33040/KS.000/2026", source_application_id=5)
    assert stored_all() == {other["id"]: other, own["id"]: own}


def test_imported_records_still_update_each_other():
    first = publish(title="Data Lama")
    again = publish(title="Data Lama Diperbaiki")
    assert again.pk == first.pk and again.title == "Data Lama Diperbaiki"
