from django.urls import path

from veier.advisor import views

app_name = "advisor"

urlpatterns = [
    path("", views.start, name="start"),
    path("sporsmal/<slug:slug>/", views.step, name="step"),
    path("start-pa-nytt/", views.restart, name="restart"),
    path("resultat/", views.result, name="result"),
    path("resultat.pdf", views.result_pdf, name="result_pdf"),
    path("resultat/lagre/", views.save, name="save"),
    path("myter/", views.myths, name="myths"),
]
