"""Writes for accounts: sign-up, e-mail confirmation and profile changes."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from veier.accounts.models import User
from veier.accounts.tokens import make_confirmation_token, read_confirmation_token


@transaction.atomic
def sign_up(*, email: str, full_name: str, password: str, language: str) -> User:
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, language=language, is_active=False
    )
    transaction.on_commit(lambda: send_confirmation_email(user))
    return user


def send_confirmation_email(user: User) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse(
        "accounts:confirm", kwargs={"token": make_confirmation_token(user)}
    )
    with translation.override(user.language):
        subject = render_to_string("accounts/email/confirm_subject.txt").strip()
        body = render_to_string("accounts/email/confirm_body.txt", {"user": user, "link": link})
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def confirm_email(token: str) -> User | None:
    """Activate the account the token names; None when the link is invalid or expired."""
    data = read_confirmation_token(token)
    if data is None:
        return None
    user = User.objects.select_for_update().filter(pk=data["id"], email=data["email"]).first()
    if user is None:
        return None
    if not user.email_confirmed:
        user.email_confirmed = True
        user.is_active = True
        user.save(update_fields=["email_confirmed", "is_active"])
    return user


@transaction.atomic
def update_profile(user: User, *, full_name: str, language: str) -> User:
    user.full_name = full_name
    user.language = language
    user.save(update_fields=["full_name", "language"])
    return user
