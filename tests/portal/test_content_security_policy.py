"""Every page of the site carries a Content-Security-Policy (django-csp) that
allows only the site's own scripts, styles, images and forms, and the pages work
under it: a real Chromium walks them and reports no violation."""

import os
import shutil

import pytest
from django.test import Client

from catalog.models import ActivityRecord
from procedures.accounts.models import User
from procedures.applications import services as application_services
from procedures.applications.models import Application, AttachmentKind
from procedures.demo import demo_pdf
from procedures.letters.models import Letter

PASSWORD = "demo-rekomstat"  # noqa: S105 — the published demo password
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/katalog/", "/akun/masuk/", "/akun/daftar/"])
def test_public_pages_carry_the_policy(seeded, path):
    response = Client().get(path)
    assert response.status_code == 200
    policy = policy_of(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval, no other site
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    # Two style attributes are allowed by their exact hash, nothing else inline.
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_error_pages_and_downloads_carry_it_too(seeded):
    assert "Content-Security-Policy" in Client().get("/tidak-ada/")
    assert "Content-Security-Policy" in Client().get("/katalog/unduh.csv")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/cms/login/", "/api/v1/docs"])
def test_the_cms_and_the_api_explorer_are_exempt(path):
    """Wagtail 8's admin writes inline <script> (panels, date widgets) and the API
    explorer loads Swagger UI from a CDN with an inline start script: a policy that
    allowed them would need 'unsafe-inline' and protect nothing. Both are exempt."""
    response = Client().get(path)
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


# --- In the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


# Recorded before any page script runs (an init script is not subject to the page's CSP).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


def walk(browser, base_url: str, paths: list[str], *, email: str | None = None) -> dict:
    """Open each page (logged in as `email`); {path: [violations]} for pages with any."""
    context = browser.new_context(locale="id-ID")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    if email:
        page.goto(base_url + "/akun/masuk/")
        form = page.locator("main form")
        form.get_by_label("E-mail (wajib)", exact=True).fill(email)
        form.get_by_label("Kata sandi (wajib)", exact=True).fill(PASSWORD)
        form.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()
    found = {}
    for path in paths:
        console.clear()
        response = page.goto(base_url + path)
        assert response.status < 400, (path, response.status)
        assert response.headers.get("content-security-policy"), path
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__cspViolations") + console
        if violations:
            found[path] = violations
    context.close()
    return found


@pytest.mark.e2e
def test_the_pages_work_under_the_policy(live_server, seeded, chromium):
    feasible = Application.objects.filter(state="feasible").first()
    draft = Application.objects.filter(state="draft").first()
    # An editable attachment list shows a remove button (its form has a style attribute).
    application_services.add_attachment(
        application=draft,
        user=draft.created_by,
        kind=AttachmentKind.MANUAL,
        upload=demo_pdf("Pedoman pencacah"),
    )
    catalog_page = "/katalog/?q=pertanian"
    public = [
        "/",
        "/standar-pelayanan/",
        "/pengaduan/",
        "/pengaduan/lacak/",
        "/katalog/",
        catalog_page,
        f"/katalog/{ActivityRecord.objects.first().pk}/",
        f"/verifikasi/{Letter.objects.first().verification_code}/",
        "/akun/masuk/",
        "/akun/daftar/",
        "/akun/kata-sandi/reset/",
    ]
    applicant = [
        "/pengajuan/",
        f"/pengajuan/{feasible.pk}/",
        f"/pengajuan/{draft.pk}/",
        f"/pengajuan/{draft.pk}/lampiran/",
        "/akun/email/",
    ]
    office = ["/pemeriksaan/", f"/pemeriksaan/{feasible.pk}/", "/pemeriksaan/pengaduan/"]
    admin = [
        "/django-admin/",
        "/django-admin/notifications/notification/",
        f"/django-admin/applications/application/{feasible.pk}/change/",
        f"/django-admin/accounts/user/{User.objects.get(email='admin@bps.go.id').pk}/change/",
    ]
    found = {
        **walk(chromium, live_server.url, public),
        **walk(chromium, live_server.url, applicant, email="pemohon@banjarnegarakab.go.id"),
        **walk(chromium, live_server.url, office, email="pemeriksa@bps.go.id"),
        **walk(chromium, live_server.url, admin, email="admin@bps.go.id"),
    }
    assert found == {}
