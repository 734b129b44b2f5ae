"""Query-count guards of the impact pages: the authority's and a service's dashboards and
the public transparency page read their figures, the years of the period selector and the
last refresh in one query (``selectors.figures``), whatever the number of services or
years."""

import pytest
from django.urls import reverse

from spp.catalog.tests.factories import ServiceFactory
from spp.core.tests.factories import MembershipFactory, OrganisationFactory
from spp.impact.services.refresh import figures_refresh
from spp.impact.tests.figures_data import small_ledger
from spp.ops.query_counts import queries_for

pytestmark = pytest.mark.django_db

# A signed-in dashboard: the frame as the tests see it (the session, the person, and the
# brand, since ``queries_for`` empties the cache), the person's memberships, the authority or
# service, then the figures (with the selector's years and the last refresh: the page's only
# query of its own, against three before). The public page, read anonymously: the authority,
# the figures, the brand.
DASHBOARD_QUERIES, PUBLIC_QUERIES = 6, 3


@pytest.fixture
def ledger():
    data = small_ledger()
    figures_refresh(years=[2024, 2025])
    data["admin"] = MembershipFactory(organisation=data["authority"], role="admin").user
    return data


def _more_services(data):
    for _ in range(4):
        ServiceFactory(authority=data["authority"])
    figures_refresh(years=[2024, 2025])


def test_the_authority_dashboard_reads_its_figures_in_one_query(client, ledger):
    client.force_login(ledger["admin"])
    url = reverse("impact:authority", args=[ledger["authority"].slug]) + "?periode=2025"
    client.get(url)
    assert queries_for(client, url) == DASHBOARD_QUERIES
    _more_services(ledger)
    assert queries_for(client, url) == DASHBOARD_QUERIES


def test_a_service_dashboard_reads_its_figures_in_one_query(client, ledger):
    client.force_login(ledger["admin"])
    url = reverse("impact:service", args=[ledger["authority"].slug, ledger["rota"].slug])
    client.get(url + "?periode=2025-T1")
    assert queries_for(client, url + "?periode=2025-T1") == DASHBOARD_QUERIES
    _more_services(ledger)
    assert queries_for(client, url + "?periode=2025-05") == DASHBOARD_QUERIES


def test_the_transparency_page_reads_its_figures_in_one_query(client, ledger):
    url = reverse("transparency:authority", args=[ledger["authority"].slug])
    client.get(url)
    assert queries_for(client, url) == PUBLIC_QUERIES
    _more_services(ledger)
    assert queries_for(client, url + "?annee=2024") == PUBLIC_QUERIES


def test_a_page_without_figures_still_says_when_they_were_last_computed(client, ledger):
    """An authority the last refresh did not know yet (no row at all, not even a year for
    the selector): the refresh is read on its own, one query more."""
    authority = OrganisationFactory()
    admin = MembershipFactory(organisation=authority, role="admin").user
    client.force_login(admin)
    url = reverse("impact:authority", args=[authority.slug])
    client.get(url)
    assert queries_for(client, url) == DASHBOARD_QUERIES + 1
    assert "Chiffres calculés le " in client.get(url).content.decode()
