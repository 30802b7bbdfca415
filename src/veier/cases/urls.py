from django.urls import path

from veier.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("del/", views.share, name="share"),
    path("del/<int:pk>/<slug:slug>/", views.consent, name="consent"),
    path("<slug:slug>/", views.case_detail, name="detail"),
]
