from django.contrib import admin
from django.urls import include, path

from veier.api.api import api
from veier.core import views as core_views

urlpatterns = [
    path("", include("veier.core.urls")),
    path("konto/", include("veier.accounts.urls")),
    path("aktorer/", include("veier.organisations.urls")),
    path("", include("veier.directory.urls")),
    path("veiviser/", include("veier.advisor.urls")),
    path("samarbeid/", include("veier.collaborations.urls")),
    path("effekt/", include("veier.impact.urls")),
    path("utfordringer/", include("veier.challenges.urls")),
    path("finansiering/", include("veier.funding.urls")),
    path("eksempler/", include("veier.cases.urls")),
    path("statistikk/", include("veier.stats.urls")),
    path("api/v1/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler404 = "veier.core.views.page_not_found"
handler500 = "veier.core.views.server_error"
handler403 = "veier.core.views.permission_denied"
