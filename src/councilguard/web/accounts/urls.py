from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("two-factor/set-up/", views.two_factor_enrol, name="two-factor-enrol"),
    path("", views.account, name="account"),
    path("password/", views.PasswordChange.as_view(), name="password-change"),
    path("support/", views.support, name="support"),
    path("support/<int:pk>/<slug:action>/", views.support_action, name="support-action"),
]
