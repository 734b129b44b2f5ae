"""The Content-Security-Policy (config/csp.py): nothing inline runs or applies, and the pages
give it nothing inline to refuse. The browser tests' fixtures fail on any refusal Chromium
reports (spp/core/testing/browser.py), so every journey is checked in a real browser too."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from config.csp import content_security_policy
from spp.core.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PROJECT = Path(settings.BASE_DIR)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)
EVENT_HANDLER_ATTRIBUTE = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/open311/discovery.json"])
def test_every_response_allows_scripts_and_styles_from_our_own_origin_only(client, path):
    policy = directives(client.get(path))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_map_tile_server_is_the_one_origin_images_come_from_besides_ours(client):
    policy = directives(client.get("/"))
    assert policy["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]


def test_sign_in_forms_may_send_the_browser_to_the_configured_identity_providers():
    policy = content_security_policy(
        map_tile_url="https://tiles.example/{z}/{x}/{y}.png",
        form_action_urls=["https://fc.example/api/v2", "https://pc.example/api/v2", ""],
    )
    assert policy["DIRECTIVES"]["form-action"] == [
        "'self'", "https://fc.example", "https://pc.example"]


def test_no_template_holds_an_inline_style_a_script_body_or_an_event_handler():
    """What the policy would refuse in a browser, found in the templates themselves: a
    ``style`` attribute or element, a ``<script>`` without ``src`` (JSON data blocks excepted,
    which never run) or an ``on…`` attribute."""
    offences = []
    for template in sorted(PROJECT.glob("spp/**/templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        where = template.relative_to(PROJECT)
        offences += [f"{where}: style attribute" for _ in STYLE_ATTRIBUTE.findall(text)]
        offences += [f"{where}: style element" for _ in STYLE_ELEMENT.findall(text)]
        offences += [f"{where}: event handler" for _ in EVENT_HANDLER_ATTRIBUTE.findall(text)]
        offences += [
            f"{where}: inline script {tag}" for tag in SCRIPT_TAG.findall(text)
            if "src=" not in tag and "application/json" not in tag
        ]
    assert offences == []


@override_settings(SPP_BRAND_ORGANISATION="voiron-brand")
def test_the_authority_colours_reach_the_page_through_its_brand_stylesheet(client):
    OrganisationFactory(slug="voiron-brand", primary_colour="#2A4D14", accent_colour="#8A1538")

    html = client.get("/").content.decode()
    assert 'href="/marque/2A4D14-8A1538.css"' in html
    assert not STYLE_ATTRIBUTE.search(html)

    stylesheet = client.get("/marque/2A4D14-8A1538.css")
    assert stylesheet["Content-Type"] == "text/css; charset=utf-8"
    assert stylesheet.content.decode().strip() == (
        ":root { --brand: #2a4d14; --accent: #8a1538; }")
    assert "immutable" in stylesheet["Cache-Control"]


def test_the_brand_stylesheet_refuses_anything_but_two_hex_colours(client):
    assert client.get("/marque/2A4D14-8A1538.css").status_code == 200
    assert client.get("/marque/red-8A1538.css").status_code == 404
    assert client.get("/marque/2A4D14-8A1538;x.css").status_code == 404
