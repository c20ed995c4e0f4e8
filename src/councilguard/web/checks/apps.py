from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "councilguard.web.checks"
    label = "checks"
    verbose_name = "Checking drafts"
