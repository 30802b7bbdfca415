from django.contrib import admin

from veier.organisations.models import Invitation, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "public_body_type", "orgnr", "kommune"]
    list_filter = ["kind", "public_body_type", "fylke"]
    search_fields = ["name", "orgnr"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["kommune"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "accepted_at"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token"]
