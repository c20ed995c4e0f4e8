from django.urls import path

from . import complaint_views, complaint_workflow_views, views

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
    # The Monitoring Officer's workflow on a complaint, and the letters it produces.
    path("complaints/<int:pk>/acknowledge/", complaint_workflow_views.acknowledge, name="complaint-acknowledge"),
    path("complaints/<int:pk>/check/", complaint_workflow_views.check_evidence, name="complaint-check"),
    path("complaints/<int:pk>/assessment/", complaint_workflow_views.assess, name="complaint-assess"),
    path("complaints/<int:pk>/outcome/", complaint_workflow_views.decide, name="complaint-outcome"),
    path("complaints/<int:pk>/letters/<slug:kind>/", complaint_workflow_views.letter, name="complaint-letter"),
    path(
        "complaints/<int:pk>/letters/<slug:kind>.pdf",
        complaint_workflow_views.letter_pdf,
        name="complaint-letter-pdf",
    ),
    path(
        "complaints/<int:pk>/evidence/<int:file_pk>/",
        complaint_workflow_views.evidence_file,
        name="complaint-evidence",
    ),
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
