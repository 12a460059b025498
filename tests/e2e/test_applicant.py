"""An agency's applicant, on a phone, from sign-up to a submitted FRKSS survey design."""

import io
import re
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from procedures.applications.models import Application
from procedures.organisations.calendar import due_date
from procedures.organisations.models import Office

from .conftest import PHONE, assert_accessible

DEMO_APPLICANT = "pemohon@banjarnegarakab.go.id"

pytestmark = pytest.mark.e2e

JAKARTA = ZoneInfo("Asia/Jakarta")
EMAIL = "budi.santoso@banjarnegarakab.go.id"
PASSWORD = "Sensus-Banjarnegara-2027!"
AGENCY = "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah Kabupaten Banjarnegara"
TITLE = "Survei Produktivitas Kentang Dataran Tinggi Dieng"
BACKGROUND = "Data produktivitas kentang per desa belum tersedia untuk perencanaan."
OBJECTIVES = "Mengetahui luas panen, produksi dan produktivitas kentang per desa."
# Block III's schedule, stage by stage (mulai, selesai), in order.
SCHEDULE = [
    ("Perencanaan kegiatan", "2027-01-04", "2027-01-29"),
    ("Desain", "2027-02-01", "2027-02-26"),
    ("Pengumpulan data", "2027-03-01", "2027-04-30"),
    ("Pengolahan data", "2027-05-03", "2027-05-31"),
    ("Analisis", "2027-06-01", "2027-06-30"),
    ("Diseminasi hasil", "2027-07-01", "2027-07-30"),
    ("Evaluasi", "2027-08-02", "2027-08-31"),
]
# One row of the variables table: {field: (column label, value)}.
VARIABLE = {
    "name": ("Nama variabel", "Luas panen kentang"),
    "concept": ("Konsep", "Luas tanaman kentang yang dipungut hasilnya"),
    "definition": ("Definisi", "Luas lahan kentang yang dipanen, dalam hektare"),
    "reference_period": ("Periode referensi", "Musim tanam terakhir"),
}


# --- helpers ---------------------------------------------------------------------


def questionnaire_pdf() -> bytes:
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    sheet.drawString(72, 770, "Kuesioner Survei Produktivitas Kentang")
    sheet.drawString(72, 750, "1. Nama kepala rumah tangga: ....................")
    sheet.drawString(72, 730, "2. Luas panen kentang (ha): ....................")
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def messages_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def fits_the_phone(page) -> bool:
    """No sideways scrolling of the whole page (wide tables scroll in their own box)."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def group(scope, name: str):
    """A radio/checkbox group (a fieldset) by its legend, within a page or a locator."""
    return scope.get_by_role("group", name=re.compile(rf"^{re.escape(name)}"))


def choose(scope, question: str, answer: str):
    """Tick one answer of a radio or checkbox question."""
    group(scope, question).get_by_label(answer, exact=True).check()


def save_and_continue(page, next_heading: str):
    page.get_by_role("button", name="Simpan dan lanjut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(next_heading)


def fill_header(page):
    page.get_by_label("Judul kegiatan").fill(TITLE)
    page.get_by_label("Tahun pelaksanaan").fill("2027")
    choose(page, "Cara pengumpulan data", "Survei")
    page.get_by_label("Sektor kegiatan").select_option(label="Pertanian dan Perikanan")


def fill_organizer(page):
    # Prefilled from the agency the applicant chose.
    expect(page.get_by_label("Unit penyelenggara (setingkat eselon II)")).to_have_value(AGENCY)
    expect(page.get_by_label("Alamat")).to_have_value(re.compile("Banjarnegara"))
    page.get_by_label("Unit penyelenggara (setingkat eselon II)").fill(
        "Bidang Perencanaan Ekonomi dan Sumber Daya Alam"
    )
    page.get_by_label("Telepon").fill("0286-591218")
    page.get_by_label("E-mail unit").fill("bappeda@banjarnegarakab.go.id")


def fill_responsible(page):
    page.get_by_label("Unit eselon 1 (atau setingkat)").fill(
        "Sekretariat Daerah Kabupaten Banjarnegara"
    )
    page.get_by_label("Unit eselon 2 (atau setingkat)").fill(
        "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah"
    )
    page.get_by_label("Penanggung jawab teknis").fill("Kepala Bidang Perencanaan Ekonomi")
    choose(page, "Apakah penanggung jawab teknis seorang konsultan?", "Tidak")


def schedule_field(page, stage: str, part: str):
    return page.get_by_label(f"{stage} — {part}", exact=True)


def fill_planning(page, *, schedule=SCHEDULE):
    page.get_by_label("Latar belakang kegiatan").fill(BACKGROUND)
    page.get_by_label("Tujuan kegiatan").fill(OBJECTIVES)
    for stage, start, end in schedule:
        schedule_field(page, stage, "mulai").fill(start)
        schedule_field(page, stage, "selesai").fill(end)
    table = page.get_by_role("table", name="Variabel yang dikumpulkan")
    for column, value in VARIABLE.values():
        table.get_by_label(f"{column} baris 1", exact=True).fill(value)


def expect_planning_kept(page, *, schedule=SCHEDULE):
    expect(page.get_by_label("Latar belakang kegiatan")).to_have_value(BACKGROUND)
    expect(page.get_by_label("Tujuan kegiatan")).to_have_value(OBJECTIVES)
    for stage, start, end in schedule:
        expect(schedule_field(page, stage, "mulai")).to_have_value(start)
        expect(schedule_field(page, stage, "selesai")).to_have_value(end)
    table = page.get_by_role("table", name="Variabel yang dikumpulkan")
    for column, value in VARIABLE.values():
        expect(table.get_by_label(f"{column} baris 1", exact=True)).to_have_value(value)


def fill_design(page):
    choose(page, "Kegiatan ini dilaksanakan", "Berulang")
    page.get_by_label("Frekuensi (bila berulang)").select_option(label="Tahunan")
    choose(page, "Tipe pengumpulan data", "Cross-sectional")
    choose(page, "Cakupan wilayah", "Sebagian wilayah Indonesia")
    page.get_by_label("Provinsi dan kabupaten/kota yang dicakup (bila sebagian)").fill(
        "Kabupaten Banjarnegara"
    )
    choose(page, "Metode pengumpulan data", "Wawancara")
    choose(page, "Sarana pengumpulan data", "CAPI")  # field staff: block VI asks about them
    choose(page, "Unit pengumpulan data", "Rumah tangga")


def fill_sample(page):
    choose(page, "Jumlah tahap pemilihan sampel", "Bertahap")
    page.get_by_label("Metode pemilihan sampel tahap akhir").select_option(
        label="Probability proportional to size (PPS)"
    )
    choose(page, "Kerangka sampel tahap akhir", "List frame")
    page.get_by_label("Fraksi sampel (0–1)").fill("0.05")
    page.get_by_label("Perkiraan sampling error variabel utama (%)").fill("5")
    page.get_by_label("Unit sampel").fill("Rumah tangga")
    page.get_by_label("Unit observasi").fill("Rumah tangga petani kentang")


def fill_quality(page):
    choose(page, "Apakah dilakukan uji coba (pilot survey)?", "Ya")
    choose(page, "Metode pengendalian kualitas", "Supervisi")
    choose(page, "Apakah dilakukan penyesuaian nonrespon?", "Tidak")
    # Asked because the survey uses CAPI.
    staff = group(page, "Petugas lapangan (untuk PAPI, CAPI atau CATI)")
    expect(staff).to_be_visible()
    choose(staff, "Petugas pengumpulan data", "Mitra")
    staff.get_by_label("Pendidikan terendah petugas").select_option(label="SMA/sederajat")
    staff.get_by_label("Jumlah pengawas").fill("5")
    staff.get_by_label("Jumlah pencacah").fill("40")
    choose(staff, "Apakah petugas dilatih?", "Ya")


def fill_processing(page):
    for step in ("Penyuntingan (editing)", "Penyandian (coding)", "Entri data", "Validasi"):
        choose(page, step, "Ya")
    choose(page, "Metode analisis", "Deskriptif")
    page.get_by_label("Unit analisis").fill("Rumah tangga petani kentang")
    choose(page, "Tingkat penyajian hasil", "Kabupaten/kota")
    choose(page, "Tingkat penyajian hasil", "Kecamatan")


def fill_dissemination(page):
    for product, answer in (
        ("Publikasi tercetak", "Tidak"),
        ("Publikasi digital", "Ya"),
        ("Data mikro", "Tidak"),
    ):
        # Each product is a fieldset holding its yes/no question and its release date.
        product_group = group(page, product).first
        product_group.get_by_label(answer, exact=True).check()
    group(page, "Publikasi digital").first.get_by_label("Rencana rilis").fill("2027-09-30")


# --- the journey -------------------------------------------------------------------


def test_an_applicant_registers_and_submits_a_survey_design_on_a_phone(
    site, phone_page, new_context, axe
):
    page = phone_page

    # 1. Sign-up: government addresses only.
    page.goto(site.url + "/akun/daftar/")
    assert_accessible(axe, page)
    signup = page.get_by_role("main").locator("form")
    signup.get_by_label("Nama depan").fill("Budi")
    signup.get_by_label("Nama belakang").fill("Santoso")
    signup.get_by_label("Kata sandi (wajib)", exact=True).fill(PASSWORD)
    signup.get_by_label("Kata sandi (lagi)").fill(PASSWORD)
    signup.get_by_label("E-mail (wajib)", exact=True).fill("budi@gmail.com")
    signup.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("main")).to_contain_text(
        "Gunakan alamat e-mail dinas instansi pemerintah (berakhiran go.id). "
        "Alamat pribadi tidak dapat didaftarkan."
    )
    assert_accessible(axe, page)
    signup.get_by_label("E-mail (wajib)", exact=True).fill(EMAIL)
    signup.get_by_label("Kata sandi (wajib)", exact=True).fill(PASSWORD)
    signup.get_by_label("Kata sandi (lagi)").fill(PASSWORD)
    signup.get_by_role("button", name="Daftar").click()
    expect(page).not_to_have_url(re.compile("/akun/daftar/"))

    # 2. The verification e-mail's link opens a page with a confirm button.
    (verification,) = messages_to(EMAIL)
    link = re.search(r"https?://[^/\s]+(/akun/konfirmasi-email/[^\s]+/)", verification.body)
    assert link, verification.body
    assert not EmailAddress.objects.get(email=EMAIL).verified
    page.goto(site.url + link[1])
    assert_accessible(axe, page)
    page.get_by_role("main").get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_role("status")).to_contain_text(f"Anda telah mengkonfirmasi {EMAIL}")
    assert EmailAddress.objects.get(email=EMAIL).verified

    # 3. Signed in again with the new account, "Pengajuan Saya" first asks for an agency.
    page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Keluar").click()
    page.get_by_role("main").get_by_role("button", name="Keluar").click()
    page.goto(site.url + "/pengajuan/")
    expect(page).to_have_url(re.compile(r"/akun/masuk/\?next=/pengajuan/$"))
    assert_accessible(axe, page)
    login = page.get_by_role("main").locator("form")
    login.get_by_label("E-mail (wajib)", exact=True).fill(EMAIL)
    login.get_by_label("Kata sandi (wajib)", exact=True).fill(PASSWORD)
    login.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/pengajuan/instansi/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Instansi Anda")
    assert_accessible(axe, page)
    page.get_by_label("Instansi Anda").select_option(label=AGENCY)
    page.get_by_label("Jabatan", exact=True).fill("Perencana Ahli Pertama")
    page.get_by_role("button", name="Kirim permintaan bergabung").click()
    expect(page.get_by_role("status").first).to_contain_text("Permintaan terkirim")
    expect(page.get_by_role("main")).to_contain_text("menunggu persetujuan")
    assert_accessible(axe, page)
    # Membership is granted, never claimed: until a member approves, nothing of the agency.
    page.goto(site.url + "/pengajuan/")
    expect(page).to_have_url(re.compile(r"/pengajuan/instansi/$"))

    # 3b. A member of the agency approves the request from their own agency page.
    member = new_context(site.url, DEMO_APPLICANT)
    member.goto(site.url + "/pengajuan/instansi/")
    assert_accessible(axe, member)
    request = member.get_by_role("listitem").filter(has_text=EMAIL)
    request.get_by_role("button", name="Setujui").click()
    expect(member.get_by_role("status").first).to_contain_text("sekarang anggota")
    page.goto(site.url + "/pengajuan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pengajuan Saya")

    # 4. The FRKSS form, block by block, as a survey.
    page.get_by_role("button", name="Buat pengajuan baru").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keterangan kegiatan")
    assert_accessible(axe, page)
    fill_header(page)
    save_and_continue(page, "I. Penyelenggara")

    assert_accessible(axe, page)
    fill_organizer(page)
    save_and_continue(page, "II. Penanggung jawab")

    assert_accessible(axe, page)
    fill_responsible(page)
    save_and_continue(page, "III. Perencanaan dan persiapan")

    # An end date before its start: the error is shown at the field, nothing typed is lost.
    assert_accessible(axe, page)
    wrong = [
        (stage, start, "2027-02-27" if stage == "Pengumpulan data" else end)
        for stage, start, end in SCHEDULE
    ]
    fill_planning(page, schedule=wrong)
    page.get_by_role("button", name="Simpan dan lanjut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("III. Perencanaan dan persiapan")
    message = "Tanggal selesai Pengumpulan data harus sama dengan atau sesudah tanggal mulainya."
    end = schedule_field(page, "Pengumpulan data", "selesai")
    expect(end).to_have_attribute("aria-invalid", "true")
    expect(end).to_have_accessible_description(message)
    expect(page.locator(".field", has=end)).to_contain_text(message)
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect_planning_kept(page, schedule=wrong)
    assert_accessible(axe, page)
    end.fill("2027-04-30")
    save_and_continue(page, "IV. Desain kegiatan")

    assert_accessible(axe, page)
    fill_design(page)
    save_and_continue(page, "V. Desain sampel")  # a survey: the sample block applies

    assert_accessible(axe, page)
    fill_sample(page)
    save_and_continue(page, "VI. Penjaminan kualitas")

    assert_accessible(axe, page)
    fill_quality(page)
    save_and_continue(page, "VII. Pengolahan dan analisis")

    assert_accessible(axe, page)
    fill_processing(page)
    save_and_continue(page, "VIII. Diseminasi hasil")

    assert_accessible(axe, page)
    fill_dissemination(page)
    save_and_continue(page, "Lampiran")

    # 5. Attachments: submitting lists exactly what is missing, the questionnaire.
    assert_accessible(axe, page)
    page.get_by_role("navigation", name="Bagian formulir FRKSS").get_by_role(
        "link", name="Periksa dan ajukan"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa dan ajukan")
    page.get_by_role("button", name="Ajukan", exact=True).click()
    problems = page.locator("ul.problems li")
    expect(problems).to_have_count(1)
    expect(problems).to_contain_text("Unggah kuesioner: wajib untuk kegiatan survei.")
    assert_accessible(axe, page)
    problems.get_by_role("link", name=re.compile("Kuesioner")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lampiran")

    upload = page.get_by_role("form", name="Unggah lampiran")
    upload.get_by_label("Jenis lampiran").select_option(label="Kuesioner")
    upload.get_by_label("Berkas").set_input_files(
        {"name": "kuesioner.pdf", "mimeType": "application/pdf", "buffer": questionnaire_pdf()}
    )
    upload.get_by_role("button", name="Unggah").click()
    expect(page.get_by_role("status")).to_contain_text("Lampiran tersimpan.")
    expect(page.locator("#berkas + ul")).to_contain_text("kuesioner.pdf — Kuesioner")

    # A program renamed to .pdf is refused by its content.
    upload = page.get_by_role("form", name="Unggah lampiran")
    upload.get_by_label("Jenis lampiran").select_option(label="Kuesioner")
    upload.get_by_label("Berkas").set_input_files(
        {
            "name": "kuesioner.pdf",
            "mimeType": "application/pdf",
            "buffer": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 512,
        }
    )
    upload.get_by_role("button", name="Unggah").click()
    refusal = "Jenis berkas tidak diterima. Unggah PDF atau dokumen perkantoran"
    expect(page.get_by_role("alert")).to_contain_text(refusal)
    expect(upload.get_by_label("Berkas")).to_have_accessible_description(re.compile(refusal))
    expect(page.locator("#berkas + ul li")).to_have_count(1)
    assert_accessible(axe, page)

    # 6. Submit.
    page.get_by_role("link", name="Lanjut: periksa dan ajukan").click()
    expect(page.get_by_text("Semua bagian sudah lengkap.")).to_be_visible()
    page.get_by_role("button", name="Ajukan", exact=True).click()

    office = Office.objects.get(code="3304")
    due = due_date(office=office, recorded_on=timezone.localdate(timezone=JAKARTA))
    with translation.override("id"):
        due_text = date_format(due, "j F Y")
    facts = page.locator("dl.facts").first
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(facts.locator("div", has_text="Status")).to_contain_text("Diajukan")
    expect(facts.locator("div", has_text="Nomor pengajuan")).to_have_text(
        re.compile(r"REK-3304-\d{4}-\d{5}")
    )
    expect(facts.locator("div", has_text="Batas waktu hasil")).to_contain_text(due_text)
    reference = re.search(
        r"REK-3304-\d{4}-\d{5}", facts.locator("div", has_text="Nomor pengajuan").inner_text()
    )[0]
    expect(page.get_by_role("status")).to_contain_text(
        f"Pengajuan {reference} diterima. Hasil pemeriksaan paling lambat {due_text}."
    )
    assert_accessible(axe, page)
    assert fits_the_phone(page)

    # What was typed is what was frozen, the corrected date included.
    submitted = Application.objects.get(reference=reference).versions.get().design
    assert submitted["perencanaan"]["schedule_3_end"] == "2027-04-30"
    assert submitted["perencanaan"]["variables"] == [
        {name: value for name, (_column, value) in VARIABLE.items()}
    ]
    assert submitted["desain"]["modes"] == ["capi"]
    assert submitted["kualitas"]["enumerators"] == 40

    receipts = [m for m in messages_to(EMAIL) if reference in m.subject]
    assert len(receipts) == 1, [m.subject for m in mail.outbox]
    assert reference in receipts[0].body
    assert due_text in receipts[0].body
