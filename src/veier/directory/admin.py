from django.contrib import admin

from veier.directory.models import EntrepreneurProfile, FrontDoor, ProfileChange


@admin.register(EntrepreneurProfile)
class EntrepreneurProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "organisation_form", "nationwide", "is_public", "updated_at"]
    list_filter = ["is_public", "nationwide", "service_areas"]
    search_fields = ["organisation__name", "organisation__orgnr"]
    filter_horizontal = ["service_areas", "target_groups", "kommuner", "fylker", "references"]


@admin.register(FrontDoor)
class FrontDoorAdmin(admin.ModelAdmin):
    list_display = ["organisation", "service_area", "unit_name", "contact_role", "decides_on"]
    list_filter = ["decides_on", "service_area"]
    search_fields = ["organisation__name", "unit_name", "contact_role"]


@admin.register(ProfileChange)
class ProfileChangeAdmin(admin.ModelAdmin):
    list_display = ["profile", "changed_by", "changed_at"]
    readonly_fields = ["profile", "changed_by", "changed_at", "changes"]
