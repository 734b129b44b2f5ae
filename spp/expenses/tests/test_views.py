"""The expenses pages as people use them: a contributor's "Mes frais" and claim page, the
review queue and decision, the budget; who may open what (404 for anyone else)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from spp.core.tests.factories import UserFactory
from spp.expenses.models import Claim, ServiceMonthTotal
from spp.expenses.services.claims import claim_approve
from spp.expenses.tests.factories import (
    ClaimFactory,
    ParticipationFactory,
    PolicyFactory,
    coordinator_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _photo():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format="JPEG")
    return SimpleUploadedFile("ticket.jpg", out.getvalue(), content_type="image/jpeg")


def test_my_claims_offers_recent_participations_and_says_when_there_are_no_claims(client):
    policy = PolicyFactory()
    done = ParticipationFactory(service=policy.service, description="Garde du samedi")
    client.force_login(done.user)
    page = client.get(reverse("expenses:my_claims")).content.decode()
    assert "Garde du samedi" in page and "Demander mes frais" in page
    assert "Vous n’avez encore fait aucune demande." in page


def test_a_contributor_claims_with_a_receipt_and_sends(client):
    policy = PolicyFactory()
    done = ParticipationFactory(service=policy.service)
    client.force_login(done.user)
    response = client.post(reverse("expenses:claim_start", args=[done.pk]))
    claim = Claim.objects.get()
    assert response.url == reverse("expenses:claim_detail", args=[claim.pk])
    response = client.post(reverse("expenses:claim_line_add", args=[claim.pk]), {
        "category": "meals", "description": "Repas", "amount": "11,40", "receipt": _photo()})
    assert response.status_code == 302
    client.post(reverse("expenses:claim_submit", args=[claim.pk]))
    claim.refresh_from_db()
    assert (claim.status, claim.total) == ("submitted", Decimal("11.40"))


def test_a_bad_receipt_is_shown_beside_the_form_and_the_draft_is_kept(client):
    policy = PolicyFactory()
    done = ParticipationFactory(service=policy.service)
    client.force_login(done.user)
    client.post(reverse("expenses:claim_start", args=[done.pk]))
    claim = Claim.objects.get()
    response = client.post(reverse("expenses:claim_line_add", args=[claim.pk]), {
        "category": "meals", "description": "Repas", "amount": "11",
        "receipt": SimpleUploadedFile("virus.pdf", b"MZ not a pdf")})
    assert response.status_code == 400
    page = response.content.decode()
    assert "n’est pas un vrai PDF" in page and 'value="Repas"' in page
    assert claim.lines.count() == 0


def test_someone_elses_participation_and_claim_answer_404(client):
    claim = ClaimFactory()
    client.force_login(UserFactory())
    assert client.post(reverse("expenses:claim_start",
                               args=[claim.participation.pk])).status_code == 404
    assert client.get(reverse("expenses:claim_detail", args=[claim.pk])).status_code == 404
    line = claim.lines.get()
    assert client.get(reverse("expenses:claim_line_receipt",
                              args=[claim.pk, line.pk])).status_code == 404


def test_the_review_queue_shows_flags_to_approvers_and_404_to_others(client):
    claim = ClaimFactory(flags=[{"code": "late", "reason": "Demande envoyée 60 jours après."}])
    client.force_login(UserFactory())
    url = reverse("expenses:review_queue", args=[claim.service.slug])
    assert client.get(url).status_code == 404
    client.force_login(coordinator_of(claim.service))
    page = client.get(url).content.decode()
    assert f"Demande n° {claim.pk}" in page and "Demande envoyée 60 jours après." in page


def test_a_rejection_without_reason_is_refused_on_the_page(client):
    claim = ClaimFactory()
    client.force_login(coordinator_of(claim.service))
    response = client.post(reverse("expenses:claim_decide", args=[claim.pk]),
                           {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    assert "Donnez le motif du refus" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "submitted"


def test_an_approver_approves_in_bulk_from_the_queue(client):
    policy = PolicyFactory()
    claims = [ClaimFactory(policy=policy) for _ in range(2)]
    client.force_login(coordinator_of(policy.service))
    client.post(reverse("expenses:claims_bulk_approve", args=[policy.service.slug]),
                {"claims": [claim.pk for claim in claims]})
    assert set(Claim.objects.values_list("status", flat=True)) == {"approved"}


def test_the_budget_shows_each_month_against_the_plan(client):
    policy = PolicyFactory(monthly_budget=Decimal("10"))
    claim = ClaimFactory(policy=policy, total=Decimal("12.50"))
    coordinator = coordinator_of(policy.service)
    claim_approve(actor=coordinator, claim=claim)
    client.force_login(coordinator)
    response = client.get(reverse("expenses:service_budget", args=[policy.service.slug]),
                          {"annee": claim.period_month.year})
    page = response.content.decode()
    assert "12,50 €" in page and "dépassé" in page and "<svg" in page
    assert ServiceMonthTotal.objects.get().approved_amount == Decimal("12.50")


def test_the_budget_is_for_the_services_members_only(client):
    policy = PolicyFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("expenses:service_budget",
                              args=[policy.service.slug])).status_code == 404


def test_the_back_office_links_a_service_to_its_expenses_and_my_engagement_to_my_claims(client):
    policy = PolicyFactory()
    client.force_login(coordinator_of(policy.service))
    page = client.get(reverse("catalog:manage_enrolments", args=[policy.service.slug]))
    budget = reverse("expenses:service_budget", args=[policy.service.slug])
    assert f'href="{budget}"' in page.content.decode()
    client.force_login(UserFactory())
    page = client.get(reverse("core:my_engagement")).content.decode()
    assert f'href="{reverse("expenses:my_claims")}"' in page
