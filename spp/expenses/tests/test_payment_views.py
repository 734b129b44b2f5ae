"""The payment pages, through HTTP as people use them: a contributor gives their bank account,
an admin exports the approved claims and downloads the file; nobody else sees either."""

import uuid

import pytest
from django.urls import reverse

from spp.core.models import Membership
from spp.core.tests.factories import MembershipFactory, UserFactory
from spp.expenses.models import Claim, PaymentExport, PayoutAccount
from spp.expenses.tests.payment_factories import (
    IBAN_FR,
    admin_of,
    approved_claim,
    policy_with_payer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _export_post(client, service, export_format="csv", token=None, confirm=True):
    data = {"format": export_format, "form_token": str(token or uuid.uuid4())}
    if confirm:
        data["confirm"] = "on"
    return client.post(reverse("expenses:service_payments", args=[service.slug]), data)


def test_a_contributor_gives_their_account_and_then_sees_the_iban_masked(client):
    person = UserFactory(first_name="Hélène", last_name="Dupré")
    client.force_login(person)
    url = reverse("expenses:payout_account")
    page = client.get(url)
    assert page.status_code == 200 and "Hélène Dupré" in page.content.decode()
    response = client.post(
        url,
        {"holder_name": "Hélène Dupré", "iban": "FR76 3000 6000 0112 3456 7890 189", "bic": ""},
        follow=True,
    )
    html = response.content.decode()
    assert "Votre compte de remboursement est enregistré." in html
    assert "FR76 •••• 0189" in html and IBAN_FR not in html
    assert PayoutAccount.objects.get(user=person).bic == "AGRIFRPPXXX"


def test_an_invalid_iban_is_refused_beside_its_field_and_what_was_typed_is_kept(client):
    person = UserFactory()
    client.force_login(person)
    typed = {"holder_name": "Hélène Dupré", "iban": "FR76 3000 6000 0112 3456 7890 188"}
    response = client.post(reverse("expenses:payout_account"), typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_iban_error"' in html and "chiffres de contrôle" in html
    assert 'value="Hélène Dupré"' in html and 'value="FR76 3000 6000 0112 3456 7890 188"' in html
    assert not PayoutAccount.objects.exists()


def test_the_payments_page_shows_what_awaits_payment_and_who_has_no_account(client):
    policy = policy_with_payer()
    approved_claim(policy, total="12.50")
    without = approved_claim(policy, total="7.50", with_account=False)
    client.force_login(admin_of(policy.service))
    response = client.get(reverse("expenses:service_payments", args=[policy.service.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 — 20,00 €" in html and "1 — 12,50 €" in html
    assert f"Demande n° {without.pk}" in html
    assert 'name="confirm"' in html


def test_only_the_paying_organisations_admins_reach_the_payments_page(client):
    policy = policy_with_payer()
    claim = approved_claim(policy)
    coordinator = MembershipFactory(
        organisation=policy.service.authority, role=Membership.Role.COORDINATOR
    ).user
    url = reverse("expenses:service_payments", args=[policy.service.slug])
    for person in (coordinator, claim.claimant):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert _export_post(client, policy.service).status_code == 404
    assert Claim.objects.get(pk=claim.pk).status == "approved"


def test_exporting_without_the_confirmation_pays_nothing(client):
    policy = policy_with_payer()
    claim = approved_claim(policy)
    client.force_login(admin_of(policy.service))
    response = _export_post(client, policy.service, confirm=False)
    assert "Cochez la case pour confirmer la mise en paiement." in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "approved"


def test_an_admin_exports_then_downloads_exactly_the_recorded_file(client):
    policy = policy_with_payer()
    claim = approved_claim(policy)
    client.force_login(admin_of(policy.service))
    response = _export_post(client, policy.service, "sepa")
    assert response.status_code == 302
    export = PaymentExport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "1 demande(s) mise(s) en paiement pour 12,50 €" in page
    download = reverse("expenses:payment_export_download", args=[export.pk])
    assert download in page
    file_response = client.get(download)
    body = b"".join(file_response.streaming_content)
    assert file_response["Content-Type"] == "application/xml"
    assert "attachment" in file_response["Content-Disposition"]
    with export.file.open("rb") as stored:
        assert body == stored.read()
    assert f"SPP-CLAIM-{claim.pk}".encode() in body


def test_a_double_click_on_export_exports_once_and_says_nothing_wrong(client):
    policy = policy_with_payer()
    approved_claim(policy)
    client.force_login(admin_of(policy.service))
    token = uuid.uuid4()
    first = _export_post(client, policy.service, token=token)
    second = _export_post(client, policy.service, token=token)
    assert first.status_code == second.status_code == 302
    assert PaymentExport.objects.count() == 1


def test_exporting_again_says_there_is_nothing_left_to_pay(client):
    policy = policy_with_payer()
    approved_claim(policy)
    client.force_login(admin_of(policy.service))
    _export_post(client, policy.service)
    response = _export_post(client, policy.service)
    assert response.status_code == 200
    assert "Aucune demande validée n’attend de paiement" in response.content.decode()
    assert PaymentExport.objects.count() == 1


def test_the_file_is_404_for_anyone_who_may_not_export(client):
    policy = policy_with_payer()
    claim = approved_claim(policy)
    client.force_login(admin_of(policy.service))
    _export_post(client, policy.service)
    export = PaymentExport.objects.get()
    other_admin = admin_of(policy_with_payer().service)
    for person in (claim.claimant, other_admin):
        client.force_login(person)
        response = client.get(reverse("expenses:payment_export_download", args=[export.pk]))
        assert response.status_code == 404


def test_the_account_page_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("expenses:payout_account"))
    assert response.status_code == 302 and "login" in response["Location"]
