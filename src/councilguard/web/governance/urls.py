from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.protocol, name="protocol"),
    path("acknowledge/", views.acknowledge, name="acknowledge"),
    path("acknowledgements/", views.acknowledgements, name="acknowledgements"),
    path("audit/", views.audit_log, name="audit"),
    path("versions/<slug:pack_id>/", views.protocol, name="version"),
    path("versions/<slug:pack_id>/rules/<str:rule_id>/", views.rule, name="rule"),
]
