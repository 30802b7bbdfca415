"""Thin views for the privacy page, the personal-data download and account deletion."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from veier.privacy import services


@require_GET
def privacy_page(request):
    return render(request, "privacy/privacy.html")


@login_required
@never_cache
@require_GET
def download_my_data(request):
    data = json.dumps(services.export_data(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="veier-mine-data.json"'
    return response


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."))
        return password


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def delete_account(request):
    blocking = services.organisations_needing_hand_over(request.user)
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and not blocking and form.is_valid():
        services.delete_account(request.user)
        logout(request)
        messages.success(request, _("Your account is deleted."))
        return redirect("core:home")
    status = 409 if request.method == "POST" and blocking else 422 if form.errors else 200
    return render(request, "privacy/delete_account.html", {"form": form, "blocking": blocking}, status=status)
