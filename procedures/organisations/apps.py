from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "procedures.organisations"
    label = "organisations"
    verbose_name = "Kantor dan instansi"
