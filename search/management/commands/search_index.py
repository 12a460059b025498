from django.core.management.base import BaseCommand, CommandError

from search import services
from search.backends import SearchUnavailable

# Exit status of `status` (and of `sync` when the repair did not hold).
IN_SYNC, DIVERGENT, UNREADABLE = 0, 1, 2


class Command(BaseCommand):
    help = (
        "Indeks pencarian: rebuild (bangun ulang dari katalog), sync (perbaiki setiap "
        "selisih dengan katalog: tugas tertunda, dokumen hilang, usang atau berlebih, "
        "berkas rusak), status (kesehatan mesin, antrean, dan perbandingan dengan katalog; "
        "keluar dengan 0 bila sesuai, 1 bila berbeda, 2 bila indeks tidak terbaca)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "sync", "status"])

    def handle(self, *args, action, **options):
        try:
            getattr(self, action)()
        except SearchUnavailable as error:
            raise CommandError(
                f"Mesin pencari tidak dapat dipakai: {error}", returncode=UNREADABLE
            ) from error

    def _progress(self, total: int):
        interactive = self.stdout.isatty()

        def report(done: int) -> None:
            line = f"  {done:,}/{total:,} dokumen ({done * 100 // max(total, 1)}%)"
            self.stdout.write(line, ending="\r" if interactive else "\n")

        return report

    def _phase(self, description: str, total: int):
        self.stdout.write(f"{description}: {total:,}…")
        return self._progress(total)

    def rebuild(self):
        total = services.get_document_source().count()
        self.stdout.write(f"Membangun ulang indeks: {total:,} dokumen…")
        count = services.rebuild(progress=self._progress(total))
        self.stdout.write(self.style.SUCCESS(f"Selesai: {count:,} dokumen terindeks."))

    def sync(self):
        report = services.sync(phase=self._phase)
        if report.before and not report.before.in_sync:
            self._differences(report.before, heading="Selisih yang ditemukan")
        self.stdout.write(
            ("Indeks dibangun ulang; " if report.rebuilt else "")
            + f"{report.applied:,} tugas diterapkan; {report.repaired:,} dokumen diperbaiki."
        )
        if not report.after.in_sync:
            self._differences(report.after, heading="Masih berbeda")
            raise CommandError(
                "Indeks masih berbeda dengan katalog (katalog berubah selama perbaikan?). "
                "Jalankan lagi: python manage.py search_index sync",
                returncode=DIVERGENT,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Selesai: indeks sesuai dengan katalog ({report.after.index_count:,} dokumen)."
            )
        )

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
        for problem in health.problems:
            self.stdout.write(self.style.WARNING(f"Masalah     : {problem}"))
        if health.needs_rebuild:
            self.stdout.write("Perbaikan   : python manage.py search_index sync (membangun ulang)")
        if not health.ok:
            raise CommandError(
                "Indeks tidak dapat dibaca"
                + (
                    "; perbaiki dengan: python manage.py search_index sync (membangun ulang)."
                    if health.needs_rebuild
                    else ": mesin pencari tidak dapat dihubungi."
                ),
                returncode=UNREADABLE,
            )
        found = state.divergence
        self.stdout.write(f"Sidik indeks: {found.index_checksum[:16]} ({found.index_count:,} id)")
        self.stdout.write(
            f"Sidik katalog: {found.source_checksum[:16]} ({found.source_count:,} id)"
        )
        if found.in_sync and not health.needs_rebuild:
            self.stdout.write(self.style.SUCCESS("Indeks sesuai dengan katalog."))
            return
        if not found.in_sync:
            self._differences(found, heading="Selisih")
            if state.divergent_pending:
                self.stdout.write(
                    f"  ({state.divergent_pending:,} di antaranya masih punya tugas tertunda)"
                )
        raise CommandError(
            (
                "Indeks TIDAK sesuai dengan katalog"
                if not found.in_sync
                else "Indeks perlu dibangun ulang"
            )
            + "; perbaiki dengan: python manage.py search_index sync",
            returncode=DIVERGENT,
        )

    def _differences(self, found: services.Divergence, *, heading: str) -> None:
        kinds = [
            ("tidak ada di indeks", found.missing),
            ("berlebih di indeks (tidak ada di katalog)", found.extra),
            ("usang (waktu pembaruan berbeda)", found.stale),
        ]
        summary = ", ".join(f"{len(ids):,} {label}" for label, ids in kinds if ids)
        self.stdout.write(self.style.WARNING(f"{heading}: {summary}"))
        for label, ids in kinds:
            if ids:
                shown = ", ".join(ids[: services.EXAMPLES])
                more = (
                    f" … dan {len(ids) - services.EXAMPLES:,} lagi"
                    if len(ids) > services.EXAMPLES
                    else ""
                )
                self.stdout.write(f"  {label} ({len(ids):,}): {shown}{more}")
