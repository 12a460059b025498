from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "procedures.notifications"
    label = "notifications"
    verbose_name = "Notifikasi"
