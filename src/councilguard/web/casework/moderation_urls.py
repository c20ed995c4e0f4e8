from django.urls import path

from . import moderation_views

app_name = "moderation"

urlpatterns = [
    path("", moderation_views.index, name="index"),
    path("<int:pk>/", moderation_views.detail, name="detail"),
    path("<int:pk>/comments/<int:comment_pk>/removed/", moderation_views.mark_removed, name="removed"),
    path("<int:pk>/delete/", moderation_views.delete, name="delete"),
]
