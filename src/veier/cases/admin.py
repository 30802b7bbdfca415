from django.contrib import admin

from veier.cases.models import Case, PublicationConsent


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "origin", "public_body", "kommune", "service_area", "form", "published"]
    list_filter = ["origin", "published", "service_area"]
    search_fields = ["title", "public_body", "summary"]


@admin.register(PublicationConsent)
class PublicationConsentAdmin(admin.ModelAdmin):
    list_display = ["collaboration", "organisation", "consented_by", "consented_at"]
