from django.core.management.base import BaseCommand

from procedures.notifications.delivery import retry_due
from procedures.notifications.models import NotificationState


class Command(BaseCommand):
    help = (
        "Kirim ulang e-mail yang gagal dan sudah tiba waktu percobaan berikutnya "
        "(jalankan tiap menit, mis. lewat cron)."
    )

    def handle(self, *args, **options):
        results = retry_due()
        sent = sum(1 for n in results if n.state == NotificationState.SENT)
        self.stdout.write(f"{len(results)} e-mail dicoba, {sent} terkirim.")
        if sent < len(results):
            self.stderr.write(
                f"{len(results) - sent} masih gagal; lihat admin → Notifikasi e-mail."
            )
