"""The de minimis register: dated ceilings, the warning before saving, exports and who may see it."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from veier.funding import deminimis
from veier.funding.forms import parse_nok
from veier.funding.models import DeMinimisGrant

pytestmark = pytest.mark.django_db

ORGNR = "974760673"


def aid(day, nok, rate="10", kind="general"):
    return deminimis.Aid(granted_on=day, amount_nok=Decimal(nok), eur_rate=Decimal(rate), kind=kind)


def test_the_ceiling_in_force_on_the_grant_date_applies():
    assert deminimis.assess([], date(2023, 6, 1)).limits[0].ceiling_eur == 200_000
    assert deminimis.assess([], date(2024, 6, 1)).limits[0].ceiling_eur == 0  # the 2024 pause
    assert deminimis.assess([], date(2024, 11, 11)).limits[0].ceiling_eur == 300_000
    sgei = deminimis.assess([], date(2025, 1, 1), kind="sgei")
    assert [limit.key for limit in sgei.limits] == ["de_minimis_sgei"]
    assert sgei.limits[0].ceiling_eur == 750_000


def test_the_old_regulation_counts_fiscal_years_and_the_new_one_rolling_years():
    old = deminimis.assess([], date(2023, 6, 1)).limits[0]
    assert (old.period_rule, old.window_start) == ("fiscal_years", date(2021, 1, 1))
    new = deminimis.assess([], date(2025, 6, 1)).limits[0]
    assert (new.period_rule, new.window_start, new.window_end) == ("rolling", date(2022, 6, 2), date(2025, 6, 1))


def test_aid_older_than_the_window_does_not_count():
    history = [aid(date(2022, 6, 1), "2000000"), aid(date(2022, 6, 2), "1000000")]
    limit = deminimis.assess(history, date(2025, 6, 1)).limits[0]
    assert limit.used_eur == Decimal("100000.00")
    assert limit.headroom_eur == Decimal("200000.00")


def test_general_aid_is_also_held_to_the_sgei_ceiling_together_with_sgei_aid():
    history = [aid(date(2025, 1, 1), "7000000", kind="sgei")]
    check = deminimis.assess(history, date(2025, 2, 1), new=aid(date(2025, 2, 1), "600000"))
    general, combined = check.limits
    assert general.used_eur == Decimal("60000.00") and not general.exceeded
    assert combined.used_eur == Decimal("760000.00") and combined.exceeded
    assert check.exceeded


@pytest.mark.parametrize(("text", "value"), [("150 000", "150000"), ("150000,50", "150000.50"),
                                              ("150.000,50", "150000.50"), ("1 250 000 kr", "1250000"),
                                              ("99.5", "99.5")])
def test_amounts_are_read_as_norwegians_write_them(text, value):
    assert parse_nok(text) == Decimal(value)


@pytest.mark.parametrize("text", ["abc", "150,000.00", "1 50", "-5", "12e3", ""])
def test_amounts_in_the_wrong_format_are_refused(text):
    with pytest.raises(ValueError):
        parse_nok(text)


def post(client, **overrides):
    data = {"orgnr": "974 760 673", "recipient_name": "Besøksvenn AS", "granted_on": "2025-03-01",
            "amount_nok": "1 000 000", "eur_rate": "11,50", "kind": "general",
            "legal_basis": "Forordning (EU) 2023/2831", "action": "save"}
    data.update(overrides)
    return client.post("/finansiering/bagatellstotte/ny/", data)


def test_a_kommune_records_a_grant_within_the_ceiling(client, kari, trondheim_kommune):
    client.force_login(kari)
    response = post(client)
    assert response.status_code == 302
    grant = DeMinimisGrant.objects.get()
    assert (grant.orgnr, grant.amount_nok, grant.eur_rate, grant.public_body) == (
        ORGNR, Decimal("1000000"), Decimal("11.5"), trondheim_kommune)
    assert grant.amount_eur == Decimal("86956.52")


def test_a_grant_over_the_ceiling_is_warned_about_before_it_is_saved(client, kari, trondheim_kommune):
    client.cookies["veier_language"] = "en"
    client.force_login(kari)
    post(client, amount_nok="3 000 000", eur_rate="10")
    response = post(client, granted_on="2025-04-01", amount_nok="500 000", eur_rate="10")
    html = response.content.decode()
    assert response.status_code == 409
    assert "This grant would exceed the de minimis ceiling" in html
    assert "The remaining headroom before this grant is EUR 0;" in html
    assert DeMinimisGrant.objects.count() == 1
    response = post(client, granted_on="2025-04-01", amount_nok="500 000", eur_rate="10", confirm_over_ceiling="on")
    assert response.status_code == 302
    assert DeMinimisGrant.objects.count() == 2


def test_checking_shows_the_headroom_without_saving(client, kari, trondheim_kommune):
    client.cookies["veier_language"] = "en"
    client.force_login(kari)
    response = post(client, action="check", amount_nok="1 000 000", eur_rate="10")
    assert response.status_code == 200
    assert "After this grant the remaining headroom is" in response.content.decode()
    assert not DeMinimisGrant.objects.exists()


def test_bad_input_gets_clear_errors(client, kari, trondheim_kommune):
    client.cookies["veier_language"] = "en"
    client.force_login(kari)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = post(client, amount_nok="1,000,000.00", eur_rate="", granted_on=future, orgnr="974760674")
    html = response.content.decode()
    assert response.status_code == 422
    assert "Write the amount in kroner with digits only" in html
    assert "Give the exchange rate you used" in html
    assert "The date is in the future" in html
    assert "control digit is wrong" in html
    assert "Write the date as YYYY-MM-DD" in post(client, granted_on="1.3.2025").content.decode()
    assert "Veier knows no de minimis ceiling" in post(client, granted_on="2010-01-01").content.decode()


def test_only_members_of_public_bodies_use_the_register(client, aslak, besoksvenn):
    assert client.get("/finansiering/bagatellstotte/").status_code == 302  # to the login page
    client.force_login(aslak)
    for url in ("/finansiering/bagatellstotte/", "/finansiering/bagatellstotte/ny/",
                f"/finansiering/bagatellstotte/{ORGNR}/", "/finansiering/bagatellstotte/eksport.csv"):
        assert client.get(url).status_code == 403


def test_the_undertaking_page_checks_each_grant_on_its_own_date(client, kari, trondheim_kommune):
    client.cookies["veier_language"] = "en"
    client.force_login(kari)
    post(client, granted_on="2023-05-01", amount_nok="1 000 000", eur_rate="10")
    post(client, granted_on="2025-05-01", amount_nok="1 000 000", eur_rate="10")
    html = client.get(f"/finansiering/bagatellstotte/{ORGNR}/").content.decode()
    assert "Besøksvenn AS" in html
    assert html.count("<tr>") >= 4


def test_exports_hold_organisations_and_amounts_but_no_people(client, kari, trondheim_kommune):
    client.force_login(kari)
    post(client)
    csv_text = client.get("/finansiering/bagatellstotte/eksport.csv").content.decode("utf-8-sig")
    header, row = csv_text.strip().splitlines()
    assert header.startswith("granted_by;granted_by_orgnr;orgnr;undertaking;granted_on;amount_nok")
    assert "974760673;Besøksvenn AS;2025-03-01;1000000.00;11.5000" in row
    assert "kari" not in csv_text.lower()
    xlsx = client.get("/finansiering/bagatellstotte/eksport.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client.get("/finansiering/bagatellstotte/eksport.pdf").status_code == 404


def test_the_api_is_for_authenticated_public_body_users_only(client, kari, trondheim_kommune, aslak, besoksvenn):
    assert client.get(f"/api/v1/deminimis/{ORGNR}").status_code == 401
    client.force_login(aslak)
    assert client.get(f"/api/v1/deminimis/{ORGNR}").status_code == 403
    client.force_login(kari)
    post(client)
    body = client.get(f"/api/v1/deminimis/{ORGNR}").json()
    assert body["orgnr"] == ORGNR and body["name"] == "Besøksvenn AS"
    assert body["grants"][0]["amount_eur"] == 86956.52
    assert {limit["ceiling"] for limit in body["today"]} == {"de_minimis", "de_minimis_sgei"}
    assert client.get("/api/v1/deminimis/12345").status_code == 422
