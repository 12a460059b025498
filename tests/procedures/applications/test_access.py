"""Who may open what: every private page and file, for every kind of visitor."""

import pytest
from django.conf import settings
from django.urls import reverse

from procedures.applications import services as application_services
from procedures.frkss.design import BLOCKS

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_urls(submitted, applicant):
    """Every private URL of one application (the submitted fixture has one file)."""
    draft = application_services.create_application(user=applicant)
    application_services.save_design_block(  # a survey: every block, the sample design too, applies
        application=draft, user=applicant, block_key="kegiatan", values={"collection_way": "2"}
    )
    attachment = submitted.attachments.get()
    return {
        "detail": reverse("applications:detail", args=[submitted.pk]),
        "download": reverse("applications:download_attachment", args=[submitted.pk, attachment.pk]),
        "attachments": reverse("applications:attachments", args=[draft.pk]),
        "submit": reverse("applications:submit", args=[draft.pk]),
        "withdraw": reverse("applications:withdraw", args=[submitted.pk]),
        **{
            f"block {block.key}": reverse("applications:edit_block", args=[draft.pk, block.key])
            for block in BLOCKS
        },
        "draft detail": reverse("applications:detail", args=[draft.pk]),
    }


def test_anonymous_visitors_are_sent_to_log_in(client, private_urls):
    for name, url in {**private_urls, "list": reverse("applications:my_applications")}.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/akun/masuk/?next="), name


def test_another_agencys_applicant_sees_nothing(client, private_urls, stranger):
    client.force_login(stranger)
    for name, url in private_urls.items():
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"reason": "x"}).status_code == 404, name
    listing = client.get(reverse("applications:my_applications")).content.decode()
    assert "Survei Pertanian Banjarnegara" not in listing


def test_an_officer_of_another_office_sees_nothing(client, private_urls, foreign_officer):
    client.force_login(foreign_officer)
    for name, url in private_urls.items():
        assert client.get(url).status_code == 404, name


def test_the_offices_officer_reads_but_cannot_act_for_the_applicant(client, private_urls, examiner):
    client.force_login(examiner)
    assert client.get(private_urls["detail"]).status_code == 200
    assert client.get(private_urls["download"]).status_code == 200
    assert client.get(private_urls["withdraw"]).status_code == 403
    # The office never sees an agency's unsubmitted drafts.
    assert client.get(private_urls["draft detail"]).status_code == 404


def test_colleagues_of_the_agency_share_its_applications(client, private_urls, colleague):
    client.force_login(colleague)
    for name, url in private_urls.items():
        assert client.get(url).status_code == 200, name


def test_files_are_private_and_served_with_their_name(client, submitted, applicant):
    attachment = submitted.attachments.get()
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_STORAGE_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert attachment.original_name not in path  # stored under a random name
    assert client.get(f"/media/{attachment.file.name}").status_code == 404

    client.force_login(applicant)
    response = client.get(
        reverse("applications:download_attachment", args=[submitted.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="kuesioner.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
