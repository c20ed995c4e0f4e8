from django.apps import AppConfig


class ProtocolsConfig(AppConfig):
    name = "councilguard.web.protocols"
    label = "protocols"
    verbose_name = "Protocol versions: drafted, tested, compared and adopted"
