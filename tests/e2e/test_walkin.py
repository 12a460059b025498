"""Walk-ins at the counter, on a phone: the examiner registers the paper form of
an agency BPS does not know yet, is offered the existing agency when the name
is already taken, adds the new one (typed values kept), and prints the
visitor's receipt. axe on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from procedures.applications.models import Application
from procedures.organisations.models import Agency

from .conftest import EXAMINER, PHONE, assert_accessible

pytestmark = pytest.mark.e2e

EXISTING = "Dinas Komunikasi dan Informatika Kabupaten Banjarnegara"
NEW = "Badan Penanggulangan Bencana Daerah Kabupaten Banjarnegara"


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_examiner_registers_a_walk_in_with_a_new_agency_and_prints_the_receipt(
    site, new_context, axe
):
    url = site.url
    examiner = new_context(url, EXAMINER, PHONE)
    examiner.get_by_role("link", name="Catat pengajuan luring (datang langsung)").click()
    expect(examiner.get_by_role("heading", level=1)).to_have_text("Catat pengajuan luring")
    assert_accessible(axe, examiner)
    assert fits_the_phone(examiner)

    # The visitor's agency is not in the list: a new one, first typed as an existing name.
    examiner.get_by_label("Instansi baru, belum ada di daftar").check()
    examiner.get_by_label("Nama instansi").fill(EXISTING.upper())
    examiner.get_by_label("Organisasi perangkat daerah (OPD)").check()
    examiner.get_by_label("Kode wilayah").fill("3304")
    examiner.get_by_label("Nama wilayah").fill("Kabupaten Banjarnegara")
    examiner.get_by_label("Alamat").fill("Jl. Dipayuda No. 12, Banjarnegara")
    examiner.get_by_label(re.compile(r"^E-mail \(wajib\)$")).fill("bpbd@banjarnegarakab.go.id")
    examiner.get_by_role("button", name="Buat pengajuan luring").click()
    expect(examiner.get_by_role("alert").first).to_contain_text("sudah terdaftar")
    expect(examiner.get_by_role("link", name=f"Gunakan {EXISTING}")).to_be_visible()
    # Nothing typed is lost.
    expect(examiner.get_by_label("Alamat")).to_have_value("Jl. Dipayuda No. 12, Banjarnegara")
    expect(examiner.get_by_label("Organisasi perangkat daerah (OPD)")).to_be_checked()
    assert_accessible(axe, examiner)
    assert not Application.objects.filter(channel="offline").exists()

    # It is another agency after all: its full name.
    examiner.get_by_label("Nama instansi").fill(NEW)
    examiner.get_by_role("button", name="Buat pengajuan luring").click()
    expect(examiner.get_by_role("status")).to_contain_text("Pengajuan luring dibuat")
    expect(examiner.get_by_role("heading", level=1)).to_have_text("Tanda terima")
    walk_in = Application.objects.get(channel="offline")
    agency = Agency.objects.get(name=NEW)
    assert (walk_in.agency, agency.is_confirmed) == (agency, False)

    receipt = examiner.locator(".receipt")
    expect(receipt).to_contain_text(walk_in.reference)
    expect(receipt).to_contain_text(NEW)
    expect(receipt).to_contain_text("sejak instansi dikonfirmasi BPS")
    expect(receipt).not_to_contain_text(re.compile(r"\d{4}-\d{2}-\d{2}"))
    # The button needs the (deferred, external) script; Ctrl+P is explained for without.
    expect(examiner.get_by_role("button", name="Cetak")).to_be_visible()
    assert_accessible(axe, examiner)
    assert fits_the_phone(examiner)

    # Printed: only the receipt, without the site's menu, footer and buttons.
    examiner.emulate_media(media="print")
    expect(examiner.locator(".site-header")).to_be_hidden()
    expect(examiner.locator(".site-footer")).to_be_hidden()
    expect(examiner.get_by_role("button", name="Cetak")).to_be_hidden()
    expect(receipt).to_be_visible()
    examiner.emulate_media(media="screen")

    # The examination page of the walk-in links back to the receipt and asks for
    # the new agency's confirmation.
    examiner.goto(f"{url}/pemeriksaan/{walk_in.pk}/")
    expect(examiner.get_by_role("button", name="Konfirmasi instansi")).to_be_visible()
    assert_accessible(axe, examiner)
    examiner.get_by_role("link", name="Tanda terima untuk pemohon (cetak)").click()
    expect(examiner.get_by_role("heading", level=1)).to_have_text("Tanda terima")
    assert_accessible(axe, examiner)
