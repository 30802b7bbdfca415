from django.contrib import admin

from veier.challenges.models import Challenge, Pitch, PitchEvent


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "public_body", "visibility", "interest_deadline", "updated_at"]
    list_filter = ["visibility", "service_areas"]
    search_fields = ["title", "public_body__name"]


class PitchEventInline(admin.TabularInline):
    model = PitchEvent
    extra = 0


@admin.register(Pitch)
class PitchAdmin(admin.ModelAdmin):
    list_display = ["title", "sender", "public_body", "state", "updated_at"]
    list_filter = ["state"]
    search_fields = ["title", "sender__name", "public_body__name"]
    inlines = [PitchEventInline]
