"""What the survey shows on other apps' pages (which may not import this app):
the invitation or the thanks on the applicant's application page, and the
paper-entry link or the answer's facts on the officer's page."""

from django import template

from procedures.organisations.permissions import is_member_of

from .. import links, permissions
from ..models import SurveyResponse

register = template.Library()


@register.inclusion_tag("surveys/_invitation.html", takes_context=True)
def survey_invitation(context, application):
    """For a member of the applicant's agency: the invitation while the link is
    open, or the thanks once answered; nothing otherwise."""
    user = context["request"].user
    if not is_member_of(user, application.agency_id):
        return {"status": None}
    status = links.link_status(application)
    if status == links.LinkStatus.OPEN:
        return {
            "status": status.value,
            "url": links.survey_path(application),
            "expires_at": links.link_expires_at(application),
        }
    if status == links.LinkStatus.ANSWERED:
        return {"status": status.value}
    return {"status": None}


@register.inclusion_tag("surveys/_office_panel.html", takes_context=True)
def survey_office_panel(context, application):
    """For the office's officers: a link to enter the paper questionnaire while
    none was recorded, or when and how it was answered."""
    user = context["request"].user
    if permissions.can_enter_paper_response(user, application):
        return {"can_enter": True, "application": application}
    if not permissions.can_read_report(user, application.office):
        return {}
    response = (
        SurveyResponse.objects.filter(application_id=application.pk)
        .select_related("entered_by")
        .first()
    )
    return {"response": response, "application": application}
