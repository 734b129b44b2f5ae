"""Moderation and proposals as Decidim users expect: a moderator dismisses a flag and keeps the
content; an author edits their proposal within the set time after filing it, and not after."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from spp.consultations import permissions, services
from spp.consultations.models import AbuseReport, ModerationDecision, Proposal
from spp.consultations.results import consultation_counts
from spp.consultations.selectors import moderation_queue, proposal_list
from spp.consultations.tests.factories import CommentFactory, ConsultationFactory, ProposalFactory
from spp.core.models import AuditLogEntry
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _manager(consultation):
    return MembershipFactory(organisation=consultation.authority, role="agent").user


def _flag(content, count=1):
    field = "proposal" if isinstance(content, Proposal) else "comment"
    return [services.abuse_report_create(actor=UserFactory(), reason="Hors sujet",
                                         **{field: content}) for _ in range(count)]


# Dismissing flags


def test_dismissing_one_flag_keeps_the_content_published_and_the_other_flags_queued():
    proposal = ProposalFactory()
    first, second = _flag(proposal, 2)
    moderator = _manager(proposal.consultation)
    assert services.abuse_report_dismiss(actor=moderator, content=proposal, report=first) == 1
    proposal.refresh_from_db()
    assert proposal.status == "published"
    queued = moderation_queue(proposal.consultation)["reports"]
    assert [report.pk for report in queued] == [second.pk]
    decision = ModerationDecision.objects.get()
    assert (decision.action, decision.from_status, decision.to_status) == (
        "dismiss", "published", "published")
    entry = AuditLogEntry.objects.get(action="consultation.moderation.dismiss")
    assert entry.data["reports"] == [first.pk]


def test_dismissing_all_flags_of_a_comment_empties_the_queue():
    comment = CommentFactory()
    _flag(comment, 3)
    count = services.abuse_report_dismiss(actor=_manager(comment.proposal.consultation),
                                          content=comment)
    assert count == 3
    comment.refresh_from_db()
    assert comment.status == "published"
    assert not moderation_queue(comment.proposal.consultation)["reports"]
    assert not AbuseReport.objects.filter(resolved_at__isnull=True).exists()


def test_only_moderators_dismiss_and_a_dismissed_flag_cannot_be_dismissed_twice():
    proposal = ProposalFactory()
    (report,) = _flag(proposal)
    with pytest.raises(PermissionDenied):
        services.abuse_report_dismiss(actor=UserFactory(), content=proposal)
    moderator = _manager(proposal.consultation)
    services.abuse_report_dismiss(actor=moderator, content=proposal, report=report)
    with pytest.raises(ValidationError):
        services.abuse_report_dismiss(actor=moderator, content=proposal, report=report)
    assert ModerationDecision.objects.count() == 1


def test_the_moderation_page_dismisses_a_flag_and_labels_every_status(client):
    proposal = ProposalFactory(title="Un banc de plus")
    _flag(proposal, 2)
    moderator = _manager(proposal.consultation)
    services.moderation_decide(actor=moderator, content=ProposalFactory(
        consultation=proposal.consultation), action="hide", public_reason="Injurieux")
    client.force_login(moderator)
    url = reverse("consultations:moderation", args=[proposal.consultation.slug])
    page = client.get(url)
    assert "Écarter les 2 signalements de ce contenu" in page.text
    assert "Publiée → Masquée par la modération" in page.text
    assert "published → hidden" not in page.text
    response = client.post(reverse("consultations:moderation_decision",
                                   args=[proposal.consultation.slug]),
                           {"target": "proposal", "target_id": proposal.pk,
                            "action": "dismiss", "report": "", "next": url}, follow=True)
    assert "2 signalements écartés" in response.text
    assert "Aucun signalement en attente." in response.text
    assert "Signalement écarté" in response.text
    proposal.refresh_from_db()
    assert proposal.status == "published"


# An author edits their proposal


def test_the_author_edits_within_the_set_time_and_the_edit_is_recorded():
    proposal = ProposalFactory(title="Des bancs", body="Près de l’école.")
    services.proposal_update(actor=proposal.author, proposal=proposal,
                             title="Des bancs à l’ombre", body="Près de l’école, à l’ombre.")
    proposal.refresh_from_db()
    assert (proposal.title, proposal.body) == ("Des bancs à l’ombre", "Près de l’école, à l’ombre.")
    assert proposal.edited_at is not None
    entry = AuditLogEntry.objects.get(action="consultation.proposal.edit")
    assert entry.data["before"] == {"title": "Des bancs", "body": "Près de l’école."}


def test_the_author_cannot_edit_once_the_set_time_has_passed():
    minutes = permissions.PROPOSAL_EDIT_MINUTES
    late = ProposalFactory(created_at=timezone.now() - timedelta(minutes=minutes, seconds=1))
    just_in_time = ProposalFactory(
        created_at=timezone.now() - timedelta(minutes=minutes, seconds=-30))
    with pytest.raises(ValidationError, match="délai"):
        services.proposal_update(actor=late.author, proposal=late, title="Autre", body="Autre")
    services.proposal_update(actor=just_in_time.author, proposal=just_in_time, title="Autre",
                             body="Autre")
    late.refresh_from_db()
    assert late.title != "Autre" and late.edited_at is None
    assert not AuditLogEntry.objects.filter(action="consultation.proposal.edit",
                                            target_id=str(late.pk)).exists()


def test_the_edit_time_is_a_setting(settings):
    proposal = ProposalFactory(created_at=timezone.now() - timedelta(minutes=20))
    assert not permissions.can_edit_proposal(proposal.author, proposal, proposal.consultation)
    settings.CONSULTATIONS_PROPOSAL_EDIT_MINUTES = 30
    assert permissions.can_edit_proposal(proposal.author, proposal, proposal.consultation)


def test_nobody_else_edits_and_a_hidden_proposal_stays_as_it_was():
    proposal = ProposalFactory()
    with pytest.raises(ValidationError):
        services.proposal_update(actor=UserFactory(), proposal=proposal, title="X", body="Y")
    services.moderation_decide(actor=_manager(proposal.consultation), content=proposal,
                               action="hide", public_reason="Injurieux")
    with pytest.raises(ValidationError):
        services.proposal_update(actor=proposal.author, proposal=proposal, title="X", body="Y")


def test_the_author_edits_through_the_page_and_sees_when_it_was_changed(client):
    proposal = ProposalFactory(title="Des bancs")
    client.force_login(proposal.author)
    detail = client.get(proposal.get_absolute_url())
    edit_url = reverse("consultations:proposal_edit",
                       args=[proposal.consultation.slug, proposal.pk])
    assert edit_url in detail.text
    response = client.post(edit_url, {"title": "Des bancs à l’ombre", "body": "Texte."},
                           follow=True)
    assert "Votre proposition est modifiée." in response.text
    assert "modifiée le" in response.text
    client.force_login(UserFactory())
    assert edit_url not in client.get(proposal.get_absolute_url()).text
    assert client.get(edit_url).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).title == "Des bancs à l’ombre"


def test_an_edit_after_the_consultation_closed_is_refused():
    consultation = ConsultationFactory()
    proposal = ProposalFactory(consultation=consultation)
    consultation.opens_at = timezone.now() - timedelta(days=3)
    consultation.closes_at = timezone.now() - timedelta(seconds=1)
    consultation.save()
    assert permissions.proposal_edit_refusal(proposal.author, proposal, consultation)


# A moderator merges duplicates


def test_merging_moves_supports_once_per_person_and_keeps_comments_readable(client):
    consultation = ConsultationFactory()
    kept, duplicate = (ProposalFactory(consultation=consultation, title="Des bancs"),
                       ProposalFactory(consultation=consultation, title="Plus de bancs"))
    both, only_duplicate = UserFactory(), UserFactory()
    for person in (both, only_duplicate):
        services.support_add(actor=person, proposal=duplicate)
    services.support_add(actor=both, proposal=kept)
    services.support_add(actor=kept.author, proposal=duplicate)  # wrote the one kept
    CommentFactory(proposal=duplicate, body="Oui, près de l’école.")
    _flag(duplicate)
    moderator = _manager(consultation)
    decision = services.proposal_merge(actor=moderator, duplicate=duplicate, into=kept)
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into_id, duplicate.support_count) == (
        "merged", kept.pk, 0)
    assert sorted(kept.supports.values_list("user_id", flat=True)) == sorted(
        [both.pk, only_duplicate.pk])
    assert kept.support_count == 2 and not duplicate.supports.exists()
    assert (decision.action, decision.from_status, decision.to_status) == (
        "merge", "published", "merged")
    entry = AuditLogEntry.objects.get(action="consultation.moderation.merge")
    assert entry.data["into"] == kept.pk and entry.data["supports_moved"] == 1
    assert not moderation_queue(consultation)["reports"]
    client.force_login(UserFactory())
    page = client.get(duplicate.get_absolute_url()).text
    assert "Oui, près de l’école." in page and "Plus de bancs" in page
    assert kept.get_absolute_url() in page


def test_a_merged_proposal_leaves_the_list_and_the_published_count():
    consultation = ConsultationFactory()
    kept, duplicate = ProposalFactory.create_batch(2, consultation=consultation)
    services.results_recount(consultation=consultation)
    services.proposal_merge(actor=_manager(consultation), duplicate=duplicate, into=kept)
    listed = list(proposal_list(consultation, sort="newest"))
    assert [row["id"] for row in listed] == [kept.pk]
    assert consultation_counts(consultation, with_drafts=False)["proposals"] == 1


def test_merging_is_refused_across_consultations_into_itself_or_by_non_moderators():
    duplicate = ProposalFactory()
    elsewhere = ProposalFactory()
    moderator = _manager(duplicate.consultation)
    with pytest.raises(ValidationError):
        services.proposal_merge(actor=moderator, duplicate=duplicate, into=elsewhere)
    with pytest.raises(ValidationError):
        services.proposal_merge(actor=moderator, duplicate=duplicate, into=duplicate)
    with pytest.raises(PermissionDenied):
        services.proposal_merge(actor=UserFactory(), duplicate=duplicate,
                                into=ProposalFactory(consultation=duplicate.consultation))
    hidden = ProposalFactory(consultation=duplicate.consultation)
    services.moderation_decide(actor=moderator, content=hidden, action="hide",
                               public_reason="Injurieux")
    with pytest.raises(ValidationError):  # its text would show again
        services.proposal_merge(actor=moderator, duplicate=hidden,
                                into=ProposalFactory(consultation=duplicate.consultation))


def test_a_moderator_merges_from_the_proposal_page(client):
    consultation = ConsultationFactory()
    kept, duplicate = ProposalFactory.create_batch(2, consultation=consultation)
    client.force_login(_manager(consultation))
    assert "Fusionner cette proposition" in client.get(duplicate.get_absolute_url()).text
    url = reverse("consultations:proposal_merge", args=[consultation.slug, duplicate.pk])
    response = client.post(url, {"into": 999999}, follow=True)
    assert "Aucune proposition de cette consultation ne porte ce numéro." in response.text
    response = client.post(url, {"into": kept.pk})
    assert response.url == kept.get_absolute_url()
    assert Proposal.objects.get(pk=duplicate.pk).status == "merged"
    client.force_login(UserFactory())
    assert client.post(url, {"into": kept.pk}).status_code == 404


def test_a_support_sent_from_a_page_read_before_the_merge_is_refused():
    consultation = ConsultationFactory()
    kept, duplicate = ProposalFactory.create_batch(2, consultation=consultation)
    stale = Proposal.objects.get(pk=duplicate.pk)  # the page the supporter had open
    services.proposal_merge(actor=_manager(consultation), duplicate=duplicate, into=kept)
    with pytest.raises(ValidationError):
        services.support_add(actor=UserFactory(), proposal=stale)
    assert not duplicate.supports.exists()


def test_the_proposals_export_gives_each_status_its_label_beside_its_code(client):
    consultation = ConsultationFactory()
    kept, duplicate = ProposalFactory.create_batch(2, consultation=consultation)
    moderator = _manager(consultation)
    services.proposal_merge(actor=moderator, duplicate=duplicate, into=kept)
    client.force_login(moderator)
    response = client.get(reverse("consultations:export", args=[consultation.slug]),
                          {"dataset": "proposals", "fmt": "json"})
    rows = {row["proposition"]: row for row in json.loads(
        b"".join(response.streaming_content).decode())}
    assert (rows[kept.pk]["etat"], rows[kept.pk]["etat_libelle"]) == ("published", "Publiée")
    assert rows[duplicate.pk]["etat_libelle"] == "Fusionnée avec une autre proposition"
    assert rows[duplicate.pk]["fusionnee_avec"] == kept.pk
