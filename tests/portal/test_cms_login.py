import pytest
from django.urls import reverse


@pytest.mark.usefixtures("seeded")
def test_the_demo_admin_signs_in_to_the_cms_with_e_mail_and_password(client):
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "admin@bps.go.id", "password": "demo-rekomstat"},
    )
    assert response.status_code == 302
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200


@pytest.mark.usefixtures("seeded")
def test_an_applicant_cannot_enter_the_cms(client):
    client.post(
        reverse("wagtailadmin_login"),
        {"username": "pemohon@banjarnegarakab.go.id", "password": "demo-rekomstat"},
    )
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]
