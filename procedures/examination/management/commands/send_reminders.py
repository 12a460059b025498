from django.core.management.base import BaseCommand

from procedures.examination.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Kirim pengingat dan eskalasi: ke pemeriksa 5 hari kerja sebelum dan pada hari batas "
        "waktu; ke walidata tentang pengajuan yang lama menunggu konfirmasinya; ke koordinator "
        "kantor (lalu kantor induk) tentang pengajuan tanpa pemeriksa aktif atau dari instansi "
        "yang belum dikonfirmasi; ke penanda tangan tentang pengajuan yang belum diambil atau "
        "mendekati batas waktu tanpa usulan. Aman dijalankan sering dan bersamaan: setiap "
        "pesan terkirim sekali."
    )

    def handle(self, *args, **options):
        queued = send_reminders()
        self.stdout.write(f"{queued} pesan diantrekan.")
