from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "councilguard.web.register"
    label = "register"
    verbose_name = "The register of members"

    def ready(self) -> None:
        from . import signals

        signals.connect()
