"""The public transparency page: open to anyone, aggregated figures only, small counts
withheld (disclosure.py), nothing for an authority with nothing published."""

import pytest
from django.urls import reverse

from spp.catalog.tests.factories import ServiceFactory
from spp.core.tests.factories import OperatorFactory, OrganisationFactory
from spp.impact.disclosure import published_values
from spp.impact.services.refresh import figures_refresh
from spp.impact.tests.figures_data import small_ledger

pytestmark = pytest.mark.django_db


def test_a_count_of_few_people_is_withheld_and_so_are_their_totals():
    values = {"contributors": 2, "hours": 9, "shifts_planned": 3, "consultation_participants": 7}
    published = published_values(values, threshold=5)
    assert published["contributors"].suppressed and published["contributors"].value is None
    assert published["hours"].suppressed  # two people's hours tell what each gave
    assert not published["shifts_planned"].suppressed  # about no one
    # A count of people at or above the threshold is published, even in a small group.
    assert published["consultation_participants"].value == 7


def test_a_group_at_the_threshold_is_published_whole():
    published = published_values({"contributors": 5, "hours": 9}, threshold=5)
    assert not any(p.suppressed for p in published.values())
    assert published["hours"].value == 9


def test_anyone_reads_an_authoritys_figures_with_small_counts_withheld(client):
    data = small_ledger()
    figures_refresh(years=[2025])
    response = client.get(reverse("transparency:authority", args=[data["authority"].slug]),
                          {"annee": "2025"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "L’ensemble des services en 2025" in page
    # The whole authority has five contributors: published. The rota has two: withheld.
    assert "non publié (moins de 5 contributeurs)" in page
    assert "moins de 5" in page
    for person in data["people"]:  # full names: a family name alone may be a French word
        assert f"{person.first_name} {person.last_name}" not in page
        assert person.email not in page and person.pseudonym not in page


def test_an_unpublished_service_stays_off_the_public_page(client):
    data = small_ledger()
    hidden = ServiceFactory(authority=data["authority"], is_published=False,
                            name="Service en préparation")
    figures_refresh(years=[2025])
    page = client.get(reverse("transparency:authority", args=[data["authority"].slug]),
                      {"annee": "2025"}).content.decode()
    assert hidden.name not in page


def test_an_authority_with_nothing_published_and_an_operator_have_no_page(client):
    quiet = OrganisationFactory()
    ServiceFactory(authority=quiet, is_published=False)
    for slug in (quiet.slug, OperatorFactory().slug, "inconnue"):
        assert client.get(reverse("transparency:authority", args=[slug])).status_code == 404


def test_a_year_without_figures_is_said_and_the_latest_shown(client):
    data = small_ledger()
    figures_refresh(years=[2025])
    page = client.get(reverse("transparency:authority", args=[data["authority"].slug]),
                      {"annee": "1999"}).content.decode()
    assert "Aucun chiffre publié pour l’année demandée" in page
