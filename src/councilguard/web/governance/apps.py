from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "councilguard.web.governance"
    label = "governance"
    verbose_name = "The protocol, acknowledgements and the audit log"

    def ready(self) -> None:
        from councilguard.web.register.signals import connect_models

        from .models import ProtocolVersion

        # The API keeps the checker in force under the register's stamp (protocols.checker_on):
        # a version drafted, adopted or brought into force changes the stamp too.
        connect_models([ProtocolVersion])
