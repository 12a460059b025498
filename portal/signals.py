"""What publishing a CMS page changes outside the CMS."""

from wagtail.signals import page_published

from procedures.organisations.services import set_service_working_days


def service_standard_published(sender, instance, **kwargs) -> None:
    """The published service standard's "Waktu penyelesaian" is the office's
    service time: the clock of every new submission uses it from now on."""
    if not instance.live:  # a publication scheduled for later changes nothing yet
        return
    set_service_working_days(office=instance.office, days=instance.working_days)


def connect() -> None:
    from .models import ServiceStandardPage

    page_published.connect(
        service_standard_published,
        sender=ServiceStandardPage,
        dispatch_uid="portal.service_standard_published",
    )
