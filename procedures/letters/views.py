"""The letter: downloaded by whoever may see its application, verified by anyone
through the code of its QR."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from procedures.applications.views import visible_application

from . import selectors


@login_required
def letter(request, pk):
    """The signed letter, to the agency's applicants and the office's officers."""
    application = visible_application(request, pk)
    issued = getattr(application, "letter", None)
    if issued is None:
        raise Http404(_("Surat untuk pengajuan ini belum terbit."))
    return FileResponse(
        issued.file.open("rb"),
        as_attachment=True,
        filename=f"surat-rekomendasi-{application.reference}.pdf",
        content_type="application/pdf",
    )


def verify_letter(request, code):
    """Public: anyone holding a letter checks that it is genuine and unchanged."""
    issued = selectors.letter_by_code(code)
    return render(
        request,
        "letters/verify.html",
        {"letter": issued, "code": code},
        status=200 if issued else 404,
    )
