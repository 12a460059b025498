from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "procedures.performance"
    label = "performance"
    verbose_name = "Kinerja layanan"
