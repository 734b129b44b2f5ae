"""/media/ serves the public uploads (logos, report photos: Open311's media_url) in every
profile, production included, and nothing else: receipts, payment files, personal-data
archives and held photos answer 404 there even when the file exists."""

import io
import json
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from spp.core.models import personal_data_export_path
from spp.core.services import organisation_update_branding
from spp.core.tests.factories import MembershipFactory, UserFactory
from spp.core.views.media import PUBLIC_MEDIA
from spp.reports.models import photo_path

PRIVATE = [
    "expenses/receipts/3/12/claim-12-recu.jpg",
    "expenses/receipts/3/12/claim-12-recu.pdf",
    "expenses/exports/3/virements.xml",
    "personal-data/7/8f2c.zip",
    f"reports/en-attente/2026-12-07/{uuid.uuid4().hex}.jpg",  # a report not filed yet
    "organisations/logos/../../expenses/receipts/3/12/claim-12-recu.jpg",
    "organisations/logos/page.html",
    "organisations/page.png/../x.jpg",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (0, 77, 64)).save(out, format="PNG")
    return out.getvalue()


def _write(root, name: str, content: bytes = b"secret") -> None:
    path = os.path.normpath(os.path.join(root, name))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.write(content)


def test_the_public_names_are_those_the_uploads_are_stored_under():
    assert PUBLIC_MEDIA.fullmatch(photo_path(None, "trou.jpg"))
    assert PUBLIC_MEDIA.fullmatch("organisations/logos/voiron.png")
    assert PUBLIC_MEDIA.fullmatch("organisations/logos/voiron_Ab3dE9f.png")
    assert not PUBLIC_MEDIA.fullmatch(personal_data_export_path(
        type("Export", (), {"user_id": 7, "token": "abc"})(), "x.zip"))


@pytest.mark.django_db
def test_a_logo_answers_200_as_a_png_that_a_browser_may_not_take_for_a_page(client):
    admin = MembershipFactory(role="admin")
    organisation = organisation_update_branding(
        actor=admin.user, organisation=admin.organisation, primary_colour="#004d40",
        accent_colour="#b3261e", logo=SimpleUploadedFile("logo.png", _png()))
    response = client.get(organisation.logo.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    response.close()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "Set-Cookie" not in response and "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_open311_media_url_of_a_report_answers_200(client):
    from spp.reports.services import report_create
    from spp.reports.tests.factories import CategoryFactory, image_upload

    category = CategoryFactory()
    report = report_create(actor=UserFactory(), service=category.service, category=category,
                           latitude=45.36, longitude=5.59, description="Trou",
                           attribute_values={}, uploads=[image_upload()])
    data = client.get(f"/open311/v2/requests/{report.reference}.json").json()
    media_url = data[0]["media_url"]
    assert media_url.startswith(settings.SITE_URL + "/media/reports/")
    response = client.get(media_url.removeprefix(settings.SITE_URL))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    response.close()


@pytest.mark.django_db  # the 404 page shows the site's brand
@pytest.mark.parametrize("name", PRIVATE)
def test_a_private_file_is_never_served_under_media(client, tmp_path, name):
    _write(tmp_path, name)
    assert client.get(f"/media/{name}").status_code == 404


@pytest.mark.django_db
def test_a_public_name_with_no_file_answers_404(client):
    assert client.get("/media/organisations/logos/absent.png").status_code == 404


# The production profile, in a process of its own (settings are read once, at start).
PROD_ENV = {"SPP_ENV": "prod", "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-42",
            "ALLOWED_HOSTS": "spp.example.fr", "DATABASE_URL": "sqlite:///:memory:",
            "REDIS_URL": ""}
# Public files go through the whole stack; for the others the production URLconf's view is
# called directly (rendering the 404 page would need the migrated database and static files).
PROBE = """
import json, sys
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve

def status(name, public):
    if public:
        return Client(HTTP_HOST="spp.example.fr").get("/media/" + name, secure=True).status_code
    try:
        match = resolve("/media/" + name)
        response = match.func(RequestFactory().get("/media/" + name), **match.kwargs)
    except (Http404, Resolver404):
        return 404
    return response.status_code

count = int(sys.argv[2])
names = sys.argv[3:]
print(json.dumps({name: status(name, index < count) for index, name in enumerate(names)}))
"""


@pytest.mark.processes
def test_in_production_logos_and_photos_answer_200_and_private_files_404(tmp_path):
    logo, photo = "organisations/logos/voiron.png", photo_path(None, "trou.jpg")
    for name in (logo, photo, *PRIVATE):
        _write(tmp_path / "media", name, _png())
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(PROD_ENV, MEDIA_ROOT=str(tmp_path / "media"))
    result = subprocess.run(
        [sys.executable, "-c",
         "import django, os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
         "'config.settings'); django.setup(); exec(sys.argv[1])", PROBE, "2", logo, photo,
         *PRIVATE],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    assert statuses == {logo: 200, photo: 200, **dict.fromkeys(PRIVATE, 404)}
