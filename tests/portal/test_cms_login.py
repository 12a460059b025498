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


@pytest.mark.usefixtures("seeded")
def test_the_admin_lists_and_edits_offices_in_the_cms(client):
    from procedures.accounts.models import User
    from procedures.organisations.models import Office

    client.force_login(User.objects.get(email="admin@bps.go.id"))
    listing = client.get(reverse("offices:index"))
    assert listing.status_code == 200
    assert "BPS Kabupaten Banjarnegara" in listing.content.decode()
    office = Office.objects.get(code="3304")
    edit_url = reverse("offices:edit", args=[office.pk])
    form = client.get(edit_url).context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data |= {"parent": office.parent_id, "head_name": "Kepala Demo", "head_nip": "bukan-nip"}
    refused = client.post(edit_url, data)
    assert refused.status_code == 200
    assert "NIP terdiri dari 18 angka." in refused.content.decode()
    saved = client.post(edit_url, data | {"head_nip": "197001011990031001"})
    assert saved.status_code == 302
    office.refresh_from_db()
    assert (office.head_name, office.head_nip) == ("Kepala Demo", "197001011990031001")
