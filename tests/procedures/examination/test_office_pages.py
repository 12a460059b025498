"""The office's pages at /pemeriksaan/ through HTTP: who may open and do what,
the queue (counts, order, filters, paging), examination from taking to the
signed letter, consultations, walk-ins and the public verification page."""

import datetime
import hashlib
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import ActivityRecord
from procedures.applications import services as application_services
from procedures.applications.models import Application, ApplicationEvent, AttachmentKind, ReviewNote
from procedures.demo import complete_design
from procedures.examination import services as examination_services
from procedures.examination.models import Consultation
from procedures.letters.models import Letter
from procedures.notifications.models import Notification
from procedures.organisations import calendar as organisation_calendar
from procedures.organisations import services as organisation_services
from procedures.organisations.models import (
    Agency,
    AgencyLevel,
    Office,
    OfficerProfile,
    WalidataProfile,
)
from procedures.organisations.roles import Role
from tests.procedures.pages import client_for, page

from ..conftest import DUE_FROM_KNOWN_DAY, fill, make_agency, make_user, pdf_upload

pytestmark = pytest.mark.django_db

LOGIN = "/akun/masuk/?next="


# --- Helpers ----------------------------------------------------------------------


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


def messages_of(response) -> str:
    box = page(response).select_one(".messages")
    return words(box) if box else ""


def new_submitted(applicant, title: str, *, request_letter=False) -> Application:
    """A complete compilation (no questionnaire needed), submitted by the applicant."""
    draft = application_services.create_application(user=applicant)
    fill(draft, applicant, complete_design(title=title, survey=False))
    if request_letter:
        application_services.add_attachment(
            application=draft,
            user=applicant,
            kind=AttachmentKind.REQUEST_LETTER,
            upload=pdf_upload("surat-permohonan.pdf", "Surat permohonan rekomendasi"),
        )
    return application_services.submit(
        application=Application.objects.get(pk=draft.pk), user=applicant
    )


def bare(agency, user, reference, **fields) -> Application:
    """A queue row made directly in the database (list fixtures only)."""
    fields.setdefault("state", "submitted")
    fields.setdefault("title", f"Kegiatan {reference}")
    fields.setdefault("reached_office_at", timezone.now())
    return Application.objects.create(
        agency=agency, office=agency.office, created_by=user, reference=reference, **fields
    )


def queue_references(response) -> list[str]:
    return [words(a) for a in page(response).select("table.list tbody tr td:first-child a")]


def queue_rows(response) -> dict[str, object]:
    """{reference or label: <tr>} of the queue table, in page order."""
    return {
        words(row.select_one("td:first-child a")): row
        for row in page(response).select("table.list tbody tr")
    }


def cell(row, label: str) -> str:
    return words(row.select_one(f'td[data-label="{label}"]'))


def working_days_ago(office, days: int) -> datetime.date:
    today = timezone.localdate()
    day = today
    while organisation_calendar.calendar_for(office).working_days_between(day, today) < days:
        day -= datetime.timedelta(days=1)
    return day


def in_working_days(office, days: int) -> datetime.date:
    return organisation_calendar.calendar_for(office).add_working_days(timezone.localdate(), days)


def form_data(form) -> dict[str, str]:
    """What a browser sends for a form as rendered (buttons left out)."""
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name, kind = field["name"], field.get("type", "")
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[name] = chosen.get("value", "") if chosen else ""
        elif kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif kind != "submit":
            data[name] = field.get("value", "")
    return data


# --- People and a world of applications in every state ---------------------------


@pytest.fixture
def walidata(offices):
    """The walidata of region 3304: a role and a region, no office."""
    user = make_user("walidata.uji@banjarnegarakab.go.id", roles=[Role.WALIDATA])
    WalidataProfile.objects.create(user=user, region_code="3304", institution="Diskominfo")
    return user


@pytest.fixture
def idle_officer(offices):
    """Works at the office but holds no role (yet, or any more)."""
    return make_user("tanpa.peran@bps.go.id", office=offices["3304"])


@pytest.fixture
def world(offices, agency, applicant, examiner, signatory, walidata):
    """One application of office 3304 in each state an action needs."""
    waiting = new_submitted(applicant, "Kompilasi Menunggu Pemeriksa")
    reviewing = examination_services.take(
        application=new_submitted(applicant, "Kompilasi Sedang Diperiksa"), user=examiner
    )
    consultation = examination_services.record_consultation(
        application=reviewing,
        user=examiner,
        unit="Fungsi Statistik Produksi",
        question="Apakah luas panen per kecamatan sudah dikumpulkan BPS?",
        asked_on=None,
    )
    signing = examination_services.take(
        application=new_submitted(applicant, "Kompilasi Menunggu Tanda Tangan"), user=examiner
    )
    examination_services.propose(
        application=signing, user=examiner, verdict="feasible", text="Saran A."
    )
    signed = examination_services.take(
        application=new_submitted(applicant, "Kompilasi Sudah Ditandatangani"), user=examiner
    )
    examination_services.propose(
        application=signed, user=examiner, verdict="feasible", text="Saran B."
    )
    examination_services.sign(application=signed, user=signatory)
    newcomer_agency = make_agency("Dinas Perhubungan Kabupaten Banjarnegara", confirmed=False)
    newcomer = make_user("perhubungan.uji@banjarnegarakab.go.id", agency=newcomer_agency)
    unconfirmed = new_submitted(newcomer, "Survei Penumpang Terminal")
    Office.objects.filter(code="3304").update(walidata_required=True)
    pending = new_submitted(applicant, "Kompilasi Menunggu Walidata", request_letter=True)
    Office.objects.filter(code="3304").update(walidata_required=False)
    assert (waiting.state, reviewing.state, signing.state, signed.state) == (
        "submitted",
        "in_review",
        "awaiting_signature",
        "feasible",
    )
    assert (unconfirmed.state, unconfirmed.due_on) == ("awaiting_agency", None)
    assert pending.state == "awaiting_walidata"
    return SimpleNamespace(
        waiting=waiting,
        reviewing=reviewing,
        consultation=consultation,
        signing=signing,
        signed=signed,
        unconfirmed=unconfirmed,
        newcomer_agency=newcomer_agency,
        pending=pending,
    )


def snapshot() -> dict:
    """Everything an office action could change."""
    return {
        "applications": sorted(
            Application.objects.values_list(
                "pk",
                "state",
                "lock_version",
                "examiner_id",
                "reached_office_at",
                "due_on",
                "proposed_verdict",
                "channel",
            )
        ),
        "events": ApplicationEvent.objects.count(),
        "notes": sorted(ReviewNote.objects.values_list("pk", "block", "text", "sent_at")),
        "consultations": sorted(
            Consultation.objects.values_list("pk", "unit", "question", "answer")
        ),
        "letters": Letter.objects.count(),
        "catalog": ActivityRecord.objects.count(),
        "confirmed agencies": sorted(
            Agency.objects.filter(confirmed_at__isnull=False).values_list("pk", flat=True)
        ),
        "notifications": Notification.objects.count(),
    }


# --- Access: every officer URL for every kind of visitor -------------------------


def actions(world, agency, examiner):
    """{action: (url, the data a browser would send, who may do it, what it changes,
    who works in the office but may not do it)}."""
    consultation = world.consultation

    def state(application):
        return Application.objects.get(pk=application.pk).state

    return {
        "take": (
            reverse("examination:take", args=[world.waiting.pk]),
            {},
            "examiner",
            lambda: state(world.waiting) == "in_review",
            "signatory",
        ),
        "assign": (
            reverse("examination:assign", args=[world.waiting.pk]),
            {"alih-examiner": examiner.pk},
            "signatory",
            lambda: Application.objects.get(pk=world.waiting.pk).examiner_id == examiner.pk,
            "examiner",
        ),
        "notes": (
            reverse("examination:notes", args=[world.reviewing.pk]),
            {"note-kegiatan": "Perjelas judul kegiatan.", "request_revision": ""},
            "examiner",
            lambda: state(world.reviewing) == "revision_requested",
            "other examiner",
        ),
        "consult": (
            reverse("examination:consult", args=[world.reviewing.pk]),
            {"konsultasi-unit": "Fungsi Neraca", "konsultasi-question": "Ada data PDRB?"},
            "examiner",
            lambda: Consultation.objects.filter(unit="Fungsi Neraca").exists(),
            "office admin",
        ),
        "answer": (
            reverse("examination:answer", args=[world.reviewing.pk, consultation.pk]),
            {f"jawab-{consultation.pk}-answer": "Sudah, lewat Survei Ubinan."},
            "examiner",
            lambda: (
                Consultation.objects.get(pk=consultation.pk).answer == "Sudah, lewat Survei Ubinan."
            ),
            "office admin",
        ),
        "propose": (
            reverse("examination:propose", args=[world.reviewing.pk]),
            {"usulan-verdict": "feasible", "usulan-text": "Sertakan metadata."},
            "examiner",
            lambda: state(world.reviewing) == "awaiting_signature",
            "other examiner",
        ),
        "sign": (
            reverse("examination:sign", args=[world.signing.pk]),
            {},
            "signatory",
            lambda: (
                state(world.signing) == "feasible"
                and Letter.objects.filter(application=world.signing).exists()
            ),
            "examiner",
        ),
        "return": (
            reverse("examination:return", args=[world.signing.pk]),
            {"note": "Perjelas sarannya."},
            "signatory",
            lambda: state(world.signing) == "in_review",
            "examiner",
        ),
        "confirm_agency": (
            reverse("examination:confirm_agency", args=[world.unconfirmed.pk]),
            {},
            "examiner",
            lambda: (
                Agency.objects.get(pk=world.newcomer_agency.pk).is_confirmed
                and Application.objects.get(pk=world.unconfirmed.pk).due_on is not None
            ),
            "signatory",
        ),
        "walidata_confirm": (
            reverse("examination:walidata_confirm", args=[world.pending.pk]),
            {"note": "Sesuai data daerah."},
            "walidata",
            lambda: Application.objects.get(pk=world.pending.pk).state == "submitted",
            None,
        ),
        "offline": (
            reverse("examination:offline"),
            {"agency": agency.pk},
            "examiner",
            lambda: Application.objects.filter(channel="offline", agency=agency).exists(),
            "signatory",
        ),
    }


def assert_refused_with_reason(client, url, data, who) -> None:
    """Someone inside BPS is refused an action: 403, or the page says why
    (after a redirect, or at once with a 400)."""
    response = client.post(url, data)
    assert response.status_code in (302, 400, 403), (who, response.status_code)
    if response.status_code == 302:
        shown = page(client.get(response["Location"]))
        assert shown.select_one(".messages .alert--error"), who
    elif response.status_code == 400:
        assert page(response).select_one(".messages .alert--error"), who


ACTIONS = [
    "take",
    "assign",
    "notes",
    "consult",
    "answer",
    "propose",
    "sign",
    "return",
    "confirm_agency",
    "walidata_confirm",
    "offline",
]


@pytest.mark.parametrize("action", ACTIONS)
def test_only_the_office_acts(
    action,
    world,
    agency,
    applicant,
    stranger,
    foreign_officer,
    idle_officer,
    examiner,
    signatory,
    walidata,
):
    url, data, rightful, changed, wrong_role = actions(world, agency, examiner)[action]
    outsiders = {
        "applicant of the agency": applicant,
        "stranger": stranger,
        "officer of another office": foreign_officer,
        "officer with no role": idle_officer,
        "walidata of another region": make_user(
            "walidata.lain@wonosobokab.go.id", roles=[Role.WALIDATA]
        ),
    }
    WalidataProfile.objects.create(user=outsiders["walidata of another region"], region_code="3307")
    if action == "walidata_confirm":
        outsiders |= {"examiner": examiner, "signatory": signatory}
    else:
        outsiders["walidata"] = walidata
    before = snapshot()

    response = client_for(None).post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert snapshot() == before

    for who, user in outsiders.items():
        response = client_for(user).post(url, data)
        refused = {403, 404}
        if action == "offline" and who == "officer of another office":
            refused = {400}  # their own walk-in form: this agency is not among its choices
        assert response.status_code in refused, (who, response.status_code)
        assert snapshot() == before, who
        assert not changed(), who

    # Inside the office, each action needs its role (and notes and proposals, the holder).
    office = world.waiting.office
    users = {
        "examiner": examiner,
        "signatory": signatory,
        "walidata": walidata,
        "other examiner": make_user(
            "pemeriksa.lain@bps.go.id", office=office, roles=[Role.EXAMINER]
        ),
        "office admin": make_user(
            "admin.kantor@bps.go.id", office=office, roles=[Role.OFFICE_ADMIN]
        ),
    }
    if wrong_role is not None:
        assert_refused_with_reason(client_for(users[wrong_role]), url, data, wrong_role)
        assert snapshot() == before, wrong_role
        assert not changed(), wrong_role

    # The very same request from the right person does what it says.
    response = client_for(users[rightful]).post(url, data)
    assert response.status_code == 302, response.content[:500]
    assert changed()
    assert snapshot() != before


def test_pages_by_visitor(
    world, applicant, stranger, foreign_officer, idle_officer, examiner, signatory, walidata
):
    details = {
        name: reverse("examination:detail", args=[getattr(world, name).pk])
        for name in ("waiting", "reviewing", "signing", "signed", "unconfirmed")
    }
    letter = reverse("letters:download", args=[world.signed.pk])
    applicant_detail = reverse("applications:detail", args=[world.signed.pk])
    pages = {
        "queue": reverse("examination:queue"),
        "offline": reverse("examination:offline"),
        **details,
        "letter": letter,
    }
    references = [getattr(world, name).reference for name in details]

    for name, url in pages.items():
        response = client_for(None).get(url)
        assert response.status_code == 302, name
        assert response["Location"] == LOGIN + url, name

    for who, user in {
        "applicant": applicant,
        "stranger": stranger,
        "officer with no role": idle_officer,
        "walidata": walidata,
        "officer of another office": foreign_officer,
    }.items():
        client = client_for(user)
        for name, url in pages.items():
            if name in ("queue", "offline") and who in ("officer of another office", "walidata"):
                continue  # their own pages, checked below
            if name == "letter" and who == "applicant":
                continue  # the agency's own letter, checked below
            # The office's pages refuse whoever is not an officer (403); an officer of
            # another office, and anyone at the letter, finds nothing there (404).
            officer_elsewhere = who == "officer of another office"
            expected = 404 if name == "letter" or officer_elsewhere else 403
            assert client.get(url).status_code == expected, (who, name)
        if who != "applicant":
            assert client.get(applicant_detail).status_code == 404, who

    # The officer of another office has a queue and a walk-in form of their own,
    # with nothing of office 3304 in them.
    client = client_for(foreign_officer)
    response = client.get(pages["queue"])
    assert response.status_code == 200
    assert "BPS Provinsi Jawa Tengah" in words(page(response).select_one(".lead"))
    assert not set(references) & set(queue_references(response))
    response = client.get(pages["offline"])
    options = [o.get("value") for o in page(response).select("#id_agency option")]
    assert str(world.waiting.agency_id) not in options

    # The agency's applicant downloads its own letter.
    response = client_for(applicant).get(letter)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")

    for user in (examiner, signatory):
        client = client_for(user)
        for name, url in pages.items():
            assert client.get(url).status_code == 200, (user, name)
        # Actions answer POST only; a stray GET is 405, never 500.
        assert client.get(reverse("examination:take", args=[world.waiting.pk])).status_code == 405
        # What still waits for the walidata is not the office's yet.
        assert client.get(reverse("examination:detail", args=[world.pending.pk])).status_code == 404


READ_ONLY_ACTIONS = [action for action in ACTIONS if action not in ("walidata_confirm", "offline")]


@pytest.mark.parametrize("office_code", ["3300", "0000"])
def test_an_officer_above_reads_the_offices_below_but_acts_on_nothing(
    office_code, world, agency, offices, examiner
):
    """A provincial (3300) or central (0000) officer given read access sees the
    kab/kota office's queue, examination pages and letters, and every action is
    refused with nothing changed, although they hold every role at their own office."""
    reader = make_user(
        f"pembaca.{office_code}@bps.go.id",
        office=offices[office_code],
        roles=[Role.EXAMINER, Role.SIGNATORY, Role.OFFICE_ADMIN],
    )
    client = client_for(reader)
    details = {
        name: reverse("examination:detail", args=[getattr(world, name).pk])
        for name in ("waiting", "reviewing", "signing", "signed", "unconfirmed")
    }

    # Without the flag the office below does not exist for them.
    assert not set(queue_references(client.get(reverse("examination:queue")))) & {
        getattr(world, name).reference for name in details
    }
    for name, url in details.items():
        assert client.get(url).status_code == 404, name

    assert not page(client.get(reverse("examination:queue"))).select("#id_office")

    OfficerProfile.objects.filter(user=reader).update(reads_offices_below=True)
    response = client.get(reverse("examination:queue"))
    assert response.status_code == 200
    below = Office.objects.filter(code__gt=office_code).count()
    assert words(page(response).select_one(".lead")) == (
        f"{offices[office_code].name} · hanya baca: {below} kantor di bawahnya"
    )
    listed = set(queue_references(response))
    references = {getattr(world, name).reference for name in details}
    assert references <= listed
    assert world.pending.reference not in listed  # still the walidata's

    # With many offices in view, one is picked; one outside the view is a 400.
    options = [words(o) for o in page(response).select("#id_office option")]
    in_view = Office.objects.filter(code__gte=office_code).order_by("code")
    assert options == ["Semua kantor", *map(str, in_view)]
    kab = offices["3304"].pk
    assert references <= set(
        queue_references(client.get(reverse("examination:queue"), {"office": kab}))
    )
    own = client.get(reverse("examination:queue"), {"office": offices[office_code].pk})
    assert not references & set(queue_references(own))
    outside = Office.objects.create(
        code="3400", name="BPS Provinsi DI Yogyakarta", level="provinsi"
    )
    response = client.get(reverse("examination:queue"), {"office": outside.pk})
    assert response.status_code == 400
    assert [words(a) for a in page(response).select("#form-errors li a")] == ["Kantor BPS"]

    for name, url in details.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = page(response)
        assert "Hanya baca" in words(html.select_one("[role=note]")), name
        assert html.select("main form[method=post]") == [], name
    response = client.get(reverse("letters:download", args=[world.signed.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")

    before = snapshot()
    for action in READ_ONLY_ACTIONS:
        url, data, _rightful, changed, _wrong_role = actions(world, agency, examiner)[action]
        assert_refused_with_reason(client, url, data, action)
        assert snapshot() == before, action
        assert not changed(), action

    # Their own walk-in form offers only their own office's agencies.
    response = client.get(reverse("examination:offline"))
    options = [o.get("value") for o in page(response).select("#id_agency option")]
    assert str(agency.pk) not in options


def test_the_walidata_sees_their_list_but_not_the_office_pages(
    on_known_day, client, world, walidata, applicant
):
    # The applicant learns who holds the clock back.
    waiting_page = page(
        client_for(applicant).get(reverse("applications:detail", args=[world.pending.pk]))
    )
    facts = {words(row.dt): words(row.dd) for row in waiting_page.select("dl.facts > div")}
    assert (
        facts["Batas waktu hasil"]
        == "dihitung setelah walidata wilayah mengonfirmasi pengajuan ini"
    )

    client.force_login(walidata)
    response = client.get(reverse("examination:queue"))
    assert response.status_code == 200
    html = page(response)
    assert words(html.select_one("h1")) == "Konfirmasi walidata"
    cards = html.select("article.card")
    assert [words(card.select_one("h2")) for card in cards] == ["Kompilasi Menunggu Walidata"]
    assert world.pending.reference in words(cards[0])
    assert cards[0].select_one("form")["action"] == reverse(
        "examination:walidata_confirm", args=[world.pending.pk]
    )
    assert client.get(reverse("examination:detail", args=[world.pending.pk])).status_code == 403
    assert client.get(reverse("examination:detail", args=[world.waiting.pk])).status_code == 403

    # The walidata reads the design and its attachments before confirming.
    design_url = reverse("applications:detail", args=[world.pending.pk])
    assert cards[0].select_one(f"a[href='{design_url}']")
    response = client.get(design_url)
    assert response.status_code == 200
    html = page(response)
    assert words(html.select_one("h1")) == "Kompilasi Menunggu Walidata"
    assert {"Keterangan kegiatan", "I. Penyelenggara"} <= {words(h) for h in html.select("h3")}
    (link,) = html.select("a[href*='/lampiran/']")
    assert words(link) == "surat-permohonan.pdf"
    download = client.get(link["href"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert [form["action"] for form in html.select("main form")] == [
        reverse("examination:walidata_confirm", args=[world.pending.pk]),
        reverse("examination:walidata_return", args=[world.pending.pk]),
    ]
    assert not html.select(f"a[href^='{design_url}formulir/']")  # nothing to edit
    for name in ("waiting", "signed"):  # the office's work is not theirs
        url = reverse("applications:detail", args=[getattr(world, name).pk])
        assert client.get(url).status_code == 404, name
    # Reading is all: the applicant's actions stay the applicant's.
    before = snapshot()
    attachment_pk = world.pending.attachments.get().pk
    pk = world.pending.pk
    for url, data in (
        (reverse("applications:edit_block", args=[pk, "kegiatan"]), {"title": "Diubah walidata"}),
        (reverse("applications:attachments", args=[pk]), {"kind": "lainnya"}),
        (reverse("applications:remove_attachment", args=[pk, attachment_pk]), {}),
        (reverse("applications:submit", args=[pk]), {}),
        (reverse("applications:withdraw", args=[pk]), {"reason": "Tidak perlu."}),
    ):
        # The walidata reads the design (so 403, not 404) but writes nothing.
        assert client.post(url, data).status_code == 403, url
        assert snapshot() == before, url
    assert Application.objects.get(pk=pk).design == world.pending.design
    assert list(world.pending.attachments.values_list("pk", flat=True)) == [attachment_pk]
    other_region = make_user("walidata.lain@wonosobokab.go.id", roles=[Role.WALIDATA])
    WalidataProfile.objects.create(user=other_region, region_code="3307")
    assert client_for(other_region).get(design_url).status_code == 404

    response = client.post(
        reverse("examination:walidata_confirm", args=[world.pending.pk]), {"note": ""}, follow=True
    )
    assert world.pending.reference in messages_of(response)
    assert not page(response).select("article.card")
    assert client.get(design_url).status_code == 404  # confirmed: now the office's
    world.pending.refresh_from_db()
    assert world.pending.due_on == DUE_FROM_KNOWN_DAY


# --- The queue ----------------------------------------------------------------------


def state_counts(response) -> dict[str, int]:
    return {
        link["href"].removeprefix("?state="): int(words(link.select_one(".state-counts__n")))
        for link in page(response).select(".state-counts a")
    }


def test_the_counts_per_state_match_the_database(client, world, examiner, agency):
    examination_services.register_offline(agency=agency, user=examiner)  # a walk-in draft
    application_services.create_application(
        user=world.waiting.created_by
    )  # an online draft: not the office's
    client.force_login(examiner)
    counts = state_counts(client.get(reverse("examination:queue")))
    assert counts == {
        "draft": 1,
        "awaiting_agency": 1,  # the unconfirmed agency's; the walidata's one is not here
        "submitted": 1,
        "in_review": 1,
        "revision_requested": 0,
        "awaiting_signature": 1,
        "feasible": 1,
        "not_feasible": 0,
        "withdrawn": 0,
    }
    office = Application.objects.filter(office__code="3304")
    for state, count in counts.items():
        in_db = (
            office.exclude(state="awaiting_walidata")
            .filter(state=state)
            .exclude(channel="online", state="draft")
        )
        assert in_db.count() == count, state
    # Each count links to its filtered list.
    for state, count in counts.items():
        response = client.get(reverse("examination:queue"), {"state": state})
        assert response.status_code == 200, state
        assert len(queue_references(response)) == count, state


def test_the_queue_is_sorted_by_due_date_with_working_days_left(
    client, offices, agency, applicant, examiner
):
    office = offices["3304"]
    due = {
        "REK-3304-2026-90001": in_working_days(office, 10),
        "REK-3304-2026-90002": None,
        "REK-3304-2026-90003": in_working_days(office, 2),
        "REK-3304-2026-90004": working_days_ago(office, 3),
        "REK-3304-2026-90005": in_working_days(office, 5),
    }
    for reference, due_on in due.items():
        bare(agency, applicant, reference, due_on=due_on)
    client.force_login(examiner)
    response = client.get(reverse("examination:queue"))
    rows = queue_rows(response)
    assert list(rows) == [
        "REK-3304-2026-90004",
        "REK-3304-2026-90003",
        "REK-3304-2026-90005",
        "REK-3304-2026-90001",
        "REK-3304-2026-90002",
    ]
    left = {reference: cell(row, "Sisa hari kerja") for reference, row in rows.items()}
    assert left == {
        "REK-3304-2026-90004": "TERLAMBAT (-3)",
        "REK-3304-2026-90003": "2",
        "REK-3304-2026-90005": "5",
        "REK-3304-2026-90001": "10",
        "REK-3304-2026-90002": "—",
    }
    overdue = [ref for ref, row in rows.items() if "is-overdue" in (row.get("class") or [])]
    assert overdue == ["REK-3304-2026-90004"]
    assert cell(rows["REK-3304-2026-90002"], "Batas waktu") == "—"


@pytest.fixture
def filter_rows(offices, agency, applicant, stranger, examiner):
    """Six rows that each filter tells apart."""
    office = offices["3304"]
    other_examiner = make_user("pemeriksa.dua@bps.go.id", office=office, roles=[Role.EXAMINER])
    other_agency = organisation_services.agency_of(stranger)
    rows = {
        "a1": bare(agency, applicant, "REK-3304-2026-80001", due_on=in_working_days(office, 3)),
        "a2": bare(
            agency,
            applicant,
            "REK-3304-2026-80002",
            state="in_review",
            examiner=examiner,
            due_on=in_working_days(office, 10),
        ),
        "a3": bare(
            other_agency,
            stranger,
            "REK-3304-2026-80003",
            state="in_review",
            examiner=other_examiner,
            due_on=working_days_ago(office, 2),
        ),
        "a4": bare(
            other_agency,
            stranger,
            "REK-3304-2025-80004",
            state="awaiting_signature",
            examiner=examiner,
            due_on=in_working_days(office, 1),
        ),
        "a5": bare(
            agency,
            applicant,
            "REK-3304-2026-80005",
            state="feasible",
            examiner=examiner,
            due_on=working_days_ago(office, 5),  # decided: its clock no longer runs
        ),
        "a6": bare(agency, applicant, "REK-3304-2026-80006", state="revision_requested"),
        "a7": bare(agency, applicant, "REK-3304-2026-80007", due_on=timezone.localdate()),
    }
    last_year = datetime.datetime(2025, 6, 2, 9, tzinfo=datetime.UTC)
    Application.objects.filter(pk=rows["a4"].pk).update(created_at=last_year)
    return SimpleNamespace(
        rows=rows, other_examiner=other_examiner, other_agency=other_agency, agency=agency
    )


def test_each_filter_narrows_the_queue(client, filter_rows, examiner):
    client.force_login(examiner)
    rows, this_year = filter_rows.rows, timezone.localdate().year

    def listed(**query):
        response = client.get(reverse("examination:queue"), query)
        assert response.status_code == 200, (query, response.status_code)
        return {name for name, app in rows.items() if app.reference in queue_references(response)}

    assert listed() == set(rows)
    assert listed(state="in_review") == {"a2", "a3"}
    assert listed(state="feasible") == {"a5"}
    assert listed(state="submitted") == {"a1", "a7"}
    assert listed(examiner=examiner.pk) == {"a2", "a4", "a5"}
    assert listed(examiner=filter_rows.other_examiner.pk) == {"a3"}
    assert listed(agency=filter_rows.other_agency.pk) == {"a3", "a4"}
    assert listed(agency=filter_rows.agency.pk) == {"a1", "a2", "a5", "a6", "a7"}
    assert listed(year=2025) == {"a4"}
    assert listed(year=this_year) == {"a1", "a2", "a3", "a5", "a6", "a7"}
    assert listed(overdue="on") == {"a3"}  # due today is not late yet
    assert listed(due_within=3) == {"a1", "a3", "a4", "a7"}
    assert listed(due_within=1) == {"a3", "a4", "a7"}
    assert listed(due_within=0) == {"a3", "a7"}
    assert listed(state="in_review", examiner=examiner.pk) == {"a2"}
    assert listed(overdue="on", agency=filter_rows.agency.pk) == set()


@pytest.mark.parametrize(
    ("query", "field_id", "label"),
    [
        ({"year": "abc"}, "id_year", "Tahun pengajuan"),
        ({"year": "1999"}, "id_year", "Tahun pengajuan"),
        ({"due_within": "-1"}, "id_due_within", "Batas waktu dalam … hari kerja"),
        ({"state": "bogus"}, "id_state", "Status"),
        ({"examiner": "999999"}, "id_examiner", "Pemeriksa"),
    ],
)
def test_invalid_filters_answer_400_naming_the_field(
    client, filter_rows, examiner, query, field_id, label
):
    client.force_login(examiner)
    response = client.get(reverse("examination:queue"), query)
    assert response.status_code == 400
    html = page(response)
    named = {a["href"]: words(a) for a in html.select("#form-errors li a")}
    assert named == {f"#{field_id}": label}
    assert html.select_one(f"#{field_id}_error") is not None
    assert not queue_references(response)  # nothing listed on a wrong filter


def test_the_queue_pages_by_25_and_keeps_the_filter(client, offices, agency, applicant, examiner):
    office = offices["3304"]
    references = []
    for index in range(30):
        reference = f"REK-3304-2026-7{index:04d}"
        bare(agency, applicant, reference, due_on=in_working_days(office, index + 1))
        references.append(reference)
    bare(agency, applicant, "REK-3304-2026-79999", state="in_review", due_on=None)
    client.force_login(examiner)

    first = client.get(reverse("examination:queue"), {"state": "submitted"})
    assert queue_references(first) == references[:25]
    pager = page(first).select_one("nav.pager")
    assert "Halaman 1 dari 2" in words(pager)
    next_link = pager.find("a", string=lambda text: text and "Berikutnya" in text)
    assert next_link["href"] == "?state=submitted&page=2"

    second = client.get(reverse("examination:queue") + next_link["href"])
    assert second.status_code == 200
    assert queue_references(second) == references[25:]
    assert "Halaman 2 dari 2" in words(page(second).select_one("nav.pager"))
    # Out-of-range or malformed page numbers fall back to a real page, never 500.
    assert queue_references(client.get("/pemeriksaan/?state=submitted&page=99")) == references[25:]
    assert queue_references(client.get("/pemeriksaan/?page=x"))[0] == references[0]


# --- Examination through HTTP ------------------------------------------------------


def office_detail(client, application):
    return client.get(reverse("examination:detail", args=[application.pk]))


def test_examination_from_taking_to_the_signed_letter(submitted, applicant, examiner, signatory):
    as_examiner, as_applicant, as_signatory = map(client_for, (examiner, applicant, signatory))
    pk = submitted.pk
    applicant_detail = reverse("applications:detail", args=[pk])

    # Take it.
    html = page(office_detail(as_examiner, submitted))
    assert html.select_one(f'form[action="{reverse("examination:take", args=[pk])}"] button')
    response = as_examiner.post(reverse("examination:take", args=[pk]), follow=True)
    assert "Anda sekarang memeriksa" in messages_of(response)
    submitted.refresh_from_db()
    assert (submitted.state, submitted.examiner) == ("in_review", examiner)

    # Draft notes: kept and shown back, not shown to the applicant.
    form = page(office_detail(as_examiner, submitted)).select_one("form#catatan")
    data = form_data(form) | {
        "note-kegiatan": "Perjelas judul kegiatan.",
        "note-lampiran": "Kuesioner belum bernomor halaman.",
        "save_notes": "",
    }
    response = as_examiner.post(form["action"], data)
    assert response["Location"] == reverse("examination:detail", args=[pk]) + "#catatan"
    html = page(office_detail(as_examiner, submitted))
    assert words(html.select_one("#note-kegiatan")) == "Perjelas judul kegiatan."
    assert words(html.select_one("#note-lampiran")) == "Kuesioner belum bernomor halaman."
    assert words(html.select_one("#note-sampel")) == ""
    submitted.refresh_from_db()
    assert submitted.state == "in_review"
    assert set(
        ReviewNote.objects.filter(application=submitted).values_list("block", "sent_at")
    ) == {
        ("kegiatan", None),
        ("lampiran", None),
    }
    applicant_page = as_applicant.get(applicant_detail).content.decode()
    assert "Perjelas judul kegiatan." not in applicant_page
    assert "Kuesioner belum bernomor" not in applicant_page

    # Request the revision: the applicant sees the notes by block.
    data = form_data(html.select_one("form#catatan")) | {
        "note-sampel": "Jelaskan kerangka sampel.",
        "note-lampiran": "",
        "request_revision": "",
    }
    response = as_examiner.post(reverse("examination:notes", args=[pk]), data, follow=True)
    assert "Permintaan perbaikan dikirim" in messages_of(response)
    submitted.refresh_from_db()
    assert (submitted.state, submitted.due_on) == ("revision_requested", None)
    sent = ReviewNote.objects.filter(application=submitted)
    assert sorted(sent.values_list("block", "text")) == [
        ("kegiatan", "Perjelas judul kegiatan."),
        ("sampel", "Jelaskan kerangka sampel."),
    ]
    assert not sent.filter(sent_at__isnull=True).exists()  # no draft left behind
    notes = page(as_applicant.get(applicant_detail)).select_one(".notes")
    assert [words(h) for h in notes.select("h3")] == ["Keterangan kegiatan", "V. Desain sampel"]
    assert [words(p) for p in notes.select("p")] == [
        "Perjelas judul kegiatan.",
        "Jelaskan kerangka sampel.",
    ]

    # The applicant resubmits; the examiner takes it again.
    response = as_applicant.post(reverse("applications:submit", args=[pk]))
    assert response.status_code == 302
    as_examiner.post(reverse("examination:take", args=[pk]))
    submitted.refresh_from_db()
    assert submitted.state == "in_review"

    # Tidak Layak without reasons: refused, the choice comes back with the error.
    propose = reverse("examination:propose", args=[pk])
    response = as_examiner.post(
        propose, {"usulan-verdict": "not_feasible", "usulan-text": ""}, follow=True
    )
    assert response.status_code == 400
    html = page(response)
    assert "Tuliskan alasan kegiatan tidak layak." in words(html.select_one("#form-errors"))
    assert html.select_one('input[name="usulan-verdict"][value="not_feasible"]').has_attr("checked")
    submitted.refresh_from_db()
    assert (submitted.state, submitted.proposed_verdict) == ("in_review", "")
    # Shown once: reloading gives a fresh form.
    assert office_detail(as_examiner, submitted).status_code == 200

    # No verdict chosen: the typed text is kept.
    response = as_examiner.post(
        propose, {"usulan-text": "Kegiatan serupa sudah dilaksanakan BPS."}, follow=True
    )
    assert response.status_code == 400
    html = page(response)
    assert words(html.select_one("#id_usulan-text")) == "Kegiatan serupa sudah dilaksanakan BPS."
    assert "Usulan keputusan" in words(html.select_one("#form-errors"))
    submitted.refresh_from_db()
    assert submitted.state == "in_review"

    # Layak, with a suggestion.
    response = as_examiner.post(
        propose,
        {"usulan-verdict": "feasible", "usulan-text": "Sertakan metadata kegiatan."},
        follow=True,
    )
    assert "dikirim ke penanda tangan" in messages_of(response)
    submitted.refresh_from_db()
    assert (submitted.state, submitted.proposed_verdict, submitted.proposed_by) == (
        "awaiting_signature",
        "feasible",
        examiner,
    )

    # The signatory's page: the sign button and the proposal.
    sign_url, return_url = (
        reverse("examination:sign", args=[pk]),
        reverse("examination:return", args=[pk]),
    )
    html = page(office_detail(as_signatory, submitted))
    assert html.select_one(f'form[action="{sign_url}"] button')
    assert "Sertakan metadata kegiatan." in words(html.select_one(".sign-off"))
    assert not page(office_detail(as_examiner, submitted)).select_one(f'form[action="{sign_url}"]')

    # Returning without a note is refused with a message.
    response = as_signatory.post(return_url, {"note": "  "}, follow=True)
    assert "Tuliskan alasan pengembalian." in messages_of(response)
    submitted.refresh_from_db()
    assert submitted.state == "awaiting_signature"

    # Sign: the applicant downloads the letter, whose hash the verification page shows.
    response = as_signatory.post(sign_url, follow=True)
    assert "Keputusan ditandatangani" in messages_of(response)
    submitted.refresh_from_db()
    assert submitted.state == "feasible"
    html = page(as_applicant.get(applicant_detail))
    letter_link = html.select_one(".decision a.button")
    assert letter_link["href"] == reverse("letters:download", args=[pk])
    download = as_applicant.get(letter_link["href"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF")
    verify_href = html.select_one('.decision a[href^="/verifikasi/"]')["href"]
    verification = page(client_for(None).get(verify_href))
    assert words(verification.select_one("code.hash")) == hashlib.sha256(pdf).hexdigest()
    assert hashlib.sha256(pdf).hexdigest() == submitted.letter.sha256


@pytest.fixture
def head_examiner(offices):
    """A head who both examines and signs."""
    return make_user(
        "kepala.pemeriksa@bps.go.id",
        office=offices["3304"],
        roles=[Role.EXAMINER, Role.SIGNATORY],
        nip="197501012000031001",
    )


def test_the_proposer_may_not_sign_their_own_proposal(submitted, head_examiner, signatory):
    as_head = client_for(head_examiner)
    pk = submitted.pk
    sign_url = reverse("examination:sign", args=[pk])
    as_head.post(reverse("examination:take", args=[pk]))
    as_head.post(
        reverse("examination:propose", args=[pk]),
        {"usulan-verdict": "not_feasible", "usulan-text": "Duplikasi Survei Ubinan BPS."},
    )
    submitted.refresh_from_db()
    assert (submitted.state, submitted.proposed_by) == ("awaiting_signature", head_examiner)

    html = page(office_detail(as_head, submitted))
    assert "Aturan dua orang" in words(html.select_one("#tindakan").parent)
    assert not html.select_one(f'form[action="{sign_url}"]')
    response = as_head.post(sign_url, follow=True)
    assert "aturan dua orang" in messages_of(response)
    submitted.refresh_from_db()
    assert submitted.state == "awaiting_signature"
    assert not Letter.objects.filter(application=submitted).exists()

    # Another signatory sees no warning and the button.
    html = page(office_detail(client_for(signatory), submitted))
    assert html.select_one(f'form[action="{sign_url}"] button')
    assert "Aturan dua orang" not in words(html)

    # Where the office allows it, the proposer signs.
    Office.objects.filter(pk=submitted.office_id).update(allow_self_sign=True)
    html = page(office_detail(as_head, submitted))
    assert html.select_one(f'form[action="{sign_url}"] button')
    as_head.post(sign_url)
    submitted.refresh_from_db()
    assert submitted.state == "not_feasible"
    assert submitted.letter.signatory == head_examiner


def test_consultations_are_internal(in_review, applicant, examiner):
    as_examiner = client_for(examiner)
    pk = in_review.pk
    question = "Apakah BPS sudah mengumpulkan luas panen per kecamatan?"

    response = as_examiner.post(
        reverse("examination:consult", args=[pk]),
        {"konsultasi-unit": "", "konsultasi-question": question, "konsultasi-asked_on": ""},
        follow=True,
    )
    assert response.status_code == 400
    html = page(response)
    errors = {a["href"]: words(a) for a in html.select("#form-errors li a")}
    assert errors == {"#id_konsultasi-unit": "Unit/fungsi yang dikonsultasikan"}
    assert words(html.select_one("#id_konsultasi-question")) == question
    assert not Consultation.objects.filter(application=in_review).exists()

    as_examiner.post(
        reverse("examination:consult", args=[pk]),
        {
            "konsultasi-unit": "Fungsi Statistik Produksi",
            "konsultasi-question": question,
            "konsultasi-asked_on": "",
        },
    )
    consultation = Consultation.objects.get(application=in_review)
    assert (consultation.unit, consultation.asked_on) == (
        "Fungsi Statistik Produksi",
        timezone.localdate(),
    )
    as_examiner.post(
        reverse("examination:answer", args=[pk, consultation.pk]),
        {f"jawab-{consultation.pk}-answer": "Ya, dari Survei Ubinan 2026."},
    )
    office_page = words(
        page(office_detail(as_examiner, in_review)).select_one("#konsultasi").parent
    )
    assert question in office_page and "Ya, dari Survei Ubinan 2026." in office_page

    applicant_page = client_for(applicant).get(reverse("applications:detail", args=[pk]))
    assert applicant_page.status_code == 200
    shown = applicant_page.content.decode()
    for secret in ("Fungsi Statistik Produksi", question, "Survei Ubinan 2026", "Konsultasi"):
        assert secret not in shown, secret


# --- Walk-in applications -----------------------------------------------------------


def test_an_examiner_registers_a_walk_in(client, offices, agency, examiner):
    client.force_login(examiner)
    url = reverse("examination:offline")
    options = {o.get("value") for o in page(client.get(url)).select("#id_agency option")}
    assert str(agency.pk) in options

    response = client.post(url, {"agency": agency.pk})
    application = Application.objects.get(channel="offline")
    assert response.status_code == 302
    # First the visitor's receipt (its reference is given at the counter), then the form.
    assert response["Location"] == reverse("examination:receipt", args=[application.pk])
    assert (application.state, application.agency, application.created_by) == (
        "draft",
        agency,
        examiner,
    )
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    edit_url = reverse("applications:edit_block", args=[application.pk, "kegiatan"])
    assert page(receipt).select_one(f"a[href='{edit_url}']") is not None
    assert client.get(edit_url).status_code == 200

    rows = queue_rows(client.get(reverse("examination:queue")))
    assert list(rows) == [application.reference]
    assert "(luring)" in cell(rows[application.reference], "Kegiatan")
    assert rows[application.reference].select_one("a")["href"] == reverse(
        "examination:detail", args=[application.pk]
    )


@pytest.mark.parametrize("which", ["unknown", "unconfirmed", "another office's", "empty"])
def test_a_walk_in_needs_a_confirmed_agency_of_the_office(client, offices, examiner, which):
    agency = {
        "unknown": lambda: SimpleNamespace(pk=999999),
        "unconfirmed": lambda: make_agency("Dinas Baru Banjarnegara", confirmed=False),
        "another office's": lambda: make_agency(
            "Dinas Provinsi Jawa Tengah", level=AgencyLevel.PROVINCE, region="3300"
        ),
        "empty": lambda: SimpleNamespace(pk=""),
    }[which]()
    client.force_login(examiner)
    response = client.post(reverse("examination:offline"), {"agency": agency.pk})
    assert response.status_code == 400
    named = {a["href"]: words(a) for a in page(response).select("#form-errors li a")}
    assert named == {"#id_agency": "Instansi pemohon"}
    assert not Application.objects.exists()


def test_a_walk_in_for_an_agency_without_e_mail_asks_for_one(client, offices, examiner):
    """Receipts and letters of a walk-in go to the agency's address: without one
    the examiner is asked for it, and what they type becomes the agency's."""
    silent = make_agency("Dinas Pariwisata Kabupaten Banjarnegara")
    Agency.objects.filter(pk=silent.pk).update(email="")
    client.force_login(examiner)
    url = reverse("examination:offline")
    labels = {o.get("value"): words(o) for o in page(client.get(url)).select("#id_agency option")}
    assert labels[str(silent.pk)] == "Dinas Pariwisata Kabupaten Banjarnegara — belum ada e-mail"

    response = client.post(url, {"agency": silent.pk, "email": ""})
    assert response.status_code == 400
    html = page(response)
    assert {a["href"] for a in html.select("#form-errors li a")} == {"#id_email"}
    assert "belum punya e-mail tercatat" in words(html.select_one("#id_email").find_parent())
    assert html.select_one(f"#id_agency option[value='{silent.pk}']").has_attr("selected")
    assert not Application.objects.exists()

    response = client.post(url, {"agency": silent.pk, "email": "bukan-alamat"})
    assert response.status_code == 400
    assert not Application.objects.exists()

    response = client.post(url, {"agency": silent.pk, "email": " Disparbud@BanjarnegaraKab.go.id "})
    assert response.status_code == 302
    assert Application.objects.get(channel="offline").agency_id == silent.pk
    assert Agency.objects.get(pk=silent.pk).email == "disparbud@banjarnegarakab.go.id"


# --- Verification ---------------------------------------------------------------------


def test_the_verification_page(client, world):
    letter = world.signed.letter
    response = client.get(reverse("letters:verify", args=[letter.verification_code]))
    assert response.status_code == 200
    facts = {
        words(dt): words(dt.find_next_sibling("dd")) for dt in page(response).select(".facts dt")
    }
    assert facts["Nomor surat"] == letter.number
    assert facts["Instansi"] == world.signed.agency.name
    assert facts["Judul kegiatan"] == "Kompilasi Sudah Ditandatangani"
    assert facts["Keputusan"] == "Layak Dilaksanakan"
    assert facts["Kantor BPS"] == "BPS Kabupaten Banjarnegara"
    assert facts["SHA-256 berkas PDF"] == letter.sha256
    assert letter.number.startswith("B-1/")

    for code in ("0" * 20, "x" * 40):
        response = client.get(reverse("letters:verify", args=[code]))
        assert response.status_code == 404
        assert "Kode verifikasi tidak dikenal" in words(page(response).select_one(".alert"))
