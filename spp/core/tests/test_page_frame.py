"""A kept page's frame (spp/core/page_frame.py) is rendered once per process and shared, so it
must show each reader what the ordinary rendering would: their own header, messages and charter
banner, in their language, with their CSRF token, and the title of the service as it is now."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.middleware.csrf import _unmask_cipher_token, rotate_token
from django.shortcuts import render
from django.test import Client, RequestFactory
from django.test.signals import template_rendered
from django.utils import translation
from django.utils.safestring import mark_safe

from spp.catalog import services as catalog_services
from spp.catalog.tests.factories import EnrolmentFactory, service_with_charter
from spp.core import page_frame, services
from spp.core.page_cache import CSRF_SLOT, page_csrf_token
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield

CONTENT = '<p class="kept">Contenu gardé</p>'


def _request(person, path="/notifications/"):
    request = RequestFactory().get(path)
    request.user = person
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _service_context():
    service = service_with_charter(name="Voirie de Voiron")
    return {"service": service}, (service.name,)


def _consultation_context():
    from spp.consultations.tests.factories import ConsultationFactory

    consultation = ConsultationFactory(title="Plan vélo 2027")
    return {"consultation": consultation}, (consultation.title,)


@pytest.mark.parametrize(("template", "context_of"), [
    ("core/notifications.html", None), ("core/my_engagement.html", None),
    ("core/audit_log.html", None), ("catalog/manage_enrolments.html", _service_context),
    ("catalog/manage_contributors.html", _service_context),
    ("reports/manage_queue.html", _service_context), ("rosters/coverage.html", _service_context),
    ("consultations/results.html", _consultation_context)])
def test_the_frame_shows_what_the_ordinary_rendering_shows(template, context_of):
    person = UserFactory()
    services.notification_send(recipient=person, title="Garde confirmée")  # a count in the nav
    context, key = context_of() if context_of else ({}, ())
    ordinary = render(_request(person), template,
                      {**context, "content": mark_safe(CONTENT)})  # noqa: S308
    framed = page_frame.render(_request(person), template, CONTENT, context=context, key=key)
    assert _without_tokens(framed.content.decode()) == _without_tokens(ordinary.content.decode())


def test_the_frame_is_rendered_once_then_only_filled():
    person, rendered = UserFactory(), []

    def note(sender, template, **kwargs):
        rendered.append(template.name)

    page_frame.render(_request(person), "core/my_engagement.html", CONTENT)
    template_rendered.connect(note)
    try:
        page = page_frame.render(_request(person), "core/my_engagement.html", "<p>autre</p>")
    finally:
        template_rendered.disconnect(note)
    assert "base.html" not in rendered and "core/my_engagement.html" not in rendered
    assert "<p>autre</p>" in page.content.decode() and CONTENT not in page.content.decode()


def test_each_reader_gets_their_own_header_and_a_token_of_their_own():
    first, second = UserFactory(), UserFactory()
    services.notification_send(recipient=second, title="Pour le second")
    first_page = page_frame.render(_request(first), "core/my_engagement.html", CONTENT)
    second_request = _request(second)
    second_page = page_frame.render(second_request, "core/my_engagement.html", CONTENT)
    unread = re.compile(r'Notifications\s*<span[^>]*>\s*1\s*<')
    assert not unread.search(first_page.content.decode())
    assert unread.search(second_page.content.decode())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                      second_page.content.decode()).group(1)
    assert "spp-csrf-token-placeholder" not in second_page.content.decode()
    assert len(token) == 64 and second_request.META.get("CSRF_COOKIE")


def test_a_flash_message_shows_on_a_kept_page_and_is_then_read():
    """Shown, the messages are marked used: the messages middleware then drops them."""
    request = _request(UserFactory())
    messages.success(request, "Inscription enregistrée")
    assert "Inscription enregistrée" in page_frame.render(
        request, "core/my_engagement.html", CONTENT).content.decode()
    assert request._messages.used


def test_the_charter_banner_shows_to_whoever_must_accept_again():
    service = service_with_charter()
    enrolled = EnrolmentFactory(service=service).user
    catalog_services.charter_publish(actor=MembershipFactory(
        organisation=service.authority, role="admin").user, service=service,
        title="Charte v2", body="Nouvelle version de la charte.")
    banner = f'href="/services/{service.slug}/charte/'
    assert banner in page_frame.render(
        _request(enrolled), "core/my_engagement.html", CONTENT).content.decode()
    assert banner not in page_frame.render(
        _request(UserFactory()), "core/my_engagement.html", CONTENT).content.decode()


def test_each_language_has_its_own_frame(client):
    person = UserFactory()
    client.force_login(person)
    assert '<html lang="fr"' in client.get("/mon-engagement/").content.decode()
    english = Client()
    english.force_login(person)
    english.cookies["django_language"] = "en"
    page = english.get("/mon-engagement/").content.decode()
    assert '<html lang="en"' in page and "<title>My participation — " in page


def test_a_renamed_service_shows_its_new_name_in_the_title():
    service = service_with_charter(name="Voirie de Voiron")
    person = UserFactory()
    context = {"service": service}
    page = page_frame.render(_request(person), "rosters/coverage.html", CONTENT,
                             context=context, key=(service.name,))
    assert "Voirie de Voiron — " in page.content.decode()
    service.name = "Voirie du Pays voironnais"
    page = page_frame.render(_request(person), "rosters/coverage.html", CONTENT,
                             context=context, key=(service.name,))
    assert "Voirie du Pays voironnais — " in page.content.decode()


def test_every_form_of_a_page_carries_one_valid_token_and_a_new_one_after_rotation():
    request = _request(UserFactory())
    content = (f'<form><input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_SLOT}">'
               "</form>")
    page = page_frame.render(request, "core/my_engagement.html", content).content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(tokens) == 1 and len(re.findall("csrfmiddlewaretoken", page)) == 2
    assert _unmask_cipher_token(tokens.pop()) == request.META["CSRF_COOKIE"]
    before = page_csrf_token(request)
    rotate_token(request)
    after = page_csrf_token(request)
    assert after != before and _unmask_cipher_token(after) == request.META["CSRF_COOKIE"]
