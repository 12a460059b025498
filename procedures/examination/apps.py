from django.apps import AppConfig


class ExaminationConfig(AppConfig):
    name = "procedures.examination"
    label = "examination"
    verbose_name = "Pemeriksaan"
