"""The applicant's pages: their applications, the FRKSS form block by block
(with the examiner's notes on each block and the applicant's replies),
attachments, submission and withdrawal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from procedures import uploads
from procedures.accounts import permissions as account_permissions
from procedures.frkss import design
from procedures.organisations import permissions as organisation_permissions
from procedures.organisations import selectors as organisation_selectors
from procedures.organisations import services as organisation_services
from procedures.rules import TransitionRefused

from . import permissions, selectors, services
from .forms import AttachmentForm, WithdrawForm
from .models import REPLY_MAX_LENGTH, ApplicationState


def visible_application(request, pk):
    return get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)


def own_application(request, pk):
    """An application the user writes as the applicant (403 otherwise)."""
    application = visible_application(request, pk)
    answer = permissions.acts_for_applicant(request.user, application)
    if not answer:
        raise PermissionDenied(answer.reason)
    return application


# The blocks where the applicant writes what the "Kegiatan serupa" panel compares.
SIMILAR_PANEL_BLOCKS = frozenset({"kegiatan", "perencanaan"})


def block_statuses(application):
    """[(key, heading, status)] for the progress indicator; status is
    'lengkap', 'belum_lengkap' or 'kosong'."""
    data = application.design or {}
    statuses = []
    for block in design.applicable_blocks(data):
        if not any(value not in (None, "", []) for value in (data.get(block.key) or {}).values()):
            status = "kosong"
        else:
            status = "belum_lengkap" if design.block_problems(block, data) else "lengkap"
        statuses.append((block.key, block.heading, status))
    has_files = selectors.current_attachments(application).exists()
    if services.attachment_problems(application):
        attachment_status = "belum_lengkap"
    else:
        attachment_status = "lengkap" if has_files else "kosong"
    statuses.append((design.ATTACHMENTS_KEY, _("Lampiran"), attachment_status))
    return statuses


@login_required
def my_applications(request):
    agency = organisation_services.agency_of(request.user)
    if agency is None:
        if organisation_permissions.readable_office_ids(request.user) or getattr(
            request.user, "walidata", None
        ):
            # Officers and walidata land here after logging in: their work is the queue.
            return redirect("examination:queue")
        return redirect("organisations:agency")
    applications = list(selectors.applications_of_agency(agency).order_by("-updated_at"))
    for application in applications:
        application.remaining = selectors.remaining_working_days(application)
        application.overdue = -application.remaining if (application.remaining or 0) < 0 else 0
    return render(
        request,
        "applications/my_applications.html",
        {
            "agency": agency,
            "applications": applications,
            "pending_requests": organisation_selectors.pending_membership_requests(
                agencies=[agency]
            ),
        },
    )


@login_required
@require_POST
def new_application(request):
    try:
        application = services.create_application(user=request.user)
    except ValidationError:
        return redirect("organisations:agency")
    return redirect("applications:edit_block", pk=application.pk, block=design.BLOCKS[0].key)


@login_required
def detail(request, pk):
    application = visible_application(request, pk)
    version = selectors.latest_version(application)
    is_officer = bool(organisation_permissions.readable_office_ids(request.user))
    is_applicant = bool(permissions.acts_for_applicant(request.user, application))
    can = permissions.applicant_actions(request.user, application)
    notes = selectors.notes_to_address(application)
    for _heading, items in notes:
        for note in items:
            note.page_url = note_page(application, note)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "version": version,
            "version_blocks": version and selectors.design_rows(version.design),
            "remaining": selectors.remaining_working_days(application),
            "timeline": selectors.timeline(application, internal=is_officer),
            "notes": notes,
            "note_history": selectors.note_history(application),
            "walidata_notes": selectors.walidata_notes(application),
            "attachments": selectors.current_attachments(application),
            "is_applicant": is_applicant,
            "can": can,
            "editable": bool(can["edit"]),
            "can_withdraw": bool(can["withdraw"]),
            "letter": getattr(application, "letter", None),
            "is_officer": is_officer,
            "walidata_check": bool(permissions.can_walidata_confirm(request.user, application)),
        },
    )


@login_required
def edit_block(request, pk, block):
    application = own_application(request, pk)
    if not permissions.can_edit_design(request.user, application):
        messages.info(request, _("Rancangan ini sudah diajukan dan tidak dapat diubah."))
        return redirect("applications:detail", pk=pk)
    current = design.BLOCKS_BY_KEY.get(block)
    if current is None or not current.applies(application.design):
        raise Http404
    stored = application.design.get(block) or {}
    status = 200
    if request.method == "POST":
        form = current.form_class(request.POST, context=application.design)
        formset = (
            design.variables_formset(rows=[], data=request.POST) if block == "perencanaan" else None
        )
        form.is_valid()
        values = form.to_json()
        formset_valid = formset is None or formset.is_valid()
        if formset is not None:
            # A tampered or missing management form, or more rows than allowed, must
            # not wipe or overfill the stored rows.
            values["variables"] = (
                formset.rows()
                if formset.management_form.is_valid() and not formset.non_form_errors()
                else stored.get("variables", [])
            )
        services.save_design_block(
            application=application, user=request.user, block_key=block, values=values
        )
        if form.errors or not formset_valid:
            status = 400
            messages.warning(
                request,
                _(
                    "Draf disimpan, kecuali isian yang ditandai. "
                    "Perbaiki isian itu lalu simpan lagi."
                ),
            )
        else:
            messages.success(request, _("Draf tersimpan."))
            target = next_step(application, block) if "lanjut" in request.POST else None
            return redirect(target or reverse("applications:edit_block", args=[pk, block]))
    else:
        form = current.form_class(initial=stored, context=application.design)
        formset = (
            design.variables_formset(rows=stored.get("variables", []))
            if block == "perencanaan"
            else None
        )
    review_notes = review_note_panel(request, application, block)
    return render(
        request,
        "applications/edit_block.html",
        {
            "application": application,
            "form_block": current,
            "form": form,
            "formset": formset,
            "steps": block_statuses(application),
            "unanswered_notes": selectors.unanswered_notes_by_block(application),
            "review_notes": review_notes,
            "similar": selectors.similar_recommended(application)
            if block in SIMILAR_PANEL_BLOCKS
            else None,
        },
        status=400 if any(item["error"] for item in review_notes) else status,
    )


def reply_session_key(application) -> str:
    return f"note-reply-{application.pk}"


def review_note_panel(request, application, block_key) -> list[dict]:
    """The examiner's notes on this block while the applicant revises it, each
    with its reply form; a refused reply comes back as typed, with its error."""
    kept = request.session.pop(reply_session_key(application), {})
    items = []
    for note in selectors.notes_being_revised(application).filter(block=block_key):
        typed = kept.get(str(note.pk))
        items.append(
            {
                "note": note,
                "typed": typed["text"] if typed else note.reply,
                "error": typed["error"] if typed else "",
                "seen": services.note_stamp(note.replied_at),
                "can_reply": bool(permissions.can_reply_to_note(request.user, note)),
            }
        )
    return items


def note_page(application, note) -> str:
    """Where the applicant answers `note`: the page of the block it concerns."""
    if note.block == design.ATTACHMENTS_KEY:
        url = reverse("applications:attachments", args=[application.pk])
    else:
        url = reverse("applications:edit_block", args=[application.pk, note.block])
    return f"{url}#catatan-{note.pk}"


def unanswered_with_headings(application) -> list[dict]:
    headings = {block.key: block.heading for block in design.BLOCKS}
    return [
        {
            "note": note,
            "heading": headings.get(note.block, _("Lampiran")),
            "url": note_page(application, note),
        }
        for note in selectors.notes_being_revised(application).filter(reply="")
    ]


@login_required
@require_POST
def reply_note(request, pk, note_pk):
    """One reply to one examiner note; back to the block's page either way."""
    application = own_application(request, pk)
    note = get_object_or_404(selectors.sent_notes(application), pk=note_pk)
    typed = request.POST.get(services.REPLY_FIELD, "")[: REPLY_MAX_LENGTH * 2]
    error = ""
    try:
        services.reply_to_note(
            note=note,
            user=request.user,
            text=typed,
            seen_replied_at=request.POST.get("seen_replied_at"),
        )
    except ValidationError as invalid:
        error = " ".join(invalid.message_dict.get(services.REPLY_FIELD, invalid.messages))
    except TransitionRefused as refused:
        error = refused.message
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Jawaban Anda atas catatan pemeriksa tersimpan."))
    if error:
        kept = request.session.get(reply_session_key(application), {})
        kept[str(note.pk)] = {"text": typed, "error": error}
        request.session[reply_session_key(application)] = kept
    return redirect(note_page(application, note))


def next_step(application, block_key):
    keys = [b.key for b in design.applicable_blocks(application.design)]
    following = keys[keys.index(block_key) + 1 :] if block_key in keys else []
    if following:
        return reverse("applications:edit_block", args=[application.pk, following[0]])
    return reverse("applications:attachments", args=[application.pk])


@login_required
def attachments(request, pk):
    application = own_application(request, pk)
    form = AttachmentForm()
    status = 200
    if request.method == "POST":
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.add_attachment(
                    application=application,
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            except TransitionRefused as refused:
                messages.error(request, refused.message)
                return redirect("applications:detail", pk=pk)
        if form.is_valid():
            messages.success(request, _("Lampiran tersimpan."))
            return redirect("applications:attachments", pk=pk)
        status = 400
    review_notes = review_note_panel(request, application, design.ATTACHMENTS_KEY)
    return render(
        request,
        "applications/attachments.html",
        {
            "application": application,
            "form": form,
            "attachments": selectors.current_attachments(application),
            "steps": block_statuses(application),
            "unanswered_notes": selectors.unanswered_notes_by_block(application),
            "review_notes": review_notes,
            "editable": bool(permissions.can_edit_design(request.user, application)),
            "questionnaire_required": design.is_survey(application.design),
        },
        status=400 if any(item["error"] for item in review_notes) else status,
    )


# The field the confirmation page posts: a POST without it (a stale form, a
# double tap on an old page) asks again instead of removing the file.
CONFIRM_REMOVAL = "konfirmasi"


@login_required
@require_http_methods(["GET", "POST"])
def remove_attachment(request, pk, attachment_pk):
    """GET asks "Hapus lampiran X?"; only the confirmation page's POST removes it."""
    application = own_application(request, pk)
    attachment = get_object_or_404(selectors.current_attachments(application), pk=attachment_pk)
    editable = permissions.can_edit_design(request.user, application)
    if not editable:
        messages.error(request, editable.reason)
        return redirect("applications:attachments", pk=pk)
    if request.method == "POST" and request.POST.get(CONFIRM_REMOVAL) == "ya":
        try:
            services.remove_attachment(attachment=attachment, user=request.user)
            messages.success(
                request, _("Lampiran %(name)s dihapus.") % {"name": attachment.original_name}
            )
        except TransitionRefused as refused:
            messages.error(request, refused.message)
        return redirect("applications:attachments", pk=pk)
    return render(
        request,
        "applications/remove_attachment.html",
        {"application": application, "attachment": attachment, "confirm_field": CONFIRM_REMOVAL},
    )


@login_required
def download_attachment(request, pk, attachment_pk):
    """Files are served only here, after the same check as the application itself."""
    application = visible_application(request, pk)
    # Looked up among THIS application's files only: the permission check above is
    # about the application in the URL.
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    # Named and typed after what the content check detected, never after the uploaded
    # name: a PDF uploaded as kuesioner.hta comes back as kuesioner.pdf.
    detected = uploads.document_for_extension(attachment.extension)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=uploads.download_name(
            attachment.original_name, detected.extension if detected else "bin"
        ),
        content_type=detected.content_type if detected else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def submit(request, pk):
    application = own_application(request, pk)
    problems = services.submission_problems(application)
    status = 200
    if request.method == "POST":
        try:
            application = services.submit(
                application=application,
                user=request.user,
                seen_version=seen_version(request.POST),
            )
        except services.IncompleteDesign as incomplete:
            problems, status = incomplete.problems, 400
        except TransitionRefused as refused:
            messages.error(request, refused.message)
            return redirect("applications:detail", pk=pk)
        else:
            if application.due_on:
                messages.success(
                    request,
                    _("Pengajuan %(reference)s diterima. Hasil pemeriksaan paling lambat %(due)s.")
                    % {
                        "reference": application.reference,
                        "due": date_format(application.due_on, "j F Y"),
                    },
                )
            elif application.state == ApplicationState.AWAITING_WALIDATA:
                messages.success(
                    request,
                    _(
                        "Pengajuan %(reference)s diterima dan dikirim ke walidata wilayah Anda "
                        "untuk dikonfirmasi. Batas waktu dihitung setelah walidata "
                        "mengonfirmasinya."
                    )
                    % {"reference": application.reference},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Pengajuan %(reference)s diterima. Batas waktu dihitung setelah BPS "
                        "mengonfirmasi instansi Anda."
                    )
                    % {"reference": application.reference},
                )
            return redirect("applications:detail", pk=pk)
    return render(
        request,
        "applications/submit.html",
        {
            "application": application,
            "problems": problems,
            "steps": block_statuses(application),
            "unanswered_notes": selectors.unanswered_notes_by_block(application),
            # Listed with links to their blocks, never blocking the submission.
            "unanswered": unanswered_with_headings(application),
            "email_verified": account_permissions.has_verified_email(request.user),
            "blocks": design.BLOCKS_BY_KEY,
            # Warned about, never blocking: the applicant may still submit.
            "similar": selectors.similar_recommended(application),
        },
        status=status,
    )


def seen_version(data) -> int | None:
    """The lock_version of the page the form came from (absent: None)."""
    try:
        return int(data.get("lock_version", ""))
    except ValueError:
        return None


@login_required
def withdraw(request, pk):
    application = own_application(request, pk)
    form = WithdrawForm()
    status = 200
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.withdraw(
                    application=application,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except TransitionRefused as refused:
                messages.error(request, refused.message)
                return redirect("applications:detail", pk=pk)
            messages.success(request, _("Pengajuan dibatalkan."))
            return redirect("applications:detail", pk=pk)
        status = 400
    return render(
        request,
        "applications/withdraw.html",
        {"application": application, "form": form},
        status=status,
    )
