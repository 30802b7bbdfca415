"""Sign-up with e-mail confirmation, login, password reset and the profile page."""

import re

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail

from tests.conftest import PASSWORD, make_user
from veier.accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = {"full_name": "Nora Berg", "email": "Nora@Example.no", "password": "lang-og-sikker-frase-9", "language": "nn"}


def confirmation_path(message) -> str:
    return re.search(r"/konto/bekreft/\S+/", message.body).group(0)


def test_sign_up_creates_an_inactive_account_and_mails_a_confirmation_link(client, send_mail_on_commit):
    response = send_mail_on_commit(client.post, "/konto/registrer/", SIGNUP)
    assert response.status_code == 200
    user = User.objects.get(email="nora@example.no")
    assert not user.is_active and not user.email_confirmed
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nora@example.no"]
    # The mail is written in the language the person chose (nynorsk here).
    assert "Stadfest" in mail.outbox[0].subject


def test_the_password_is_hashed_with_argon2(client, send_mail_on_commit):
    send_mail_on_commit(client.post, "/konto/registrer/", SIGNUP)
    assert identify_hasher(User.objects.get().password).algorithm == "argon2"


def test_confirming_activates_the_account_and_logs_in(client, send_mail_on_commit):
    send_mail_on_commit(client.post, "/konto/registrer/", SIGNUP)
    response = client.get(confirmation_path(mail.outbox[0]))
    assert response.status_code == 302
    user = User.objects.get()
    assert user.is_active and user.email_confirmed
    assert client.get("/konto/profil/").status_code == 200


def test_a_tampered_confirmation_link_is_refused(client, send_mail_on_commit):
    send_mail_on_commit(client.post, "/konto/registrer/", SIGNUP)
    response = client.get("/konto/bekreft/not-a-real-token/")
    assert response.status_code == 400
    assert not User.objects.get().is_active


def test_an_unconfirmed_user_is_told_to_confirm_before_logging_in(client):
    make_user("ny@example.no", confirmed=False)
    response = client.post("/konto/logg-inn/", {"username": "ny@example.no", "password": PASSWORD})
    assert response.status_code == 200
    assert "Du må bekrefte e-postadressen din først" in response.content.decode()


def test_login_is_by_email_and_case_insensitive(client, kari):
    response = client.post("/konto/logg-inn/", {"username": "KARI@trondheim.example", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/konto/profil/"


def test_a_wrong_password_gets_a_translated_error(client, kari):
    response = client.post("/konto/logg-inn/", {"username": kari.email, "password": "feil"})
    assert "Feil e-postadresse eller passord" in response.content.decode()


def test_invalid_sign_up_shows_translated_errors_and_keeps_what_was_typed(client, kari):
    data = {**SIGNUP, "email": kari.email, "password": "123"}
    response = client.post("/konto/registrer/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Det finnes allerede en konto med denne e-postadressen." in html
    assert 'value="Nora Berg"' in html
    assert 'aria-invalid="true"' in html
    assert User.objects.count() == 1


def test_password_reset_mails_a_link_that_sets_a_new_password(client, kari):
    client.post("/konto/passord/", {"email": kari.email})
    assert len(mail.outbox) == 1
    path = re.search(r"/konto/passord/[^/\s]+/[^/\s]+/", mail.outbox[0].body).group(0)
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new_password = "et-nytt-og-langt-passord-7"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    kari.refresh_from_db()
    assert kari.check_password(new_password)


def test_the_profile_page_needs_login(client):
    response = client.get("/konto/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logg-inn/")


def test_the_profile_saves_name_and_language(client, kari):
    client.force_login(kari)
    response = client.post("/konto/profil/", {"full_name": "Kari N. Nordmann", "language": "en"})
    assert response.status_code == 302
    kari.refresh_from_db()
    assert (kari.full_name, kari.language) == ("Kari N. Nordmann", "en")
    assert response.cookies["veier_language"].value == "en"


def test_the_profile_refuses_an_empty_name_and_keeps_the_old_one(client, kari):
    client.force_login(kari)
    response = client.post("/konto/profil/", {"full_name": "", "language": "nb"})
    assert response.status_code == 422
    kari.refresh_from_db()
    assert kari.full_name == "Kari Nordmann"
