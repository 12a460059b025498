from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal dan standar pelayanan"

    def ready(self):
        from . import signals

        signals.connect()
