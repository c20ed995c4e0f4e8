from django.contrib import admin

from .models import Acknowledgement, AuditEntry, ProtocolVersion

admin.site.register(ProtocolVersion)
admin.site.register(Acknowledgement)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: an audit log that can be edited proves nothing."""

    list_display = ("at", "actor_name", "action", "model", "object_repr")
    list_filter = ("action", "model")

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
