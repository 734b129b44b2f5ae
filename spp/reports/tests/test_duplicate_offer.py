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


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _held(page):
    return re.search(r'name="held_photos" value="([^"]*)"', page).group(1)


def test_photos_sent_before_the_offer_are_kept_and_filed_with_the_report(client, existing,
                                                                         media):
    offered = _post(client, existing.category, photos=[image_upload(), image_upload()])
    assert "Vos 2 photos sont conservées" in offered.text
    held = _held(offered.text)
    assert len(list(media.glob("reports/en-attente/*/*.jpg"))) == 2
    _post(client, existing.category, seen_duplicates=existing.reference, held_photos=held,
          photos=[image_upload()])
    new = Report.objects.exclude(pk=existing.pk).get()
    assert new.photos.count() == 3
    assert not list(media.glob("reports/en-attente/*/*.jpg"))  # released once filed


def test_a_forged_or_foreign_held_photo_token_attaches_nothing(client, existing, media):
    from django.core import signing

    from spp.reports.photos import HELD_SALT

    (media / "secret.jpg").write_bytes(b"x")
    for token in ("pas-un-jeton", signing.dumps(["secret.jpg"], salt=HELD_SALT),
                  signing.dumps(["reports/en-attente/x.jpg"], salt="autre")):
        seen = ",".join(Report.objects.values_list("reference", flat=True))
        _post(client, existing.category, seen_duplicates=seen, held_photos=token)
    assert Report.objects.count() == 4
    assert not any(r.photos.exists() for r in Report.objects.all())


def test_photos_are_kept_when_the_form_comes_back_with_an_error(client, existing, media):
    response = _post(client, existing.category, point=FAR, description="",
                     photos=[image_upload()])
    assert "Votre photo est conservée" in response.text
    _post(client, existing.category, point=FAR, held_photos=_held(response.text))
    assert Report.objects.exclude(pk=existing.pk).get().photos.count() == 1


def test_held_photos_older_than_yesterday_are_purged_by_the_next_hold(media):
    from django.core.files.base import ContentFile

    from spp.reports import photos

    old = media / "reports/en-attente/2020-01-01"
    old.mkdir(parents=True)
    (old / "oubliee.jpg").write_bytes(b"x")
    token = photos.hold([ContentFile(b"y", name="photo.jpg")])
    assert not (old / "oubliee.jpg").exists() and len(photos.held_names(token)) == 1


def test_form_errors_and_the_offer_show_together(client, existing):
    response = _post(client, existing.category, description="")
    assert response.status_code == 200 and Report.objects.count() == 1
    assert "Ce champ est obligatoire." in response.text
    assert existing.reference in response.text
