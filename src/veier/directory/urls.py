from django.urls import path

from veier.directory import views

app_name = "directory"

urlpatterns = [
    path("finn-aktorer/", views.search, name="search"),
    path("finn-aktorer/<slug:slug>/", views.profile, name="profile"),
    path("finn-aktorer/<slug:slug>/rediger/", views.profile_edit, name="profile_edit"),
    path("kommuner/", views.kommune_list, name="kommune_list"),
    path("kommuner/<str:number>/", views.kommune_detail, name="kommune"),
    path("kontaktpunkter/<slug:slug>/", views.front_doors, name="front_doors"),
    path("kontaktpunkter/<slug:slug>/<int:pk>/", views.front_door_edit, name="front_door_edit"),
    path("kontaktpunkter/<slug:slug>/<int:pk>/slett/", views.front_door_delete, name="front_door_delete"),
]
