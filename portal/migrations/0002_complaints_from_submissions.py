"""A follow-up record (`complaints.Complaint`) for every complaint received before
complaints were followed up, so the officers' screens and the tracking page know
them too. Status Diterima, received when the form stored it; no acknowledgement
is sent for these. The mapping from the editors' fields is frozen here as it was
when this ran (`portal.services.complaint_details` is the live one)."""

from django.db import migrations


def _text(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def _details(fields, form_data) -> dict:
    pairs = [
        (field, _text(form_data[field.clean_name]).strip())
        for field in fields
        if field.clean_name in form_data
    ]

    def answers_of(*types, labelled=""):
        return [
            text
            for field, text in pairs
            if field.field_type in types and text and labelled in field.label.lower()
        ]

    names = answers_of("singleline", labelled="nama") or answers_of("singleline")
    return {
        "complainant_email": next(iter(answers_of("email")), "")[:254],
        "complainant_name": next(iter(names), "")[:255],
        "subject": next(iter(answers_of("dropdown", "radio")), "")[:255],
        "text": "\n\n".join(answers_of("multiline")),
        "answers": [[field.label, _text(form_data[field.clean_name])] for field, _value in pairs],
    }


def open_complaints(apps, schema_editor):
    ComplaintSubmission = apps.get_model("portal", "ComplaintSubmission")
    ComplaintFormPage = apps.get_model("portal", "ComplaintFormPage")
    ComplaintFormField = apps.get_model("portal", "ComplaintFormField")
    Complaint = apps.get_model("complaints", "Complaint")
    existing = set(Complaint.objects.values_list("ticket_number", flat=True))
    pages = {page.pk: page for page in ComplaintFormPage.objects.all()}
    fields = {}
    for field in ComplaintFormField.objects.order_by("sort_order", "pk"):
        fields.setdefault(field.page_id, []).append(field)
    new = []
    # A NULL ticket exists only inside the transaction that creates the submission.
    for submission in ComplaintSubmission.objects.exclude(ticket_number=None).order_by("pk"):
        page = pages.get(submission.page_id)
        if page is None or submission.ticket_number in existing:
            continue
        new.append(
            Complaint(
                ticket_number=submission.ticket_number,
                office_id=page.office_id,
                received_at=submission.submit_time,
                **_details(fields.get(page.pk, []), submission.form_data or {}),
            )
        )
    Complaint.objects.bulk_create(new, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("complaints", "0001_initial"),
    ]

    operations = [
        # Reversing leaves the follow-up records: they may hold the office's answers.
        migrations.RunPython(open_complaints, migrations.RunPython.noop),
    ]
