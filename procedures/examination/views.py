"""The officers' pages: the queue, the examination page and its actions,
walk-ins, and the walidata's queue."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from procedures.applications import selectors as application_selectors
from procedures.applications.models import Application, ApplicationState, NoteResolution
from procedures.frkss.design import ATTACHMENTS_KEY, BLOCKS
from procedures.letters import numbering as letter_numbering
from procedures.organisations import permissions as organisation_permissions
from procedures.organisations import selectors as organisation_selectors
from procedures.organisations.roles import Role, has_role
from procedures.organisations.services import DuplicateAgency
from procedures.rules import TransitionRefused

from . import permissions, selectors, services
from .filters import QueueFilter
from .forms import (
    AssignForm,
    ConsultationAnswerForm,
    ConsultationForm,
    CounterAgencyForm,
    OfflineForm,
    ProposalForm,
)
from .models import Consultation

PAGE_SIZE = 25


def office_application(request, pk) -> Application:
    offices = organisation_permissions.officer_offices(request.user)
    return get_object_or_404(selectors.office_queue(offices), pk=pk)


@login_required
def queue(request):
    if has_role(request.user, Role.WALIDATA) and getattr(request.user, "officer", None) is None:
        return walidata_queue(request)
    offices = organisation_permissions.officer_offices(request.user)
    scope = selectors.office_queue(offices)
    filters = QueueFilter(request.GET or None, queryset=scope, offices=offices)
    status = 200
    if filters.is_bound and not filters.is_valid():
        status = 400
        applications = scope.none()
    else:
        applications = filters.qs
    applications = (
        applications.select_related("agency", "office", "examiner")
        .prefetch_related("office__closures")
        .order_by(F("due_on").asc(nulls_last=True), "recorded_on", "pk")
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    for application in page:
        application.remaining = application_selectors.remaining_working_days(application)
    counts = dict(scope.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "examination/queue.html",
        {
            "filters": filters,
            "page": page,
            "counts": [
                (code, label, counts.get(code, 0))
                for code, label in ApplicationState.choices
                if code in counts
                or code
                not in (
                    ApplicationState.DRAFT,
                    ApplicationState.AWAITING_WALIDATA,
                    ApplicationState.WALIDATA_RETURNED,
                )
            ],
            "query": query.urlencode(),
            "own_office": request.user.officer.office,
            "offices_below": len(filters.offices) - 1,
            "is_examiner": has_role(request.user, Role.EXAMINER),
            "pending_memberships": organisation_selectors.membership_requests_for_officer(
                request.user
            ).count(),
        },
        status=status,
    )


@login_required
def detail(request, pk):
    application = office_application(request, pk)
    version = application_selectors.latest_version(application)
    previous = application_selectors.previous_version(version)
    user = request.user
    can = permissions.office_actions(user, application)
    notes = services.draft_notes(application)
    kept = request.session.pop(f"office-input-{pk}", {})
    remaining = application_selectors.remaining_working_days(application)
    blocks = application_selectors.keyed_design_rows(version.design) if version else []
    earlier_notes = application_selectors.earlier_notes_by_block(version)
    shown_keys = {key for key, _heading, _rows in blocks} | {ATTACHMENTS_KEY}
    headings = {block.key: block.heading for block in BLOCKS}
    context = {
        "application": application,
        "version": version,
        "previous": previous,
        "blocks": blocks,
        "diff": application_selectors.version_diff(previous and previous.design, version.design)
        if version
        else {},
        "attachment_changes": application_selectors.attachment_diff(previous, version)
        if version
        else [],
        "version_attachments": version.attachments.all() if version else [],
        "remaining": remaining,
        "overdue": -remaining if remaining is not None and remaining < 0 else 0,
        "timeline": application_selectors.timeline(application),
        "draft_notes": notes,
        # Notes of earlier versions, beside the block they concern, with the
        # applicant's replies; the holder marks each resolved or not.
        "earlier_notes": earlier_notes,
        # Notes on a block that no longer applies (a survey became a census):
        # shown apart, so no note drops out of the examiner's sight.
        "notes_on_dropped_blocks": [
            (headings.get(key, key), items)
            for key, items in earlier_notes.items()
            if key not in shown_keys
        ],
        "can_resolve": bool(can["examine"]),
        "note_blocks": [(block.key, block.heading) for block in BLOCKS]
        + [(ATTACHMENTS_KEY, _("Lampiran"))],
        "can": can,
        "is_holder": bool(can["examine"]),
        "can_take": bool(can["take"]),
        "can_assign": bool(can["assign"]),
        "can_consult": bool(can["consult"]),
        "can_sign": bool(can["sign"]),
        "self_sign_blocked": can["sign"].forbidden
        and organisation_permissions.is_officer_of(user, application.office_id, Role.SIGNATORY)
        and application.state == ApplicationState.AWAITING_SIGNATURE,
        "can_confirm_agency": bool(can["confirm_agency"]),
        "can_print_receipt": bool(can["receipt"]),
        "assign_form": AssignForm(office=application.office),
        "proposal_form": ProposalForm(kept.get("proposal")),
        "consultation_form": ConsultationForm(kept.get("consultation")),
        "consultations": [
            (consultation, ConsultationAnswerForm(prefix=f"jawab-{consultation.pk}"))
            for consultation in application.consultations.all()
        ],
        "letter": getattr(application, "letter", None),
        "sign_input": kept.get("sign", {}),
        "duplicates": selectors.possible_duplicates(
            user, application, design=version.design if version else None
        ),
        "duplicate_note_block": services.DUPLICATE_NOTE_BLOCK,
        # The citation buttons post the notes form, which only the holder has.
        "can_cite": bool(can["examine"]) and version is not None,
        # A provincial or central officer reading an office below acts on nothing here.
        "read_only": user.officer.office_id != application.office_id,
    }
    return render(request, "examination/detail.html", context, status=400 if kept else 200)


def back_to_detail(request, application):
    return redirect("examination:detail", pk=application.pk)


def keep_input(request, application, form_name, data):
    """A refused form comes back filled in, with its errors: nothing typed is lost."""
    kept = request.session.get(f"office-input-{application.pk}", {})
    kept[form_name] = {key: value for key, value in data.items() if key != "csrfmiddlewaretoken"}
    request.session[f"office-input-{application.pk}"] = kept


def application_url(application):
    return reverse("examination:detail", args=[application.pk])


def report_errors(request, errors: dict[str, list[str]]) -> None:
    for field_messages in errors.values():
        for message in field_messages:
            messages.error(request, message)


def act(request, application, action, success_message) -> bool:
    """Run an examination service and turn its refusals into messages."""
    try:
        action()
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    except PermissionDenied as denied:
        messages.error(request, str(denied))
    except ValidationError as invalid:
        report_errors(request, invalid.message_dict)
    else:
        messages.success(request, success_message)
        return True
    return False


def office_action(success_message):
    """A button of the examination page: a POST on one application of the
    officer's offices (404 for any other), whose service call the view makes;
    refusals become messages and the officer is back on the page."""

    def decorate(call):
        @login_required
        @require_POST
        @functools.wraps(call)
        def view(request, pk):
            application = office_application(request, pk)
            act(request, application, lambda: call(request, application), success_message)
            return back_to_detail(request, application)

        return view

    return decorate


def act_on_form(request, application, form, service, success_message, *, kept_as, anchor):
    """Validate the form and run the service with its data; a refusal brings the
    form back as typed, with its errors."""
    done = form.is_valid() and act(
        request,
        application,
        lambda: service(application=application, user=request.user, **form.cleaned_data),
        success_message,
    )
    if not done:
        keep_input(request, application, kept_as, request.POST)
    return redirect(f"{application_url(application)}#{anchor}")


@office_action(gettext_lazy("Anda sekarang memeriksa pengajuan ini."))
def take(request, application):
    services.take(application=application, user=request.user)


@login_required
@require_POST
def assign(request, pk):
    application = office_application(request, pk)
    form = AssignForm(request.POST, office=application.office)
    if form.is_valid():
        act(
            request,
            application,
            lambda: services.assign(
                application=application,
                user=request.user,
                examiner=form.cleaned_data["examiner"],
            ),
            _("Pengajuan dialihkan ke %(name)s.") % {"name": form.cleaned_data["examiner"]},
        )
    else:
        messages.error(request, _("Pilih pemeriksa dari daftar."))
    return back_to_detail(request, application)


def _act_keeping_notes(request, application, written, action, success) -> None:
    """`act`, and when the action is refused keep what was typed as drafts:
    nothing an examiner wrote is lost."""
    if not act(request, application, action, success):
        act(
            request,
            application,
            lambda: services.save_notes(application=application, user=request.user, notes=written),
            _("Catatan disimpan sebagai draf."),
        )


@login_required
@require_POST
def notes(request, pk):
    """One form, two buttons: keep the notes as drafts, or send them as a revision
    request; and the "Kutip di catatan" buttons of the possible duplicates, which
    keep the notes with the citation added."""
    application = office_application(request, pk)
    written = {
        key: request.POST.get(f"note-{key}", "")
        for key in [block.key for block in BLOCKS] + [ATTACHMENTS_KEY]
    }
    if "cite" in request.POST:
        cited = request.POST.get("cite", "")
        _act_keeping_notes(
            request,
            application,
            written,
            lambda: services.cite_possible_duplicate(
                application=application, user=request.user, notes=written, cited=cited
            ),
            _("Kutipan kemungkinan duplikasi ditambahkan ke catatan (draf)."),
        )
        return redirect(f"{application_url(application)}#note-{services.DUPLICATE_NOTE_BLOCK}")
    if "request_revision" in request.POST:
        _act_keeping_notes(
            request,
            application,
            written,
            lambda: services.request_revision(
                application=application, user=request.user, notes=written
            ),
            _("Permintaan perbaikan dikirim ke pemohon; batas waktu berhenti."),
        )
    else:
        act(
            request,
            application,
            lambda: services.save_notes(application=application, user=request.user, notes=written),
            _("Catatan disimpan sebagai draf; pemohon belum melihatnya."),
        )
    return redirect(f"{application_url(application)}#catatan")


NOTE_KEYS = [block.key for block in BLOCKS] + [ATTACHMENTS_KEY]


@login_required
@require_POST
def resolve_note(request, pk, note_pk):
    """A "Diterima" / "Belum selesai" button beside an earlier note. The buttons
    post the whole notes form, so the drafts typed meanwhile are kept too."""
    application = office_application(request, pk)
    note = get_object_or_404(application_selectors.sent_notes(application), pk=note_pk)
    resolution = request.POST.get("resolution", "")
    seen = request.POST.get(f"seen_resolution-{note.pk}", request.POST.get("seen_resolution"))
    done = act(
        request,
        application,
        lambda: services.resolve_note(
            note=note, user=request.user, resolution=resolution, seen_resolution=seen
        ),
        _("Catatan ditandai “%(mark)s”; pemohon melihatnya.")
        % {"mark": dict(NoteResolution.choices).get(resolution, "")},
    )
    written = {
        key: request.POST[f"note-{key}"] for key in NOTE_KEYS if f"note-{key}" in request.POST
    }
    if done and len(written) == len(NOTE_KEYS):
        # The holder may write notes whenever they may mark one: this cannot be refused.
        services.save_notes(application=application, user=request.user, notes=written)
    return redirect(f"{application_url(application)}#tinjauan-{note.pk}")


@login_required
@require_POST
def consult(request, pk):
    return act_on_form(
        request,
        office_application(request, pk),
        ConsultationForm(request.POST),
        services.record_consultation,
        _("Konsultasi dicatat (hanya terlihat oleh petugas BPS)."),
        kept_as="consultation",
        anchor="konsultasi",
    )


@login_required
@require_POST
def answer(request, pk, consultation_pk):
    application = office_application(request, pk)
    consultation = get_object_or_404(Consultation, pk=consultation_pk, application=application)
    form = ConsultationAnswerForm(request.POST, prefix=f"jawab-{consultation.pk}")
    if form.is_valid():
        act(
            request,
            application,
            lambda: services.answer_consultation(
                consultation=consultation, user=request.user, **form.cleaned_data
            ),
            _("Jawaban konsultasi dicatat."),
        )
    else:
        report_errors(request, form.errors)
    return redirect(f"{application_url(application)}#konsultasi")


@login_required
@require_POST
def propose(request, pk):
    return act_on_form(
        request,
        office_application(request, pk),
        ProposalForm(request.POST),
        services.propose,
        _("Usulan keputusan dikirim ke penanda tangan."),
        kept_as="proposal",
        anchor="usulan",
    )


@login_required
@require_POST
def sign(request, pk):
    """Sign; an office that numbers from its agenda sends the typed number, which
    comes back as typed, with its error beside it, when the signing is refused."""
    application = office_application(request, pk)
    typed = request.POST.get("letter_number", "")[:200]
    field_errors: list[str] = []

    def signing():
        try:
            services.sign(application=application, user=request.user, letter_number=typed)
        except ValidationError as invalid:
            field_errors.extend(invalid.message_dict.get(letter_numbering.LETTER_NUMBER_FIELD, []))
            raise

    done = act(
        request,
        application,
        signing,
        _("Keputusan ditandatangani; surat terbit dan pemohon diberi tahu."),
    )
    if not done and (typed or field_errors):
        keep_input(request, application, "sign", {"letter_number": typed, "errors": field_errors})
    return back_to_detail(request, application)


@office_action(gettext_lazy("Usulan dikembalikan ke pemeriksa."))
def return_to_examiner(request, application):
    services.return_to_examiner(
        application=application, user=request.user, note=request.POST.get("note", "")
    )


@office_action(gettext_lazy("Instansi dikonfirmasi; batas waktu pengajuannya mulai berjalan."))
def confirm_agency(request, application):
    services.confirm_agency(agency=application.agency, officer=request.user)


def walk_in_forms(request, office) -> tuple[OfflineForm, CounterAgencyForm]:
    """The walk-in form and its new-agency part. The new-agency part is checked
    only when a new agency is wanted; otherwise it just keeps what was typed in
    it. A GET may preselect an agency (the "use this one" link of a duplicate)."""
    if request.method != "POST":
        chosen = {key: request.GET[key] for key in ("instansi", "agency") if key in request.GET}
        return OfflineForm(initial=chosen, office=office), CounterAgencyForm()
    data = request.POST
    form = OfflineForm(data, office=office)
    if form.wants_new_agency:
        return form, CounterAgencyForm(data)
    typed = {
        name: data.get(f"{CounterAgencyForm.prefix}-{name}", "")
        for name in CounterAgencyForm.Meta.fields
    }
    return form, CounterAgencyForm(initial=typed)


def refuse_walk_in(refused: ValidationError, form, agency_form, *, new_agency: bool) -> None:
    """Each message of a refused walk-in beside the field it names."""
    for field, field_messages in refused.message_dict.items():
        target = agency_form if new_agency and field in agency_form.fields else form
        target.add_error(field if field in target.fields else None, field_messages)


@login_required
def register_offline(request):
    organisation_permissions.officer_offices(request.user)  # officers only
    own_office = request.user.officer.office
    form, agency_form = walk_in_forms(request, own_office)
    duplicate = None
    status = 200
    if request.method == "POST":
        new_agency = form.wants_new_agency
        valid = form.is_valid()
        valid = (agency_form.is_valid() if new_agency else True) and valid
        if valid:
            try:
                if new_agency:
                    application = services.register_offline_with_new_agency(
                        user=request.user, agency_fields=agency_form.agency_fields()
                    )
                else:
                    application = services.register_offline(
                        agency=form.cleaned_data["agency"],
                        user=request.user,
                        email=form.cleaned_data["email"],
                    )
            except PermissionDenied as refused:
                messages.error(request, str(refused))
            except DuplicateAgency as twin:
                agency_form.add_error("name", twin.message_dict["name"])
                duplicate = twin.existing
            except ValidationError as refused:
                refuse_walk_in(refused, form, agency_form, new_agency=new_agency)
            else:
                messages.success(
                    request,
                    _(
                        "Pengajuan luring dibuat dengan nomor %(reference)s. Cetak tanda terima "
                        "untuk pemohon, lalu salin isian formulir kertas ke setiap blok, unggah "
                        "pindaian formulir di Lampiran, dan ajukan."
                    )
                    % {"reference": application.reference},
                )
                return redirect("examination:receipt", pk=application.pk)
        status = 400
    return render(
        request,
        "examination/offline.html",
        {
            "form": form,
            "agency_form": agency_form,
            "duplicate": duplicate,
            "duplicate_usable": duplicate is not None
            and duplicate.is_confirmed
            and duplicate.office_id == own_office.pk,
        },
        status=status,
    )


@login_required
def receipt(request, pk):
    """The visitor's receipt of a walk-in, to print: the officers of its office
    only; anyone else, of another office included, finds nothing here."""
    application = get_object_or_404(
        Application.objects.select_related("agency", "office", "created_by__officer"), pk=pk
    )
    if not permissions.can_print_receipt(request.user, application):
        raise Http404
    return render(
        request,
        "examination/receipt.html",
        {
            "receipt": selectors.walk_in_receipt(application),
            "application": application,
            "office": application.office,
            "verification_url": request.build_absolute_uri("/verifikasi/"),
        },
    )


def walidata_queue(request, *, refused=None, status=200):
    """The walidata's page: what waits for their check, each with its two
    buttons. `refused` = (application pk, error, notes as typed) brings a
    refused return back with its error beside the notes field."""
    applications = list(selectors.walidata_queue(request.user))
    if refused is not None:
        pk, error, typed = refused
        for application in applications:
            if application.pk == pk:
                application.return_error, application.return_notes = error, typed
    return render(
        request, "examination/walidata.html", {"applications": applications}, status=status
    )


def walidata_application(request, pk) -> Application:
    return get_object_or_404(selectors.walidata_applications(request.user), pk=pk)


@login_required
@require_POST
def walidata_confirm(request, pk):
    application = walidata_application(request, pk)
    try:
        services.walidata_confirm(
            application=application, user=request.user, note=request.POST.get("note", "")
        )
    except (TransitionRefused, PermissionDenied) as refused:
        messages.error(request, getattr(refused, "message", str(refused)))
    else:
        messages.success(
            request,
            _("Pengajuan %(reference)s dikonfirmasi dan masuk antrean BPS.")
            % {"reference": application.reference},
        )
    return redirect("examination:queue")


@login_required
@require_POST
def walidata_return(request, pk):
    application = walidata_application(request, pk)
    typed = request.POST.get("notes", "")[:5000]
    try:
        services.walidata_return(application=application, user=request.user, notes=typed)
    except ValidationError as invalid:
        error = " ".join(invalid.message_dict.get(services.WALIDATA_NOTES_FIELD, invalid.messages))
        return walidata_queue(request, refused=(application.pk, error, typed), status=400)
    except (TransitionRefused, PermissionDenied) as refused:
        messages.error(request, getattr(refused, "message", str(refused)))
    else:
        messages.success(
            request,
            _(
                "Pengajuan %(reference)s dikembalikan ke instansi dengan catatan Anda; instansi "
                "diberi tahu lewat e-mail."
            )
            % {"reference": application.reference},
        )
    return redirect("examination:queue")
