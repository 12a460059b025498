"""The IKM as PermenPANRB 14/2017 prescribes it, checked against values computed
by hand: mean per element, equal weights, × 25; the grade on the value rounded
to 2 decimals, on each side of every band's edge."""

import datetime
import zoneinfo

import pytest

from procedures.organisations.models import AgencyLevel
from procedures.surveys.elements import ELEMENTS
from procedures.surveys.ikm import Ikm, grade_for, ikm_for

from ..conftest import make_agency, make_user
from .conftest import bare_decided_application, stored_response

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
JAN_1, DEC_31 = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
MID_MAY = datetime.datetime(2026, 5, 15, 10, tzinfo=WIB)


@pytest.fixture
def respondents(offices):
    """Makes `n` responses of office 3304 in May 2026 with the given score rows."""
    agency = make_agency("Bappeda Kabupaten Banjarnegara")
    user = make_user("pemohon.ikm@banjarnegarakab.go.id", agency=agency)
    made = []

    def add(rows, *, at=MID_MAY, office_agency=None):
        for row in rows:
            application = bare_decided_application(
                office_agency or agency, user, number=len(made) + 1
            )
            made.append(stored_response(application, at=at, scores=row))
        return made

    return add


def rows_with_total(respondents: int, total: int) -> list[list[int]]:
    """`respondents` rows of nine scores (1–4) adding up to `total`: every cell
    gets total // cells, and the first total % cells cells one more."""
    cells = 9 * respondents
    base, extra = divmod(total, cells)
    flat = [base + 1] * extra + [base] * (cells - extra)
    assert all(1 <= score <= 4 for score in flat)
    return [flat[i * 9 : (i + 1) * 9] for i in range(respondents)]


# --- grade_for: the bands' edges ---------------------------------------------------------


@pytest.mark.parametrize(
    "value, grade, label",
    [
        (100.0, "A", "Sangat Baik"),
        (88.31, "A", "Sangat Baik"),
        (88.305, "A", "Sangat Baik"),  # rounds half up to 88.31
        (88.30, "B", "Baik"),
        (88.3049, "B", "Baik"),
        (76.61, "B", "Baik"),
        (76.60, "C", "Kurang Baik"),
        (65.00, "C", "Kurang Baik"),
        (64.995, "C", "Kurang Baik"),  # rounds half up to 65.00
        (64.99, "D", "Tidak Baik"),
        (25.00, "D", "Tidak Baik"),
    ],
)
def test_grade_bands_and_their_edges(value, grade, label):
    assert grade_for(value) == (grade, label)


# --- ikm_for: computed by hand -----------------------------------------------------------


def test_no_respondents_no_value(db, offices):
    assert ikm_for(office=offices["3304"], start=JAN_1, end=DEC_31) == Ikm(0, None, "", "", ())


def test_ikm_is_the_mean_of_the_element_means_times_25(respondents, offices):
    respondents(
        [
            [4, 4, 4, 4, 4, 4, 4, 4, 4],
            [3, 3, 3, 4, 3, 3, 3, 2, 3],
            [2, 3, 4, 4, 3, 4, 4, 1, 3],
        ]
    )
    ikm = ikm_for(office=offices["3304"], start=JAN_1, end=DEC_31)

    # By hand: element means 9/3, 10/3, 11/3, 12/3, 10/3, 11/3, 11/3, 7/3, 10/3;
    # their mean is 91/27 = 3.370370…; × 25 = 84.259259… → 84.26, band B.
    expected_means = [9 / 3, 10 / 3, 11 / 3, 12 / 3, 10 / 3, 11 / 3, 11 / 3, 7 / 3, 10 / 3]
    assert ikm.respondents == 3
    assert [code for code, _label, _mean in ikm.element_means] == [e.code for e in ELEMENTS]
    assert [label for _code, label, _mean in ikm.element_means][7] == (
        "Penanganan pengaduan, saran dan masukan"
    )
    assert [mean for _c, _l, mean in ikm.element_means] == pytest.approx(expected_means)
    assert (ikm.value, ikm.grade, ikm.grade_label) == (84.26, "B", "Baik")


@pytest.mark.parametrize(
    "respondent_count, total, value, grade",
    [
        # 25 × 763 / (9 × 24) = 88.3101… → 88.31: the lowest A
        (24, 763, 88.31, "A"),
        # 25 × 604 / (9 × 19) = 88.3040… → 88.30: the highest B
        (19, 604, 88.30, "B"),
        # 25 × 524 / (9 × 19) = 76.6081… → 76.61: the lowest B
        (19, 524, 76.61, "B"),
        # 25 × 717 / (9 × 26) = 76.6025… → 76.60: the highest C
        (26, 717, 76.60, "C"),
        # 25 × 117 / (9 × 5) = 65 exactly: the lowest C
        (5, 117, 65.00, "C"),
        # 25 × 889 / (9 × 38) = 64.9853… → 64.99: the highest D
        (38, 889, 64.99, "D"),
    ],
)
def test_ikm_on_each_edge_of_a_band(respondents, offices, respondent_count, total, value, grade):
    respondents(rows_with_total(respondent_count, total))

    ikm = ikm_for(office=offices["3304"], start=JAN_1, end=DEC_31)

    assert (ikm.respondents, ikm.value, ikm.grade) == (respondent_count, value, grade)


def test_a_value_exactly_halfway_rounds_up_as_by_hand(respondents, offices):
    # 25 × 261 / (9 × 8) = 90.625 exactly: rounded half up, 90.63 (a binary float
    # rounded half to even would give 90.62).
    respondents(rows_with_total(8, 261))
    assert ikm_for(office=offices["3304"], start=JAN_1, end=DEC_31).value == 90.63


def test_an_office_counts_its_own_responses_and_national_counts_all(respondents, offices):
    respondents([[4] * 9])
    provincial = make_agency(
        "Bappeda Provinsi Jawa Tengah", level=AgencyLevel.PROVINCE, region="3300"
    )
    assert provincial.office.code == "3300"
    respondents([[1] * 9], office_agency=provincial)

    assert ikm_for(office=offices["3304"], start=JAN_1, end=DEC_31).value == 100.0
    assert ikm_for(office=offices["3300"], start=JAN_1, end=DEC_31).value == 25.0
    national = ikm_for(start=JAN_1, end=DEC_31)
    assert (national.respondents, national.value, national.grade) == (2, 62.5, "D")


def test_the_period_is_the_local_date_of_the_answer(respondents, offices):
    # 23:30 WIB on 30 June is 16:30 UTC: semester I. 00:30 WIB on 1 July is
    # 17:30 UTC on 30 June: semester II, although its UTC date is in June.
    respondents([[4] * 9], at=datetime.datetime(2026, 6, 30, 23, 30, tzinfo=WIB))
    respondents([[2] * 9], at=datetime.datetime(2026, 7, 1, 0, 30, tzinfo=WIB))
    office = offices["3304"]

    first = ikm_for(office=office, start=JAN_1, end=datetime.date(2026, 6, 30))
    second = ikm_for(office=office, start=datetime.date(2026, 7, 1), end=DEC_31)
    assert (first.respondents, first.value) == (1, 100.0)
    assert (second.respondents, second.value) == (1, 50.0)
    assert ikm_for(office=office, start=JAN_1, end=DEC_31).respondents == 2
    assert ikm_for(office=office, start=DEC_31, end=DEC_31).respondents == 0
