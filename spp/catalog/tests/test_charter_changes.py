"""A person asked to accept a new charter version sees what changed since the version they
accepted: removed text in <del>, added text in <ins>, with words for screen readers (not colour
alone), and the charters' text escaped."""

import pytest
from django.urls import reverse

from spp.catalog import services
from spp.catalog.charter_diff import MAX_WORDS, charter_changes
from spp.catalog.tests.factories import EnrolmentFactory, service_with_charter
from spp.core.tests.factories import MembershipFactory, UserFactory


def test_a_changed_word_is_shown_removed_then_added_within_its_paragraph():
    [change] = charter_changes(
        "Je préviens 48 heures avant.\nFin.", "Je préviens 72 heures avant.\nFin."
    )
    assert change["kind"] == "changed"
    html = str(change["html"])
    assert html.startswith("Je préviens <del>")
    assert "[retiré : </span>48<" in html and "[ajouté : </span>72<" in html
    assert html.endswith(" heures avant.")


def test_added_and_removed_paragraphs_are_whole_passages():
    changes = charter_changes("Un.\nDeux.\nTrois.", "Un.\nTrois.\nQuatre.")
    assert [c["kind"] for c in changes] == ["removed", "added"]
    assert "<del>" in changes[0]["html"] and "Deux." in changes[0]["html"]
    assert "<ins>" in changes[1]["html"] and "Quatre." in changes[1]["html"]


def test_the_charters_text_is_escaped():
    [change] = charter_changes(
        "Règle <b>une</b> & deux.", "Règle <b>une</b> <script>alert(1)</script> & deux."
    )
    html = str(change["html"])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.startswith("Règle &lt;b&gt;une&lt;/b&gt;") and html.endswith("&amp; deux.")


def test_the_same_text_has_no_changes():
    assert charter_changes("Un.\nDeux.", "Un.\nDeux.\n") == []


def test_a_very_long_changed_passage_is_shown_removed_then_added_whole():
    old, new = "mot " * MAX_WORDS, "autre " * MAX_WORDS
    [change] = charter_changes(old, new)
    html = str(change["html"])
    assert html.count("<del>") == 1 and html.count("<ins>") == 1


@pytest.mark.django_db
def test_a_person_asked_to_accept_the_new_version_sees_the_differences(client):
    service = service_with_charter()  # version 1: "Je participe bénévolement et je respecte…"
    enrolment = EnrolmentFactory(service=service)
    coordinator = MembershipFactory(organisation=service.authority, role="coordinator").user
    services.charter_publish(
        actor=coordinator,
        service=service,
        title="Charte des participants",
        body="Je participe bénévolement et je respecte les consignes de sécurité.\n"
        "Je préviens <vite> en cas d’absence.",
    )
    client.force_login(enrolment.user)
    page = client.get(reverse("catalog:charter", args=[service.slug])).content.decode()
    assert "Ce qui a changé depuis la version 1, que vous avez acceptée" in page
    assert "Le texte retiré est barré, le texte ajouté est souligné." in page
    assert "<ins>" in page and "[ajouté : </span> de sécurité" in page
    assert "Je préviens &lt;vite&gt; en cas d’absence." in page
    assert "Passage modifié" in page
    assert page.index("Ce qui a changé") < page.index("J’accepte la nouvelle charte")


@pytest.mark.django_db
def test_a_new_version_with_the_same_text_says_so(client):
    service = service_with_charter()
    enrolment = EnrolmentFactory(service=service)
    coordinator = MembershipFactory(organisation=service.authority, role="coordinator").user
    services.charter_publish(
        actor=coordinator, service=service, title="Charte", body=service.charters.get().body
    )
    client.force_login(enrolment.user)
    page = client.get(reverse("catalog:charter", args=[service.slug])).content.decode()
    assert "Le texte de la charte est le même : seul son numéro de version a changé." in page


@pytest.mark.django_db
def test_someone_enrolling_for_the_first_time_sees_no_differences(client):
    service = service_with_charter()
    coordinator = MembershipFactory(organisation=service.authority, role="coordinator").user
    services.charter_publish(actor=coordinator, service=service, title="Charte", body="Autre.")
    client.force_login(UserFactory())
    page = client.get(reverse("catalog:charter", args=[service.slug])).content.decode()
    assert "Ce qui a changé" not in page and "<ins>" not in page
