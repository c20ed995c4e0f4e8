from django.urls import path

from . import tokens, views

app_name = "api"

urlpatterns = [
    path("v1/check", views.check, name="check"),
    path("v1/check/batch", views.check_batch, name="check-batch"),
    path("v1/openapi.json", views.openapi, name="openapi"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.revoke, name="revoke"),
]
