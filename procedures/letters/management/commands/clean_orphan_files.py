import datetime

from django.core.management.base import BaseCommand

from procedures.applications.models import Attachment
from procedures.letters.orphans import OWNED_FOLDERS, remove_orphan_files


class Command(BaseCommand):
    help = (
        "Hapus berkas lampiran dan surat di penyimpanan privat yang tidak dirujuk data mana "
        "pun (sisa transaksi yang dibatalkan) dan lebih tua dari --older-than menit. "
        "Jalankan berkala dari cron, misalnya tiap jam."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            metavar="MENIT",
            help="Hanya berkas yang terakhir ditulis lebih dari sekian menit lalu (bawaan 60), "
            "agar unggahan yang transaksinya belum selesai tidak tersentuh.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Hanya tampilkan, jangan hapus.")

    def handle(self, *args, older_than, dry_run, **options):
        removed = remove_orphan_files(
            storage=Attachment._meta.get_field("file").storage,
            older_than=datetime.timedelta(minutes=older_than),
            dry_run=dry_run,
        )
        for name in removed:
            self.stdout.write(name)
        verb = "akan dihapus" if dry_run else "dihapus"
        folders = ", ".join(f"{folder}/" for folder in OWNED_FOLDERS)
        self.stdout.write(f"{len(removed)} berkas yatim di {folders} {verb}.")
