from django.urls import path

from . import meeting_views, views

app_name = "register"

urlpatterns = [
    path("", views.index, name="index"),
    path("members/<int:pk>/", views.member_detail, name="member"),
    path("your-group/", views.group_members, name="group-members"),
    path("meetings/<int:pk>/", meeting_views.meeting_record, name="meeting"),
    path("meetings/<int:pk>/publish/", meeting_views.publish, name="publish"),
    path("meetings/<int:pk>/<slug:part>/add/", meeting_views.part_form, name="meeting-add"),
    path("meetings/<int:pk>/<slug:part>/<int:part_pk>/edit/", meeting_views.part_form, name="meeting-edit"),
    path("<slug:section>/", views.record_list, name="list"),
    path("<slug:section>/add/", views.record_add, name="add"),
    path("<slug:section>/<int:pk>/edit/", views.record_edit, name="edit"),
]
