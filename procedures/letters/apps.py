from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "procedures.letters"
    label = "letters"
    verbose_name = "Surat rekomendasi"
