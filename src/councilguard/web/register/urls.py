from django.urls import path

from . import views

app_name = "register"

urlpatterns = [
    path("", views.index, name="index"),
    path("members/<int:pk>/", views.member_detail, name="member"),
    path("<slug:section>/", views.record_list, name="list"),
    path("<slug:section>/add/", views.record_add, name="add"),
    path("<slug:section>/<int:pk>/edit/", views.record_edit, name="edit"),
]
