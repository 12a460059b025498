"""Browser tests: Playwright drives Debian's Chromium against the live test server."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from procedures.accounts.models import User
from procedures.applications import services as application_services
from procedures.applications.models import Application, AttachmentKind
from procedures.demo import complete_design, demo_pdf, fill_design

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    # Playwright's sync API runs an event loop in this thread while the browser is
    # open; the ORM calls the tests make around it are still synchronous and safe.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, seeded):
    return live_server


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    return Axe()


def assert_accessible(axe, page):
    """axe-core finds no serious or critical violation on the page as it is now."""
    violations = axe.run(page).response["violations"]
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, f"{page.url}:\n" + "\n".join(blocking)


DEMO_PASSWORD = "demo-rekomstat"  # noqa: S105 — the published demo password
LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture
def new_context(browser):
    contexts = []

    def open_as(email, viewport):
        context = browser.new_context(viewport=viewport, locale="id-ID", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.goto(site_url + "/akun/masuk/")
        form = page.get_by_role("main").locator("form")
        form.get_by_label("E-mail (wajib)", exact=True).fill(email)
        form.get_by_label("Kata sandi (wajib)", exact=True).fill(DEMO_PASSWORD)
        form.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("link", name="Keluar")).to_be_visible()
        return page

    site_url = None

    def factory(url, email, viewport=PHONE):
        nonlocal site_url
        site_url = url
        return open_as(email, viewport)

    yield factory
    for context in contexts:
        context.close()


# The demo accounts the browser tests log in as (password: the demo's).
APPLICANT = "pemohon@banjarnegarakab.go.id"
EXAMINER = "pemeriksa@bps.go.id"
SIGNATORY = "kepala@bps.go.id"


def complete_survey_draft(title: str) -> Application:
    """The demo applicant's complete survey design with its questionnaire, ready
    to submit (filling every block in the browser is the applicant test's job)."""
    applicant = User.objects.get(email=APPLICANT)
    application = application_services.create_application(user=applicant)
    fill_design(application, applicant, complete_design(title=title))
    application_services.add_attachment(
        application=application,
        user=applicant,
        kind=AttachmentKind.QUESTIONNAIRE,
        upload=demo_pdf(title),
    )
    return application
