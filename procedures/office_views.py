"""The BPS office's screens: the queue, examination, sign-off, walk-ins and the
walidata check. Thin: parse input, call an `examination` service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import examination, permissions, selectors, services
from .design import ATTACHMENTS_KEY, BLOCKS
from .filters import QueueFilter
from .forms import AssignForm, ConsultationAnswerForm, ConsultationForm, OfflineForm, ProposalForm
from .models import Application, ApplicationState, Consultation, Office
from .roles import Role, has_role, roles_of
from .workflow import TransitionRefused

PAGE_SIZE = 25


def office_scope(request):
    """The offices whose queue the user reads; 403 for everyone but officers."""
    office_ids = permissions.readable_office_ids(request.user)
    if not office_ids or not roles_of(request.user) - {Role.WALIDATA}:
        raise PermissionDenied(_("Halaman ini untuk petugas BPS."))
    return Office.objects.filter(pk__in=office_ids)


def office_application(request, pk) -> Application:
    offices = office_scope(request)
    return get_object_or_404(selectors.office_queue(offices), pk=pk)


@login_required
def queue(request):
    if has_role(request.user, Role.WALIDATA) and getattr(request.user, "officer", None) is None:
        return walidata_queue(request)
    offices = office_scope(request)
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
        application.remaining = selectors.remaining_working_days(application)
    counts = dict(scope.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "office/queue.html",
        {
            "filters": filters,
            "page": page,
            "counts": [
                (code, label, counts.get(code, 0))
                for code, label in ApplicationState.choices
                if code in counts
                or code not in (ApplicationState.DRAFT, ApplicationState.AWAITING_WALIDATA)
            ],
            "query": query.urlencode(),
            "own_office": request.user.officer.office,
            "offices_below": len(filters.offices) - 1,
            "is_examiner": has_role(request.user, Role.EXAMINER),
            "pending_memberships": selectors.membership_requests_for_officer(request.user).count(),
        },
        status=status,
    )


@login_required
def detail(request, pk):
    application = office_application(request, pk)
    version = selectors.latest_version(application)
    previous = selectors.previous_version(version)
    user = request.user
    can = permissions.office_actions(user, application)
    notes = examination.draft_notes(application)
    kept = request.session.pop(f"office-input-{pk}", {})
    remaining = selectors.remaining_working_days(application)
    context = {
        "application": application,
        "version": version,
        "previous": previous,
        "blocks": selectors.keyed_design_rows(version.design) if version else [],
        "diff": selectors.version_diff(previous and previous.design, version.design)
        if version
        else {},
        "attachment_changes": selectors.attachment_diff(previous, version) if version else [],
        "version_attachments": version.attachments.all() if version else [],
        "remaining": remaining,
        "overdue": -remaining if remaining is not None and remaining < 0 else 0,
        "timeline": selectors.timeline(application),
        "draft_notes": notes,
        "note_blocks": [(block.key, block.heading) for block in BLOCKS]
        + [(ATTACHMENTS_KEY, _("Lampiran"))],
        "can": can,
        "is_holder": bool(can["examine"]),
        "can_take": bool(can["take"]),
        "can_assign": bool(can["assign"]),
        "can_consult": bool(can["consult"]),
        "can_sign": bool(can["sign"]),
        "self_sign_blocked": can["sign"].forbidden
        and permissions.is_officer_of(user, application.office_id, Role.SIGNATORY)
        and application.state == ApplicationState.AWAITING_SIGNATURE,
        "can_confirm_agency": bool(can["confirm_agency"]),
        "assign_form": AssignForm(office=application.office),
        "proposal_form": ProposalForm(kept.get("proposal")),
        "consultation_form": ConsultationForm(kept.get("consultation")),
        "consultations": [
            (consultation, ConsultationAnswerForm(prefix=f"jawab-{consultation.pk}"))
            for consultation in application.consultations.all()
        ],
        "letter": getattr(application, "letter", None),
        "sign_input": kept.get("sign", {}),
        # A provincial or central officer reading an office below acts on nothing here.
        "read_only": user.officer.office_id != application.office_id,
    }
    return render(request, "office/detail.html", context, status=400 if kept else 200)


def back_to_detail(request, application):
    return redirect("office:detail", pk=application.pk)


def keep_input(request, application, form_name, data):
    """A refused form comes back filled in, with its errors: nothing typed is lost."""
    kept = request.session.get(f"office-input-{application.pk}", {})
    kept[form_name] = {key: value for key, value in data.items() if key != "csrfmiddlewaretoken"}
    request.session[f"office-input-{application.pk}"] = kept


def application_url(application):
    return reverse("office:detail", args=[application.pk])


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


@login_required
@require_POST
def take(request, pk):
    application = office_application(request, pk)
    act(
        request,
        application,
        lambda: examination.take(application=application, user=request.user),
        _("Anda sekarang memeriksa pengajuan ini."),
    )
    return back_to_detail(request, application)


@login_required
@require_POST
def assign(request, pk):
    application = office_application(request, pk)
    form = AssignForm(request.POST, office=application.office)
    if form.is_valid():
        act(
            request,
            application,
            lambda: examination.assign(
                application=application,
                user=request.user,
                examiner=form.cleaned_data["examiner"],
            ),
            _("Pengajuan dialihkan ke %(name)s.") % {"name": form.cleaned_data["examiner"]},
        )
    else:
        messages.error(request, _("Pilih pemeriksa dari daftar."))
    return back_to_detail(request, application)


@login_required
@require_POST
def notes(request, pk):
    """One form, two buttons: keep the notes as drafts, or send them as a revision request."""
    application = office_application(request, pk)
    written = {
        key: request.POST.get(f"note-{key}", "")
        for key in [block.key for block in BLOCKS] + [ATTACHMENTS_KEY]
    }
    if "request_revision" in request.POST:
        done = act(
            request,
            application,
            lambda: examination.request_revision(
                application=application, user=request.user, notes=written
            ),
            _("Permintaan perbaikan dikirim ke pemohon; batas waktu berhenti."),
        )
        if not done:
            # Nothing typed is lost: keep it as drafts when the request was refused.
            act(
                request,
                application,
                lambda: examination.save_notes(
                    application=application, user=request.user, notes=written
                ),
                _("Catatan disimpan sebagai draf."),
            )
    else:
        act(
            request,
            application,
            lambda: examination.save_notes(
                application=application, user=request.user, notes=written
            ),
            _("Catatan disimpan sebagai draf; pemohon belum melihatnya."),
        )
    return redirect(f"{application_url(application)}#catatan")


@login_required
@require_POST
def consult(request, pk):
    return act_on_form(
        request,
        office_application(request, pk),
        ConsultationForm(request.POST),
        examination.record_consultation,
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
            lambda: examination.answer_consultation(
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
        examination.propose,
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
            examination.sign(application=application, user=request.user, letter_number=typed)
        except ValidationError as invalid:
            field_errors.extend(invalid.message_dict.get(examination.LETTER_NUMBER_FIELD, []))
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


@login_required
@require_POST
def return_to_examiner(request, pk):
    application = office_application(request, pk)
    act(
        request,
        application,
        lambda: examination.return_to_examiner(
            application=application, user=request.user, note=request.POST.get("note", "")
        ),
        _("Usulan dikembalikan ke pemeriksa."),
    )
    return back_to_detail(request, application)


@login_required
@require_POST
def confirm_agency(request, pk):
    application = office_application(request, pk)
    act(
        request,
        application,
        lambda: services.confirm_agency(agency=application.agency, officer=request.user),
        _("Instansi dikonfirmasi; batas waktu pengajuannya mulai berjalan."),
    )
    return back_to_detail(request, application)


@login_required
def agency_members(request):
    """Requests to join the office's agencies, and their members: the officers
    who look after the agencies decide and remove here."""
    office_scope(request)
    own_office = request.user.officer.office
    stewards = permissions.is_officer_of(request.user, own_office.pk, *permissions.AGENCY_STEWARDS)
    agencies = selectors.agencies_of_office([own_office.pk]) if stewards else []
    return render(
        request,
        "office/agency_members.html",
        {
            "office": own_office,
            "stewards": stewards,
            "requests": selectors.membership_requests_for_officer(request.user),
            "agencies": [(agency, selectors.members_of(agency)) for agency in agencies],
        },
    )


@login_required
def register_offline(request):
    office_scope(request)  # officers only
    own_office = request.user.officer.office
    form = OfflineForm(request.POST or None, office=own_office)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                application = examination.register_offline(
                    agency=form.cleaned_data["agency"],
                    user=request.user,
                    email=form.cleaned_data["email"],
                )
            except PermissionDenied as refused:
                messages.error(request, str(refused))
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(
                    request,
                    _(
                        "Pengajuan luring dibuat. Salin isian formulir kertas ke setiap blok, "
                        "unggah pindaian formulir di Lampiran, lalu ajukan."
                    ),
                )
                return redirect("procedures:edit_block", pk=application.pk, block=BLOCKS[0].key)
        status = 400
    return render(request, "office/offline.html", {"form": form}, status=status)


def walidata_queue(request):
    applications = selectors.walidata_queue(request.user)
    return render(request, "office/walidata.html", {"applications": applications})


@login_required
@require_POST
def walidata_confirm(request, pk):
    application = get_object_or_404(selectors.walidata_queue(request.user), pk=pk)
    try:
        examination.walidata_confirm(
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
    return redirect("office:queue")
