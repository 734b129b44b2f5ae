"""The demo shows the platform's own error pages, not Django's debug page (#14, item 13):
scripts/demo.sh runs with DEBUG off; a missing page is the platform's 404 in its layout, and
the 500 page draws the platform's header from an empty context, without the database."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.template import loader
from django.test import override_settings
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from spp.core.tests.factories import TEST_PASSWORD, UserFactory
from spp.ops import views as ops_views


@login_not_required
def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boum/", _boom), *site_urlpatterns]
handler500 = "spp.ops.views.server_error"


def test_the_demo_script_turns_debug_off_unless_asked():
    from pathlib import Path

    from django.conf import settings

    script = (Path(settings.BASE_DIR) / "scripts" / "demo.sh").read_text()
    assert "export DEBUG=${DEBUG:-0}" in script


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_missing_page_is_the_platforms_404_with_its_layout(client):
    user = UserFactory()
    client.login(email=user.email, password=TEST_PASSWORD)
    page = client.get("/cette-page-n-existe-pas/")
    assert page.status_code == 404
    html = page.content.decode()
    assert "Page introuvable" in html
    assert '<header class="site-header">' in html
    assert 'class="site-footer"' in html
    assert "Traceback" not in html and "URLconf" not in html


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_visitor_signed_out_also_gets_the_platforms_404(client):
    page = client.get("/cette-page-n-existe-pas/")
    assert page.status_code == 404
    assert "Page introuvable" in page.content.decode()


def test_the_500_page_renders_from_an_empty_context_without_the_database():
    # No django_db mark: any query here would fail the test.
    html = loader.get_template("500.html").render()
    assert '<html lang="fr">' in html
    assert "Erreur du serveur" in html
    assert '<header class="site-header">' in html
    assert 'href="/static/spp/css/spp.css"' in html
    assert 'href="/"' in html


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_an_unexpected_error_shows_the_platforms_500_page(client):
    client.raise_request_exception = False
    page = client.get("/boum/")
    assert page.status_code == 500
    html = page.content.decode()
    assert "Erreur du serveur" in html
    assert '<header class="site-header">' in html
    assert "RuntimeError" not in html


def test_the_500_handler_is_the_platforms():
    from config import urls

    assert urls.handler500 == "spp.ops.views.server_error"
    assert callable(ops_views.server_error)
