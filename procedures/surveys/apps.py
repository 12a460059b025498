from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "procedures.surveys"
    label = "surveys"
    verbose_name = "Survei kepuasan masyarakat"
