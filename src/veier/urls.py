from django.contrib import admin
from django.urls import include, path

from veier.api.api import api
from veier.audit import views as audit_views
from veier.core import views as core_views
from veier.ops import media as ops_media
from veier.privacy import views as privacy_views

urlpatterns = [
    path("", include("veier.core.urls")),
    # Trust (issue 8): privacy, audit log, uploaded logos
    path("personvern/", privacy_views.privacy_page, name="privacy"),
    path("konto/mine-data.json", privacy_views.download_my_data, name="privacy-download"),
    path("konto/slett/", privacy_views.delete_account, name="privacy-delete"),
    path("aktorer/<slug:slug>/logg/", audit_views.organisation_log, name="audit-log"),
    path("media/logos/<str:name>", ops_media.logo, name="logo"),
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
    path("apne-data/", include("veier.opendata.urls")),
    path("api/v1/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler404 = "veier.core.views.page_not_found"
handler500 = "veier.core.views.server_error"
handler403 = "veier.core.views.permission_denied"
