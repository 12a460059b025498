"""allauth's pages in the site's frame and form style, in one wording, and its
e-mails signed by the service rather than by the host that sent them."""

import re

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.core import mail

from procedures.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Kuat-Sekali-2026!"
EMAIL = "sri@banjarnegarakab.go.id"
SERVICE = "Rekomstat — Pelayanan Rekomendasi Kegiatan Statistik BPS"
SIGNUP = {
    "email": EMAIL,
    "first_name": "Sri",
    "last_name": "Wahyuni",
    "password1": PASSWORD,
    "password2": PASSWORD,
}
# Django's Indonesian catalog words "password" as "Sandi"/"sandi anda"; the site says
# "Kata sandi" / "Kata sandi Anda" everywhere.
STRAY_WORDING = re.compile(r"(?<!kata )\bsandi\b", re.IGNORECASE)


def verified_user(*, password: str | None = PASSWORD) -> User:
    user = User.objects.create_user(email=EMAIL, password=password, first_name="Sri")
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def assert_in_site_frame(response) -> BeautifulSoup:
    """The page is base.html's (skip link, header, footer) with one H1, its forms
    use the site's form and button classes, every visible input has a label, and
    it says "Kata sandi"."""
    assert response.status_code == 200, response.status_code
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("a.skip-link[href='#konten']")
    assert page.select_one("header.site-header") and page.select_one("footer.site-footer")
    main = page.select_one("main#konten")
    assert len(page.find_all("h1")) == 1 and main.find("h1")
    for form in main.find_all("form"):
        if form.get("id") in {"logout-from-stage", "pending-email"}:
            continue  # allauth's hidden helper forms, their buttons live elsewhere
        assert "form" in form["class"], form
        for button in form.find_all("button"):
            assert {"button", "button--link"} & set(button["class"]), button
        for field in form.find_all(["input", "select", "textarea"]):
            if field.get("type") == "hidden":
                continue
            assert main.find("label", attrs={"for": field["id"]}), field
            assert field.find_parent("div", class_="field"), field
    text = main.get_text(" ")
    assert not STRAY_WORDING.search(text), STRAY_WORDING.search(text)
    return page


def link_in(message, path: str) -> str:
    return re.search(rf"https?://[^/\s]+({path}[^\s]+/)", message.body).group(1)


def assert_signed_by_the_service(message):
    """Greeting and sign-off name the service; the host appears only inside links."""
    lines = [line for line in message.body.splitlines() if line.strip()]
    assert lines[0] == f"Salam dari {SERVICE}."
    assert f"Terima kasih telah menggunakan {SERVICE}." in lines[-2:]
    without_links = re.sub(r"https?://\S+", "", message.body)
    assert "testserver" not in without_links
    assert "Halo dari" not in message.body and "Hello from" not in message.body


@pytest.mark.parametrize(
    "url",
    [
        "/akun/masuk/",
        "/akun/daftar/",
        "/akun/kata-sandi/reset/",
        "/akun/kata-sandi/reset/terkirim/",
        "/akun/kata-sandi/reset/selesai/",
        "/akun/konfirmasi-email/",
        "/akun/konfirmasi-email/kunci-yang-tidak-ada/",
        "/akun/nonaktif/",
    ],
)
def test_entrance_pages_are_in_the_site_frame(client, url):
    assert_in_site_frame(client.get(url))


@pytest.mark.parametrize(
    "url",
    ["/akun/email/", "/akun/kata-sandi/ubah/", "/akun/keluar/", "/akun/autentikasi-ulang/"],
)
def test_account_management_pages_are_in_the_site_frame(client, url):
    client.force_login(verified_user())
    assert_in_site_frame(client.get(url))


def test_setting_a_first_password_is_in_the_site_frame(client):
    client.force_login(verified_user(password=None))
    page = assert_in_site_frame(client.get("/akun/kata-sandi/atur/"))
    assert page.select_one("input#id_password1[autocomplete='new-password']")


def test_sign_up_form_labels_autocomplete_and_password_rules(client):
    page = assert_in_site_frame(client.get("/akun/daftar/"))
    autocomplete = {
        field["name"]: field.get("autocomplete") for field in page.select("main form input")
    }
    assert autocomplete | {"csrfmiddlewaretoken": None} == {
        "csrfmiddlewaretoken": None,
        "email": "email",
        "first_name": "given-name",
        "last_name": "family-name",
        "password1": "new-password",
        "password2": "new-password",
    }
    rules = page.select_one("#id_password1_helptext").get_text(" ")
    assert "Kata sandi Anda harus memuat setidaknya 8 karakter." in rules
    assert "Sandi anda" not in rules
    described = page.select_one("#id_password1")["aria-describedby"]
    assert described == "id_password1_helptext"


def test_sign_up_errors_name_the_field_in_a_summary_and_beside_it(client):
    response = client.post("/akun/daftar/", SIGNUP | {"password1": "123", "password2": "123"})
    page = assert_in_site_frame(response)
    summary = page.select_one("main #form-errors")
    assert summary.select_one("a[href='#id_password1']").get_text() == "Kata sandi"
    password = page.select_one("#id_password1")
    assert password["aria-invalid"] == "true"
    assert "id_password1_error" in password["aria-describedby"]
    assert "Kata sandi" in page.select_one("#id_password1_error").get_text()
    assert not User.objects.exists()


def test_a_wrong_password_is_reported_at_the_top_of_the_form(client):
    verified_user()
    response = client.post("/akun/masuk/", {"login": EMAIL, "password": "salah-sekali"})
    page = assert_in_site_frame(response)
    assert "kata sandi" in page.select_one("main #form-errors").get_text().lower()


def test_log_in_has_a_checkbox_inside_its_label(client):
    page = assert_in_site_frame(client.get("/akun/masuk/"))
    remember = page.select_one("label[for='id_remember']")
    assert remember.select_one("input[type='checkbox']#id_remember")
    assert page.select_one("#id_login")["autocomplete"] == "email"
    assert page.select_one("#id_password")["autocomplete"] == "current-password"


def test_the_verification_mail_is_signed_by_the_service_and_its_page_in_the_frame(client):
    client.post("/akun/daftar/", SIGNUP)
    (message,) = mail.outbox
    assert message.subject.startswith("[Rekomstat] ")
    assert_signed_by_the_service(message)
    assert "akun di Rekomstat" in message.body
    confirm = assert_in_site_frame(client.get(link_in(message, "/akun/konfirmasi-email/")))
    assert confirm.select_one("main form.form button.button")


def test_the_password_reset_mail_and_its_pages(client):
    verified_user()
    client.post("/akun/kata-sandi/reset/", {"email": EMAIL})
    (message,) = mail.outbox
    assert_signed_by_the_service(message)
    response = client.get(link_in(message, "/akun/kata-sandi/reset/kunci/"), follow=True)
    page = assert_in_site_frame(response)
    assert page.select_one("#id_password1")["autocomplete"] == "new-password"
    form_url = response.redirect_chain[-1][0]
    done = client.post(
        form_url, {"password1": "Baru-Sekali-2026!", "password2": "Baru-Sekali-2026!"}
    )
    assert_in_site_frame(client.get(done["Location"]))


def test_a_sign_up_with_a_known_address_mails_the_owner_in_the_same_voice(client):
    verified_user()
    client.post("/akun/daftar/", SIGNUP)
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert_signed_by_the_service(message)
