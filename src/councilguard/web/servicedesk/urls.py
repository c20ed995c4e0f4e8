from django.urls import path

from . import views

app_name = "servicedesk"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("mine/", views.mine, name="mine"),
    path("assets/", views.assets, name="assets"),
    path("assets/export.csv", views.export_csv, name="export"),
    path("assets/add/", views.asset_add, name="asset-add"),
    path("assets/<int:pk>/", views.asset_detail, name="asset"),
    path("assets/<int:pk>/edit/", views.asset_edit, name="asset-edit"),
    path("assets/<int:pk>/issue/", views.asset_issue, name="asset-issue"),
    path("assets/<int:pk>/receive/", views.asset_receive, name="asset-receive"),
    path("incidents/", views.incidents, name="incidents"),
    path("incidents/report/", views.incident_report, name="incident-report"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident"),
    path("incidents/<int:pk>/crime-number/", views.incident_crime_number, name="incident-crime-number"),
    path("incidents/<int:pk>/close/", views.incident_close, name="incident-close"),
    path("returns/", views.returns, name="returns"),
    path("returns/add/", views.return_add, name="return-add"),
    path("returns/<int:pk>/", views.return_detail, name="return"),
    path("leavers/", views.leavers, name="leavers"),
    path("leavers/<int:pk>/", views.leaver_detail, name="leaver"),
    path("leavers/<int:pk>/accounts/<int:item>/<slug:step>/", views.leaver_account, name="leaver-account"),
    path("leavers/<int:pk>/devices/<int:item>/", views.leaver_device, name="leaver-device"),
    path("leavers/<int:pk>/sign-in/", views.leaver_sign_in, name="leaver-sign-in"),
    path("leavers/<int:pk>/close/", views.leaver_close, name="leaver-close"),
    path("filters/", views.filters, name="filters"),
    path("filters/ask/", views.filter_ask, name="filter-ask"),
    path("filters/<int:pk>/", views.filter_detail, name="filter"),
]
