from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "procedures.accounts"
    label = "accounts"
    verbose_name = "Akun"
