"""The rosters API, as a client would call it."""

import pytest

from spp.rosters import services
from spp.rosters.models import Assignment
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer

pytestmark = pytest.mark.django_db


def test_open_shifts_then_idempotent_signup(client):
    service = roster_service()
    _shift, need = shift_with_need(service, max_count=2)
    person = volunteer(service)
    client.force_login(person)
    shifts = client.get(f"/api/v1/rosters/services/{service.slug}/open-shifts").json()
    assert shifts[0]["needs"][0]["id"] == need.pk
    first = client.post(f"/api/v1/rosters/needs/{need.pk}/signup",
                        headers={"Idempotency-Key": "abc"})
    again = client.post(f"/api/v1/rosters/needs/{need.pk}/signup",
                        headers={"Idempotency-Key": "abc"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Assignment.objects.filter(user=person).count() == 1
    assert client.get("/api/v1/rosters/me/assignments").json()[0]["need"] == need.pk


def test_full_need_and_filled_callout_answer_422_with_a_message(client):
    service = roster_service()
    _shift, need = shift_with_need(service)
    callout = services.callout_create(actor=coordinator_of(service), need=need)
    client.force_login(volunteer(service))
    assert client.post(f"/api/v1/rosters/callouts/{callout.pk}/answer",
                       {"accept": True}, content_type="application/json").status_code == 200
    client.force_login(volunteer(service))
    late = client.post(f"/api/v1/rosters/callouts/{callout.pk}/answer", {"accept": True},
                       content_type="application/json")
    assert late.status_code == 422 and "pourvue" in late.content.decode()
    assert client.post(f"/api/v1/rosters/needs/{need.pk}/signup").status_code == 422
