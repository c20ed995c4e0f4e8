from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class AccountsConfig(AppConfig):
    name = "councilguard.web.accounts"
    label = "accounts"
    verbose_name = "People, roles and sign-in"

    def ready(self) -> None:
        # The project's own start-up work, in the first of its apps: the folders the app
        # writes to (the SQLite database's, collected static files) exist once Django runs.
        for folder in settings.COUNCILGUARD_RUNTIME_DIRS:
            Path(folder).mkdir(parents=True, exist_ok=True)
