from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.importing import ImportFileError, ImportReport, import_activities

SHOWN_ERRORS = 200


class Command(BaseCommand):
    help = (
        "Impor kegiatan yang sudah mendapat rekomendasi dari berkas .csv atau .jsonl. "
        "Baris yang salah dilaporkan per nomor baris; baris yang benar tetap disimpan; "
        "nomor rekomendasi hasil impor yang sudah ada diperbarui; nomor milik kegiatan "
        "dari keputusan layanan ditolak (tidak ditimpa)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        interactive = self.stdout.isatty()

        def progress(report: ImportReport) -> None:
            line = (
                f"  {report.read:,} baris dibaca, {report.created + report.updated:,} "
                f"disimpan, {report.refused:,} ditolak"
            )
            self.stdout.write(line, ending="\r" if interactive else "\n")

        try:
            report = import_activities(path, progress=progress)
        except ImportFileError as error:
            raise CommandError(f"{path}: {error}") from error
        if interactive:
            self.stdout.write("")
        for error in sorted(report.errors, key=lambda error: error.line)[:SHOWN_ERRORS]:
            self.stderr.write(str(error))
        if len(report.errors) > SHOWN_ERRORS:
            self.stderr.write(f"… dan {len(report.errors) - SHOWN_ERRORS:,} galat lain.")
        summary = (
            f"{report.read:,} baris: {report.created:,} baru, {report.updated:,} diperbarui, "
            f"{report.refused:,} ditolak."
        )
        if report.refused:
            self.stderr.write(self.style.WARNING(summary))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(summary))
