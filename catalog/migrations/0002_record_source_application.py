from django.db import migrations, models


def rename_source(apps, schema_editor, old, new):
    ActivityRecord = apps.get_model("catalog", "ActivityRecord")
    ActivityRecord.objects.filter(source=old).update(source=new)


def forwards(apps, schema_editor):
    rename_source(apps, schema_editor, "workflow", "decision")


def backwards(apps, schema_editor):
    rename_source(apps, schema_editor, "decision", "workflow")


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="activityrecord",
            name="source",
            field=models.CharField(
                choices=[("decision", "Keputusan layanan rekomendasi"), ("import", "Impor data lama")],
                max_length=10,
                verbose_name="sumber",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AddField(
            model_name="activityrecord",
            name="source_application_id",
            field=models.PositiveBigIntegerField(
                blank=True,
                help_text="Pengajuan yang keputusannya menerbitkan kegiatan ini; kosong untuk impor.",
                null=True,
                unique=True,
                verbose_name="id pengajuan sumber",
            ),
        ),
        migrations.AddConstraint(
            model_name="activityrecord",
            constraint=models.CheckConstraint(
                condition=models.Q(("source", "decision"), ("source_application_id__isnull", True), _connector="OR"),
                name="catalog_only_decisions_name_an_application",
            ),
        ),
    ]
