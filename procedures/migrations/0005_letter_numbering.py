from django.db import migrations, models


def link_published_decisions(apps, schema_editor):
    """Catalog records published from a decision before the link existed get
    their application from the letter that carries their number."""
    Letter = apps.get_model("procedures", "Letter")
    ActivityRecord = apps.get_model("catalog", "ActivityRecord")
    for number, application_id in Letter.objects.filter(verdict="feasible").values_list(
        "number", "application_id"
    ):
        ActivityRecord.objects.filter(
            recommendation_number=number, source="decision", source_application_id=None
        ).update(source_application_id=application_id)


class Migration(migrations.Migration):

    dependencies = [
        ("procedures", "0004_examination"),
        ("catalog", "0002_record_source_application"),
    ]

    operations = [
        migrations.AddField(
            model_name="office",
            name="letter_numbering",
            field=models.CharField(
                choices=[
                    ("automatic", "Otomatis oleh Rekomstat"),
                    ("agenda", "Dari agenda surat keluar kantor"),
                ],
                default="automatic",
                help_text=(
                    "Otomatis: Rekomstat memberi nomor dari templat di atas, urut per tahun, "
                    "mulai setelah nomor tertinggi yang sudah ada (surat maupun katalog). "
                    "Agenda: penanda tangan mengisi nomor dari agenda surat keluar kantor "
                    "(mis. aplikasi e-office) saat menandatangani, misalnya "
                    "B-123/33040/KS.000/2026; Rekomstat memeriksa bentuknya dan memastikan "
                    "nomor itu belum pernah dipakai."
                ),
                max_length=10,
                verbose_name="penomoran surat",
            ),
        ),
        migrations.RunPython(link_published_decisions, migrations.RunPython.noop),
    ]
