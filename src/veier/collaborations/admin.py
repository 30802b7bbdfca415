from django.contrib import admin

from veier.collaborations.models import Collaboration, StageChange


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["title", "public_body", "form", "stage", "value_nok", "updated_at"]
    list_filter = ["stage", "form"]
    search_fields = ["title", "public_body__name"]
    filter_horizontal = ["entrepreneurs"]
    inlines = [StageChangeInline]
