"""Accounts through django-allauth at the promised Indonesian URLs."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from procedures.accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Sri",
    "last_name": "Wahyuni",
    "password1": "Kuat-Sekali-2026!",
    "password2": "Kuat-Sekali-2026!",
}


def sign_up(client, email, **extra):
    return client.post("/akun/daftar/", SIGNUP | {"email": email} | extra)


def test_a_private_address_cannot_register(client):
    response = sign_up(client, "sri.wahyuni@gmail.com")
    assert response.status_code == 200
    assert "alamat e-mail dinas instansi pemerintah" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize("email", ["sri@banjarnegarakab.go.id", "sri@bps.go.id", "a@GO.ID"])
def test_government_addresses_register_and_get_a_verification_mail(client, email):
    response = sign_up(client, email)
    assert response.status_code == 302
    user = User.objects.get(email=email.lower())
    assert user.first_name == "Sri"
    assert not EmailAddress.objects.get(user=user).verified
    (message,) = mail.outbox
    assert message.to == [email.lower()]
    link = re.search(r"https?://[^/\s]+(/akun/konfirmasi-email/[^\s]+/)", message.body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified


def test_a_look_alike_domain_is_not_government(client):
    sign_up(client, "sri@notgo.id")
    sign_up(client, "sri@go.id.example.com")
    assert not User.objects.exists()


def test_a_deployment_chooses_its_domains(client, settings):
    settings.ACCOUNT_ALLOWED_EMAIL_DOMAINS = ["banjarnegarakab.go.id"]
    sign_up(client, "sri@kemenkes.go.id")
    assert not User.objects.exists()
    sign_up(client, "sri@banjarnegarakab.go.id")
    assert User.objects.filter(email="sri@banjarnegarakab.go.id").exists()


def test_sign_up_is_rate_limited_per_address():
    # A fresh browser each time (a signed-up visitor is logged in); same address.
    statuses = [sign_up(Client(), f"orang{n}@banjarnegarakab.go.id").status_code for n in range(7)]
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429, 429]
    assert User.objects.count() == 5


def test_log_in_with_the_email_and_failed_attempts_are_limited(client):
    User.objects.create_user(email="sri@banjarnegarakab.go.id", password=SIGNUP["password1"])
    login = {"login": "sri@banjarnegarakab.go.id", "password": "salah"}
    for _ in range(5):
        assert client.post("/akun/masuk/", login).status_code == 200
    # Locked for this address now: even the right password is refused for a while.
    response = client.post("/akun/masuk/", login | {"password": SIGNUP["password1"]})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()


def test_log_in_and_out(client):
    User.objects.create_user(email="sri@banjarnegarakab.go.id", password=SIGNUP["password1"])
    response = client.post(
        "/akun/masuk/", {"login": "SRI@banjarnegarakab.go.id", "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert client.get("/pengajuan/").status_code == 302  # no agency yet: choose one
    assert client.get("/pengajuan/")["Location"] == "/pengajuan/instansi/"
    client.post("/akun/keluar/")
    assert client.get("/pengajuan/")["Location"].startswith("/akun/masuk/")


def test_password_reset_by_mail(client):
    User.objects.create_user(email="sri@banjarnegarakab.go.id", password=SIGNUP["password1"])
    client.post("/akun/kata-sandi/reset/", {"email": "sri@banjarnegarakab.go.id"})
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/akun/kata-sandi/reset/kunci/[^\s]+/)", message.body)
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    client.post(form_url, {"password1": "Baru-Sekali-2026!", "password2": "Baru-Sekali-2026!"})
    assert User.objects.get().check_password("Baru-Sekali-2026!")


def test_changing_the_address_keeps_the_government_rule(client):
    user = User.objects.create_user(email="sri@banjarnegarakab.go.id", password=SIGNUP["password1"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    response = client.post("/akun/email/", {"action_add": "", "email": "sri@yahoo.com"})
    assert "alamat e-mail dinas instansi pemerintah" in response.content.decode()
    client.post("/akun/email/", {"action_add": "", "email": "sri.w@banjarnegarakab.go.id"})
    assert EmailAddress.objects.filter(email="sri.w@banjarnegarakab.go.id").exists()


@pytest.mark.parametrize(
    ("url", "labels"),
    [
        ("/akun/masuk/", ["E-mail", "Kata sandi", "Ingat saya"]),
        (
            "/akun/daftar/",
            ["E-mail", "Nama depan", "Nama belakang", "Kata sandi", "Kata sandi (lagi)"],
        ),
        ("/akun/kata-sandi/reset/", ["E-mail"]),
    ],
)
def test_account_forms_speak_one_indonesian(client, url, labels):
    """Wagtail and allauth translate "Password" and "Email" differently; the
    account pages use the site's words throughout, not a mix."""
    html = client.get(url).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    shown = [
        re.sub(r"<[^>]+>", "", re.sub(r'<span class="required">.*?</span>', "", label))
        .strip()
        .rstrip(":")
        for label in re.findall(r"<label[^>]*>(.*?)</label>", main, re.S)
    ]
    assert shown == labels
    assert "Kata Kunci" not in main and "Surel" not in main
