from django.urls import path

from veier.collaborations import views

app_name = "collaborations"

urlpatterns = [
    path("", views.collaboration_list, name="list"),
    path("ny/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rediger/", views.edit, name="edit"),
    path("<int:pk>/fase/", views.change_stage, name="stage"),
    path("<int:pk>/dokumenter/<slug:kind>.<str:fmt>", views.document, name="document"),
]
