from django.contrib import admin

from veier.impact.models import Analysis, Indicator, Measurement, Outcome


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0


@admin.register(Analysis)
class AnalysisAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "collaboration", "updated_at"]
    search_fields = ["title", "organisation__name"]
    raw_id_fields = ["organisation", "collaboration", "created_by"]
    inlines = [OutcomeInline]


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "analysis", "unit", "target"]
    raw_id_fields = ["analysis", "outcome"]
    inlines = [MeasurementInline]
