from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "procedures.complaints"
    label = "complaints"
    verbose_name = "Pengaduan layanan"
