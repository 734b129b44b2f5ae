"""Proposals, supports, comments, abuse reports, moderation and authoring, via the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from spp.catalog.models import Participation
from spp.catalog.tests.factories import EnrolmentFactory
from spp.consultations import services
from spp.consultations.models import Consultation, Invitation, Proposal, Support
from spp.consultations.tests.factories import (
    CommentFactory,
    ConsultationFactory,
    ProposalFactory,
    SectionFactory,
)
from spp.core.models import AuditLogEntry, Notification
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _manager(consultation, role="agent"):
    return MembershipFactory(organisation=consultation.authority, role=role).user


def test_a_proposal_is_published_at_once_and_writes_the_ledger():
    consultation = ConsultationFactory()
    person = UserFactory()
    proposal = services.proposal_create(
        actor=person, consultation=consultation, title="Des composteurs",
        body="<script>alert(1)</script> dans chaque quartier")
    assert proposal.status == "published"
    assert proposal.body.startswith("<script>")  # stored as typed, escaped when shown
    assert Participation.objects.get(user=person).kind == "proposal"


def test_a_priori_moderation_keeps_new_proposals_pending():
    consultation = ConsultationFactory(moderation=Consultation.Moderation.BEFORE)
    proposal = services.proposal_create(actor=UserFactory(), consultation=consultation,
                                        title="Idée", body="Texte")
    assert proposal.status == "pending"


def test_an_empty_proposal_is_refused_with_the_field_named():
    with pytest.raises(ValidationError) as error:
        services.proposal_create(actor=UserFactory(), consultation=ConsultationFactory(),
                                 title="", body="Texte")
    assert "title" in error.value.message_dict


def test_support_is_once_per_person_withdrawable_and_counted():
    proposal = ProposalFactory()
    person = UserFactory()
    assert services.support_add(actor=person, proposal=proposal) is True
    assert services.support_add(actor=person, proposal=proposal) is False
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert services.support_withdraw(actor=person, proposal=proposal) is True
    proposal.refresh_from_db()
    assert proposal.support_count == 0 and not Support.objects.exists()


def test_the_database_refuses_a_second_support_row():
    proposal, person = ProposalFactory(), UserFactory()
    Support.objects.create(proposal=proposal, user=person)
    with pytest.raises(IntegrityError):
        Support.objects.create(proposal=proposal, user=person)


def test_supporting_is_refused_to_someone_outside_the_audience():
    consultation = ConsultationFactory(audience="enrolled")
    proposal = ProposalFactory(consultation=consultation)
    with pytest.raises(ValidationError):
        services.support_add(actor=UserFactory(), proposal=proposal)
    enrolled = EnrolmentFactory(service=consultation.service).user
    assert services.support_add(actor=enrolled, proposal=proposal)


def test_one_cannot_support_ones_own_proposal():
    proposal = ProposalFactory()
    with pytest.raises(ValidationError):
        services.support_add(actor=proposal.author, proposal=proposal)


def test_hiding_needs_a_public_reason_and_is_logged_audited_and_told():
    proposal = ProposalFactory()
    moderator = _manager(proposal.consultation)
    services.abuse_report_create(actor=UserFactory(), proposal=proposal,
                                 reason="Propos injurieux")
    with pytest.raises(ValidationError):
        services.moderation_decide(actor=moderator, content=proposal, action="hide")
    decision = services.moderation_decide(
        actor=moderator, content=proposal, action="hide", public_reason="Propos injurieux")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.moderation_reason) == ("hidden", "Propos injurieux")
    assert (decision.from_status, decision.to_status) == ("published", "hidden")
    assert AuditLogEntry.objects.filter(action="consultation.moderation.hide").count() == 1
    assert not proposal.abuse_reports.filter(resolved_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=proposal.author).exists()
    services.moderation_decide(actor=moderator, content=proposal, action="restore")
    proposal.refresh_from_db()
    assert proposal.status == "published" and proposal.moderation_reason == ""


def test_an_impossible_transition_is_refused():
    proposal = ProposalFactory()
    with pytest.raises(ValidationError):
        services.moderation_decide(actor=_manager(proposal.consultation),
                                   content=proposal, action="restore")


def test_only_managers_moderate():
    proposal = ProposalFactory()
    with pytest.raises(PermissionDenied):
        services.moderation_decide(actor=UserFactory(), content=proposal,
                                   action="spam")


def test_comment_counter_follows_moderation():
    comment = CommentFactory()
    proposal = comment.proposal
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=1)
    services.moderation_decide(actor=_manager(proposal.consultation), content=comment,
                               action="spam")
    proposal.refresh_from_db()
    assert proposal.comment_count == 0


def test_abuse_report_is_once_per_person():
    proposal, person = ProposalFactory(), UserFactory()
    services.abuse_report_create(actor=person, proposal=proposal, reason="Spam")
    with pytest.raises(ValidationError, match="déjà signalé"):
        services.abuse_report_create(actor=person, proposal=proposal, reason="Spam")


def test_the_context_is_sanitised_and_authoring_is_for_managers_only():
    service = ConsultationFactory().service
    agent = MembershipFactory(organisation=service.authority).user
    consultation = services.consultation_create(
        actor=agent, service=service, title="Budget", slug="budget",
        context='<p onclick="x()">Lire <script>alert(1)</script><a href="javascript:x()">ici</a>'
                '</p>', opens_at=service.created_at,
        closes_at=service.created_at + timedelta(days=365))
    assert "script" not in consultation.context and "onclick" not in consultation.context
    assert "javascript" not in consultation.context
    with pytest.raises(PermissionDenied):
        services.consultation_create(
            actor=UserFactory(), service=service, title="X", slug="x",
            opens_at=service.created_at, closes_at=service.created_at + timedelta(days=365 * 75))


def test_a_choice_question_needs_two_distinct_choices():
    section = SectionFactory()
    agent = _manager(section.consultation)
    with pytest.raises(ValidationError):
        services.question_save(actor=agent, section=section, kind="single_choice",
                               label="Couleur ?", choices=["Bleu"])
    question = services.question_save(actor=agent, section=section,
                                      kind="single_choice", label="Couleur ?",
                                      choices=["Bleu", " Vert ", ""])
    assert question.choices == ["Bleu", "Vert"]


def test_an_evaluation_is_sent_to_contributors_and_served_people_once():
    consultation = ConsultationFactory(kind="evaluation", audience="invited")
    contributors = [EnrolmentFactory(service=consultation.service).user for _ in range(2)]
    served = UserFactory()
    agent = _manager(consultation)
    assert services.evaluation_send(actor=agent, consultation=consultation,
                                    served_people=[served]) == 3
    assert services.evaluation_send(actor=agent, consultation=consultation,
                                    served_people=[served]) == 0
    invited = set(Invitation.objects.values_list("user_id", flat=True))
    assert invited == {p.pk for p in [*contributors, served]}
