"""Call-outs: the coordinator writes a message on a page that says how many people it will
alert, is told after sending how many were; those alerted read the message; someone lacking
the qualification is told which one rather than offered "J’accepte"."""

import uuid

import pytest
from django.urls import reverse

from spp.core.models import Notification
from spp.rosters import services
from spp.rosters.models import Assignment, CallOut
from spp.rosters.tasks import SMS_MAX, sms_text
from spp.rosters.tests.factories import (
    coordinator_of,
    roster_service,
    shift_with_need,
    volunteer,
)

pytestmark = pytest.mark.django_db


def test_the_alert_button_opens_a_form_saying_how_many_will_be_alerted(client):
    service = roster_service()
    _shift, need = shift_with_need(service, "equipier")
    volunteer(service, "equipier"), volunteer(service, "equipier")
    client.force_login(coordinator_of(service))
    page = client.post(reverse("rosters:callout_create", args=[need.pk])).content.decode()
    assert "2 bénévoles qualifiés et disponibles recevront l’alerte" in page
    assert 'name="message"' in page and 'name="form_token"' in page
    assert not CallOut.objects.exists()


def test_sending_stores_the_message_and_confirms_how_many_were_alerted(
    client, django_capture_on_commit_callbacks
):
    service = roster_service()
    _shift, need = shift_with_need(service, "equipier")
    alerted = volunteer(service, "equipier")
    client.force_login(coordinator_of(service))
    token = uuid.uuid4()
    data = {"places": 1, "message": "Rendez-vous à la caserne à 7 h 45.", "form_token": token}
    with django_capture_on_commit_callbacks(execute=True):  # the alerts' task
        page = client.post(
            reverse("rosters:callout_create", args=[need.pk]), data, follow=True
        ).content.decode()
    callout = CallOut.objects.get()
    assert callout.message == "Rendez-vous à la caserne à 7 h 45."
    assert "Alerte envoyée à 1 bénévole qualifié et disponible." in page
    client.post(reverse("rosters:callout_create", args=[need.pk]), data)  # a double submit
    assert CallOut.objects.count() == 1
    assert Notification.objects.get(recipient=alerted).body == callout.message
    client.force_login(alerted)
    seen = client.get(reverse("rosters:callout_detail", args=[callout.pk])).content.decode()
    assert "Rendez-vous à la caserne à 7 h 45." in seen and "Alerte envoyée à" not in seen


def test_a_message_too_long_is_refused_with_the_form_kept(client):
    service = roster_service()
    _shift, need = shift_with_need(service, "equipier")
    client.force_login(coordinator_of(service))
    response = client.post(
        reverse("rosters:callout_create", args=[need.pk]),
        {"places": 1, "message": "x" * 301, "form_token": uuid.uuid4()},
    )
    assert response.status_code == 400 and not CallOut.objects.exists()


def test_the_sms_keeps_the_title_and_cuts_a_long_message():
    assert sms_text("Alerte : garde", "") == "Alerte : garde"
    assert sms_text("Alerte : garde", "Venez") == "Alerte : garde. Venez"
    long = sms_text("Alerte : garde", "mot " * 100)
    assert len(long) == SMS_MAX and long.endswith("…")


def test_a_volunteer_lacking_the_qualification_is_told_which_and_not_offered_to_accept(client):
    service = roster_service()
    _shift, need = shift_with_need(service, "chef-agres")
    callout = services.callout_create(actor=coordinator_of(service), need=need)
    person = volunteer(service, "equipier")
    client.force_login(person)
    url = reverse("rosters:callout_detail", args=[callout.pk])
    page = client.get(url).content.decode()
    assert "J’accepte" not in page
    assert "Vous ne pouvez pas accepter cette alerte" in page
    assert f"« {need.qualification_type.name} »" in page
    client.post(url, {"answer": "accept"})  # the service refuses all the same
    assert not Assignment.objects.exists()


def test_a_qualified_volunteer_is_offered_to_accept(client):
    service = roster_service()
    _shift, need = shift_with_need(service, "equipier")
    callout = services.callout_create(actor=coordinator_of(service), need=need)
    client.force_login(volunteer(service, "equipier"))
    page = client.get(reverse("rosters:callout_detail", args=[callout.pk])).content.decode()
    assert "J’accepte" in page and "Vous ne pouvez pas accepter" not in page
