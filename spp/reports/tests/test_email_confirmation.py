"""Visitors confirm their reports by email when the service asks for it: before the link is
opened, nothing is public (pages, map, Open311, queue); the link files the report once."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from spp.core.tests.factories import TEST_PASSWORD, UserFactory
from spp.reports import services
from spp.reports.models import PendingReport, Report, ServiceSettings
from spp.reports.tests.factories import VOIRON, CategoryFactory, agent_of, image_upload

pytestmark = pytest.mark.django_db


def _post_report(client, category, **extra):
    data = {
        "category": category.pk,
        "latitude": VOIRON[0],
        "longitude": VOIRON[1],
        "description": "Grosse fissure sur le trottoir",
        "form_token": str(uuid.uuid4()),
        "email": "passant@exemple.fr",
    }
    data.update(extra)
    return client.post(reverse("reports:report_new", args=[category.service.slug]), data)


def _confirming(category):
    ServiceSettings.objects.create(service=category.service, confirm_visitor_reports=True)
    return category


def _link() -> str:
    return re.search(r"/signalements/confirmer/[^/\s]+/", mail.outbox[-1].body).group(0)


def test_by_default_a_visitors_report_is_filed_at_once():
    category = CategoryFactory()
    assert not services.needs_email_confirmation(None, category.service)


def test_a_visitors_report_waits_for_the_email_link_and_is_nowhere_before(
    client, django_capture_on_commit_callbacks
):
    category = _confirming(CategoryFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_report(client, category, photos=[image_upload()])
    assert response.status_code == 302
    assert not Report.objects.exists() and PendingReport.objects.count() == 1
    assert mail.outbox[-1].to == ["passant@exemple.fr"]
    page = client.get(response.url).text
    assert "ouvrez le lien envoyé à passant@exemple.fr" in page
    client.force_login(agent_of(category.organisation))
    queue = client.get(reverse("reports:service_manage", args=[category.service.slug])).text
    assert "Grosse fissure" not in queue and "Aucun signalement" in queue
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(_link())
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert report.reporter_email == "passant@exemple.fr" and report.photos.count() == 1
    assert "est confirmé" in client.get(response.url).text
    again = client.get(_link())
    assert again.url == report.get_absolute_url() and Report.objects.count() == 1


def test_a_forged_or_expired_link_files_nothing(client):
    category = _confirming(CategoryFactory())
    _post_report(client, category)
    forged = reverse("reports:report_confirm_email", args=["abc:def"])
    assert client.get(forged).status_code == 302
    pending = PendingReport.objects.get()
    token = signing.dumps(pending.pk, salt=services.CONFIRM_SALT)
    later = timezone.now() + timedelta(hours=25)
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.get(reverse("reports:report_confirm_email", args=[token]))
    assert not Report.objects.exists()
    assert "a expiré" in client.get(response.url).text


def test_signed_in_people_never_confirm_by_email(client):
    category = _confirming(CategoryFactory())
    user = UserFactory()
    client.login(email=user.email, password=TEST_PASSWORD)
    _post_report(client, category, email="")
    assert Report.objects.get().reporter == user and not PendingReport.objects.exists()


def test_a_bad_report_is_refused_before_any_email(client):
    category = _confirming(CategoryFactory())
    response = _post_report(client, category, description="   ")
    assert response.status_code == 200 and not PendingReport.objects.exists()
    assert not mail.outbox


def test_coordinators_switch_the_setting_and_agents_cannot(client):
    category = CategoryFactory()
    url = reverse("reports:categories_manage", args=[category.service.slug])
    client.force_login(agent_of(category.service.authority, role="coordinator"))
    client.post(url, {"form": "settings", "confirm_visitor_reports": "on"})
    assert services.needs_email_confirmation(None, category.service)
    client.post(url, {"form": "settings"})
    assert not services.needs_email_confirmation(None, category.service)
    client.force_login(agent_of(category.service.authority))
    assert client.post(url, {"form": "settings", "confirm_visitor_reports": "on"}).status_code in (
        403,
        404,
    )
    assert not services.needs_email_confirmation(None, category.service)


def test_an_expired_pending_report_is_deleted_by_the_next_submission(client):
    category = _confirming(CategoryFactory())
    _post_report(client, category, email="ancien@exemple.fr")
    PendingReport.objects.update(created_at=timezone.now() - timedelta(days=3))
    _post_report(client, category, email="nouveau@exemple.fr")
    assert list(PendingReport.objects.values_list("email", flat=True)) == ["nouveau@exemple.fr"]
