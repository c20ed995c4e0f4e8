from django.apps import AppConfig


class ServiceDeskConfig(AppConfig):
    name = "councilguard.web.servicedesk"
    label = "servicedesk"
    verbose_name = "ICT Service Desk"
