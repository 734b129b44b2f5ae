"""The back-office pages read words and dates, never codes: an incident's status changes, the
coverage's qualification columns, a roster's dates, in French and in English."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from spp.catalog import services as catalog_services
from spp.catalog.models import Incident
from spp.catalog.tests.factories import EnrolmentFactory, service_with_charter
from spp.core.formatting import choice_labels
from spp.core.labels import status_label, transition_label
from spp.core.tests.factories import MembershipFactory
from spp.rosters import services as rosters_services
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need

pytestmark = pytest.mark.django_db


def _in(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_a_status_change_reads_as_the_statuses_labels():
    with translation.override("fr"):
        labels = choice_labels(Incident.Status)
        assert transition_label(labels, "declared", "closed") == "Déclaré → Clos"


def test_a_history_starts_from_creation_not_from_an_empty_sign():
    with translation.override("fr"):
        labels = choice_labels(Incident.Status)
        assert status_label(labels, "") == "Création"
        assert transition_label(labels, "", "declared") == "Création → Déclaré"


def test_an_unknown_status_still_shows_as_its_code():
    assert status_label({}, "archived") == "archived"


def test_an_incidents_page_shows_its_status_changes_in_words(client):
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    enrolment = EnrolmentFactory(service=service)
    incident = catalog_services.incident_declare(
        actor=enrolment.user,
        service=service,
        kind="damage",
        occurred_at=timezone.now() - timedelta(hours=1),
        place="Parking",
        description="Rétroviseur cassé.",
    )
    catalog_services.incident_transition(
        actor=agent, incident=incident, action="acknowledge", note="Vu."
    )
    client.force_login(agent)
    page = _in(client, "fr").get(incident.get_absolute_url()).content.decode()
    timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert "(Création → Déclaré)" in timeline and "(Déclaré → Pris en compte)" in timeline
    assert "∅" not in timeline and "acknowledged" not in timeline


def test_an_incident_is_dated_the_pages_way(client):
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    enrolment = EnrolmentFactory(service=service)
    occurred = timezone.now() - timedelta(days=3)
    incident = catalog_services.incident_declare(
        actor=enrolment.user,
        service=service,
        kind="damage",
        occurred_at=occurred,
        place="Parking",
        description="Rétroviseur cassé.",
    )
    client.force_login(agent)
    for language in ("fr", "en"):
        with translation.override(language):
            expected = formats.date_format(timezone.localtime(occurred), "SHORT_DATE_FORMAT")
        for url in (incident.get_absolute_url(), "/gestion/incidents/"):
            assert expected in _in(client, language).get(url).content.decode(), (language, url)


@pytest.fixture
def rosters_scene(client):
    service = roster_service()
    coordinator = coordinator_of(service)
    shift, need = shift_with_need(service, "chef-agres", min_count=1, max_count=1)
    need.qualification_type.name = "Chef d’agrès"
    need.qualification_type.save()
    client.force_login(coordinator)
    return service, coordinator, shift


def test_the_hour_by_hour_coverage_heads_its_columns_with_qualification_names(
    client, rosters_scene
):
    service, _coordinator, shift = rosters_scene
    day = timezone.localtime(shift.starts_at).date()
    page = (
        _in(client, "fr")
        .get(reverse("rosters:coverage", args=[service.slug]), {"jour": f"{day:%Y-%m-%d}"})
        .content.decode()
    )
    heads = page.split('id="coverage-table-2"', 1)[1].split("</thead>", 1)[0]
    assert "Chef d’agrès" in heads and "chef-agres" not in heads


def test_the_coverage_day_is_dated_in_the_pages_language(client, rosters_scene):
    service, _coordinator, shift = rosters_scene
    day = timezone.localtime(shift.starts_at).date()
    for language in ("fr", "en"):
        with translation.override(language):
            weekday = formats.date_format(day, "l")
            date = formats.date_format(day, "DATE_FORMAT")
        page = (
            _in(client, language)
            .get(reverse("rosters:coverage", args=[service.slug]), {"jour": f"{day:%Y-%m-%d}"})
            .content.decode()
        )
        assert weekday in page and date in page, language


def test_a_roster_and_its_gaps_are_dated_in_the_pages_language(client, rosters_scene):
    service, coordinator, shift = rosters_scene
    first = timezone.localtime(shift.starts_at).date()
    roster = rosters_services.roster_request(
        actor=coordinator,
        service=service,
        starts_on=first,
        ends_on=first + timedelta(days=1),
        time_limit=2,
    )
    assert roster.gaps  # nobody holds the qualification: the need stays uncovered
    for language in ("fr", "en"):
        with translation.override(language):
            start = formats.date_format(first, "SHORT_DATE_FORMAT")
            gap_at = formats.date_format(
                timezone.localtime(shift.starts_at), "SHORT_DATETIME_FORMAT"
            )
        review = (
            _in(client, language)
            .get(reverse("rosters:roster_review", args=[roster.pk]))
            .content.decode()
        )
        assert start in review and gap_at in review, language
        assert "n’a cette qualification valide" in review or "holds this qualification" in review
        listing = (
            _in(client, language)
            .get(reverse("rosters:roster_request", args=[service.slug]))
            .content.decode()
        )
        assert start in listing, language


def test_a_gap_is_explained_in_words_with_its_numbers_agreed():
    from spp.rosters.views.roster import _gap_reason

    with translation.override("fr"):
        assert _gap_reason({"cause": "unavailable", "qualified": 1}) == (
            "1 bénévole qualifié, aucun disponible sur ce créneau."
        )
        assert _gap_reason({"cause": "unavailable", "qualified": 4}) == (
            "4 bénévoles qualifiés, aucun disponible sur ce créneau."
        )
        assert _gap_reason({"cause": "too_few", "available": 1, "places": 2}) == (
            "Seulement 1 bénévole qualifié disponible pour 2 places."
        )
        # a roster stored before the causes were kept shows the words it stored
        assert _gap_reason({"reason": "Texte ancien."}) == "Texte ancien."
