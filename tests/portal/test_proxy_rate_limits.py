"""Rate limits behind the documented proxy (nginx on the same host): every
limiter keys on the real client, taken from X-Forwarded-For only when the
connecting address is a trusted proxy; a stranger's wrong passwords never lock
the owner out."""

import pytest
from django.test import Client, RequestFactory, override_settings

from portal.models import ComplaintSubmission
from portal.throttling import client_ip
from procedures.accounts.models import User

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"  # nginx in front of gunicorn on the same host
PASSWORD = "Kuat-Sekali-2026!"
SIGNUP = {"first_name": "Sri", "last_name": "Wahyuni", "password1": PASSWORD, "password2": PASSWORD}


def request_from(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture
def behind_nginx(settings):
    settings.REKOMSTAT_TRUSTED_PROXIES = [PROXY, "10.0.0.0/8", "fd00::/8"]


# -- the one function ---------------------------------------------------------


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.REKOMSTAT_TRUSTED_PROXIES = []
    assert client_ip(request_from(PROXY, "198.51.100.7")) == PROXY


def test_a_trusted_proxy_names_the_client(behind_nginx):
    assert client_ip(request_from(PROXY, "198.51.100.7")) == "198.51.100.7"


def test_the_right_most_untrusted_address_wins(behind_nginx):
    # The client wrote "6.6.6.6" itself; nginx appended the address it saw.
    assert client_ip(request_from(PROXY, "6.6.6.6, 198.51.100.7")) == "198.51.100.7"
    # Two trusted hops (load balancer 10.0.0.2, then nginx) are skipped.
    assert client_ip(request_from(PROXY, "6.6.6.6, 198.51.100.7, 10.0.0.2")) == "198.51.100.7"
    assert client_ip(request_from("fd00::1", "2001:db8::5")) == "2001:db8::5"


def test_a_spoofed_header_from_an_untrusted_peer_is_ignored(behind_nginx):
    assert client_ip(request_from("203.0.113.9", "198.51.100.7")) == "203.0.113.9"


def test_garbage_in_the_header_never_becomes_the_key(behind_nginx):
    # Nothing usable to the left of the trusted hops: the last trusted hop is the key.
    assert client_ip(request_from(PROXY, "bukan-alamat, 10.0.0.2")) == "10.0.0.2"
    assert client_ip(request_from(PROXY, "")) == PROXY
    assert client_ip(request_from(PROXY, "10.0.0.3, 10.0.0.2")) == "10.0.0.3"


def test_a_bad_trusted_proxy_setting_is_refused_at_start():
    from portal.settings.base import parse_trusted_proxies

    assert parse_trusted_proxies(" 127.0.0.1, 10.0.0.0/8 ,") == ["127.0.0.1", "10.0.0.0/8"]
    with pytest.raises(ValueError, match="REKOMSTAT_TRUSTED_PROXIES"):
        parse_trusted_proxies("127.0.0.1, nginx")


# -- sign-up ------------------------------------------------------------------


def sign_up(email: str, **headers):
    # A fresh browser each time: a signed-up visitor is logged in.
    return Client().post("/akun/daftar/", SIGNUP | {"email": email}, **headers)


def test_sign_up_behind_the_proxy_limits_each_client_not_everyone(behind_nginx):
    statuses = [
        sign_up(
            f"orang{n}@banjarnegarakab.go.id",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(8)
    ]
    assert statuses == [302] * 8
    # One client behind the proxy is still limited.
    same_client = [
        sign_up(
            f"sama{n}@banjarnegarakab.go.id", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1"
        ).status_code
        for n in range(6)
    ]
    assert same_client == [302] * 5 + [429]


def test_sign_up_with_a_spoofed_header_from_an_untrusted_peer_is_still_limited(behind_nginx):
    statuses = [
        sign_up(
            f"palsu{n}@banjarnegarakab.go.id",
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]


def test_rotating_a_spoofed_address_through_the_proxy_does_not_escape(behind_nginx):
    # The client invents the left part; nginx appends the address it really saw.
    statuses = [
        sign_up(
            f"putar{n}@banjarnegarakab.go.id",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 192.0.2.44",
        ).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]


# -- log-in ---------------------------------------------------------------------


def log_in(client: Client, email: str, password: str, address: str):
    return client.post(
        "/akun/masuk/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def test_a_strangers_wrong_passwords_do_not_lock_the_owner_out(behind_nginx):
    User.objects.create_user(email="pemilik@banjarnegarakab.go.id", password=PASSWORD)
    stranger = Client()
    for _ in range(10):
        response = log_in(stranger, "pemilik@banjarnegarakab.go.id", "tebakan", "203.0.113.66")
        assert response.status_code == 200
    assert "_auth_user_id" not in stranger.session
    # The stranger is throttled now, even with the right password…
    blocked = log_in(stranger, "pemilik@banjarnegarakab.go.id", PASSWORD, "203.0.113.66")
    assert "Terlalu banyak percobaan masuk yang gagal" in blocked.content.decode()
    assert "_auth_user_id" not in stranger.session
    # …and the owner, from their own address, logs in at once.
    owner = Client()
    response = log_in(owner, "pemilik@banjarnegarakab.go.id", PASSWORD, "198.51.100.20")
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(User.objects.get().pk)


def test_one_address_guessing_many_accounts_is_throttled_per_address(behind_nginx):
    for n in range(12):
        User.objects.create_user(email=f"akun{n}@banjarnegarakab.go.id", password=PASSWORD)
    attacker = Client()
    for n in range(10):
        response = log_in(attacker, f"akun{n}@banjarnegarakab.go.id", "tebakan", "203.0.113.66")
        assert "Terlalu banyak" not in response.content.decode()
    # The eleventh account tried from the same address within the minute is refused
    # without even checking the password.
    blocked = log_in(attacker, "akun11@banjarnegarakab.go.id", PASSWORD, "203.0.113.66")
    assert "Terlalu banyak percobaan masuk yang gagal" in blocked.content.decode()
    assert "_auth_user_id" not in attacker.session


# -- complaints -------------------------------------------------------------------


def complaint(**overrides) -> dict:
    return {
        "nama_lengkap": "Siti Rahayu",
        "alamat_e_mail": "siti@banjarnegarakab.go.id",
        "nomor_telepon": "081234567890",
        "instansi": "Dinas Kesehatan Kabupaten Banjarnegara",
        "hal_yang_diadukan": "Waktu penyelesaian",
        "isi_pengaduan": "Surat rekomendasi kami belum terbit setelah 35 hari kerja.",
    } | overrides


@override_settings(COMPLAINT_RATE_LIMIT_PER_HOUR=2)
def test_complaints_behind_the_proxy_are_limited_per_client(behind_nginx, complaint_page):
    for n in range(4):
        response = Client().post(
            complaint_page.url,
            complaint(),
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
        assert response.status_code == 200
    assert ComplaintSubmission.objects.count() == 4
    spoofed = [
        Client()
        .post(
            complaint_page.url,
            complaint(),
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
        .status_code
        for n in range(3)
    ]
    assert spoofed == [200, 200, 429]
