from django.contrib import admin

from veier.registry.models import OrganisationForm, RegistryUnit


class ReadOnlyAdmin(admin.ModelAdmin):
    """The register copy changes only through `veier import-brreg`, so the admin can only look."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegistryUnit)
class RegistryUnitAdmin(ReadOnlyAdmin):
    list_display = ["orgnr", "name", "organisation_form", "business_kommunenummer", "konkurs", "under_avvikling",
                    "slettedato", "updated_at"]
    list_filter = ["konkurs", "under_avvikling", "in_frivillighetsregisteret"]
    search_fields = ["=orgnr", "name"]
    list_select_related = ["organisation_form"]
    # Counting 1.2 million rows on every page is slow on PostgreSQL.
    show_full_result_count = False


@admin.register(OrganisationForm)
class OrganisationFormAdmin(ReadOnlyAdmin):
    list_display = ["code", "description", "name_en"]
    search_fields = ["code", "description", "name_en"]
