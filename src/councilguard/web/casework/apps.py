from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "councilguard.web.casework"
    label = "casework"
    verbose_name = "Advice from the Monitoring Officer"
