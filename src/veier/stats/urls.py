from django.urls import path

from veier.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.page, name="page"),
    path("eksport.<str:fmt>", views.export, name="export"),
]
