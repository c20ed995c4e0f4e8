from django.urls import path

from . import abuse_views

app_name = "abuse"

urlpatterns = [
    path("", abuse_views.listing, name="list"),
    path("new/", abuse_views.new, name="new"),
    path("<int:pk>/", abuse_views.detail, name="detail"),
    path("<int:pk>/police/", abuse_views.police, name="police"),
    path("<int:pk>/follow-up/", abuse_views.follow_up, name="follow-up"),
    path("<int:pk>/evidence-pack.pdf", abuse_views.evidence_pack, name="evidence-pack"),
    path("<int:pk>/screenshots/<int:shot_pk>/", abuse_views.screenshot, name="screenshot"),
]
