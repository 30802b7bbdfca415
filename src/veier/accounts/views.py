"""Thin views for sign-up, confirmation, login and the profile page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veier.accounts import services
from veier.accounts.forms import LoginForm, ProfileForm, SignUpForm
from veier.organisations.selectors import memberships_for


@require_http_methods(["GET", "POST"])
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        user = services.sign_up(**form.cleaned_data)
        return render(request, "accounts/signup_done.html", {"email": user.email})
    return render(request, "accounts/signup.html", {"form": form}, status=422 if form.errors else 200)


def confirm(request, token: str):
    user = services.confirm_email(token)
    if user is None:
        return render(request, "accounts/confirm_failed.html", status=400)
    login(request, user, backend="django.contrib.auth.backends.AllowAllUsersModelBackend")
    messages.success(request, _("Your e-mail address is confirmed. Welcome to Veier!"))
    return redirect("accounts:profile")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = services.update_profile(request.user, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile")
        response.set_cookie("veier_language", user.language, samesite="Lax", max_age=365 * 24 * 3600)
        return response
    context = {"form": form, "memberships": memberships_for(request.user)}
    return render(request, "accounts/profile.html", context, status=422 if form.errors else 200)


password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset_body.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
