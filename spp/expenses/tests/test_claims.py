"""A claim's life through the services: started from one's own participation, filled, sent,
approved or rejected; every refusal keeps the draft as it was and says why."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from spp.catalog.models import Participation
from spp.core.models import AuditLogEntry, Notification
from spp.core.tests.factories import UserFactory
from spp.expenses.models import Claim, CostCategory, LimitUsage, ServiceMonthTotal
from spp.expenses.services.claims import (
    claim_approve,
    claim_line_add,
    claim_reject,
    claim_start,
    claim_submit,
    claim_withdraw,
    claims_bulk_approve,
)
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


def _photo(name="ticket.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _draft(policy=None, **participation):
    policy = policy or PolicyFactory()
    done = ParticipationFactory(service=policy.service, **participation)
    return claim_start(actor=done.user, participation=done), done


def test_a_contributor_starts_a_draft_from_their_own_participation():
    claim, done = _draft()
    assert (claim.status, claim.claimant, claim.participation) == ("draft", done.user, done)
    assert claim.period_month == timezone.localtime(done.occurred_at).date().replace(day=1)


def test_starting_twice_returns_the_same_draft():
    claim, done = _draft()
    assert claim_start(actor=done.user, participation=done) == claim
    assert Claim.objects.count() == 1


def test_someone_elses_participation_cannot_be_claimed():
    policy = PolicyFactory()
    done = ParticipationFactory(service=policy.service)
    with pytest.raises(ValidationError, match="n’est pas la vôtre"):
        claim_start(actor=UserFactory(), participation=done)
    assert not Claim.objects.exists()


def test_a_participation_already_claimed_is_refused():
    claim, done = _draft()
    claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS, amount=Decimal("9"),
                   receipt=_photo())
    claim_submit(actor=done.user, claim=claim)
    with pytest.raises(ValidationError, match=f"demande n° {claim.pk}"):
        claim_start(actor=done.user, participation=done)


def test_a_withdrawn_claim_frees_the_participation_for_a_new_one():
    claim, done = _draft()
    claim_withdraw(actor=done.user, claim=claim)
    again = claim_start(actor=done.user, participation=done)
    assert again.pk != claim.pk and again.status == "draft"


def test_a_claim_after_the_deadline_is_refused():
    policy = PolicyFactory(claim_deadline_days=30)
    done = ParticipationFactory(service=policy.service,
                                occurred_at=timezone.now() - timedelta(days=31))
    with pytest.raises(ValidationError, match="30 jours"):
        claim_start(actor=done.user, participation=done)


def test_a_service_without_an_open_policy_takes_no_claim():
    done = ParticipationFactory()
    with pytest.raises(ValidationError, match="ne prend pas en charge"):
        claim_start(actor=done.user, participation=done)


def test_a_missing_receipt_stops_the_submission_and_keeps_the_draft():
    claim, done = _draft()
    claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS,
                   amount=Decimal("14.30"), description="Repas du soir")
    with pytest.raises(ValidationError, match="justificatif de « Repas du soir » est obligatoire"):
        claim_submit(actor=done.user, claim=claim)
    claim.refresh_from_db()
    assert (claim.status, claim.total, claim.lines.count()) == ("draft", Decimal("14.30"), 1)


def test_a_receipt_that_is_neither_an_image_nor_a_pdf_is_refused():
    claim, done = _draft()
    fake = SimpleUploadedFile("ticket.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="n’est pas un vrai PDF"):
        claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS,
                       amount=Decimal("9"), receipt=fake)
    text = SimpleUploadedFile("ticket.png", b"hello", content_type="image/png")
    with pytest.raises(ValidationError, match="ni une photo lisible"):
        claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS,
                       amount=Decimal("9"), receipt=text)
    assert claim.lines.count() == 0


def test_a_pdf_with_a_script_is_refused_and_a_plain_pdf_is_kept_as_sent():
    claim, done = _draft()
    scripted = (b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n"
                b"%%EOF\n")
    with pytest.raises(ValidationError, match="scripts"):
        claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS,
                       amount=Decimal("9"), receipt=SimpleUploadedFile("a.pdf", scripted))
    plain = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    line = claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS,
                          amount=Decimal("9"), receipt=SimpleUploadedFile("b.pdf", plain))
    with line.receipt.open("rb") as kept:
        assert kept.read() == plain


def test_a_photo_receipt_is_reencoded_as_a_fresh_jpeg():
    claim, done = _draft()
    out = io.BytesIO()
    image = Image.new("RGB", (40, 30), "white")
    exif = Image.Exif()
    exif[0x013B] = "Artiste"  # the Artist tag: metadata that must not survive
    image.save(out, format="PNG", exif=exif)
    line = claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS,
                          amount=Decimal("9"), receipt=SimpleUploadedFile("t.png", out.getvalue()))
    with line.receipt.open("rb") as stored, Image.open(stored) as kept:
        assert kept.format == "JPEG" and not kept.getexif()


def test_a_cost_the_policy_does_not_cover_is_refused():
    claim, done = _draft()
    with pytest.raises(ValidationError, match="ne prend pas en charge ce frais"):
        claim_line_add(actor=done.user, claim=claim, category=CostCategory.CHILDCARE,
                       amount=Decimal("20"))


def test_a_claim_above_the_per_claim_ceiling_cannot_be_sent():
    policy = PolicyFactory(ceiling_per_claim=Decimal("20"))
    claim, done = _draft(policy)
    for amount in ("12", "9"):
        claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS,
                       amount=Decimal(amount), receipt=_photo())
    with pytest.raises(ValidationError, match="plafond par demande est de 20,00"):
        claim_submit(actor=done.user, claim=claim)
    assert Claim.objects.get(pk=claim.pk).status == "draft"


def test_a_sent_claim_can_no_longer_be_changed():
    claim, done = _draft()
    claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS, amount=Decimal("9"),
                   receipt=_photo())
    claim_submit(actor=done.user, claim=claim)
    with pytest.raises(ValidationError, match="ne peut plus être modifiée"):
        claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS,
                       amount=Decimal("5"), receipt=_photo())


def test_approval_is_audited_counted_in_the_month_and_told_to_the_claimant():
    claim = ClaimFactory(total=Decimal("12.50"))
    coordinator = coordinator_of(claim.service)
    claim_approve(actor=coordinator, claim=claim)
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == ("approved", coordinator)
    month = ServiceMonthTotal.objects.get(service=claim.service, month=claim.period_month)
    assert (month.approved_amount, month.approved_count) == (Decimal("12.50"), 1)
    assert AuditLogEntry.objects.filter(action="expenses.claim_approve").count() == 1
    assert Notification.objects.filter(recipient=claim.claimant, title__contains="validée").exists()


def test_only_those_the_policy_names_approve():
    claim = ClaimFactory(policy=PolicyFactory(approver="admin"))
    with pytest.raises(ValidationError, match="ne validez pas"):
        claim_approve(actor=coordinator_of(claim.service), claim=claim)
    assert Claim.objects.get(pk=claim.pk).status == "submitted"


def test_an_approval_beyond_the_monthly_ceiling_is_refused_and_nothing_is_kept():
    policy = PolicyFactory(ceiling_per_month=Decimal("30"))
    person = UserFactory()
    first = ClaimFactory(policy=policy, claimant=person, total=Decimal("20"))
    second = ClaimFactory(policy=policy, claimant=person, total=Decimal("15"),
                          period_month=first.period_month)
    coordinator = coordinator_of(policy.service)
    claim_approve(actor=coordinator, claim=first)
    with pytest.raises(ValidationError, match="plafond mensuel de 30,00 €.*déjà 20,00 €"):
        claim_approve(actor=coordinator, claim=second)
    assert Claim.objects.get(pk=second.pk).status == "submitted"
    usage = LimitUsage.objects.get(user=person, period="month")
    assert (usage.used, usage.ceiling) == (Decimal("20"), Decimal("30"))
    assert ServiceMonthTotal.objects.get(service=policy.service).approved_count == 1


def test_a_rejection_needs_a_reason_that_the_claimant_reads():
    claim = ClaimFactory()
    coordinator = coordinator_of(claim.service)
    with pytest.raises(ValidationError, match="motif"):
        claim_reject(actor=coordinator, claim=claim, reason="  ")
    claim_reject(actor=coordinator, claim=claim, reason="Ticket illisible.")
    claim.refresh_from_db()
    assert (claim.status, claim.decision_reason) == ("rejected", "Ticket illisible.")
    assert Notification.objects.get(recipient=claim.claimant).body == "Ticket illisible."


def test_a_decided_claim_cannot_be_decided_again():
    claim = ClaimFactory()
    coordinator = coordinator_of(claim.service)
    claim_approve(actor=coordinator, claim=claim)
    with pytest.raises(ValidationError, match="n’est plus possible"):
        claim_reject(actor=coordinator, claim=claim, reason="Après coup")


def test_bulk_approval_leaves_flagged_claims_for_one_by_one_review():
    policy = PolicyFactory()
    plain = ClaimFactory(policy=policy)
    flagged = ClaimFactory(policy=policy, flags=[{"code": "late", "reason": "Tard"}])
    approved, refused = claims_bulk_approve(actor=coordinator_of(policy.service),
                                            service=policy.service,
                                            claim_ids=[plain.pk, flagged.pk])
    assert [claim.pk for claim in approved] == [plain.pk]
    assert list(refused) == [flagged.pk]
    assert Claim.objects.get(pk=flagged.pk).status == "submitted"


def test_bulk_approval_is_refused_where_the_policy_asks_for_one_by_one():
    policy = PolicyFactory(bulk_approval_allowed=False)
    claim = ClaimFactory(policy=policy)
    with pytest.raises(ValidationError, match="une à une"):
        claims_bulk_approve(actor=coordinator_of(policy.service), service=policy.service,
                            claim_ids=[claim.pk])


def test_a_flat_round_sum_without_receipt_is_flagged():
    policy = PolicyFactory(costs=[(CostCategory.MEALS, None)])
    claim, done = _draft(policy)
    claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS, amount=Decimal("50"))
    claim = claim_submit(actor=done.user, claim=claim)
    assert [flag["code"] for flag in claim.flags] == ["flat_amount"]
    assert "Montant rond sans justificatif (50,00 €)" in claim.flags[0]["reason"]


def test_the_same_round_sum_every_month_is_flagged():
    policy = PolicyFactory(costs=[(CostCategory.MEALS, None)])
    claim, done = _draft(policy)
    month = claim.period_month
    for _step in range(2):
        month = (month - timedelta(days=1)).replace(day=1)
        earlier = ParticipationFactory(service=policy.service, user=done.user,
                                       occurred_at=done.occurred_at
                                       - timedelta(days=31 * (_step + 1)))
        ClaimFactory(policy=policy, participation=earlier, total=Decimal("40"),
                     period_month=month, status="approved")
    claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS, amount=Decimal("40"),
                   receipt=_photo())
    claim = claim_submit(actor=done.user, claim=claim)
    assert [flag["code"] for flag in claim.flags] == ["same_sum_monthly"]


def test_being_in_two_places_at_once_is_flagged():
    policy = PolicyFactory()
    claim, done = _draft(policy)
    ParticipationFactory(user=done.user, occurred_at=done.occurred_at + timedelta(hours=1),
                         description="Permanence à la crèche")
    claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS, amount=Decimal("9"),
                   receipt=_photo())
    claim = claim_submit(actor=done.user, claim=claim)
    assert [flag["code"] for flag in claim.flags] == ["two_places"]
    assert "Permanence à la crèche" in claim.flags[0]["reason"]


def test_too_many_journeys_in_a_day_and_journeys_too_close_are_flagged():
    policy = PolicyFactory()
    person = UserFactory()
    start = timezone.localtime().replace(hour=6, minute=0, second=0, microsecond=0) - timedelta(
        days=2)
    journeys = [ParticipationFactory(
        service=policy.service, user=person, kind=Participation.Kind.JOURNEY, unit="km",
        quantity=Decimal("12"), occurred_at=start + timedelta(minutes=minutes))
        for minutes in (0, 20, 180, 360, 540)]
    claim = claim_start(actor=person, participation=journeys[0])
    claim_line_add(actor=person, claim=claim, category=CostCategory.MEALS, amount=Decimal("9"),
                   receipt=_photo())
    claim = claim_submit(actor=person, claim=claim)
    assert [flag["code"] for flag in claim.flags] == ["too_many_journeys", "journeys_too_close"]


def test_a_claim_sent_long_after_the_fact_is_flagged():
    policy = PolicyFactory()
    claim, done = _draft(policy, occurred_at=timezone.now() - timedelta(days=60))
    claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS, amount=Decimal("9"),
                   receipt=_photo())
    claim = claim_submit(actor=done.user, claim=claim)
    assert [flag["code"] for flag in claim.flags] == ["late"]
    assert "60 jours" in claim.flags[0]["reason"]


def _last_plain_weekday_morning():
    """09:00 local on the latest Tuesday–Thursday before today that is not a public holiday."""
    from spp.core.holidays import french_public_holidays

    day = timezone.localdate() - timedelta(days=2)
    while day.weekday() not in (1, 2, 3) or day in french_public_holidays(day.year):
        day -= timedelta(days=1)
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 9))


def test_a_volunteer_firefighters_allowance_is_computed_from_the_attended_shift():
    """Arrêté du 17 novembre 2025: a sapeur's hour is 8,71 € from 1 December 2025; three
    daytime hours on a working day carry no increase: 3 × 8,71 = 26,13 €."""
    from spp.catalog.tests.factories import QualificationFactory, QualificationTypeFactory

    policy = PolicyFactory(kind="spv_allowance", costs=[("hourly_allowance", None)])
    person = UserFactory()
    QualificationFactory(user=person, qualification_type=QualificationTypeFactory(code="spv-fi"))
    done = ParticipationFactory(service=policy.service, user=person,
                                occurred_at=_last_plain_weekday_morning())
    claim = claim_start(actor=person, participation=done)
    line = claim.lines.get()
    assert (line.category, line.quantity, line.unit_rate) == (
        "hourly_allowance", Decimal("3"), Decimal("8.71"))
    assert claim.total == line.amount == Decimal("26.13")


def test_kilometres_are_priced_with_the_agents_table_in_force():
    """Arrêté du 3 juillet 2006 as amended on 14 March 2022: a car of 5 CV and less is paid
    0,32 €/km up to 2,000 km a year: 30 km × 0,32 = 9,60 €."""
    policy = PolicyFactory(costs=[(CostCategory.MILEAGE, None)])
    claim, done = _draft(policy)
    line = claim_line_add(actor=done.user, claim=claim, category=CostCategory.MILEAGE,
                          distance_km=Decimal("30"), vehicle_class="5cv_et_moins")
    assert (line.amount, line.unit, line.quantity) == (Decimal("9.60"), "km", Decimal("30"))
    assert "3 juillet 2006" in line.computation


def test_kilometres_without_a_vehicle_are_refused_with_the_field_named():
    policy = PolicyFactory(costs=[(CostCategory.MILEAGE, None)])
    claim, done = _draft(policy)
    with pytest.raises(ValidationError) as refused:
        claim_line_add(actor=done.user, claim=claim, category=CostCategory.MILEAGE,
                       distance_km=Decimal("30"), vehicle_class="")
    assert "vehicle_class" in refused.value.error_dict


def test_a_waived_draft_keeps_the_costs_that_were_signed_for():
    from spp.catalog.tests.factories import ServiceFactory
    from spp.core.tests.factories import OperatorFactory
    from spp.expenses.services.waivers import claim_waive

    policy = PolicyFactory(kind="waivable", service=ServiceFactory(operator=OperatorFactory()))
    claim, done = _draft(policy)
    claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS, amount=Decimal("9"),
                   receipt=_photo())
    claim_waive(actor=done.user, claim=claim, signer_name="Camille Durand",
                signer_address="1 rue de la Gare, 38500 Voiron")
    with pytest.raises(ValidationError, match="renoncé au remboursement"):
        claim_line_add(actor=done.user, claim=claim, category=CostCategory.MEALS,
                       amount=Decimal("5"), receipt=_photo())
    assert claim_submit(actor=done.user, claim=claim).status == "submitted"
