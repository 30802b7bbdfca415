from django.contrib.auth import views as auth_views
from django.urls import path

from veier.accounts import views

app_name = "accounts"

urlpatterns = [
    path("registrer/", views.sign_up, name="signup"),
    path("bekreft/<str:token>/", views.confirm, name="confirm"),
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("profil/", views.profile, name="profile"),
    path("passord/", views.password_reset, name="password_reset"),
    path("passord/sendt/", views.password_reset_done, name="password_reset_done"),
    path("passord/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("passord/ferdig/", views.password_reset_complete, name="password_reset_complete"),
]
