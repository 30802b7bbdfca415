from django.contrib import admin

from veier.opendata.models import PublishingDecision


@admin.register(PublishingDecision)
class PublishingDecisionAdmin(admin.ModelAdmin):
    """Read-only for staff: the decision is the public body's own, made on the open-data page and audited there."""

    list_display = ["public_body", "grants", "contracts", "decided_at"]
    list_filter = ["grants", "contracts"]
    readonly_fields = ["public_body", "grants", "contracts", "decided_by", "decided_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
