from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("queue/", views.queue, name="queue"),
    path("ask/", views.ask, name="ask"),
    path("<int:pk>/", views.advice_detail, name="detail"),
    path("<int:pk>/reply/", views.reply, name="reply"),
]
