"""The letter: downloaded by whoever may see its application, verified by anyone
through the code of its QR, or by its number and an uploaded copy of its PDF."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from procedures.applications.views import visible_application
from procedures.throttling import client_ip

from . import selectors, services
from .forms import LetterFileForm, LetterLookupForm, megabytes
from .uploads import DigestUploadHandler


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


@csrf_exempt  # only to swap the upload handlers first; `_verification` checks CSRF
def verification(request):
    """Public: find a letter by its exact number; compare an uploaded PDF with it.
    The upload is hashed as it streams in and never stored."""
    request.upload_handlers = [
        DigestUploadHandler(request, max_bytes=settings.LETTER_VERIFICATION_MAX_BYTES)
    ]
    return _verification(request)


@csrf_protect
def _verification(request):
    context = {
        "lookup_form": LetterLookupForm(),
        "file_form": None,
        "letter": None,
        "max_megabytes": megabytes(settings.LETTER_VERIFICATION_MAX_BYTES),
    }
    if request.method == "POST":
        file_form = LetterFileForm(request.POST, request.FILES, auto_id="berkas_%s")
        lookup_form = LetterLookupForm({"nomor": request.POST.get("nomor", "")})
        number_form = lookup_form if "nomor" in file_form.errors else None
        context.update(lookup_form=lookup_form, file_form=file_form)
    elif "nomor" in request.GET:
        lookup_form = number_form = LetterLookupForm(request.GET)
        context.update(lookup_form=lookup_form)
    else:
        return render(request, "letters/verification.html", context)

    if number_form is not None and not number_form.is_valid():
        context["file_form"] = None
        return render(request, "letters/verification.html", context, status=400)
    try:
        services.count_verification(client_key=client_ip(request))
    except services.VerificationRateLimited:
        context["lookup_form"].add_error(
            None,
            _(
                "Terlalu banyak pencarian dan pemeriksaan berkas dari alamat Anda dalam "
                "satu jam. Silakan coba lagi nanti."
            ),
        )
        context["file_form"] = None
        return render(request, "letters/verification.html", context, status=429)

    number = (context["file_form"] or lookup_form).data.get("nomor", "")
    letter = selectors.letter_by_number(number)
    context.update(letter=letter, number=" ".join(number.split()))
    if letter is None:
        context["file_form"] = None
        return render(request, "letters/verification.html", context, status=404)
    context["lookup_form"] = LetterLookupForm(initial={"nomor": letter.number})
    file_form = context["file_form"]
    if file_form is None:
        context["file_form"] = LetterFileForm(initial={"nomor": letter.number}, auto_id="berkas_%s")
        return render(request, "letters/verification.html", context)
    if not file_form.is_valid():
        return render(request, "letters/verification.html", context, status=400)
    upload = file_form.cleaned_data["berkas"]
    context.update(
        uploaded_sha256=upload.sha256,
        identical=services.is_issued_file(letter, sha256=upload.sha256),
        file_form=LetterFileForm(initial={"nomor": letter.number}, auto_id="berkas_%s"),
    )
    return render(request, "letters/verification.html", context)
