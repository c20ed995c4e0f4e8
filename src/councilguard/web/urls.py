"""Root URLs: each app mounts its own pages."""

from django.contrib import admin
from django.urls import include, path

from .accounts import views as account_views

# The admin signs in through the service's sign-in page, with its lockout (item 7 of
# issue 11: Django's own admin login took the right password for a locked account).
admin.site.login = account_views.admin_sign_in

urlpatterns = [
    path("", account_views.home, name="home"),
    path("account/", include("councilguard.web.accounts.urls")),
    path("register/", include("councilguard.web.register.urls")),
    path("protocol/", include("councilguard.web.governance.urls")),
    path("check/", include("councilguard.web.checks.urls")),
    path("advice/", include("councilguard.web.casework.urls")),
    # Casework: the public complaint form, abuse received, and page moderation.
    path("complaints/", include("councilguard.web.casework.public_urls")),
    path("abuse/", include("councilguard.web.casework.abuse_urls")),
    path("moderation/", include("councilguard.web.casework.moderation_urls")),
    path("api/", include("councilguard.web.api.urls")),
    path("", include("councilguard.web.register.public_urls")),
    path("service-desk/", include("councilguard.web.servicedesk.urls")),
    path("admin/", admin.site.urls),
]
