from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "councilguard.web.accounts"
    label = "accounts"
    verbose_name = "People, roles and sign-in"
