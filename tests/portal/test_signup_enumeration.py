"""Sign-up and password reset do not tell whether an address has an account
(allauth's enumeration prevention, with mandatory verification): the answer for a
known address is the answer for a new one, and the owner learns of it by e-mail."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from procedures.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Kuat-Sekali-2026!"
OWNER = "pemilik@banjarnegarakab.go.id"
NEWCOMER = "pendatang@banjarnegarakab.go.id"


def owner(*, verified=True) -> User:
    user = User.objects.create_user(email=OWNER, password="Sandi-Pemilik-2026")
    EmailAddress.objects.create(user=user, email=OWNER, verified=verified, primary=True)
    return user


def what_a_visitor_sees(path: str, data: dict, address: str) -> dict:
    """Everything the response shows, with the typed address masked."""
    client = Client()
    response = client.post(path, data)
    shown = {
        "status": response.status_code,
        "location": response.get("Location"),
        "cookies": sorted(client.cookies),
        "logged_in": "_auth_user_id" in client.session,
    }
    if response.status_code == 302:
        page = client.get(response["Location"]).content.decode()
        main = page[page.index("<main") : page.index("</main>")]
        shown["page"] = main.replace(address, "ALAMAT")
    return shown


def sign_up_as(address: str) -> dict:
    data = {
        "email": address,
        "first_name": "Sri",
        "last_name": "Wahyuni",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return what_a_visitor_sees("/akun/daftar/", data, address)


@pytest.mark.parametrize("verified", [True, False])
def test_sign_up_with_a_known_address_looks_like_a_new_one(verified):
    existing = owner(verified=verified)

    known = sign_up_as(OWNER)
    new = sign_up_as(NEWCOMER)

    assert known == new
    assert known["status"] == 302 and known["location"] == "/akun/konfirmasi-email/"
    assert not known["logged_in"]
    assert "Verifikasi Alamat E-mail Anda" in known["page"]
    # Nothing changed for the owner: no second account, the same password.
    assert User.objects.filter(email=OWNER).count() == 1
    assert User.objects.get(email=OWNER).check_password("Sandi-Pemilik-2026")
    assert existing.password == User.objects.get(email=OWNER).password
    # One e-mail each: the owner is told someone tried; the newcomer gets the link.
    (to_owner,) = [m for m in mail.outbox if m.to == [OWNER]]
    (to_newcomer,) = [m for m in mail.outbox if m.to == [NEWCOMER]]
    assert "Akun Sudah Ada" in to_owner.subject
    assert "/akun/kata-sandi/reset/" in to_owner.body
    assert re.search(r"/akun/konfirmasi-email/[^\s]+/", to_newcomer.body)


def test_password_reset_for_an_unknown_address_looks_like_a_known_one():
    owner()
    known = what_a_visitor_sees("/akun/kata-sandi/reset/", {"email": OWNER}, OWNER)
    unknown = what_a_visitor_sees("/akun/kata-sandi/reset/", {"email": NEWCOMER}, NEWCOMER)
    assert known == unknown
    assert known["status"] == 302


def test_an_unverified_account_cannot_log_in_and_gets_its_link_again():
    owner(verified=False)
    client = Client()
    response = client.post("/akun/masuk/", {"login": OWNER, "password": "Sandi-Pemilik-2026"})
    assert response["Location"] == "/akun/konfirmasi-email/"
    assert "_auth_user_id" not in client.session
    (message,) = mail.outbox
    assert message.to == [OWNER]
    assert re.search(r"/akun/konfirmasi-email/[^\s]+/", message.body)


def test_an_account_an_administrator_made_logs_in():
    """Django admin and createsuperuser make users without allauth's e-mail record;
    the administrator vouched for the address."""
    officer = User.objects.create_user(email="petugas@bps.go.id", password=PASSWORD)
    client = Client()
    response = client.post("/akun/masuk/", {"login": "petugas@bps.go.id", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)
    assert EmailAddress.objects.get(user=officer).verified
    assert mail.outbox == []
