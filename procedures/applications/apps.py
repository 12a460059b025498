from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "procedures.applications"
    label = "applications"
    verbose_name = "Pengajuan"
