from django.urls import path

from veier.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("publisering/<slug:slug>/", views.decide, name="decide"),
]
