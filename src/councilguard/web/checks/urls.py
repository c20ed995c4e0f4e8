from django.urls import path

from . import views

app_name = "checks"

urlpatterns = [
    path("", views.check_page, name="check"),
    path("statistics/", views.statistics_page, name="statistics"),
]
