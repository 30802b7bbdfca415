from django.urls import path

from veier.funding import views

app_name = "funding"

urlpatterns = [
    path("", views.scheme_list, name="list"),
    path("passer-for-oss/", views.match, name="match"),
    path("frister.ics", views.deadlines_ics, name="ics"),
    path("bagatellstotte/", views.deminimis_register, name="deminimis"),
    path("bagatellstotte/ny/", views.deminimis_new, name="deminimis_new"),
    path("bagatellstotte/eksport.<str:fmt>", views.deminimis_export, name="deminimis_export"),
    path("bagatellstotte/<str:orgnr>/", views.deminimis_undertaking, name="deminimis_undertaking"),
    path("<slug:slug>/", views.scheme_detail, name="detail"),
]
