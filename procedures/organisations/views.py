"""The pages where an account joins, proposes or leaves an agency, and where
members and officers decide who belongs to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from procedures.accounts import permissions as account_permissions
from procedures.accounts.models import User
from procedures.pages import next_page
from procedures.rules import TransitionRefused

from . import permissions, selectors, services
from .forms import JoinAgencyForm, ProposeAgencyForm
from .models import MembershipRequest


@login_required
def choose_agency(request):
    """The account's agency: ask to join one (a member or BPS approves), propose
    a new one, follow a request, manage the members, or leave."""
    user = request.user
    join_form = JoinAgencyForm(prefix="pilih")
    propose_form = ProposeAgencyForm(prefix="usul")
    status = 200
    verified = account_permissions.has_verified_email(user)
    if request.method == "POST":
        if not verified:
            raise PermissionDenied(permissions.can_choose_agency(user).reason)
        if "batalkan" in request.POST:
            services.cancel_membership_request(user=user)
            messages.success(request, _("Permintaan bergabung dibatalkan."))
            return redirect("organisations:agency")
        if "keluar" in request.POST:
            services.leave_agency(user=user)
            messages.success(
                request, _("Anda keluar dari instansi; pengajuannya tetap milik instansi.")
            )
            return redirect("organisations:agency")
        if "usulkan" in request.POST:
            propose_form = ProposeAgencyForm(request.POST, prefix="usul")
            if propose_form.is_valid():
                try:
                    services.propose_agency(
                        user=user,
                        fields=propose_form.agency_fields(),
                        position=propose_form.cleaned_data["position"],
                    )
                except ValidationError as error:
                    propose_form.add_error(None, error)
                else:
                    messages.success(
                        request,
                        _("Instansi diusulkan. Petugas BPS akan mengonfirmasi instansi dan Anda."),
                    )
                    return redirect("applications:my_applications")
        else:
            join_form = JoinAgencyForm(request.POST, prefix="pilih")
            if join_form.is_valid():
                try:
                    services.request_membership(
                        user=user,
                        agency=join_form.cleaned_data["agency"],
                        position=join_form.cleaned_data["position"],
                        phone=join_form.cleaned_data["phone"],
                    )
                except TransitionRefused as refused:
                    join_form.add_error("agency", refused.message)
                else:
                    messages.success(
                        request,
                        _(
                            "Permintaan terkirim. Anggota instansi atau petugas BPS akan "
                            "memutuskannya; Anda diberi tahu lewat e-mail."
                        ),
                    )
                    return redirect("organisations:agency")
        status = 400
    agency = services.agency_of(user)
    # The resend button needs allauth's record of the address.
    resendable = not verified and user.emailaddress_set.filter(email__iexact=user.email).exists()
    return render(
        request,
        "organisations/choose_agency.html",
        {
            "verified": verified,
            "unverified_email": user.email if resendable else "",
            "join_form": join_form,
            "propose_form": propose_form,
            "agency": agency,
            "members": selectors.members_of(agency) if agency else [],
            "pending_request": services.pending_request_of(user),
            "requests_to_decide": selectors.pending_membership_requests(agencies=[agency])
            if agency
            else [],
        },
        status=status,
    )


@login_required
@require_POST
def decide_membership(request, request_pk):
    """Approve or refuse a request to join; members and the agency's officers."""
    membership = get_object_or_404(
        MembershipRequest.objects.select_related("agency"), pk=request_pk
    )
    if not permissions.manages_members_of(request.user, membership.agency):
        raise Http404
    approve = request.POST.get("keputusan") == "setujui"
    try:
        services.decide_membership(
            request=membership,
            user=request.user,
            approve=approve,
            note=request.POST.get("catatan", ""),
        )
    except (TransitionRefused, PermissionDenied) as refused:
        messages.error(request, getattr(refused, "message", str(refused)))
    else:
        messages.success(
            request,
            (
                _("%(name)s sekarang anggota %(agency)s.")
                if approve
                else _("Permintaan %(name)s untuk bergabung dengan %(agency)s ditolak.")
            )
            % {"name": membership.user, "agency": membership.agency},
        )
    return redirect(next_page(request, "organisations:agency"))


@login_required
@require_POST
def remove_member(request, agency_pk, user_pk):
    member = get_object_or_404(User, pk=user_pk, applicant__agency_id=agency_pk)
    agency = member.applicant.agency
    if not permissions.manages_members_of(request.user, agency):
        raise Http404
    try:
        services.remove_member(
            member=member, agency=agency, user=request.user, note=request.POST.get("catatan", "")
        )
    except (TransitionRefused, PermissionDenied) as refused:
        messages.error(request, getattr(refused, "message", str(refused)))
    else:
        messages.success(
            request,
            _("%(name)s tidak lagi anggota %(agency)s.") % {"name": member, "agency": agency},
        )
    return redirect(next_page(request, "organisations:agency"))


@login_required
def agency_members(request):
    """Requests to join the office's agencies, and their members: the officers
    who look after the agencies decide and remove here."""
    permissions.officer_offices(request.user)
    own_office = request.user.officer.office
    stewards = permissions.is_officer_of(request.user, own_office.pk, *permissions.AGENCY_STEWARDS)
    agencies = selectors.agencies_of_office([own_office.pk]) if stewards else []
    return render(
        request,
        "organisations/agency_members.html",
        {
            "office": own_office,
            "stewards": stewards,
            "requests": selectors.membership_requests_for_officer(request.user),
            "agencies": [(agency, selectors.members_of(agency)) for agency in agencies],
        },
    )
