from django.urls import path

from veier.challenges import views

app_name = "challenges"

urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("ny/", views.challenge_edit, name="create"),
    path("<int:pk>/", views.challenge_detail, name="detail"),
    path("<int:pk>/rediger/", views.challenge_edit, name="edit"),
    path("<int:pk>/pitch/", views.pitch_create, name="pitch_to_challenge"),
    path("pitch/til/<slug:slug>/", views.pitch_create, name="pitch_to_body"),
    path("pitcher/", views.pitch_list, name="pitches"),
    path("pitcher/<int:pk>/", views.pitch_detail, name="pitch"),
    path("pitcher/<int:pk>/melding/", views.pitch_message, name="pitch_message"),
    path("pitcher/<int:pk>/status/", views.pitch_move, name="pitch_move"),
    path("for-oss/", views.for_us, name="for_us"),
]
