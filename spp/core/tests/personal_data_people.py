"""A person who has used every part of the platform, built with each app's factories, for the
tests of the export of their data (``spp.core.personal_data``); and a second person whose data
must stay out of the first one's export."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from spp.catalog.tests.factories import EnrolmentFactory
from spp.consultations.models import AbuseReport, Answer, Question, Response
from spp.consultations.tests.factories import (
    CommentFactory,
    ProposalFactory,
    SupportFactory,
    questionnaire,
)
from spp.core.tests.factories import UserFactory
from spp.expenses.models import ClaimLine, CostCategory
from spp.expenses.tests.factories import ClaimFactory
from spp.reports.models import Confirmation, Photo, ReportEvent, Supporter
from spp.reports.tests.factories import ReportFactory, image_upload
from spp.rosters.models import (
    Assignment,
    AvailabilityException,
    AvailabilityWindow,
    CallOut,
    CallOutResponse,
    Household,
    HouseholdMember,
)
from spp.rosters.tests.factories import roster_service, shift_with_need


def reports_of(user):
    report = ReportFactory(
        reporter=user,
        address="12 rue des Tilleuls",
        description="Lampadaire éteint depuis une semaine.",
    )
    Photo.objects.create(report=report, image=image_upload(exif=False, size=(60, 40)))
    ReportEvent.objects.create(
        report=report,
        kind="status",
        to_status="in_progress",
        body="Une équipe passe jeudi.",
        public=True,
    )
    ReportEvent.objects.create(
        report=report, kind="note", body="Note des agents seulement", public=False
    )
    other = ReportFactory(address="Place du marché")
    Supporter.objects.create(report=other, user=user)
    Confirmation.objects.create(report=other, user=user, resolution_round=1, outcome="fixed")
    return report


def consultations_of(user):
    consultation, questions = questionnaire()
    response = Response.objects.create(
        consultation=consultation,
        user=user,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    free = questions[Question.Kind.FREE_TEXT]
    Answer.objects.create(response=response, question=free, text="Plus de bancs au parc.")
    Answer.objects.create(response=response, question=questions[Question.Kind.SINGLE], choice="Oui")
    proposal = ProposalFactory(
        author=user, consultation=consultation, title="Un composteur collectif"
    )
    CommentFactory(author=user, proposal=proposal, body="Près de l’école, de préférence.")
    SupportFactory(user=user, proposal=ProposalFactory(consultation=consultation))
    AbuseReport.objects.create(
        proposal=ProposalFactory(consultation=consultation),
        reporter=user,
        reason="Propos injurieux",
    )
    return consultation, free


def rosters_of(user):
    service = roster_service()
    _enrol(user, service)
    AvailabilityException.objects.create(
        user=user,
        service=service,
        starts_at=timezone.now() + timedelta(days=10),
        ends_at=timezone.now() + timedelta(days=12),
        note="Vacances",
    )
    shift, need = shift_with_need(service, title="Garde du samedi")
    Assignment.objects.create(
        shift=shift, need=need, user=user, status="published", source="signup"
    )
    callout = CallOut.objects.create(shift=shift, need=need, places=1)
    CallOutResponse.objects.create(callout=callout, user=user, answer="declined")
    household = Household.objects.create(service=service, name="Foyer Martin")
    HouseholdMember.objects.create(household=household, service=service, user=user)
    return user


def _enrol(user, service):
    EnrolmentFactory(user=user, service=service)
    AvailabilityWindow.objects.create(
        user=user, service=service, weekday=2, start_minute=1080, end_minute=1320
    )
    return user


def expenses_of(user, receipt_name="ticket.pdf"):
    claim = ClaimFactory(claimant=user, lines=False)
    ClaimLine.objects.create(
        claim=claim,
        category=CostCategory.MEALS,
        description="Repas de la collecte",
        amount=Decimal("12.50"),
        receipt=SimpleUploadedFile(receipt_name, b"%PDF-1.4 ticket", "application/pdf"),
    )
    return claim


def a_person_with_data():
    user = UserFactory(first_name="Léa")
    reports_of(user)
    consultations_of(user)
    rosters_of(user)
    expenses_of(user)
    return user
