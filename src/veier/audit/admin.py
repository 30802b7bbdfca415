from django.contrib import admin

from veier.audit.models import AuditEvent
from veier.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the log is append-only, also for platform staff."""

    list_display = ["occurred_at", "action", "object_type", "object_id", "actor_id", "organisation_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "request_id", "action"]
    date_hierarchy = "occurred_at"
