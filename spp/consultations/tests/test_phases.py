"""A consultation's phases (information, contributions, analysis, results) follow its dates,
and its page shows them as a stepper with the current one marked; the results phase opens
the results to those who may read them, no earlier."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from spp.consultations import permissions, phases, services
from spp.consultations.tests.factories import ConsultationFactory
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def _consultation(*, opens: int, closes: int, results: int | None = None):
    """A consultation whose dates are these many days from now."""
    now = timezone.now()
    return ConsultationFactory(opens_at=now + opens * DAY, closes_at=now + closes * DAY,
                               results_at=None if results is None else now + results * DAY)


@pytest.mark.parametrize(("dates", "expected"), [
    ({"opens": 2, "closes": 10}, "information"),
    ({"opens": -2, "closes": 10}, "contributions"),
    ({"opens": -10, "closes": -2, "results": 5}, "analysis"),
    ({"opens": -10, "closes": -2, "results": -1}, "results"),
    ({"opens": -10, "closes": -2}, "results"),  # no analysis period: results at closing
])
def test_the_phase_follows_the_dates(dates, expected):
    consultation = _consultation(**dates)
    assert phases.current_phase(consultation) == expected
    states = [step["state"] for step in phases.phase_steps(consultation)]
    position = phases.ORDER.index(expected)
    assert states == ["done"] * position + ["current"] + ["upcoming"] * (3 - position)


def test_results_wait_for_the_end_of_the_analysis_then_open_to_readers():
    citizen = UserFactory()
    analysing = _consultation(opens=-10, closes=-2, results=3)
    assert not permissions.abilities(citizen, analysing)["view_results"]
    assert "Les résultats seront publiés le" in permissions.results_refusal(citizen, analysing)
    manager = MembershipFactory(organisation=analysing.authority).user
    assert permissions.abilities(manager, analysing)["view_results"]
    published = _consultation(opens=-10, closes=-2, results=-1)
    assert permissions.abilities(citizen, published)["view_results"]


def test_results_cannot_be_published_before_closing():
    consultation = _consultation(opens=-1, closes=5)
    manager = MembershipFactory(organisation=consultation.authority).user
    with pytest.raises(ValidationError) as error:
        services.consultation_update(actor=manager, consultation=consultation,
                                     results_at=consultation.closes_at - DAY)
    assert "results_at" in error.value.message_dict
    consultation.results_at = consultation.closes_at - DAY
    with pytest.raises(IntegrityError):
        consultation.save()


def test_the_page_shows_the_phases_with_the_current_one_marked(client):
    consultation = _consultation(opens=-2, closes=10)
    client.force_login(UserFactory())
    page = client.get(reverse("consultations:detail", args=[consultation.slug])).text
    assert "Étapes de la consultation" in page
    for label in ("Information", "Contributions", "Analyse", "Résultats"):
        assert f"{label}</span>" in page or f">{label}</a>" in page
    current = page.split('aria-current="step"')[1].split("</li>")[0]
    assert "Contributions" in current and "En cours" in current
    assert reverse("consultations:results", args=[consultation.slug]) not in page


def test_in_the_results_phase_the_step_links_to_the_results(client):
    consultation = _consultation(opens=-10, closes=-2)
    client.force_login(UserFactory())
    page = client.get(reverse("consultations:detail", args=[consultation.slug])).text
    current = page.split('aria-current="step"')[1].split("</li>")[0]
    assert reverse("consultations:results", args=[consultation.slug]) in current
