from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "councilguard.web.api"
    label = "api"
    verbose_name = "The JSON API"
