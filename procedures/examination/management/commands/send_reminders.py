from django.core.management.base import BaseCommand

from procedures.examination.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Kirim pengingat ke pemeriksa 5 hari kerja sebelum dan pada hari batas waktu. "
        "Aman dijalankan berkali-kali: setiap pengingat terkirim sekali."
    )

    def handle(self, *args, **options):
        queued = send_reminders()
        self.stdout.write(f"{queued} pengingat diantrekan.")
