from django.contrib import admin

from veier.reference.models import Fylke, Kommune, KommuneNumberChange, ServiceArea, TargetGroup


@admin.register(Fylke)
class FylkeAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "official_name"]


@admin.register(Kommune)
class KommuneAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "fylke", "population", "language_form"]
    list_filter = ["fylke"]
    search_fields = ["number", "name"]


@admin.register(KommuneNumberChange)
class KommuneNumberChangeAdmin(admin.ModelAdmin):
    list_display = ["old_number", "old_name", "new_kommune", "changed_on"]
    search_fields = ["old_number", "old_name"]


@admin.register(ServiceArea, TargetGroup)
class LabelledCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "label_nb", "label_nn", "label_en"]
