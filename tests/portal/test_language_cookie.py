"""The language cookie is for the server only (HttpOnly), stays on this site
(SameSite=Lax) and, in production, travels over HTTPS only (Secure)."""

import pytest
from django.test import Client

from .test_settings import PRODUCTION_ENV, manage


def set_language_cookie(client: Client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return response.cookies["django_language"]


@pytest.mark.django_db
def test_the_language_cookie_is_http_only_and_same_site():
    cookie = set_language_cookie(Client())
    assert cookie.value == "en"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_in_production_the_language_cookie_is_https_only():
    # Over HTTPS as nginx forwards it: X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
    code = (
        "from django.test import Client; "
        "r = Client(secure=True, headers={'X-Forwarded-Proto': 'https'})"
        ".post('/i18n/setlang/', {'language': 'en', 'next': '/'}); "
        "print('COOKIE', r.status_code, r.cookies['django_language'].output())"
    )
    env = PRODUCTION_ENV | {"DJANGO_ALLOWED_HOSTS": "testserver"}
    result = manage("shell", "-c", code, env_overrides=env)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("COOKIE "))
    assert line.startswith("COOKIE 302 Set-Cookie: django_language=en;")
    attributes = {part.strip().split("=")[0].lower() for part in line.split(";")[1:]}
    assert {"secure", "httponly", "samesite"} <= attributes
    assert "SameSite=Lax" in line
