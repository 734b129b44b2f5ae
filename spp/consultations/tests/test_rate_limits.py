"""Consultation answers' rate limit (SPP_RATE_LIMITS["answers"], spp/core/ratelimits.py),
counted per person: one save or submission too many is refused with 429 and Retry-After,
saves nothing and keeps what was typed; another person is not affected."""

import pytest
from django.urls import reverse

from spp.consultations.models import Question, Response
from spp.consultations.tests.factories import questionnaire
from spp.core.testing.ratelimits import counting_cache
from spp.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
K = Question.Kind


def test_one_answer_too_many_is_refused_and_keeps_what_was_typed(client, settings):
    counting_cache(settings, answers="1/h")
    consultation, q = questionnaire()
    url = reverse("consultations:answer", args=[consultation.slug])
    client.force_login(UserFactory())
    field = f"q{q[K.FREE_TEXT].pk}"
    assert client.post(url, {"action": "save", field: "Des bancs"}).status_code == 302
    refused = client.post(url, {"action": "submit", field: "Des bancs et des arbres",
                                f"q{q[K.SINGLE].pk}": "Non"})
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 3600
    assert "réessayez dans" in refused.text and "Des bancs et des arbres" in refused.text
    response = Response.objects.get()
    assert response.status == "draft"
    other = client.__class__()
    other.force_login(UserFactory())
    assert other.post(url, {"action": "save", field: "Une fontaine"}).status_code == 302
    assert Response.objects.count() == 2
