from django.urls import path

from veier.impact import views

app_name = "impact"

urlpatterns = [
    path("", views.analysis_list, name="list"),
    path("ny/", views.analysis_create, name="create"),
    path("<int:pk>/", views.analysis_detail, name="detail"),
    path("<int:pk>/rediger/", views.analysis_edit, name="edit"),
    path("<int:pk>/logikkmodell/", views.logic_model, name="logic_model"),
    path("<int:pk>/utfall/", views.outcomes, name="outcomes"),
    path("<int:pk>/utfall/<int:outcome>/", views.outcome_edit, name="outcome_edit"),
    path("<int:pk>/utfall/<int:outcome>/slett/", views.outcome_delete, name="outcome_delete"),
    path("<int:pk>/indikatorer/", views.indicators, name="indicators"),
    path("<int:pk>/indikatorer/<int:indicator>/", views.indicator_detail, name="indicator"),
    path("<int:pk>/indikatorer/<int:indicator>/rediger/", views.indicator_edit, name="indicator_edit"),
    path("<int:pk>/indikatorer/<int:indicator>/slett/", views.indicator_delete, name="indicator_delete"),
    path("<int:pk>/indikatorer/<int:indicator>/malinger/<int:measurement>/slett/", views.measurement_delete,
         name="measurement_delete"),
    path("<int:pk>/sroi/", views.result, name="result"),
    path("<int:pk>/rapport/", views.report_page, name="report"),
    path("<int:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/effektkart.xlsx", views.report_xlsx, name="report_xlsx"),
]
