"""Pages anyone may read, with no sign-in: published minutes and the register as open data."""

from django.urls import path

from . import meeting_views

app_name = "public"

urlpatterns = [
    path("meetings/", meeting_views.public_meetings, name="meetings"),
    path("meetings/<int:pk>/", meeting_views.public_minutes, name="minutes"),
    path("meetings/<int:pk>/minutes.pdf", meeting_views.public_minutes_pdf, name="minutes-pdf"),
    path("open-data/popolo.json", meeting_views.popolo, name="popolo"),
]
