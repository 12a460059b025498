"""The survey's pages: the public questionnaire behind the signed link and its
thank-you page; the officers' paper entry and their IKM report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from procedures import rules
from procedures.applications.models import Application
from procedures.organisations import permissions as organisation_permissions
from procedures.rules import TransitionRefused

from . import links, permissions, selectors, services
from .forms import PaperSurveyForm, ReportForm, SurveyForm
from .models import SurveyChannel

# Why a link cannot be answered, and the page's HTTP status.
UNAVAILABLE_STATUS = {
    "forged": 404,
    links.LinkStatus.UNDECIDED: 409,
    links.LinkStatus.EXPIRED: 410,
    links.LinkStatus.ANSWERED: 200,
}


def unavailable(request, problem, *, application=None, status=None):
    return render(
        request,
        "surveys/unavailable.html",
        {"problem": str(problem), "application": application},
        status=status or UNAVAILABLE_STATUS[problem],
    )


def answer(request, token):
    """The questionnaire, for whoever holds the link; no account needed."""
    application = links.application_for_token(token)
    if application is None:
        return unavailable(request, "forged")
    status = links.link_status(application)
    if status != links.LinkStatus.OPEN:
        # A second tab posting after the first one answered gets 409, not 200.
        conflict = 409 if request.method == "POST" else None
        return unavailable(request, status, application=application, status=conflict)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_response(
                application=application, answers=form.cleaned_data, channel=SurveyChannel.ONLINE
            )
        except TransitionRefused:
            return unavailable(
                request, links.link_status(application), application=application, status=409
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("surveys:thanks", token=token)
    return render(
        request,
        "surveys/answer.html",
        {
            "form": form,
            "application": application,
            "expires_at": links.link_expires_at(application),
        },
        status=400 if form.errors else 200,
    )


def thanks(request, token):
    application = links.application_for_token(token)
    if application is None:
        return unavailable(request, "forged")
    if not links.has_response(application):
        return redirect("surveys:answer", token=token)
    return render(request, "surveys/thanks.html", {"application": application})


@login_required
def paper_entry(request, pk):
    """An officer copies a walk-in applicant's paper questionnaire."""
    offices = organisation_permissions.officer_offices(request.user)
    application = get_object_or_404(
        Application.objects.filter(office__in=offices).select_related("office", "agency"), pk=pk
    )
    allowed = permissions.can_enter_paper_response(request.user, application)
    if allowed.forbidden:
        raise PermissionDenied(allowed.reason)
    if not allowed:
        messages.info(request, allowed.reason)
        return redirect("examination:detail", pk=application.pk)
    form = PaperSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_response(
                application=application,
                answers=form.cleaned_data,
                channel=SurveyChannel.PAPER,
                entered_by=request.user,
                answered_on=form.cleaned_data["answered_on"],
            )
        except TransitionRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("examination:detail", pk=application.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Survei kepuasan dari kuesioner kertas sudah dicatat."))
            return redirect("examination:detail", pk=application.pk)
    return render(
        request,
        "surveys/paper.html",
        {"form": form, "application": application},
        status=400 if form.errors else 200,
    )


@login_required
def report(request):
    """The IKM of an office the officer reads, per semester and year, with the
    element means and the suggestions (never shown outside the officers' pages)."""
    offices = list(organisation_permissions.officer_offices(request.user).order_by("code"))
    own = request.user.officer.office
    years = selectors.report_years(offices)
    form = ReportForm(
        request.GET or None,
        offices=offices,
        years=years,
        initial={"kantor": own.code, "tahun": years[0]},
    )
    office_report = None
    if not form.is_bound:
        office_report = selectors.office_report(own, years[0])
    elif form.is_valid():
        office = form.office()
        rules.require(permissions.can_read_report(request.user, office))
        office_report = selectors.office_report(office, form.cleaned_data["tahun"])
    return render(
        request,
        "surveys/report.html",
        {"form": form, "report": office_report, "several_offices": len(offices) > 1},
        status=400 if form.errors else 200,
    )
