from django.core.management.base import BaseCommand

from portal.seeding import DEMO_PASSWORD, DEMO_USERS, seed


class Command(BaseCommand):
    help = "Memuat kantor BPS dan standar pelayanan dari site/content/ (--demo: data contoh)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="tambahkan akun dan data contoh")
        parser.add_argument(
            "--no-history",
            dest="history",
            action="store_false",
            help="dengan --demo: tanpa riwayat setahun pengajuan (lebih cepat, untuk pengujian)",
        )

    def handle(self, *args, demo=False, history=True, **options):
        report = seed(demo=demo, history=history)
        for label in report.created:
            self.stdout.write(self.style.SUCCESS(f"  dibuat    {label}"))
        for label in report.kept:
            self.stdout.write(f"  sudah ada {label}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed selesai: {len(report.created)} dibuat, {len(report.kept)} sudah ada."
            )
        )
        if demo:
            self.stdout.write(f"Akun demo (kata sandi: {DEMO_PASSWORD}):")
            for email, _first, _last, _superuser, role in DEMO_USERS:
                self.stdout.write(f"  {email:<34} {role}")
