from django.urls import path

from . import views

app_name = "protocols"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("upload/", views.upload, name="upload"),
    path("compare/", views.compare, name="compare"),
    path("<slug:pack_id>/", views.version, name="version"),
    path("<slug:pack_id>/clauses/<str:clause_id>/", views.edit_clause, name="clause"),
    path("<slug:pack_id>/rules/<slug:rule_id>/", views.edit_rule, name="rule"),
    path("<slug:pack_id>/add-rule/", views.add_rule, name="add_rule"),
    path("<slug:pack_id>/lexicons/<slug:name>/", views.edit_lexicon, name="lexicon"),
    path("<slug:pack_id>/files/<path:path>", views.edit_file, name="file"),
    path("<slug:pack_id>/test/", views.test, name="test"),
    path("<slug:pack_id>/propose/", views.propose, name="propose"),
    path("<slug:pack_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:pack_id>/report/", views.report, name="report"),
    path("<slug:pack_id>/download/", views.download, name="download"),
    path("<slug:pack_id>/adopt/", views.adopt, name="adopt"),
]
