"""Submitting through the API at the same instant (real threads, real PostgreSQL row locks):
one response is submitted, once, whatever the number of clicks or devices."""

import pytest
from django.test import Client

from spp.catalog.models import Participation
from spp.consultations.models import Question, Response
from spp.consultations.tests.factories import questionnaire
from spp.core.models import IdempotencyRecord
from spp.core.tests.factories import UserFactory
from spp.ops.query_counts import at_once

K = Question.Kind


def _submit_together(consultation, q, person, keys: list[str]) -> list[tuple[int, dict]]:
    """POST the same submission once per key, all at the same instant."""
    url = f"/api/v1/consultations/{consultation.slug}/response/submit"
    body = {"answers": {str(q[K.SINGLE].pk): "Oui", str(q[K.FREE_TEXT].pk): "Des bancs"}}

    def post(key):
        client = Client()
        client.force_login(person)
        response = client.post(url, body, content_type="application/json",
                               headers={"Idempotency-Key": key})
        return response.status_code, response.json()

    return at_once([lambda key=key: post(key) for key in keys])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_submissions_from_several_devices_at_once_submit_one_response_once():
    consultation, q = questionnaire()
    person = UserFactory()
    outcomes = _submit_together(consultation, q, person, [f"appareil-{i}" for i in range(4)])
    statuses = sorted(status for status, _body in outcomes)
    assert statuses == [200, 409, 409, 409]
    assert Response.objects.get(user=person).status == "submitted"
    assert Participation.objects.filter(user=person).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_retries_with_one_idempotency_key_at_once_all_get_the_one_answer():
    consultation, q = questionnaire()
    person = UserFactory()
    outcomes = _submit_together(consultation, q, person, ["une-seule-cle"] * 4)
    assert [status for status, _body in outcomes] == [200] * 4
    assert len({str(body) for _status, body in outcomes}) == 1
    assert IdempotencyRecord.objects.count() == 1
    assert Participation.objects.filter(user=person).count() == 1
