"""The register in Django's admin (Members' Services has its own pages; this is for admins)."""

from django.contrib import admin

from . import models

for model in (
    models.Ward,
    models.PoliticalGroup,
    models.Post,
    models.SocialAccount,
    models.Committee,
    models.CommitteeMembership,
    models.Meeting,
    models.Attendance,
    models.Decision,
    models.Election,
):
    admin.site.register(model)


@admin.register(models.Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("full_name", "ward", "group", "council_email", "active")
    list_filter = ("group", "active")
    search_fields = ("full_name", "council_email")
