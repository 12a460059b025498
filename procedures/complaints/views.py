"""The complaint pages: the public tracking page and the officers' screens.
Each action calls one function of `services`, which asks `permissions` first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from procedures.organisations.permissions import officer_offices
from procedures.rules import TransitionRefused
from procedures.throttling import client_ip

from . import permissions, selectors, services
from .forms import AnswerForm, AssignForm, CloseForm, StatusFilterForm, TrackingForm
from .models import Complaint, ComplaintStatus

PAGE_SIZE = 25


# -- public ---------------------------------------------------------------------


def track(request):
    """Ticket and e-mail in, status and answers out. An unknown ticket and a wrong
    address get the same answer, and every lookup counts against the address's
    hourly limit."""
    status = 200
    complaint = None
    if request.method == "POST":
        form = TrackingForm(request.POST)
        if form.is_valid():
            try:
                complaint = services.find_for_complainant(
                    ticket_number=form.cleaned_data["tiket"],
                    email=form.cleaned_data["email"],
                    client_key=client_ip(request),
                )
            except services.TrackingRateLimited:
                status = 429
                form.add_error(
                    None,
                    _(
                        "Terlalu banyak pencarian dari alamat Anda dalam satu jam. "
                        "Silakan coba lagi nanti."
                    ),
                )
            else:
                if complaint is None:
                    status = 404
                    form.add_error(
                        None,
                        _(
                            "Pengaduan tidak ditemukan. Periksa nomor tiket dan alamat e-mail "
                            "yang Anda tulis di formulir pengaduan, lalu coba lagi."
                        ),
                    )
        else:
            status = 400
    else:
        form = TrackingForm(initial={"tiket": request.GET.get("tiket", "")[:40]})
    context = {"form": form, "complaint": complaint, "statuses": ComplaintStatus.choices}
    if complaint is not None:
        context["answers"] = selectors.public_updates(complaint)
    return render(request, "complaints/track.html", context, status=status)


# -- the officers' screens -------------------------------------------------------


def _office_scope(request):
    officer_offices(request.user)  # 403 for everyone but officers
    return permissions.office_complaints(request.user)


def _office_complaint(request, key: str) -> Complaint:
    """By ticket number or id, among the complaints of the officer's office
    (404 for any other)."""
    scope = _office_scope(request).select_related("office", "assigned_to")
    if key.isdigit():
        return get_object_or_404(scope, pk=int(key))
    return get_object_or_404(scope, ticket_number__iexact=key)


@login_required
def office_list(request):
    scope = _office_scope(request)
    filters = StatusFilterForm(request.GET or None)
    complaints, status, current_status = scope, 200, ""
    if filters.is_bound and not filters.is_valid():
        complaints, status = scope.none(), 400
    elif filters.is_bound and filters.cleaned_data["status"]:
        current_status = filters.cleaned_data["status"]
        complaints = complaints.filter(status=current_status)
    complaints = complaints.select_related("assigned_to").order_by("-received_at", "-pk")
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "complaints/office_list.html",
        {
            "filters": filters,
            "page": page,
            "counts": selectors.status_counts(scope),
            "current_status": current_status,
            "query": query.urlencode(),
            "own_office": request.user.officer.office,
        },
        status=status,
    )


def _kept_key(complaint) -> str:
    return f"complaint-input-{complaint.pk}"


@login_required
def office_detail(request, key):
    complaint = _office_complaint(request, key)
    kept = request.session.pop(_kept_key(complaint), {})
    initial = {"version": complaint.lock_version}
    can = permissions.complaint_actions(request.user, complaint)
    return render(
        request,
        "complaints/office_detail.html",
        {
            "complaint": complaint,
            "trail": selectors.trail(complaint),
            "can": {name: bool(answer) for name, answer in can.items()},
            "assign_form": AssignForm(
                initial=initial, officers=selectors.complaint_officers(complaint.office_id)
            ),
            "answer_form": AnswerForm(initial={**initial, "text": kept.get("jawab", "")}),
            "close_form": CloseForm(initial={**initial, "text": kept.get("tutup", "")}),
        },
    )


def _act(request, complaint, form, service, success_message, *, kept_as=None, **arguments):
    """Validate the form, run the service, turn refusals into messages; a refused
    text comes back as typed (kept in the session) so nothing written is lost."""
    if form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            service(
                complaint=complaint,
                user=request.user,
                seen_version=form.cleaned_data["version"],
                **data,
                **arguments,
            )
        except TransitionRefused as refused:
            messages.error(request, refused.message)
        except PermissionDenied as denied:
            messages.error(request, str(denied))
        except ValidationError as invalid:
            for field_messages in invalid.message_dict.values():
                for message in field_messages:
                    messages.error(request, message)
        else:
            messages.success(request, success_message)
            return redirect("complaints:detail", key=complaint.ticket_number)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    if kept_as:
        request.session[_kept_key(complaint)] = {kept_as: request.POST.get(f"{kept_as}-text", "")}
    return redirect(
        f"{reverse('complaints:detail', args=[complaint.ticket_number])}#{kept_as or 'tindakan'}"
    )


@login_required
@require_POST
def assign(request, key):
    complaint = _office_complaint(request, key)
    form = AssignForm(request.POST, officers=selectors.complaint_officers(complaint.office_id))
    return _act(request, complaint, form, services.assign, _("Pengaduan ditugaskan."), kept_as=None)


@login_required
@require_POST
def answer(request, key):
    complaint = _office_complaint(request, key)
    return _act(
        request,
        complaint,
        AnswerForm(request.POST),
        services.answer,
        _("Jawaban dicatat dan dikirim ke e-mail pengadu."),
        kept_as="jawab",
    )


@login_required
@require_POST
def close(request, key):
    complaint = _office_complaint(request, key)
    return _act(
        request,
        complaint,
        CloseForm(request.POST),
        services.close,
        _("Pengaduan ditutup; pengadu diberi tahu."),
        kept_as="tutup",
    )
