"""Attestations of volunteer activity: what an attestation counts from a small hand-built
ledger, the periods it refuses, the PDF its holder downloads (and nobody else), the public
check by code, revocation, and the holder's export and erasure. Through HTTP where a person
would go through a page; every date is explicit (none depends on today's, except the one
test about a period ending in the future)."""

import io
import re
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from spp.catalog.models import Participation
from spp.catalog.tests.factories import ServiceFactory
from spp.core.models import AuditLogEntry
from spp.core.personal_data import personal_data_export
from spp.core.services import user_erase
from spp.core.tests.factories import OrganisationFactory, UserFactory
from spp.impact.attestation_pdf import attestation_pdf
from spp.impact.models import Attestation
from spp.impact.selectors.attestations import attestation_code_normalise
from spp.impact.services import attestations as services
from spp.impact.services.attestations import attestation_issue
from spp.impact.tests.factories_attestations import (
    AttestationFactory,
    correction_of,
    ledger_row,
    paris,
)

pytestmark = pytest.mark.django_db

K = Participation.Kind
U = Participation.Unit
YEAR_2024 = {"starts_on": date(2024, 1, 1), "ends_on": date(2024, 12, 31)}
LIST_URL = "/impact/mon-engagement/attestations/"


@pytest.fixture
def world():
    """One person with a year of activity for the commune of Voiron (two services), some
    of it corrected, some of it money, some for another authority or out of the period."""
    authority = OrganisationFactory(name="Commune de Voiron")
    creche = ServiceFactory(authority=authority, name="Crèche parentale")
    voirie = ServiceFactory(authority=authority, name="Signalements voirie")
    elsewhere = ServiceFactory(name="Pompiers volontaires")  # another authority
    person = UserFactory(first_name="Anne", last_name="Bernard")
    ledger_row(person, creche, paris(2024, 3, 10, 18))                      # 3 h
    cancelled = ledger_row(person, creche, paris(2024, 4, 1, 18), quantity="2")
    correction_of(cancelled)                                              # 2 - 2: no act
    shortened = ledger_row(person, creche, paris(2024, 5, 1, 18), quantity="4")
    correction_of(shortened, quantity="-1")                               # 3 h, one act
    ledger_row(person, creche, paris(2024, 12, 31, 23, 30), quantity="1")  # last Paris day
    ledger_row(person, creche, paris(2023, 12, 31, 23, 30), quantity="7")  # the day before
    ledger_row(person, creche, paris(2025, 1, 1, 0, 30), quantity="7")  # 2024-12-31 in UTC
    ledger_row(person, creche, paris(2024, 6, 1, 12), kind=K.INDEMNITY_PAID, quantity="25",
               unit=U.EUROS)
    ledger_row(person, voirie, paris(2024, 6, 2, 9), kind=K.REPORT, quantity="1", unit=U.COUNT)
    ledger_row(person, elsewhere, paris(2024, 7, 1, 18), quantity="5")
    ledger_row(UserFactory(), creche, paris(2024, 7, 2, 18), quantity="9")  # someone else
    return {"authority": authority, "person": person, "elsewhere": elsewhere.authority}


def issued(world, **period):
    return attestation_issue(actor=world["person"], authority=world["authority"],
                             **(period or YEAR_2024))


def pdf_text_of(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- what an attestation counts ----------------------------------------------------------


def test_issue_counts_own_volunteering_for_the_authority_in_the_period(world):
    attestation = issued(world)

    assert [(line["service"], line["kind_code"], line["quantity"], line["unit_code"],
             line["acts"]) for line in attestation.lines] == [
        ("Crèche parentale", "shift", "7.00", "hours", 3),
        ("Signalements voirie", "report", "1.00", "count", 1),
    ]
    assert attestation.lines[0]["kind"] == "Garde ou permanence effectuée"
    assert attestation.lines[0]["unit"] == "heures"
    assert attestation.total_hours == Decimal("7.00")
    assert attestation.holder_name == "Anne Bernard"
    assert attestation.user == world["person"]
    assert attestation.revoked_at is None
    assert AuditLogEntry.objects.filter(action="attestation.issue",
                                        target_id=str(attestation.pk)).exists()


def test_issue_leaves_out_money_even_when_corrected(world):
    creche = world["authority"].services.get(name="Crèche parentale")
    paid = ledger_row(world["person"], creche, paris(2024, 8, 1, 12), kind=K.INDEMNITY_PAID,
                      quantity="40", unit=U.EUROS)
    correction_of(paid)

    assert {line["kind_code"] for line in issued(world).lines} == {"shift", "report"}


def test_code_is_unguessable_looking_and_unambiguous(world):
    code = issued(world).code

    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code)
    assert attestation_code_normalise(f"  {code.lower().replace('-', ' ')} ") == code


def test_a_code_already_taken_is_drawn_again(world, monkeypatch):
    AttestationFactory(code="AAAA-BBBB-CCCC")
    drawn = iter(["AAAA-BBBB-CCCC", "DDDD-EEEE-FFFF"])
    monkeypatch.setattr(services, "attestation_code_new", lambda: next(drawn))

    assert issued(world).code == "DDDD-EEEE-FFFF"


@pytest.mark.parametrize(("period", "message"), [
    ({"starts_on": date(2024, 6, 1), "ends_on": date(2024, 5, 31)}, "précède son début"),
    ({"starts_on": date(2019, 1, 1), "ends_on": date(2024, 1, 1)}, "au plus 5 ans"),
    ({"starts_on": date(2024, 1, 1), "ends_on": None}, "dernier jour"),
    ({"starts_on": date(2022, 1, 1), "ends_on": date(2022, 12, 31)}, "Aucune activité"),
])
def test_issue_refuses_with_a_clear_message(world, period, message):
    with pytest.raises(ValidationError) as refused:
        issued(world, **period)

    assert message in " ".join(refused.value.messages)
    assert not Attestation.objects.exists()


def test_issue_refuses_a_period_not_yet_over(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        issued(world, starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=1))

    assert "après aujourd’hui" in " ".join(refused.value.messages)


def test_five_years_exactly_is_accepted(world):
    attestation = issued(world, starts_on=date(2020, 1, 1), ends_on=date(2024, 12, 31))

    assert attestation.total_hours == Decimal("14.00")  # the 2023-12-31 shift counts now


def test_issue_refuses_an_account_without_a_name(world):
    world["person"].first_name = world["person"].last_name = ""
    world["person"].save()

    with pytest.raises(ValidationError) as refused:
        issued(world)

    assert "prénom et nom" in " ".join(refused.value.messages)


# --- the page ----------------------------------------------------------------------------


def test_person_asks_for_an_attestation_and_finds_it_in_the_list(client, world):
    client.force_login(world["person"])

    OrganisationFactory()  # an authority the person never served: not offered
    page = client.get(LIST_URL)
    assert page.status_code == 200
    choices = page.context["form"].fields["authority"].queryset
    assert set(choices) == {world["authority"], world["elsewhere"]}

    token = page.context["form"].initial["form_token"]
    asked = {"authority": world["authority"].pk, "starts_on": "2024-01-01",
             "ends_on": "2024-12-31", "form_token": token}
    response = client.post(LIST_URL, asked, follow=True)
    attestation = Attestation.objects.get()
    assert response.redirect_chain == [(LIST_URL, 302)]
    body = response.content.decode()
    assert attestation.code in body
    assert "Votre attestation est prête" in body
    assert reverse("impact:attestation_pdf", args=[attestation.code]) in body
    # The same form sent again (a double click, a retry) issues nothing more.
    again = client.post(LIST_URL, asked)
    assert (again.status_code, again["Location"]) == (302, LIST_URL)
    assert Attestation.objects.count() == 1


def test_refused_period_keeps_what_was_typed(client, world):
    client.force_login(world["person"])

    response = client.post(LIST_URL, {"authority": world["authority"].pk,
                                      "starts_on": "2024-06-01", "ends_on": "2024-05-31",
                                      "form_token": uuid.uuid4()})

    assert response.status_code == 200
    body = response.content.decode()
    assert "La fin de la période précède son début." in body
    assert 'value="2024-06-01"' in body and 'value="2024-05-31"' in body
    assert not Attestation.objects.exists()


def test_an_authority_the_person_never_served_cannot_be_chosen(client, world):
    client.force_login(world["person"])

    response = client.post(LIST_URL, {"authority": OrganisationFactory().pk,
                                      "starts_on": "2024-01-01", "ends_on": "2024-12-31",
                                      "form_token": uuid.uuid4()})

    assert response.status_code == 200
    assert response.context["form"].errors["authority"]
    assert not Attestation.objects.exists()


def test_someone_without_participation_is_told_so(client):
    client.force_login(UserFactory())

    response = client.get(LIST_URL)

    assert "Aucune participation n’est encore enregistrée" in response.content.decode()


def test_my_engagement_links_to_the_attestations(client, world):
    client.force_login(world["person"])

    response = client.get(reverse("core:my_engagement"))

    assert f'href="{LIST_URL}"' in response.content.decode()


# --- the PDF -----------------------------------------------------------------------------


def test_holder_downloads_the_pdf_with_the_code_and_the_verification_address(client, world):
    attestation = issued(world)
    client.force_login(world["person"])

    response = client.get(reverse("impact:attestation_pdf", args=[attestation.code]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text_of(response.content).split())  # lines wrapped anywhere
    for expected in (attestation.code, "Anne Bernard", "Commune de Voiron", "Crèche parentale",
                     f"http://testserver/transparence/verifier/{attestation.code}/",
                     "1er janvier 2024", "31 décembre 2024", "7 heures", "sans rémunération"):
        assert expected in text


def test_pdf_is_the_same_each_time_and_readable_uncompressed(world):
    attestation = issued(world)
    url = "https://spp.example/transparence/verifier/x/"

    assert attestation_pdf(attestation, verify_url=url) == attestation_pdf(
        attestation, verify_url=url)
    assert attestation.code.encode() in attestation_pdf(attestation, verify_url=url,
                                                        compress=False)


def test_pdf_prints_names_outside_windows_1252_without_failing(world):
    attestation = AttestationFactory(holder_name="Łucja Nguyễn", authority=world["authority"])

    text = pdf_text_of(attestation_pdf(attestation, verify_url="https://spp.example/v/"))

    assert "Lucja Nguyen" in text


def test_only_the_holder_downloads_the_pdf(client, world):
    attestation = issued(world)
    url = reverse("impact:attestation_pdf", args=[attestation.code])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


# --- the public check --------------------------------------------------------------------


def test_anyone_checks_an_attestation_by_its_code_however_typed(client, world):
    attestation = issued(world)
    typed = attestation.code.lower().replace("-", " ")

    form = client.get(reverse("transparency:verify"))
    assert form.status_code == 200
    response = client.get(reverse("transparency:verify"), {"code": typed}, follow=True)

    page_url = reverse("transparency:verify_code", args=[attestation.code])
    assert response.redirect_chain == [(page_url, 302)]
    body = response.content.decode()
    for expected in ("Anne Bernard", "Commune de Voiron", "Crèche parentale",
                     "Signalements voirie", "est valable", "7 h"):
        assert expected in body
    assert world["person"].email not in body
    assert response["Cache-Control"] == "no-store"


def test_a_wrong_code_says_no_attestation_bears_it(client, world):
    issued(world)

    response = client.get(reverse("transparency:verify"), {"code": "ZZZZ-ZZZZ-ZZZZ"})
    assert response.status_code == 200
    assert "Aucune attestation ne porte ce code" in response.content.decode()

    direct = client.get(reverse("transparency:verify_code", args=["ZZZZ-ZZZZ-ZZZZ"]))
    assert direct.status_code == 404
    assert "Aucune attestation ne porte ce code" in direct.content.decode()


def test_holder_revokes_and_the_check_says_so(client, world):
    attestation = issued(world)
    client.force_login(world["person"])

    response = client.post(LIST_URL, {"revoke": attestation.code}, follow=True)

    assert "est révoquée" in response.content.decode()
    attestation.refresh_from_db()
    assert attestation.revoked_at is not None
    client.logout()
    check = client.get(reverse("transparency:verify_code", args=[attestation.code]))
    assert "a été révoquée" in check.content.decode()


def test_nobody_else_revokes_an_attestation(client, world):
    attestation = issued(world)
    client.force_login(UserFactory())

    assert client.post(LIST_URL, {"revoke": attestation.code}).status_code == 404
    attestation.refresh_from_db()
    assert attestation.revoked_at is None


# --- personal data -----------------------------------------------------------------------


def test_export_lists_the_persons_attestations(world):
    attestation = issued(world)

    section = personal_data_export(world["person"])["attestations_engagement"]

    assert [(row["code"], row["autorite"], row["total_heures"]) for row in section] == [
        (attestation.code, "Commune de Voiron", Decimal("7.00"))]


def test_erasure_removes_the_name_and_revokes(client, world):
    attestation = issued(world)

    user_erase(user=world["person"])

    attestation.refresh_from_db()
    assert attestation.user is None
    assert attestation.holder_name == "Personne effacée"
    assert attestation.revoked_at is not None
    body = client.get(reverse("transparency:verify_code", args=[attestation.code])).content
    assert "Bernard" not in body.decode()
    assert "a été révoquée" in body.decode()
