"""Notifications are stored in-app at once and emailed by a task after the commit."""

import pytest
from django.core import mail

from spp.catalog import services
from spp.catalog.tests.factories import EnrolmentFactory, service_with_charter
from spp.core.models import Notification
from spp.core.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_approving_an_enrolment_notifies_the_citizen_in_app_and_by_email(client):
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation,
                                   name="Crèche des Lilas")
    enrolment = EnrolmentFactory(service=service, status="pending")
    services.enrolment_transition(actor=agent, enrolment=enrolment, action="approve")

    notification = Notification.objects.get(recipient=enrolment.user)
    assert "Crèche des Lilas" in notification.title and notification.emailed_at is not None
    assert mail.outbox[-1].to == [enrolment.user.email]
    assert "Crèche des Lilas" in mail.outbox[-1].subject

    client.force_login(enrolment.user)
    assert "Crèche des Lilas" in client.get("/notifications/").content.decode()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_no_email_is_sent_to_someone_who_turned_emails_off():
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    enrolment = EnrolmentFactory(service=service, status="pending",
                                 user__email_notifications=False)
    services.enrolment_transition(actor=agent, enrolment=enrolment, action="approve")
    assert Notification.objects.filter(recipient=enrolment.user).exists()
    assert mail.outbox == []


def test_the_inbox_marks_what_it_shows_as_read_and_writes_nothing_once_all_are_read(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from spp.core import services as core_services
    from spp.core.tests.factories import UserFactory

    person = UserFactory()
    core_services.notification_send(recipient=person, title="Garde confirmée")
    client.force_login(person)
    page = client.get("/notifications/").content.decode()
    assert "nouveau" in page
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/notifications/").content.decode()
    assert "Garde confirmée" in page and "nouveau" not in page
    assert not [q for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
