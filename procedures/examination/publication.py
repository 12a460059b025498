"""A feasible decision enters the public catalog: the record is built from the
signed application and its letter, and `catalog.publishing.publish()` writes it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.publishing import PublicationConflict, publish
from procedures.applications.models import Application
from procedures.applications.selectors import latest_version
from procedures.frkss.design import stored_date
from procedures.letters.models import Letter
from procedures.rules import TransitionRefused


def publish_activity(application: Application, letter: Letter):
    """The feasible activity enters the public catalog under its letter number,
    linked to its application. A number held in the catalog by another
    application or an import refuses the signing (nothing is replaced)."""
    design = latest_version(application).design
    kegiatan = design.get("kegiatan", {})
    desain = design.get("desain", {})
    perencanaan = design.get("perencanaan", {})
    coverage = (desain.get("coverage_areas") if desain.get("coverage") == "sebagian" else "") or _(
        "Seluruh Indonesia"
    )
    try:
        return publish(
            recommendation_number=letter.number,
            source_application_id=application.pk,
            title=kegiatan.get("title") or application.title,
            year=int(kegiatan.get("year") or letter.year),
            agency=application.agency.name,
            office_code=application.office.code,
            office_name=application.office.name,
            method=kegiatan.get("collection_way", ""),
            frequency=desain.get("frequency")
            if desain.get("repetition") == "berulang"
            else "sekali",
            sector=kegiatan.get("sector", ""),
            decided_on=letter.issued_on,
            coverage=coverage,
            objective=perencanaan.get("objectives", ""),
            variables=[
                row.get("name", "") for row in perencanaan.get("variables", []) if row.get("name")
            ],
            collection_start=stored_date(perencanaan.get("schedule_3_start")),
            collection_end=stored_date(perencanaan.get("schedule_3_end")),
            # Relative: the catalog serves it under whatever host it runs on.
            verification_url=reverse("letters:verify", args=[letter.verification_code]),
        )
    except PublicationConflict as conflict:
        raise TransitionRefused(conflict.message) from conflict
