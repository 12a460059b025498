from django.core.management.base import BaseCommand, CommandError

from search import services
from search.backends import SearchUnavailable


class Command(BaseCommand):
    help = (
        "Indeks pencarian: rebuild (bangun ulang dari katalog), sync (terapkan tugas "
        "yang tertunda), status (kesehatan mesin dan antrean)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "sync", "status"])

    def handle(self, *args, action, **options):
        try:
            getattr(self, action)()
        except SearchUnavailable as error:
            raise CommandError(f"Mesin pencari tidak dapat dihubungi: {error}") from error

    def _progress(self, total: int):
        interactive = self.stdout.isatty()

        def report(done: int) -> None:
            line = f"  {done:,}/{total:,} dokumen ({done * 100 // max(total, 1)}%)"
            self.stdout.write(line, ending="\r" if interactive else "\n")

        return report

    def rebuild(self):
        total = services.get_document_source().count()
        self.stdout.write(f"Membangun ulang indeks: {total:,} dokumen…")
        count = services.rebuild(progress=self._progress(total))
        self.stdout.write(self.style.SUCCESS(f"Selesai: {count:,} dokumen terindeks."))

    def sync(self):
        pending = services.pending_jobs().count()
        self.stdout.write(f"Menerapkan {pending:,} tugas indeks yang tertunda…")
        report = services.drain(progress=self._progress(pending))
        if report.error:
            raise CommandError(
                f"{report.applied:,} diterapkan, {report.pending:,} masih tertunda: {report.error}"
            )
        self.stdout.write(self.style.SUCCESS(f"Selesai: {report.applied:,} tugas diterapkan."))

    def status(self):
        state = services.status()
        health = state.health
        self.stdout.write(f"Mesin       : {health.backend} ({health.detail})")
        self.stdout.write(f"Tersedia    : {'ya' if health.ok else 'TIDAK'}")
        indexed = "-" if health.document_count is None else f"{health.document_count:,}"
        self.stdout.write(f"Di indeks   : {indexed} dokumen")
        self.stdout.write(f"Di katalog  : {state.source_count:,} dokumen")
        self.stdout.write(f"Tertunda    : {state.pending:,} tugas ({state.failing:,} pernah gagal)")
        if state.oldest_pending:
            self.stdout.write(f"Tertua      : {state.oldest_pending:%Y-%m-%d %H:%M:%S %Z}")
        if not health.ok:
            raise CommandError("Mesin pencari tidak tersedia.")
