from django.contrib import admin

from veier.funding.models import DeMinimisGrant, FundingScheme


@admin.register(FundingScheme)
class FundingSchemeAdmin(admin.ModelAdmin):
    """Platform staff keep the catalogue current here; `last_checked` says when someone compared it with the source."""

    list_display = ["name", "provider", "kind", "rolling", "last_checked", "is_active"]
    list_filter = ["kind", "rolling", "is_active", "service_areas"]
    search_fields = ["name", "provider", "slug"]
    filter_horizontal = ["service_areas"]


@admin.register(DeMinimisGrant)
class DeMinimisGrantAdmin(admin.ModelAdmin):
    list_display = ["recipient_name", "orgnr", "granted_on", "amount_nok", "kind", "public_body"]
    list_filter = ["kind"]
    search_fields = ["orgnr", "recipient_name", "public_body__name"]
    date_hierarchy = "granted_on"
