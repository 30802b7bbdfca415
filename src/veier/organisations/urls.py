from django.urls import path

from veier.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("ny/", views.organisation_create, name="create"),
    path("invitasjon/<str:token>/", views.accept, name="accept"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/inviter/", views.invite, name="invite"),
]
