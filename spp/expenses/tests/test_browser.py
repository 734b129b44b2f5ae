"""The indemnification journeys in a real browser, checked by axe-core: a contributor claims
with a photographed receipt on a phone, a coordinator approves, an admin exports for payment."""

import io
import re
from decimal import Decimal

import pytest
from PIL import Image

from spp.core.testing.browser import assert_accessible, login
from spp.core.tests.factories import TEST_PASSWORD, UserFactory
from spp.expenses.models import Claim, PaymentExport
from spp.expenses.tests.factories import (
    ClaimFactory,
    ParticipationFactory,
    PolicyFactory,
    admin_of,
    coordinator_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _ticket_photo(tmp_path):
    path = tmp_path / "ticket.jpg"
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(out, format="JPEG")
    path.write_bytes(out.getvalue())
    return path


def test_a_contributor_claims_a_meal_with_a_photographed_receipt_on_a_phone(phone_page,
                                                                            tmp_path):
    policy = PolicyFactory()
    done = ParticipationFactory(service=policy.service, description="Permanence du samedi",
                                user=UserFactory())
    login(phone_page, done.user.email, TEST_PASSWORD)
    phone_page.goto("/frais/")
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name=re.compile("Demander mes frais")).click()
    phone_page.get_by_role("heading", name=re.compile("Demande de frais n°")).wait_for()
    assert_accessible(phone_page)
    phone_page.get_by_label("Nature du frais").select_option("meals")
    phone_page.get_by_label("Libellé").fill("Repas du midi")
    phone_page.get_by_label("Montant payé (€)").fill("12,40")
    phone_page.get_by_label("Justificatif (photo ou PDF)").set_input_files(_ticket_photo(tmp_path))
    phone_page.get_by_role("button", name="Ajouter ce frais").click()
    phone_page.get_by_text("Le frais est ajouté au brouillon.").wait_for()
    phone_page.get_by_role("button", name="Envoyer ma demande").click()
    phone_page.get_by_text("Votre demande est envoyée.").wait_for()
    assert_accessible(phone_page)
    claim = Claim.objects.get()
    assert (claim.status, claim.total) == ("submitted", Decimal("12.40"))
    assert claim.lines.get().receipt.name.endswith(".jpg")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the claim page scrolls sideways on a phone"


def test_a_coordinator_approves_from_the_queue_and_an_admin_exports_for_payment(page):
    policy = PolicyFactory(payer_name="Commune de Voiron",
                           payer_iban="FR7630006000011234567890189")
    claim = ClaimFactory(policy=policy, total=Decimal("12.50"))
    from spp.expenses.services.payments import payout_account_set

    payout_account_set(actor=claim.claimant, holder_name="Camille Durand",
                       iban="FR7630006000021234567890174")
    login(page, coordinator_of(policy.service).email, TEST_PASSWORD)
    page.goto(f"/frais/services/{policy.service.slug}/a-valider/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Demande n° {claim.pk}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Valider").click()
    page.get_by_text(f"Demande n° {claim.pk} validée.").wait_for()
    assert Claim.objects.get(pk=claim.pk).status == "approved"

    page.context.clear_cookies()
    login(page, admin_of(policy.service.authority).email, TEST_PASSWORD)
    page.goto(f"/frais/services/{policy.service.slug}/paiements/")
    assert_accessible(page)
    page.get_by_label(re.compile("Virement SEPA")).check()
    page.get_by_label(re.compile("Je confirme la mise en paiement")).check()
    page.get_by_role("button", name="Mettre en paiement").click()
    page.get_by_role("link", name=re.compile("Télécharger")).first.wait_for()
    assert_accessible(page)
    assert Claim.objects.get(pk=claim.pk).status == "paid"
    assert PaymentExport.objects.get().format == "sepa"


def test_a_parent_gives_a_claim_up_to_the_association_on_a_phone(phone_page):
    from spp.catalog.tests.factories import ServiceFactory
    from spp.core.tests.factories import OperatorFactory

    policy = PolicyFactory(kind="waivable", service=ServiceFactory(operator=OperatorFactory()))
    claim = ClaimFactory(policy=policy, status="draft", submitted_at=None)
    login(phone_page, claim.claimant.email, TEST_PASSWORD)
    phone_page.goto(f"/frais/demandes/{claim.pk}/")
    phone_page.get_by_role("link", name="Renoncer au remboursement").click()
    assert_accessible(phone_page)
    phone_page.get_by_label("Vos nom et prénoms").fill("Camille Durand")
    phone_page.get_by_label("Votre adresse complète").fill("12 rue de la République, 38500 Voiron")
    phone_page.get_by_label(re.compile("Je renonce")).check()
    phone_page.get_by_role("button", name="Signer la renonciation").click()
    phone_page.get_by_text("Remboursement abandonné au profit de l’association").wait_for()
    assert_accessible(phone_page)
    assert Claim.objects.get(pk=claim.pk).waived
