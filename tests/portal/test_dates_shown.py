"""No page of the applicant's or the officers' path shows a date as ISO or as
numbers ("2027-01-04", "04-01-2027"): people read "4 Januari 2027". Machine
values stay ISO where no one reads them (`<time datetime>`, `<input type=date>`
values, JSON), so only the visible text is scanned.

To cover a new page, add a line to PAGES: the demo account that walks it and a
function from `Demo` (what the whole seeded demo holds) to its URL or URLs.
"""

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from catalog.models import ActivityRecord
from procedures.accounts.models import User
from procedures.applications.models import Application
from procedures.complaints.models import Complaint
from procedures.demo import DEMO_APPLICANT
from procedures.frkss.design import BLOCKS
from procedures.letters.models import Letter
from procedures.notifications.models import Notification
from procedures.organisations.models import Office, OfficerProfile
from procedures.organisations.roles import Role, grant_role
from procedures.surveys.links import survey_path

ISO_OR_NUMERIC_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2}|\d{2}[-/]\d{2}[-/]\d{4})\b")

APPLICANT = DEMO_APPLICANT
EXAMINER = "pemeriksa@bps.go.id"
SIGNATORY = "kepala@bps.go.id"
WALIDATA = "walidata@banjarnegarakab.go.id"
OFFICE_ADMIN = "admin.kantor@bps.go.id"  # the demo has none: made below


class Demo:
    """Lookups into the seeded demo for the page list."""

    def own(self, state: str) -> Application:
        """The demo applicant's application in `state`."""
        return Application.objects.get(created_by__email=APPLICANT, state=state)

    def own_all(self) -> list[Application]:
        return list(Application.objects.filter(created_by__email=APPLICANT).order_by("pk"))

    def office_applications(self, *, revised: bool, count: int = 4) -> list[Application]:
        """Office 3304's applications of the history; `revised`: with a second version,
        so their examination page shows what changed."""
        applications = (
            Application.objects.filter(office__code="3304")
            .exclude(created_by__email=APPLICANT)
            .exclude(state="draft")
            .order_by("-pk")
        )
        chosen = [a for a in applications if (a.versions.count() > 1) == revised]
        return chosen[:count]

    def complaints(self) -> list[Complaint]:
        return list(Complaint.objects.filter(office__code="3304").order_by("pk"))

    def walk_ins(self, count: int = 3) -> list[Application]:
        return list(
            Application.objects.filter(office__code="3304", channel="offline").order_by("-pk")[
                :count
            ]
        )

    def decided_walk_in_without_survey(self) -> Application | None:
        return (
            Application.objects.filter(
                office__code="3304",
                channel="offline",
                state__in=["feasible", "not_feasible"],
                survey_response__isnull=True,
            )
            .order_by("-pk")
            .first()
        )


def detail(application: Application) -> str:
    return reverse("applications:detail", args=[application.pk])


def examination(application: Application) -> str:
    return reverse("examination:detail", args=[application.pk])


@dataclass(frozen=True)
class Page:
    account: str
    what: str
    urls: Callable[[Demo], str | Iterable[str]]


PAGES = [
    # The applicant's path.
    Page(APPLICANT, "my applications", lambda d: reverse("applications:my_applications")),
    Page(APPLICANT, "each application", lambda d: [detail(a) for a in d.own_all()]),
    Page(
        APPLICANT,
        "each FRKSS block, draft and under revision",
        lambda d: [
            reverse("applications:edit_block", args=[d.own(state).pk, block.key])
            for state in ("draft", "revision_requested")
            for block in BLOCKS
        ],
    ),
    Page(
        APPLICANT,
        "attachments and submit",
        lambda d: [
            reverse(name, args=[d.own(state).pk])
            for name in ("applications:attachments", "applications:submit")
            for state in ("draft", "revision_requested")
        ],
    ),
    Page(
        APPLICANT,
        "withdraw",
        lambda d: reverse("applications:withdraw", args=[d.own("submitted").pk]),
    ),
    Page(APPLICANT, "agency", lambda d: reverse("organisations:agency")),
    Page(APPLICANT, "e-mail addresses", lambda d: reverse("account_email")),
    Page(APPLICANT, "survey", lambda d: survey_path(d.own("feasible"))),
    Page(
        APPLICANT,
        "letters' verification",
        lambda d: [
            reverse("letters:verify", args=[d.own(s).letter.verification_code])
            for s in ("feasible", "not_feasible")
        ],
    ),
    Page(
        APPLICANT,
        "a letter looked up by its number",
        lambda d: [
            reverse("letters:verification") + "?" + urlencode({"nomor": d.own(s).letter.number})
            for s in ("feasible", "not_feasible")
        ],
    ),
    # The office's path.
    Page(EXAMINER, "queue", lambda d: reverse("examination:queue")),
    Page(
        EXAMINER,
        "the demo applicant's, every state",
        lambda d: [examination(a) for a in d.own_all() if a.state != "draft"],
    ),
    Page(
        EXAMINER,
        "a diff of versions",
        lambda d: [examination(a) for a in d.office_applications(revised=True)],
    ),
    Page(
        EXAMINER,
        "first versions",
        lambda d: [examination(a) for a in d.office_applications(revised=False)],
    ),
    Page(EXAMINER, "walk-in", lambda d: reverse("examination:offline")),
    Page(
        EXAMINER,
        "walk-in receipts",
        lambda d: [reverse("examination:receipt", args=[a.pk]) for a in d.walk_ins()],
    ),
    Page(
        EXAMINER,
        "paper survey",
        lambda d: [
            reverse("surveys:paper", args=[a.pk]) for a in [d.decided_walk_in_without_survey()] if a
        ],
    ),
    Page(EXAMINER, "surveys report", lambda d: reverse("surveys:report")),
    Page(EXAMINER, "complaints", lambda d: reverse("complaints:office_list")),
    Page(
        EXAMINER,
        "each complaint",
        lambda d: [
            reverse("complaints:detail", args=[c.ticket_number or c.pk]) for c in d.complaints()
        ],
    ),
    Page(EXAMINER, "agency members", lambda d: reverse("organisations:office_members")),
    Page(
        EXAMINER,
        "performance",
        lambda d: [reverse("performance:national"), reverse("performance:office", args=["3304"])],
    ),
    Page(EXAMINER, "catalog", lambda d: reverse("catalog:search")),
    Page(
        EXAMINER,
        "catalog records",
        lambda d: [
            reverse("catalog:detail", args=[pk])
            for pk in ActivityRecord.objects.order_by("-decided_on").values_list("pk", flat=True)[
                :5
            ]
        ],
    ),
    Page(SIGNATORY, "queue", lambda d: reverse("examination:queue")),
    Page(SIGNATORY, "a proposal to sign", lambda d: examination(d.own("awaiting_signature"))),
    Page(WALIDATA, "queue", lambda d: reverse("examination:queue")),
    Page(OFFICE_ADMIN, "queue", lambda d: reverse("examination:queue")),
    Page(OFFICE_ADMIN, "agency members", lambda d: reverse("organisations:office_members")),
    Page(OFFICE_ADMIN, "complaints", lambda d: reverse("complaints:office_list")),
]


def visible_text(html: bytes) -> str:
    """What a person sees: text nodes only (no attribute values, scripts or styles)."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    return soup.get_text(" ")


def dates_in(text: str) -> list[str]:
    return ISO_OR_NUMERIC_DATE.findall(text)


def context_of(text: str, found: str) -> str:
    at = text.find(found)
    return " ".join(text[max(0, at - 60) : at + 40].split())


class DatesShownTests(TestCase):
    """One whole demo seed (`seed --demo`, with its history) for every walk."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed", "--demo", stdout=io.StringIO())
        admin = User.objects.create_user(email=OFFICE_ADMIN, password="x", first_name="Admin")
        OfficerProfile.objects.create(user=admin, office=Office.objects.get(code="3304"))
        grant_role(admin, Role.OFFICE_ADMIN)

    def walk(self, account: str) -> dict[str, list[str]]:
        """{url: the dates found on it} for every page of `account`'s path."""
        self.client.force_login(User.objects.get(email=account))
        demo, found, walked = Demo(), {}, 0
        for page in PAGES:
            if page.account != account:
                continue
            urls = page.urls(demo)
            for url in [urls] if isinstance(urls, str) else urls:
                response = self.client.get(url)
                assert response.status_code == 200, (page.what, url, response.status_code)
                text = visible_text(response.content)
                walked += 1
                if dates := dates_in(text):
                    found[url] = [context_of(text, date) for date in dates]
        assert walked, account
        return found

    def test_the_applicants_path(self):
        assert self.walk(APPLICANT) == {}

    def test_the_examiners_path(self):
        assert self.walk(EXAMINER) == {}

    def test_the_signatorys_path(self):
        assert self.walk(SIGNATORY) == {}

    def test_the_walidatas_path(self):
        assert self.walk(WALIDATA) == {}

    def test_the_office_admins_path(self):
        assert self.walk(OFFICE_ADMIN) == {}

    def test_the_letters(self):
        self.client.force_login(User.objects.get(email=APPLICANT))
        letters = Letter.objects.filter(application__created_by__email=APPLICANT)
        assert letters.count() == 2
        for letter in letters:
            response = self.client.get(reverse("letters:download", args=[letter.application_id]))
            assert response.status_code == 200
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
            assert dates_in(text) == [], letter.number

    def test_the_emails(self):
        # Every message of the demo: receipts, revision requests, decisions, reminders,
        # complaint acknowledgements and answers.
        kinds = set()
        for message in Notification.objects.all():
            kinds.add(message.kind)
            html = visible_text(message.body_html.encode())
            shown = f"{message.subject}\n{message.body_text}\n{html}"
            assert dates_in(shown) == [], (message.kind, context_of(shown, dates_in(shown)[0]))
        assert len(kinds) >= 5

    def test_the_scan_sees_a_date_written_as_iso(self):
        html = b'<p>Diajukan <time datetime="2027-01-04">2027-01-04</time>, 04-01-2027</p>'
        assert dates_in(visible_text(html)) == ["2027-01-04", "04-01-2027"]
        shown = (
            b'<p><time datetime="2027-01-04">4 Januari 2027</time><input value="2027-01-04"></p>'
        )
        assert dates_in(visible_text(shown)) == []
