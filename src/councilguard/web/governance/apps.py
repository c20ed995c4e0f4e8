from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "councilguard.web.governance"
    label = "governance"
    verbose_name = "The protocol, acknowledgements and the audit log"
