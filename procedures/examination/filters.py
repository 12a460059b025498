"""The office queue's filters (django-filter): validated once, shown as a form."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.accounts.models import User
from procedures.applications.models import CLOCK_STATES, Application
from procedures.applications.models import ApplicationState as S
from procedures.organisations import calendar as organisation_calendar
from procedures.organisations.models import Agency, Office

# Drafts too: the queue holds the office's own walk-in drafts (never an applicant's).
QUEUE_STATES = list(S.choices)


class QueueFilter(django_filters.FilterSet):
    office = django_filters.ModelChoiceFilter(
        label=_("Kantor BPS"), queryset=Office.objects.none(), empty_label=_("Semua kantor")
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=QUEUE_STATES, empty_label=_("Semua status")
    )
    examiner = django_filters.ModelChoiceFilter(
        label=_("Pemeriksa"), queryset=User.objects.none(), empty_label=_("Semua pemeriksa")
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Instansi"), queryset=Agency.objects.none(), empty_label=_("Semua instansi")
    )
    year = django_filters.NumberFilter(
        label=_("Tahun pengajuan"),
        field_name="created_at",
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
    )
    overdue = django_filters.BooleanFilter(
        label=_("Hanya yang terlambat"), method="filter_overdue", widget=forms.CheckboxInput
    )
    due_within = django_filters.NumberFilter(
        label=_("Batas waktu dalam … hari kerja"),
        method="filter_due_within",
        min_value=0,
        max_value=60,
    )

    class Meta:
        model = Application
        fields = ["office", "state", "examiner", "agency", "year"]

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.offices = list(offices)
        self.office_ids = [office.pk for office in self.offices]
        if len(self.offices) > 1:  # an officer reading the offices below picks one
            self.filters["office"].queryset = Office.objects.filter(pk__in=self.office_ids)
        else:
            del self.filters["office"]
        self.filters["examiner"].queryset = (
            User.objects.filter(officer__office__in=self.office_ids, groups__name="examiner")
            .distinct()
            .order_by("first_name", "email")
        )
        self.filters["agency"].queryset = Agency.objects.filter(
            applications__office__in=self.office_ids
        ).distinct()

    @staticmethod
    def running(queryset):
        return queryset.filter(state__in=CLOCK_STATES, due_on__isnull=False)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return self.running(queryset).filter(due_on__lt=timezone.localdate())

    def filter_due_within(self, queryset, name, value):
        """Due in at most N working days (overdue ones included), by each office's calendar."""
        if value is None:
            return queryset
        today = timezone.localdate()
        limits = Q()
        for office in self.offices:
            last_day = organisation_calendar.calendar_for(office).add_working_days(
                today, int(value)
            )
            limits |= Q(office=office, due_on__lte=last_day)
        return self.running(queryset).filter(limits)
