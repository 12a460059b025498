"""The public faces of the figures: the JSON API (and its OpenAPI document),
the CSV, and the page with its charts and tables, over the half year of
`conftest.half_year` seen on Mon 15 Jun 2026."""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from procedures.complaints.models import Complaint, ComplaintStatus
from procedures.performance.serializers import COLUMNS
from procedures.surveys.services import record_response

from .conftest import day

pytestmark = pytest.mark.django_db

API = "/api/v1/performance"

APRIL_3304 = {
    "period": "2026-04",
    "label": "April 2026",
    "start": "2026-04-01",
    "end": "2026-04-30",
    "received": 4,
    "online": 3,
    "offline": 1,
    "decided": 3,
    "feasible": 2,
    "not_feasible": 1,
    "withdrawn": 1,
    "in_progress": 3,
    "decided_within_standard": 2,
    "within_standard_percent": 66.7,
    "median_working_days": 40.0,
    "p90_working_days": 49,
    "revisions": 2,
    "revisions_per_application": 0.67,
    "complaints_received": 2,
    "complaints_closed": 1,
    "complaints_median_handling_days": 4.0,
}

ALL_FOURS = {f"u{n}": 4 for n in range(1, 10)}
ALL_THREES = {f"u{n}": 3 for n in range(1, 10)}


def complaint(office, received, closed=None, *, number):
    return Complaint.objects.create(
        ticket_number=f"ADU-{office.code}-2026-{number:05d}",
        office=office,
        received_at=received,
        status=ComplaintStatus.CLOSED if closed else ComplaintStatus.RECEIVED,
        closed_at=closed,
        subject="Lambat",
        text="Belum ada kabar.",
    )


@pytest.fixture
def on_15_june(half_year, clock, offices):
    """The half year, with what the applicants said: A and B answer the survey
    online on Fri 10 Apr (all 4, all 3: IKM 25 × 63 / 18 = 87.50, grade B); two
    complaints to 3304 in April, one closed after 4 working days (Thu 2 → Thu 9
    April: Good Friday is a holiday)."""
    clock.set(day(4, 10), 10)
    record_response(application=half_year["A"], answers=ALL_FOURS, channel="online")
    record_response(application=half_year["B"], answers=ALL_THREES, channel="online")
    complaint(offices["3304"], clock.at(day(4, 2)), clock.at(day(4, 9)), number=1)
    complaint(offices["3304"], clock.at(day(4, 20)), number=2)
    clock.set(day(6, 15), 10)
    return half_year


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


# --- JSON API -----------------------------------------------------------------------------


def test_the_api_gives_the_office_figures_per_month(client, on_15_june):
    response = client.get(API, {"office": "3304", "period": "month"})
    assert response.status_code == 200
    body = response.json()
    assert body["office"] == {"code": "3304", "name": "BPS Kabupaten Banjarnegara"}
    assert (body["period"], body["generated_on"]) == ("month", "2026-06-15")
    assert [row["period"] for row in body["rows"]][-6:] == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
        "2026-06",
    ]
    assert len(body["rows"]) == 12
    (april,) = [row for row in body["rows"] if row["period"] == "2026-04"]
    assert april == APRIL_3304
    elements = [(f"u{n}", 3.5) for n in range(1, 10)]
    assert [
        (
            row["period"],
            row["label"],
            row["respondents"],
            row["value"],
            row["grade"],
            row["grade_label"],
            [(element["code"], element["mean"]) for element in row["elements"]],
        )
        for row in body["ikm"]
    ] == [
        ("2025-S2", "Semester II 2025", 0, None, "", "", []),
        ("2026-S1", "Semester I 2026", 2, 87.5, "B", "Baik", elements),
        ("2025", "2025", 0, None, "", "", []),
        ("2026", "2026", 2, 87.5, "B", "Baik", elements),
    ]


def test_the_api_defaults_to_national_months(client, on_15_june):
    body = client.get(API).json()
    assert (body["office"], body["period"], len(body["rows"])) == (None, "month", 12)
    (april,) = [row for row in body["rows"] if row["period"] == "2026-04"]
    assert (april["received"], april["in_progress"]) == (5, 4)


def test_the_api_gives_quarters_and_years(client, on_15_june):
    quarters = client.get(API, {"office": "3304", "period": "quarter"}).json()["rows"]
    assert [row["label"] for row in quarters[-2:]] == ["Triwulan I 2026", "Triwulan II 2026"]
    assert [row["received"] for row in quarters[-2:]] == [3, 5]
    years = client.get(API, {"office": "3304", "period": "year"}).json()["rows"]
    assert [row["period"] for row in years] == ["2022", "2023", "2024", "2025", "2026"]
    assert (years[-1]["received"], years[-1]["decided"]) == (8, 3)


def test_labels_stay_indonesian_for_an_english_visitor(client, on_15_june):
    client.cookies["django_language"] = "en"
    rows = client.get(API, {"office": "3304", "period": "quarter"}).json()["rows"]
    assert rows[-1]["label"] == "Triwulan II 2026"


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"period": "week"}, {"period"}),
        ({"period": "MONTH"}, {"period"}),
        ({"office": "9999"}, {"office"}),
        ({"office": "33041"}, {"office"}),
        ({"office": "'; drop table"}, {"office"}),
        ({"office": "9999", "period": "day"}, {"office", "period"}),
        ({"period": ["month", "year"]}, {"period"}),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(client, offices, query, named):
    response = client.get(API, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()["errors"]
    assert set(errors) == named
    assert all(messages and all(messages) for messages in errors.values())


def test_the_400_says_what_to_write(client, offices):
    errors = client.get(API, {"office": "9999", "period": "week"}).json()["errors"]
    assert errors["office"] == [
        "tidak ada kantor BPS dengan kode '9999'; gunakan kode 4 angka, misalnya 3304, "
        "atau kosongkan untuk angka nasional"
    ]
    assert errors["period"] == ["nilai 'week' tidak dikenal; gunakan month, quarter atau year"]


def test_the_openapi_document_describes_the_endpoint(client, offices):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/performance"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {"office", "period"}
    (period,) = [p for p in operation["parameters"] if p["name"] == "period"]
    assert period["schema"]["enum"] == ["month", "quarter", "year"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/PerformanceOut")
    assert operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ErrorOut"
    )
    schemas = spec["components"]["schemas"]
    row = schemas["PerformanceRowOut"]["properties"]
    assert list(row) == [column.name for column in COLUMNS]
    assert all(row[name].get("description") for name in row)
    assert set(schemas["PerformanceOut"]["properties"]) == {
        "office",
        "period",
        "generated_on",
        "rows",
        "ikm",
    }
    assert "respondents" in schemas["IkmOut"]["properties"]


# --- CSV ----------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("period", ["month", "quarter", "year"])
@pytest.mark.parametrize("office", ["3304", ""])
def test_the_csv_holds_the_numbers_of_the_json(client, on_15_june, office, period):
    query = {"office": office, "period": period}
    response = client.get(reverse("performance:csv"), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == [column.header for column in COLUMNS]
    json_rows = client.get(API, query).json()["rows"]
    assert len(rows) == len(json_rows)
    for cells, values in zip(rows, json_rows, strict=True):
        assert cells == ["" if v is None else str(v) for v in values.values()]


def test_the_csv_headers_are_indonesian(client, on_15_june):
    client.cookies["django_language"] = "en"
    header, *rows = csv_rows(client.get(reverse("performance:csv"), {"office": "3304"}))
    assert header[:5] == ["Kode periode", "Periode", "Tanggal awal", "Tanggal akhir", "Diterima"]
    assert "Persentase diputus dalam standar waktu" in header
    april = dict(zip(header, [r for r in rows if r[0] == "2026-04"][0], strict=True))
    assert (april["Periode"], april["Diterima"], april["Diterima luring"]) == (
        "April 2026",
        "4",
        "1",
    )
    assert april["Median hari kerja sampai keputusan"] == "40.0"


def test_a_bad_csv_parameter_is_a_400_that_names_it(client, offices):
    response = client.get(reverse("performance:csv"), {"office": "0001", "period": "week"})
    assert response.status_code == 400
    assert set(json.loads(response.content)["errors"]) == {"office", "period"}


# --- The page -----------------------------------------------------------------------------


def test_the_office_page_draws_each_chart_beside_its_table(client, on_15_june):
    response = client.get(reverse("performance:office", args=["3304"]))
    assert response.status_code == 200
    page = html(response)
    assert page.h1.get_text(strip=True) == "BPS Kabupaten Banjarnegara"
    figures = page.select("section.figure")
    assert [f["aria-labelledby"] for f in figures] == [
        "h-diterima-diputus",
        "h-layak-tidak-layak",
        "h-tepat-waktu",
        "h-lama-layanan",
        "h-daring-luring",
        "h-pengaduan",
        "h-ikm",
    ]
    for figure in figures[:6]:
        svg = figure.find("svg")
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find("title")["id"] == title_id and svg.find("title").get_text()
        assert svg.find("desc")["id"] == desc_id and svg.find("desc").get_text()
        assert len(svg.select("rect.chart__bar")) >= 12
        table = figure.find("table")
        assert table.caption.get_text(strip=True)
        assert [th.get("scope") for th in table.thead.find_all("th")] == ["col"] * len(
            table.thead.find_all("th")
        )
        assert len(table.tbody.find_all("tr")) == 12
    received = page.select_one("#h-diterima-diputus").find_parent("section")
    april = [
        [cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in received.tbody.find_all("tr")
        if tr.th.get_text(strip=True) == "April 2026"
    ]
    assert april == [["April 2026", "4", "3", "1", "3"]]
    assert "April 2026: diterima 4, diputus 3." in received.find("desc").get_text()
    on_time = page.select_one("#h-tepat-waktu").find_parent("section")
    assert "66,7 %" in on_time.tbody.get_text()
    durations = page.select_one("#h-lama-layanan").find_parent("section")
    assert ["April 2026", "40,0", "49", "0,67"] in [
        [cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in durations.tbody.find_all("tr")
    ]
    last = received.tbody.find_all("tr")[-1].th.get_text(strip=True)
    assert last == "Juni 2026 (berjalan)"
    complaints = page.select_one("#h-pengaduan").find_parent("section")
    assert ["April 2026", "2", "1", "4,0"] in [
        [cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in complaints.tbody.find_all("tr")
    ]
    ikm = page.select_one("#h-ikm").find_parent("section")
    assert [
        [cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in ikm.tbody.find_all("tr")
    ] == [
        ["Semester II 2025", "–", "–", "0"],
        ["Semester I 2026", "87,50", "B (Baik)", "2"],
        ["2025", "–", "–", "0"],
        ["2026", "87,50", "B (Baik)", "2"],
    ]
    assert ikm.find("svg")["role"] == "img"
    # The summary is the last period that has ended.
    assert page.select_one("#h-ringkasan").get_text(strip=True) == "Ringkasan Mei 2026"


def test_the_bars_are_as_long_as_their_numbers(client, on_15_june):
    page = html(client.get(reverse("performance:office", args=["3304"]), {"period": "quarter"}))
    svg = page.select_one("#h-diterima-diputus").find_parent("section").find("svg")
    widths = [float(bar["width"]) for bar in svg.select("rect.chart__bar--0")]
    # Received per quarter: 0 … 0, 3, 5 on an axis of 0–5 (ticks 0, 2, 4, 6: end 6).
    assert widths[-2] / widths[-1] == pytest.approx(3 / 5, abs=0.01)
    assert [tick.get_text() for tick in svg.select("text.chart__tick")] == ["0", "2", "4", "6"]


def test_the_page_needs_no_script_and_no_inline_style(client, on_15_june):
    response = client.get(reverse("performance:national"))
    assert response.status_code == 200
    page = html(response)
    assert page.find("script") is None
    assert page.find(style=True) is None and page.find("style") is None
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    # Choosing without JavaScript: the form is a GET to /kinerja/.
    form = page.select_one("form.performance-filter")
    assert (form["method"], form["action"]) == ("get", reverse("performance:national"))
    assert {field["name"] for field in form.select("select")} == {"office", "period"}
    chosen = client.get(form["action"], {"office": "3304", "period": "quarter"})
    assert chosen.status_code == 302
    assert chosen["Location"] == reverse("performance:office", args=["3304"]) + "?period=quarter"
    quarters = html(client.get(chosen["Location"]))
    assert quarters.select_one("#pilih-periode option[selected]")["value"] == "quarter"
    assert quarters.select_one("#pilih-kantor option[selected]")["value"] == "3304"


def test_the_page_explains_the_figures_in_plain_indonesian(client, on_15_june):
    text = (
        html(client.get(reverse("performance:national")))
        .select_one("#h-cara-membaca")
        .find_parent("section")
        .get_text(" ", strip=True)
    )
    assert "hari kerja ke-30" in text and "hari ke-0" in text
    assert "jam layanan berhenti" in text
    assert "menunggu pemeriksaan walidata" in text
    assert "Persentil ke-90" in text


def test_an_unknown_office_is_a_404(client, offices):
    assert client.get(reverse("performance:office", args=["9999"])).status_code == 404
    assert client.get("/kinerja/abcd/").status_code == 404


def test_a_bad_period_on_the_page_says_so(client, offices):
    response = client.get(reverse("performance:office", args=["3304"]), {"period": "minggu"})
    assert response.status_code == 400
    alert = html(response).select_one("[role=alert]").get_text(" ", strip=True)
    assert "Periode" in alert and "minggu" in alert
    response = client.get(reverse("performance:national"), {"office": "12"})
    assert response.status_code == 400
    assert "Kantor BPS" in html(response).select_one("[role=alert]").get_text()


def test_the_home_and_service_standard_pages_link_here(client, standard_page):
    home = html(client.get("/"))
    assert home.select_one(f"main a[href='{reverse('performance:national')}']")
    standard = html(client.get(standard_page.url))
    link = standard.select_one(f"#waktu a[href='{reverse('performance:office', args=['3304'])}']")
    assert link is not None and "kinerja" in link.get_text().lower()
