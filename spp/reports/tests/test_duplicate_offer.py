"""The report form offers, on the server, to support an open report of the same category near
the point instead of filing a new one (the page works without JavaScript)."""

import re
import uuid

import pytest
from django.urls import reverse

from spp.core.tests.factories import UserFactory
from spp.reports.models import Report
from spp.reports.tests.factories import VOIRON, CategoryFactory, ReportFactory, image_upload

pytestmark = pytest.mark.django_db

NEAR = (VOIRON[0] + 0.0001, VOIRON[1])  # about 11 m north of the existing report
FAR = (VOIRON[0] + 0.001, VOIRON[1])  # about 111 m


def _post(client, category, point=NEAR, **extra):
    data = {"category": category.pk, "latitude": point[0], "longitude": point[1],
            "description": "Trou devant la boulangerie", "address": "12 rue de la Gare",
            "email": "passant@exemple.fr", "form_token": str(uuid.uuid4())}
    data.update(extra)
    return client.post(reverse("reports:report_new", args=[category.service.slug]), data)


@pytest.fixture
def existing():
    return ReportFactory(description="Nid-de-poule au passage piéton")


def test_near_open_report_of_the_same_category_is_offered_and_nothing_is_filed(client, existing):
    response = _post(client, existing.category)
    assert response.status_code == 200 and Report.objects.count() == 1
    page = response.text
    assert 'id="duplicates-offer"' in page and existing.reference in page
    assert "Appuyer celui-ci" in page and "Non, le mien est différent" in page
    for typed in ("Trou devant la boulangerie", "12 rue de la Gare", "passant@exemple.fr"):
        assert typed in page
    assert f'name="seen_duplicates" value="{existing.reference}"' in page


@pytest.mark.parametrize("case", ["far", "other_category", "closed"])
def test_no_offer_when_far_in_another_category_or_closed(client, existing, case):
    category, point = existing.category, NEAR
    if case == "far":
        point = FAR
    elif case == "other_category":
        category = CategoryFactory(service=existing.service)
    else:
        Report.objects.filter(pk=existing.pk).update(status="resolved")
    response = _post(client, category, point=point)
    assert response.status_code == 302 and Report.objects.count() == 2


def test_sending_again_after_the_offer_files_the_report(client, existing):
    offered = _post(client, existing.category)
    token = re.search(r'name="form_token" value="([^"]+)"', offered.text).group(1)
    response = _post(client, existing.category, form_token=token,
                     seen_duplicates=existing.reference)
    new = Report.objects.exclude(pk=existing.pk).get()
    assert response.status_code == 302 and response.url == new.get_absolute_url()


def test_a_near_report_not_seen_yet_is_offered_even_after_a_confirmation(client, existing):
    response = _post(client, existing.category, seen_duplicates="SIG-AAAA-BBBB")
    assert response.status_code == 200 and Report.objects.count() == 1


def test_retrying_the_confirmed_submission_files_once_and_leads_to_the_same_page(client,
                                                                                  existing):
    token = str(uuid.uuid4())
    first = _post(client, existing.category, form_token=token, seen_duplicates=existing.reference)
    # The retry finds the report it just filed nearby: the token must answer first.
    second = _post(client, existing.category, form_token=token)
    assert Report.objects.count() == 2 and first.url == second.url


def test_visitor_supports_from_the_offer_with_the_email_typed_and_counts_once(client, existing):
    page = _post(client, existing.category).text
    action = reverse("reports:report_support", args=[existing.reference])
    form = re.search(rf'<form method="post" action="{action}" id="support-{existing.reference}"'
                     r'.*?</form>', page, re.S).group(0)
    assert 'name="email" value="passant@exemple.fr"' in form
    assert f'form="support-{existing.reference}"' in page
    client.post(action, {"email": "passant@exemple.fr"})
    again = client.post(action, {"email": "passant@exemple.fr"}, follow=True)
    existing.refresh_from_db()
    assert existing.support_count == 1 and Report.objects.count() == 1
    assert "Vous appuyez déjà ce signalement." in again.text


def test_signed_in_citizen_supports_from_the_offer_once(client, existing):
    client.force_login(UserFactory())
    page = _post(client, existing.category).text
    assert 'name="email"' not in page.split('id="support-')[1].split("</form>")[0]
    action = reverse("reports:report_support", args=[existing.reference])
    client.post(action)
    client.post(action)
    existing.refresh_from_db()
    assert existing.support_count == 1


def test_offer_says_photos_must_be_attached_again(client, existing):
    with_photo = _post(client, existing.category, photos=[image_upload()])
    assert "joignez-les à nouveau" in with_photo.text
    assert "joignez-les à nouveau" not in _post(client, existing.category).text


def test_form_errors_and_the_offer_show_together(client, existing):
    response = _post(client, existing.category, description="")
    assert response.status_code == 200 and Report.objects.count() == 1
    assert "Ce champ est obligatoire." in response.text
    assert existing.reference in response.text
