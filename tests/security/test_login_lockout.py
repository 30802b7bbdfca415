"""Login throttling with django-axes: five wrong passwords lock that e-mail address from that address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logg-inn/"


@pytest.fixture
def english(client):
    client.cookies["veier_language"] = "en"
    return client


def wrong(client, email="kari@trondheim.example"):
    return client.post(LOGIN, {"username": email, "password": "feil-passord-123"})


def test_wrong_passwords_before_the_limit_get_the_normal_error(english, kari):
    for _ in range(4):
        response = wrong(english)
        assert response.status_code == 200
        assert "Wrong e-mail address or password." in response.content.decode()


def test_the_fifth_failure_locks_out_and_even_the_right_password_is_then_refused(english, kari):
    for _ in range(4):
        assert wrong(english).status_code == 200
    locked = wrong(english)
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    # The sixth try, wrong or right, is refused without checking the password.
    assert wrong(english).status_code == 429
    right = english.post(LOGIN, {"username": "kari@trondheim.example", "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in english.session


def test_after_the_cool_off_the_right_password_works_again(english, kari):
    for _ in range(5):
        wrong(english)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    right = english.post(LOGIN, {"username": "kari@trondheim.example", "password": PASSWORD})
    assert right.status_code == 302
    assert english.session["_auth_user_id"] == str(kari.pk)


def test_the_lock_is_per_user_and_address(english, kari, aslak):
    for _ in range(5):
        wrong(english)
    other = english.post(LOGIN, {"username": "aslak@besoksvenn.example", "password": PASSWORD})
    assert other.status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(english, kari):
    for number in range(5):
        english.post(LOGIN, {"username": "kari@trondheim.example", "password": "x" * 12},
                     HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    assert wrong(english).status_code == 429


def test_changing_the_case_of_the_address_does_not_give_new_tries(english, kari):
    for email in ["kari@trondheim.example", "KARI@trondheim.example", "Kari@Trondheim.example",
                  "kari@TRONDHEIM.example"]:
        assert wrong(english, email).status_code == 200
    assert wrong(english, "kaRI@trondheim.example").status_code == 429
