from django.urls import path

from . import complaint_views, views

app_name = "casework"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("queue/", views.queue, name="queue"),
    path("ask/", views.ask, name="ask"),
    path("<int:pk>/", views.advice_detail, name="detail"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    # Complaints about members and their archive scans (Monitoring Officer, administrator).
    path("complaints/", complaint_views.complaints, name="complaints"),
    path("complaints/new/", complaint_views.complaint_new, name="complaint-new"),
    path("complaints/<int:pk>/", complaint_views.complaint, name="complaint"),
    path("complaints/<int:pk>/edit/", complaint_views.complaint_edit, name="complaint-edit"),
    path("complaints/<int:pk>/scans/", complaint_views.scan_start, name="scan-start"),
    path("complaints/<int:pk>/scans/<int:scan_pk>/", complaint_views.scan, name="scan"),
    path(
        "complaints/<int:pk>/scans/<int:scan_pk>/status.json",
        complaint_views.scan_status,
        name="scan-status",
    ),
    path(
        "complaints/<int:pk>/scans/<int:scan_pk>/resume/",
        complaint_views.scan_resume,
        name="scan-resume",
    ),
    path(
        "complaints/<int:pk>/scans/<int:scan_pk>/stop/",
        complaint_views.scan_stop,
        name="scan-stop",
    ),
    path(
        "complaints/<int:pk>/scans/<int:scan_pk>/files/<str:name>",
        complaint_views.scan_file,
        name="scan-file",
    ),
]
