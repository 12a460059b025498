"""A year of the offices' work for the demo (`seed --demo`): applications
submitted over the twelve months before the seed, examined, sent back for
revision, withdrawn, walked in, decided and signed — each step through the
same service a user's click calls, at its own moment in the past. time-machine
moves the clock every service reads, so events, reference and letter numbers,
letter and catalog dates and e-mails carry the historical times, and
`/kinerja/` has a year of figures: most decided applicants answer the
satisfaction survey (online, or on paper for a walk-in), and a dozen complaints
come in through the public complaint form and are followed up.

`plan_history` is the one place that decides what happens to each application
and when (seeded `random.Random`s, given the moment the history ends), and
`plan_complaints` the same for the complaints; `play` runs every planned step
in time order, so numbers follow the dates as an office's would. A step the
plan puts at or after the end is left out: those applications are still in
progress (or drafts), those surveys unanswered, those complaints open."""

import datetime
import random
import zoneinfo
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import time_machine
from allauth.account.models import EmailAddress
from django.utils import timezone

from catalog.demo_data import DEMO_OFFICES, generate_activities
from procedures.accounts.models import User
from procedures.applications import selectors as application_selectors
from procedures.applications import services as application_services
from procedures.applications.models import Application, AttachmentKind, Channel, NoteResolution
from procedures.complaints import services as complaint_services
from procedures.complaints.models import Complaint
from procedures.examination import services as examination_services
from procedures.notifications import services as notification_services
from procedures.notifications.models import Notification
from procedures.organisations import services as organisation_services
from procedures.organisations.calendar import (
    WorkingCalendar,
    national_holidays,
)
from procedures.organisations.models import Agency, AgencyLevel, Office, OfficerProfile
from procedures.organisations.roles import Role, has_role
from procedures.surveys import services as survey_services
from procedures.surveys.elements import ELEMENTS
from procedures.surveys.models import Education, Gender, Occupation, SurveyChannel

from . import complete_design, demo_pdf, fill_design
from .complaint_texts import COMPLAINANTS, COMPLAINT_TEXTS

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")

HISTORY_SEED = 3304
HISTORY_DAYS = 365


@dataclass(frozen=True)
class OfficeHistory:
    code: str
    per_month: float  # submissions in an ordinary month
    walk_in_share: float  # of its submissions
    applicant_domain: str  # where the agencies' staff have their addresses
    agency_level: str
    complaints: int = 0  # in the year, filed on the office's complaint form


HISTORY_OFFICES = (
    OfficeHistory("3304", 8.0, 0.12, "banjarnegarakab.go.id", AgencyLevel.OPD, complaints=13),
    # The seed makes a complaint form for 3304 only (site/content/complaint_form.toml).
    OfficeHistory("3300", 3.0, 0.08, "jatengprov.go.id", AgencyLevel.PROVINCE),
)

# Office hours (WIB) in which every step happens.
OPENS, CLOSES = datetime.time(8, 0), datetime.time(15, 30)

# What happens to an office's applications, in shares of them: exact (a
# shuffled deck, never a lucky draw), so every kind is there, whatever the day.
FATES = {"feasible": 76, "not_feasible": 14, "withdrawn": 10}  # a walk-in is never withdrawn
REVISION_ROUNDS = {0: 55, 1: 33, 2: 12}
LATE = {True: 10, False: 90}  # decided after the due date

REVISION_NOTES = {
    "perencanaan": (
        "Jelaskan kebutuhan data yang melatarbelakangi kegiatan dan siapa penggunanya.",
        "Lengkapi definisi operasional setiap variabel sesuai konsep baku BPS.",
        "Sesuaikan jadwal pengolahan dengan akhir pengumpulan data.",
    ),
    "desain": (
        "Tegaskan cakupan wilayah: seluruh wilayah atau kecamatan tertentu saja.",
        "Pilih unit pengumpulan data yang sesuai dengan variabel yang dikumpulkan.",
    ),
    "kualitas": ("Jelaskan rencana pelatihan petugas dan rasio pengawas terhadap pencacah.",),
    "sampel": (
        "Jelaskan kerangka sampel yang dipakai dan tahun pemutakhirannya.",
        "Sertakan perhitungan ukuran sampel dan tingkat kesalahan yang diharapkan.",
    ),
    "lampiran": ("Kuesioner belum memuat blok keterangan tempat; lengkapi sesuai pedoman.",),
}
SURVEY_ONLY_NOTES = frozenset({"sampel", "lampiran"})
SUGGESTIONS = (
    "Sertakan metadata kegiatan saat diseminasi hasil.",
    "Gunakan kode wilayah BPS pada tabel hasil agar dapat dipadankan.",
    "Koordinasikan jadwal pencacahan dengan kegiatan BPS di wilayah yang sama.",
    "Serahkan salinan hasil kegiatan ke BPS untuk portal Satu Data Indonesia.",
    "",
)
REASONS = (
    "Data yang dibutuhkan sudah tersedia dari Sensus Pertanian 2023; gunakan publikasi BPS.",
    "Variabel utamanya sama dengan Survei Sosial Ekonomi Nasional; manfaatkan data Susenas.",
    "Rancangan sampel tidak memungkinkan estimasi sampai kecamatan seperti tujuan kegiatan.",
    "Kegiatan serupa oleh instansi lain sudah direkomendasikan tahun ini; lakukan koordinasi.",
)
WITHDRAWAL_REASONS = (
    "Anggaran kegiatan dialihkan.",
    "Kegiatan digabung dengan kegiatan dinas lain.",
    "Pelaksanaan diundur ke tahun anggaran berikutnya.",
)
# The applicant's answer to each note, by block, written before resubmitting.
NOTE_REPLIES = {
    "perencanaan": "Sudah kami lengkapi pada latar belakang dan jadwal kegiatan.",
    "desain": "Sudah kami sesuaikan pada blok desain kegiatan.",
    "kualitas": "Rencana pelatihan petugas dan rasio pengawas sudah kami tambahkan.",
    "sampel": "Kerangka sampel dan perhitungan ukuran sampel sudah kami sertakan.",
    "lampiran": "Kuesioner sudah kami perbaiki dan kami unggah ulang.",
}
REVISED_BACKGROUND = " Perbaikan: kebutuhan data dan penggunanya dijelaskan sesuai catatan BPS."

# The satisfaction survey, of the decided applications: answered by this share
# (exact, a deck), online within a few working days, or for a walk-in on the
# paper questionnaire handed over with the letter, entered by the examiner.
SURVEY_ANSWERED = {True: 70, False: 30}
SURVEY_ACTIONS = ("answer_survey", "enter_paper_survey")
# How an applicant scores each element (1–4) before the circumstances of their
# application: the service is free (biaya), the officers are well regarded, the
# complaint handling and the facilities less so.
ELEMENT_MEANS = {
    "u1": 3.35,  # persyaratan
    "u2": 3.3,  # sistem, mekanisme dan prosedur
    "u3": 3.35,  # waktu penyelesaian
    "u4": 3.85,  # biaya/tarif
    "u5": 3.4,  # produk spesifikasi jenis pelayanan
    "u6": 3.45,  # kompetensi pelaksana
    "u7": 3.55,  # perilaku pelaksana
    "u8": 3.2,  # penanganan pengaduan, saran dan masukan
    "u9": 3.25,  # sarana dan prasarana
}
# The lowest sum of the nine scores of one response (a mean of 3.11, IKM 77.8,
# grade B): the demo's offices serve well, so the IKM of any period is B or A.
LEAST_TOTAL = 28
PROFILE_SHARE, SUGGESTION_SHARE = 0.4, 0.3
EDUCATION = {
    Education.BACHELOR: 55,
    Education.MASTER: 25,
    Education.DIPLOMA: 12,
    Education.SENIOR: 8,
}
OCCUPATION = {Occupation.CIVIL_SERVANT: 80, Occupation.OTHER: 12, Occupation.PRIVATE: 8}
APPLICANT_SUGGESTIONS = (
    "Pelayanan sudah baik, petugas cepat menjawab konsultasi.",
    "Mohon disediakan contoh pengisian FRKSS untuk kompilasi data administrasi.",
    "Pemberitahuan catatan perbaikan sebaiknya juga dikirim lewat WhatsApp.",
    "Pemeriksaan di awal tahun anggaran bisa dipercepat karena banyak kegiatan dimulai.",
    "Catatan perbaikan sudah jelas dan membantu; pertahankan.",
    "Sediakan jadwal konsultasi daring untuk instansi yang jauh dari kantor BPS.",
    "Perlu panduan singkat perbedaan survei dan kompilasi produk administrasi.",
)
WALK_IN_SUGGESTIONS = (
    "Ruang tunggu pelayanan perlu ditambah kursi.",
    "Loket pelayanan sebaiknya dibuka juga pada jam istirahat.",
    "Petugas ramah dan membantu mengisi formulir.",
)
# How long, in working days, the officers take over a complaint.
COMPLAINT_TAKEN = (0, 2)  # filed → assigned
COMPLAINT_ANSWERED = (0, 3)  # assigned → (each) answer
COMPLAINT_CLOSED = (1, 6)  # last answer → closed
# Complaints to close need their time before the end; the last two stay open.
COMPLAINT_QUIET_DAYS = 20


@dataclass(frozen=True)
class Step:
    at: datetime.datetime  # aware; a working day of the office, office hours
    action: str  # a key of ACTIONS
    text: str = ""  # the note, reason, suggestion or answer the step writes
    notes: tuple[tuple[str, str], ...] = ()  # (block, note) of a revision request
    # (name, value) given on a form: survey scores and profile, complaint form answers
    answers: tuple[tuple[str, str], ...] = ()
    day: datetime.date | None = None  # the date a paper questionnaire was filled


@dataclass
class Story:
    """One application of the history: who, what, and what happens when."""

    number: int  # order of planning: the tie-breaker of steps at one moment
    office: str
    row: dict  # a generated catalog row: title, agency, method, variables, …
    channel: str
    fate: str  # feasible | not_feasible | withdrawn, if the history lasts long enough
    revisions: int  # revision rounds before the decision
    late: bool  # decided after the due date
    steps: list[Step] = field(default_factory=list)
    application: Application | None = None  # set while playing

    @property
    def verdict(self) -> str:
        return "not_feasible" if self.fate == "not_feasible" else "feasible"

    @property
    def decided(self) -> bool:
        return bool(self.steps_of("sign"))

    def steps_of(self, *actions: str) -> list[Step]:
        return [step for step in self.steps if step.action in actions]


@dataclass
class ComplaintStory:
    """One complaint of the history: filed on the office's form, then followed up."""

    number: int  # after the applications' numbers: the tie-breaker of steps at one moment
    office: str
    handler: str  # examiner | signatory: who answers and closes it
    steps: list[Step] = field(default_factory=list)
    complaint: Complaint | None = None  # set while playing; None when the office has no form


# -- the plan ---------------------------------------------------------------------


def plan_history(*, end: datetime.datetime, seed: int = HISTORY_SEED) -> list[Story]:
    """Every application of the year before `end`, with its steps, in the order
    of submission: the one place that decides what happens to each, and when.
    Depends only on `end` and `seed`. Steps at or after `end` are left out."""
    rng = random.Random(seed)
    # Its own generator: the surveys change nothing of the applications' lives.
    survey_rng = random.Random(f"{seed}-surveys")
    calendar = WorkingCalendar()  # the demo offices have no closure days
    begin = end - datetime.timedelta(days=HISTORY_DAYS)
    stories: list[Story] = []
    for office in HISTORY_OFFICES:
        rows = ActivityRows(office.code, seed=seed)
        moments = submission_moments(office, end=end, rng=rng, calendar=calendar)
        count = len(moments)
        channels = deck(
            rng,
            {Channel.OFFLINE: office.walk_in_share, Channel.ONLINE: 1 - office.walk_in_share},
            count,
        )
        online = channels.count(Channel.ONLINE)
        fates = iter(deck(rng, FATES, online))
        walk_in_fates = iter(deck(rng, {**FATES, "withdrawn": 0}, count - online))
        revisions, late = deck(rng, REVISION_ROUNDS, count), deck(rng, LATE, count)
        answers_survey = deck(survey_rng, SURVEY_ANSWERED, count)
        office_stories = []
        for index, submitted in enumerate(moments):
            channel = channels[index]
            story = Story(
                number=len(stories),
                office=office.code,
                row=rows.next_for(submitted.date()),
                channel=channel,
                fate=next(fates if channel == Channel.ONLINE else walk_in_fates),
                revisions=revisions[index],
                late=late[index],
            )
            steps = list(life(story, submitted, rng, calendar))
            if answers_survey[index] and steps[-1].action == "sign":
                progress = (steps[-1].at - begin) / (end - begin)
                steps.append(survey_step(story, steps[-1], survey_rng, calendar, progress))
            story.steps = [step for step in steps if step.at < end]
            office_stories.append(story)
        leave_a_recent_survey_open(office_stories, end=end)
        stories += office_stories
    stories.sort(key=lambda story: (story.steps[0].at, story.number))
    return stories


def survey_step(story: Story, signed: Step, rng, calendar, progress: float) -> Step:
    """The applicant's answers to the satisfaction survey after the decision
    `signed`: online a few working days later, or for a walk-in on the paper
    handed over with the letter and entered by the examiner a little later."""
    answers = survey_answers(story, rng, progress)
    if story.channel == Channel.ONLINE:
        return Step(
            later(signed.at, rng.randint(0, 5), rng, calendar), "answer_survey", answers=answers
        )
    collected = later(signed.at, rng.randint(1, 4), rng, calendar)
    entered = later(collected, rng.randint(0, 2), rng, calendar)
    return Step(entered, "enter_paper_survey", answers=answers, day=collected.date())


def survey_answers(story: Story, rng, progress: float) -> tuple[tuple[str, str], ...]:
    """Nine scores, mostly 3 and 4 with some 2, following what happened to the
    application (a late decision costs "waktu penyelesaian", revision rounds cost
    the time and the procedure, a refusal the product) and the office's progress
    over the year (`progress`, 0 at the start of the history, 1 at its end);
    some with the respondent's profile and a suggestion."""
    leniency = rng.gauss(0, 0.2)
    expected = {
        code: mean + leniency + 0.5 * (progress - 0.5) for code, mean in ELEMENT_MEANS.items()
    }
    expected["u3"] -= 0.9 * story.late + 0.15 * story.revisions
    expected["u2"] -= 0.1 * story.revisions
    expected["u1"] -= 0.1 * story.revisions
    if story.fate == "not_feasible":
        expected["u5"] -= 0.4
        expected["u1"] -= 0.2
    # Spread around the expected score and rounded: 2 to 4, no answer of 1.
    scores = {code: min(max(round(rng.gauss(mean, 0.55)), 2), 4) for code, mean in expected.items()}
    while sum(scores.values()) < LEAST_TOTAL:
        lowest = min(scores, key=lambda code: (scores[code], code))
        scores[lowest] += 1
    answers = [(element.code, str(scores[element.code])) for element in ELEMENTS]
    if rng.random() < PROFILE_SHARE:
        answers += [
            ("gender", rng.choice((Gender.MALE, Gender.FEMALE)).value),
            ("education", weighted(rng, EDUCATION).value),
            ("occupation", weighted(rng, OCCUPATION).value),
        ]
    if rng.random() < SUGGESTION_SHARE:
        pool = APPLICANT_SUGGESTIONS if story.channel == Channel.ONLINE else WALK_IN_SUGGESTIONS
        answers.append(("suggestion", rng.choice(pool)))
    return tuple(answers)


def weighted(rng, shares: dict):
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def leave_a_recent_survey_open(stories: list[Story], *, end: datetime.datetime) -> None:
    """One of the office's decisions of the last 30 days is left unanswered, should
    every one have been answered, so the demo shows the invitation to the survey."""
    recent = [
        story
        for story in stories
        if story.decided and end - story.steps_of("sign")[0].at < datetime.timedelta(days=30)
    ]
    surveyed = [story for story in recent if story.steps_of(*SURVEY_ACTIONS)]
    if recent and len(surveyed) == len(recent):
        latest = max(surveyed, key=lambda story: story.steps_of("sign")[0].at)
        latest.steps = [step for step in latest.steps if step.action not in SURVEY_ACTIONS]


def deck(rng, shares: dict, count: int) -> list:
    """`count` values in proportion to `shares` (largest remainders; each value
    with a share at least once when `count` allows), shuffled."""
    total = sum(shares.values())
    exact = {value: count * share / total for value, share in shares.items()}
    numbers = {value: int(amount) for value, amount in exact.items()}
    for value in sorted(exact, key=lambda value: numbers[value] - exact[value]):
        if sum(numbers.values()) >= count:
            break
        numbers[value] += 1
    for value in shares:
        if shares[value] and not numbers[value] and count >= len(shares):
            largest = max(numbers, key=numbers.get)
            numbers[largest] -= 1
            numbers[value] = 1
    cards = [value for value, number in numbers.items() for _ in range(number)]
    rng.shuffle(cards)
    return cards


def life(story: Story, submitted: datetime.datetime, rng, calendar) -> Iterator[Step]:
    """The steps of one application, from the draft to the letter."""
    survey = story.row["method"] == "2"

    def after(moment, working_days):
        return later(moment, working_days, rng, calendar)

    def withdrawal(moment, working_days):
        return Step(after(moment, working_days), "withdraw", rng.choice(WITHDRAWAL_REASONS))

    if story.channel == Channel.ONLINE:
        yield Step(earlier(submitted, rng.randint(1, 8), rng, calendar), "prepare")
        yield Step(submitted, "submit")
    else:
        yield Step(submitted, "walk_in")
    withdrawn = story.fate == "withdrawn"
    if withdrawn and not story.revisions:
        yield withdrawal(submitted, rng.randint(0, 3))  # before anyone took it
        return
    at = after(submitted, rng.randint(0, 2))
    yield Step(at, "take")
    clock_started = submitted
    for _round in range(story.revisions):
        at = after(at, rng.randint(2, 8))
        yield Step(at, "request_revision", notes=revision_notes(rng, survey=survey))
        if withdrawn:
            yield withdrawal(at, rng.randint(5, 20))  # the agency gives up
            return
        at = clock_started = after(at, rng.randint(3, 15))  # the clock stops meanwhile
        yield Step(at, "resubmit")
        at = after(at, rng.randint(0, 2))
        yield Step(at, "take")
    text = rng.choice(REASONS if story.fate == "not_feasible" else SUGGESTIONS)
    if story.late:
        # Past the 30 working days counted from the last (re)submission.
        at = max(after(clock_started, rng.randint(29, 35)), after(at, 1))
        yield Step(at, "propose", text)
        yield Step(after(at, rng.randint(2, 5)), "sign")
    else:
        at = after(at, rng.randint(3, 18))
        yield Step(at, "propose", text)
        yield Step(after(at, rng.randint(0, 4)), "sign")


def revision_notes(rng, *, survey: bool) -> tuple[tuple[str, str], ...]:
    blocks = [key for key in REVISION_NOTES if survey or key not in SURVEY_ONLY_NOTES]
    chosen = sorted(rng.sample(blocks, rng.randint(1, 2)))
    return tuple((block, rng.choice(REVISION_NOTES[block])) for block in chosen)


def submission_moments(office: OfficeHistory, *, end, rng, calendar) -> list[datetime.datetime]:
    """When the office's applications of the year were submitted: about
    `per_month` × 12 on working days, more at the start of the budget year,
    fewer in Ramadan, after Lebaran and at the year's end."""
    last = timezone.localdate(end)
    months: dict[tuple[int, int], list[datetime.date]] = {}
    for offset in range(HISTORY_DAYS, -1, -1):
        day = last - datetime.timedelta(days=offset)
        if calendar.is_working_day(day):
            months.setdefault((day.year, day.month), []).append(day)
    weights = {day: seasonal_activity(day) for days in months.values() for day in days}
    per_weight = office.per_month * 12 / sum(weights.values())
    chosen = []
    for days in months.values():
        month_weights = [weights[day] for day in days]
        # Each month gets its expected share, rounded up or down at random: the
        # seasons show, and no month is emptied or flooded by chance.
        count = int(sum(month_weights) * per_weight + rng.random())
        chosen += sorted(rng.choices(days, weights=month_weights, k=count))
    return [office_moment(day, rng) for day in chosen]


def seasonal_activity(day: datetime.date) -> float:
    """How busy the office's applicants are on `day`, relative to an ordinary day."""
    weight = {1: 1.4, 2: 1.3, 12: 0.6 if day.day < 15 else 0.2}.get(day.month, 1.0)
    lebaran = eid_al_fitr(day.year)
    if lebaran and lebaran - datetime.timedelta(days=30) <= day < lebaran:
        weight *= 0.5  # Ramadan
    if lebaran and lebaran <= day <= lebaran + datetime.timedelta(days=21):
        weight *= 0.4  # Lebaran and the weeks after it
    return weight


def eid_al_fitr(year: int) -> datetime.date | None:
    """The first day off for Idul Fitri (cuti bersama included) in `year`."""
    days = [day for day, name in national_holidays(year).items() if "Eid al-Fitr" in name]
    return min(days, default=None)


def office_moment(day: datetime.date, rng) -> datetime.datetime:
    """A moment of office hours on `day`, to the minute."""
    minutes = rng.randrange(OPENS.hour * 60 + OPENS.minute, CLOSES.hour * 60 + CLOSES.minute)
    return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), WIB)


def later(moment: datetime.datetime, working_days: int, rng, calendar) -> datetime.datetime:
    """A moment of office hours `working_days` after `moment` (0: the same day,
    later on), always after `moment`."""
    day = calendar.add_working_days(moment.date(), working_days)
    at = office_moment(day, rng)
    if at <= moment:
        at = moment + datetime.timedelta(minutes=rng.randint(10, 90))
        if at.time() >= CLOSES:
            at = office_moment(calendar.add_working_days(moment.date(), 1), rng)
    return at


def earlier(moment: datetime.datetime, working_days: int, rng, calendar) -> datetime.datetime:
    """A moment of office hours `working_days` before `moment`'s day."""
    day, counted = moment.date(), 0
    while counted < working_days:
        day -= datetime.timedelta(days=1)
        counted += calendar.is_working_day(day)
    return office_moment(day, rng)


class ActivityRows:
    """The activities an office's agencies apply for: generated catalog rows
    (title, agency, method, sector, objective, variables fit together), of the
    year the activity runs — next year's for a submission from October on."""

    def __init__(self, office_code: str, *, seed: int):
        self.office = next(office for office in DEMO_OFFICES if office[0] == office_code)
        self.seed = seed
        self.pools: dict[int, Iterator[dict]] = {}

    def next_for(self, submitted_on: datetime.date) -> dict:
        year = submitted_on.year + (submitted_on.month >= 10)
        if year not in self.pools:
            self.pools[year] = generate_activities(
                400,
                seed=self.seed + year,
                offices=(self.office,),
                years=range(year, year + 1),
            )
        return next(self.pools[year])


def plan_complaints(
    *, end: datetime.datetime, seed: int = HISTORY_SEED, first_number: int = 0
) -> list[ComplaintStory]:
    """The complaints of the year before `end`, in the order they are filed, each
    with its follow-up: filed on the office's complaint form, given to an officer
    by the signatory, answered and closed. The office's last two are still open:
    one answered (Diproses), one just filed (Diterima). Depends only on `end` and
    `seed`; numbered from `first_number`."""
    rng = random.Random(f"{seed}-complaints")
    calendar = WorkingCalendar()
    last_day = timezone.localdate(end)
    stories: list[ComplaintStory] = []
    for office in HISTORY_OFFICES:
        if not office.complaints:
            continue
        texts = list(COMPLAINT_TEXTS)
        rng.shuffle(texts)
        texts = [texts[index % len(texts)] for index in range(office.complaints)]
        # The one still Diproses (second to last) has been answered: a text with a
        # reply goes there. The one Diterima (last) may be any.
        answered = next(index for index, text in enumerate(texts) if text.replies)
        texts.insert(len(texts) - 1, texts.pop(answered))
        days = [
            last_day - datetime.timedelta(days=offset)
            for offset in range(HISTORY_DAYS - 1, 0, -1)
            if calendar.is_working_day(last_day - datetime.timedelta(days=offset))
        ]
        closed_days = sorted(rng.sample(days[:-COMPLAINT_QUIET_DAYS], office.complaints - 2))
        for index, text in enumerate(texts):
            if index < len(closed_days):
                filed, outcome = public_moment(closed_days[index], rng), "closed"
            elif index == len(closed_days):
                filed, outcome = public_moment(days[-rng.randint(8, 12)], rng), "in_progress"
            else:
                filed, outcome = public_moment(days[-1], rng), "received"
            story = ComplaintStory(
                number=first_number + len(stories), office=office.code, handler=text.handler
            )
            story.steps = [
                step for step in follow_up(text, filed, outcome, rng, calendar) if step.at < end
            ]
            stories.append(story)
    return stories


def follow_up(text, filed: datetime.datetime, outcome: str, rng, calendar) -> Iterator[Step]:
    """The steps of one complaint: the form, and unless it was just received the
    signatory's assignment, the answers and (`outcome` closed) the closing note."""
    complainant = rng.choice(COMPLAINANTS)
    form = (
        ("Nama lengkap", complainant.name),
        ("Alamat e-mail", complainant.email),
        ("Nomor telepon", complainant.phone),
        ("Instansi", complainant.institution),
        ("Hal yang diadukan", text.subject),
        ("Isi pengaduan", text.text),
    )
    yield Step(filed, "file_complaint", answers=form)
    if outcome == "received":
        return
    at = later(filed, rng.randint(*COMPLAINT_TAKEN), rng, calendar)
    yield Step(at, "assign_complaint")
    for reply in text.replies:
        at = later(at, rng.randint(*COMPLAINT_ANSWERED), rng, calendar)
        yield Step(at, "answer_complaint", reply)
        if outcome == "in_progress":
            return
    yield Step(
        later(at, rng.randint(*COMPLAINT_CLOSED), rng, calendar), "close_complaint", text.closing
    )


def public_moment(day: datetime.date, rng) -> datetime.datetime:
    """A moment of `day` between 06:00 and 22:00: the public form is open all day."""
    minutes = rng.randrange(6 * 60, 22 * 60)
    return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), WIB)


# -- playing it -------------------------------------------------------------------


# Files a complaint as a visitor does on the public complaint form. The form and
# its service belong to the portal, above this app, so the seed hands this in:
# (office code, answers by field label) → the complaint opened, or None when
# the office has no complaint form (or its editors changed the fields).
ComplaintDesk = Callable[[str, Mapping[str, str]], Complaint | None]


@dataclass
class Cast:
    """Who acts in the history: each office's examiner and signatory, and one
    member of each agency."""

    examiners: dict[str, User]
    signatories: dict[str, User]
    applicants: dict[str, User] = field(default_factory=dict)  # agency name → member
    agencies: dict[str, Agency] = field(default_factory=dict)
    complaint_desk: ComplaintDesk | None = None


def play(stories: list[Story | ComplaintStory], cast: Cast) -> None:
    """Run every step of every story in time order, each at its moment."""
    steps = sorted(
        (
            (step.at, story.number, index, story, step)
            for story in stories
            for index, step in enumerate(story.steps)
        ),
        key=lambda entry: entry[:3],
    )
    for at, _number, _index, story, step in steps:
        # tick: time runs on from the step's moment, so its events keep their order.
        with time_machine.travel(at, tick=True):
            ACTIONS[step.action](story, step, cast)


def design_for(story: Story, agency: Agency) -> dict:
    """The FRKSS design of the story's activity, as its agency would write it."""
    row = story.row
    survey = row["method"] == "2"
    design = complete_design(title=row["title"], year=row["year"], survey=survey)
    design["kegiatan"] |= {"collection_way": row["method"], "sector": row["sector"]}
    design["penyelenggara"] |= {
        "organizer_unit": "Sekretariat",
        "address": agency.address,
        "email": agency.email,
    }
    design["penanggung_jawab"]["echelon2_unit"] = agency.name
    design["perencanaan"] |= {
        "objectives": row["objective"],
        "variables": [
            {
                "name": name,
                "concept": name,
                "definition": f"{name} menurut keadaan pada periode rujukan.",
                "reference_period": "Setahun terakhir",
            }
            for name in row["variables"]
        ],
    }
    once = row["frequency"] == "sekali"
    design["desain"] |= {
        "repetition": "sekali" if once else "berulang",
        "frequency": "" if once else row["frequency"],
        "coverage_areas": row["coverage"],
    }
    return design


def attach_forms(application: Application, user: User, design: dict, *, scanned: bool) -> None:
    title = design["kegiatan"]["title"]
    if scanned:
        application_services.add_attachment(
            application=application,
            user=user,
            kind=AttachmentKind.SCANNED_FORM,
            upload=demo_pdf(f"FRKSS {title}"),
        )
    if design["kegiatan"]["collection_way"] == "2":
        application_services.add_attachment(
            application=application,
            user=user,
            kind=AttachmentKind.QUESTIONNAIRE,
            upload=demo_pdf(title),
        )


def prepare(story: Story, step: Step, cast: Cast) -> None:
    user = cast.applicants[story.row["agency"]]
    application = application_services.create_application(user=user)
    design = design_for(story, cast.agencies[story.row["agency"]])
    story.application = fill_design(application, user, design)
    attach_forms(story.application, user, design, scanned=False)


def submit(story: Story, step: Step, cast: Cast) -> None:
    story.application = application_services.submit(
        application=story.application, user=acting_applicant(story, cast)
    )


def walk_in(story: Story, step: Step, cast: Cast) -> None:
    """The agency hands in the paper form; the examiner records and submits it."""
    examiner = cast.examiners[story.office]
    agency = cast.agencies[story.row["agency"]]
    application = examination_services.register_offline(agency=agency, user=examiner)
    design = design_for(story, agency)
    application = fill_design(application, examiner, design)
    attach_forms(application, examiner, design, scanned=True)
    story.application = application_services.submit(application=application, user=examiner)


def acting_applicant(story: Story, cast: Cast) -> User:
    """Who writes for the agency: its member, or for a walk-in the examiner."""
    if story.channel == Channel.OFFLINE:
        return cast.examiners[story.office]
    return cast.applicants[story.row["agency"]]


def take(story: Story, step: Step, cast: Cast) -> None:
    story.application = examination_services.take(
        application=story.application, user=cast.examiners[story.office]
    )


def request_revision(story: Story, step: Step, cast: Cast) -> None:
    # A second round: the earlier answers did not settle it.
    review_earlier_notes(story, cast, NoteResolution.UNRESOLVED)
    story.application = examination_services.request_revision(
        application=story.application, user=cast.examiners[story.office], notes=dict(step.notes)
    )


def resubmit(story: Story, step: Step, cast: Cast) -> None:
    """The applicant answers the notes (one block rewritten) and submits again."""
    user = acting_applicant(story, cast)
    application = story.application
    for note in application_selectors.notes_being_revised(application):
        application_services.reply_to_note(note=note, user=user, text=NOTE_REPLIES[note.block])
    planning = dict(application.design["perencanaan"])
    planning["background"] += REVISED_BACKGROUND
    application_services.save_design_block(
        application=application, user=user, block_key="perencanaan", values=planning
    )
    story.application = application_services.submit(application=application, user=user)


def review_earlier_notes(story: Story, cast: Cast, resolution: str) -> None:
    """The examiner marks the notes of earlier versions not yet marked."""
    application = story.application
    latest = application_selectors.latest_version(application)
    for notes in application_selectors.earlier_notes_by_block(latest).values():
        for note in notes:
            if not note.resolution:
                examination_services.resolve_note(
                    note=note, user=cast.examiners[story.office], resolution=resolution
                )


def propose(story: Story, step: Step, cast: Cast) -> None:
    review_earlier_notes(story, cast, NoteResolution.RESOLVED)
    story.application = examination_services.propose(
        application=story.application,
        user=cast.examiners[story.office],
        verdict=story.verdict,
        text=step.text,
    )


def sign(story: Story, step: Step, cast: Cast) -> None:
    story.application = examination_services.sign(
        application=story.application, user=cast.signatories[story.office]
    )


def withdraw(story: Story, step: Step, cast: Cast) -> None:
    story.application = application_services.withdraw(
        application=story.application, user=acting_applicant(story, cast), reason=step.text
    )


def answer_survey(story: Story, step: Step, cast: Cast) -> None:
    """The applicant follows the link of the decision e-mail and answers."""
    survey_services.record_response(
        application=story.application, answers=dict(step.answers), channel=SurveyChannel.ONLINE
    )


def enter_paper_survey(story: Story, step: Step, cast: Cast) -> None:
    """The examiner copies the questionnaire the walk-in applicant filled in."""
    survey_services.record_response(
        application=story.application,
        answers=dict(step.answers),
        channel=SurveyChannel.PAPER,
        entered_by=cast.examiners[story.office],
        answered_on=step.day,
    )


def file_complaint(story: ComplaintStory, step: Step, cast: Cast) -> None:
    if cast.complaint_desk is not None:
        story.complaint = cast.complaint_desk(story.office, dict(step.answers))


def complaint_handler(story: ComplaintStory, cast: Cast) -> User:
    officers = cast.signatories if story.handler == "signatory" else cast.examiners
    return officers[story.office]


def assign_complaint(story: ComplaintStory, step: Step, cast: Cast) -> None:
    if story.complaint is not None:
        story.complaint = complaint_services.assign(
            complaint=story.complaint,
            user=cast.signatories[story.office],
            officer=complaint_handler(story, cast),
        )


def answer_complaint(story: ComplaintStory, step: Step, cast: Cast) -> None:
    if story.complaint is not None:
        complaint_services.answer(
            complaint=story.complaint, user=complaint_handler(story, cast), text=step.text
        )


def close_complaint(story: ComplaintStory, step: Step, cast: Cast) -> None:
    if story.complaint is not None:
        complaint_services.close(
            complaint=story.complaint, user=complaint_handler(story, cast), text=step.text
        )


ACTIONS: dict[str, Callable[[Story, Step, Cast], None]] = {
    "prepare": prepare,
    "submit": submit,
    "walk_in": walk_in,
    "take": take,
    "request_revision": request_revision,
    "resubmit": resubmit,
    "propose": propose,
    "sign": sign,
    "withdraw": withdraw,
    "answer_survey": answer_survey,
    "enter_paper_survey": enter_paper_survey,
    "file_complaint": file_complaint,
    "assign_complaint": assign_complaint,
    "answer_complaint": answer_complaint,
    "close_complaint": close_complaint,
}


# -- the cast -----------------------------------------------------------------------


def office_officer(office: Office, role: str) -> User:
    """The demo's officer of `office` with `role` (procedures.demo.DEMO_OFFICERS)."""
    for profile in OfficerProfile.objects.filter(office=office).select_related("user"):
        if has_role(profile.user, role):
            return profile.user
    raise LookupError(f"the demo has no {role} for office {office.code}")


def gather_cast(stories: list[Story], *, admin: User | None) -> Cast:
    """The officers, and each story's agency with one member: made (as the seed
    makes the demo's agencies, confirmed) where missing."""
    offices = {
        office.code: office
        for office in Office.objects.filter(code__in=[history.code for history in HISTORY_OFFICES])
    }
    cast = Cast(
        examiners={code: office_officer(office, Role.EXAMINER) for code, office in offices.items()},
        signatories={
            code: office_officer(office, Role.SIGNATORY) for code, office in offices.items()
        },
    )
    history_offices = {history.code: history for history in HISTORY_OFFICES}
    taken_addresses = set(User.objects.values_list("email", flat=True))
    for story in stories:
        name = story.row["agency"]
        if name in cast.agencies:
            continue
        history = history_offices[story.office]
        agency, applicant = agency_with_member(
            name,
            history,
            offices[story.office],
            admin=admin,
            taken=taken_addresses,
            street_number=len(cast.agencies) + 1,
        )
        cast.agencies[name], cast.applicants[name] = agency, applicant
    return cast


def agency_with_member(
    name: str, history: OfficeHistory, office: Office, *, admin, taken: set, street_number: int
) -> tuple[Agency, User]:
    """The agency `name` of the office's region and a member of it, made where
    missing (`taken`: the e-mail addresses already used, kept up to date)."""
    region_code = office.code
    agency = Agency.objects.filter(name=name, region_code=region_code).first()
    handle = unique_handle(name, history.applicant_domain, taken)
    if agency is None:
        region = next(office[2] for office in DEMO_OFFICES if office[0] == region_code)
        agency = Agency.objects.create(
            name=name,
            level=history.agency_level,
            region_code=region_code,
            region_name=region,
            address=f"Jl. Pemuda No. {street_number}, {region}",
            email=f"{handle}@{history.applicant_domain}",
            office=organisation_services.responsible_office(
                level=history.agency_level, region_code=region_code
            ),
            confirmed_at=timezone.now(),
            confirmed_by=admin,
        )
    elif not agency.email:
        Agency.objects.filter(pk=agency.pk).update(email=f"{handle}@{history.applicant_domain}")
        agency.refresh_from_db()
    member = agency.applicants.select_related("user").order_by("pk").first()
    if member is not None:
        return agency, member.user
    email = f"data.{handle}@{history.applicant_domain}"
    taken.add(email)
    # No password: the history's applicants are not demo accounts to log in with.
    user = User.objects.create_user(email=email, first_name="Pengelola Data", last_name=name[:100])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    organisation_services.add_member(user=user, agency=agency, actor=admin, position="Statistisi")
    return agency, user


SMALL_WORDS = frozenset({"dan", "kabupaten", "provinsi", "banjarnegara", "jawa", "tengah"})


def unique_handle(name: str, domain: str, taken: set) -> str:
    """The agency's initials (Dinas Pertanian dan Ketahanan Pangan → dpkp), made
    unique among the addresses already used."""
    words = [word.strip(",").lower() for word in name.split()]
    initials = "".join(word[0] for word in words if word and word not in SMALL_WORDS)
    handle, number = initials, 1
    while f"data.{handle}@{domain}" in taken or f"{handle}@{domain}" in taken:
        number += 1
        handle = f"{initials}{number}"
    taken.add(f"{handle}@{domain}")
    return handle


# -- the whole ----------------------------------------------------------------------


def build_history(
    note,
    *,
    admin: User | None,
    end: datetime.datetime | None = None,
    complaint_desk: ComplaintDesk | None = None,
) -> None:
    """Plan and play the year before `end` (now); its complaints are filed at
    `complaint_desk` (none without it). Its e-mails are recorded as sent when they
    were queued, never sent now: a year of mail at once would flood the console,
    `var/mail/` or, with EMAIL_URL, real inboxes."""
    end = end or timezone.now()
    stories = plan_history(end=end)
    complaints = plan_complaints(end=end, first_number=len(stories))
    with time_machine.travel(stories[0].steps[0].at - datetime.timedelta(days=30), tick=True):
        cast = gather_cast(stories, admin=admin)
    cast.complaint_desk = complaint_desk
    last_mail = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    play([*stories, *complaints], cast)
    notification_services.record_as_sent_when_queued(Notification.objects.filter(pk__gt=last_mail))
    decided = [story for story in stories if story.decided]
    answered = sum(bool(story.steps_of(*SURVEY_ACTIONS)) for story in decided)
    filed = sum(story.complaint is not None for story in complaints)
    note(
        True,
        f"riwayat setahun: {len(stories)} pengajuan, {len(decided)} diputuskan, "
        f"{answered} survei kepuasan, {filed} pengaduan",
    )
