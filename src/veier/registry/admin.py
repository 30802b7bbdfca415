from django.contrib import admin

from veier.core.admin import ReadOnlyAdmin
from veier.registry.models import OrganisationForm, RegistryUnit


@admin.register(RegistryUnit)
class RegistryUnitAdmin(ReadOnlyAdmin):
    """The register copy changes only through `veier import-brreg`."""

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
