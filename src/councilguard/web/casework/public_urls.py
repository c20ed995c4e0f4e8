from django.urls import path

from . import public_views

app_name = "complaints"

urlpatterns = [
    path("new/", public_views.lodge, name="new"),
    path("sent/", public_views.lodged, name="lodged"),
]
