"""The public map on a phone: near reports grouped with their count, a tap on a group zooms in
on its reports, and the legend says what the colours and the badges mean."""

import pytest

from spp.core.testing.browser import assert_accessible, assert_fits_a_phone
from spp.reports.models import Report
from spp.reports.tests.factories import VOIRON, CategoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _local_tiles(settings):
    settings.MAP_TILE_URL = "/static/tuiles-absentes/{z}/{x}/{y}.png"


def test_groups_and_legend_on_a_phone(phone_page):
    category = CategoryFactory()
    Report.objects.bulk_create(
        [
            Report(
                service=category.service,
                category=category,
                latitude=VOIRON[0] + 0.0001 * i,
                longitude=VOIRON[1],
                description="Trou",
                status=status,
                reporter_email="r@exemple.fr",
            )
            for i, status in enumerate(["new", "acknowledged", "in_progress", "new", "resolved"])
        ]
    )
    page = phone_page
    page.goto(f"/signalements/services/{category.service.slug}/")
    group = page.locator(".map-cluster")
    group.first.wait_for()
    assert group.count() == 1 and group.inner_text() == "4"  # open reports only, by default
    legend = page.locator(".map-legend")
    for label in Report.Status.labels:
        assert str(label) in legend.inner_text()
    assert "Groupe de signalements proches" in legend.inner_text()
    assert_accessible(page, context_note="public map with groups and legend")
    assert_fits_a_phone(page)
    group.click()
    page.locator("path.leaflet-interactive").first.wait_for()
    assert page.locator(".map-cluster").count() == 0
    assert page.locator("path.leaflet-interactive").count() == 4
