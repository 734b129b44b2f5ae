""" "Mes données" as a ZIP prepared by a task: asked for on the profile, built in the
background, the person told when it is ready, downloadable by them only, for a limited time."""

import io
import json
import os
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spp.core.models import AuditLogEntry, PersonalDataExport
from spp.core.personal_data import personal_data_export
from spp.core.services.personal_data_exports import personal_data_export_request
from spp.core.tests.factories import UserFactory
from spp.core.tests.personal_data_people import (
    a_person_with_data,
    consultations_of,
    expenses_of,
    reports_of,
    rosters_of,
)

pytestmark = pytest.mark.django_db

PREPARE = "/mon-profil/mes-donnees/preparer/"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _prepare(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(PREPARE)


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_holds_the_json_a_readme_the_tables_and_the_files(
    client, django_capture_on_commit_callbacks
):
    user = a_person_with_data()
    client.force_login(user)
    _prepare(client, django_capture_on_commit_callbacks)
    export = PersonalDataExport.objects.get(user=user)
    assert export.status == "ready" and export.expires_at == export.ready_at + timedelta(days=7)
    assert not export.file.name.startswith(("reports/", "organisations/"))
    response = client.get(f"/mon-profil/mes-donnees/{export.token}.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = _zip(response)
    names = set(archive.namelist())
    data = json.loads(archive.read("donnees.json").decode("utf-8"))
    assert data["profil"]["prenom"] == "Léa"
    assert "README.txt" in names and "donnees.json" in archive.read("README.txt").decode()
    assert {"signalements_appuyes.csv", "permanences.csv"} <= names
    photo = data["signalements"][0]["photos"][0]
    receipt = data["frais_demandes"][0]["frais"][0]["justificatif"]
    assert archive.read(receipt) == b"%PDF-1.4 ticket"
    assert archive.read(photo)[:2] == b"\xff\xd8"  # a JPEG


def test_the_person_is_told_when_their_data_is_ready_and_the_profile_says_so(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    client.force_login(user)
    assert "Préparer mes données" in client.get("/mon-profil/").content.decode()
    _prepare(client, django_capture_on_commit_callbacks)
    notification = user.notifications.get()
    assert notification.title == "Vos données sont prêtes à télécharger"
    assert notification.url == "/mon-profil/#mes-donnees"
    page = client.get("/mon-profil/").content.decode()
    export = PersonalDataExport.objects.get(user=user)
    assert "prête" in page and f"/mon-profil/mes-donnees/{export.token}.zip" in page
    assert AuditLogEntry.objects.filter(action="personal_data.export_request").count() == 1


def test_an_export_being_prepared_shows_as_such_and_a_double_click_prepares_one(client):
    user = UserFactory()
    client.force_login(user)
    # Without running the commit callbacks, the task has not run: the export waits.
    client.post(PREPARE)
    client.post(PREPARE)
    export = PersonalDataExport.objects.get(user=user)
    assert export.status == "pending"
    page = client.get("/mon-profil/").content.decode()
    assert "en préparation" in page and "Préparer mes données" not in page


def test_a_stale_pending_export_does_not_block_a_new_one():
    user = UserFactory()
    old = PersonalDataExport.objects.create(
        user=user, created_at=timezone.now() - timedelta(hours=2)
    )
    new = personal_data_export_request(actor=user)
    assert new.pk != old.pk
    old.refresh_from_db()
    assert old.status == "failed"


def test_a_new_export_replaces_the_older_one(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    client.force_login(user)
    _prepare(client, django_capture_on_commit_callbacks)
    first = PersonalDataExport.objects.get(user=user)
    first_file = first.file.path
    _prepare(client, django_capture_on_commit_callbacks)
    [second] = PersonalDataExport.objects.filter(user=user)
    assert second.pk != first.pk
    assert client.get(f"/mon-profil/mes-donnees/{first.token}.zip").status_code == 404
    assert not os.path.exists(first_file)


def test_another_person_cannot_download_it(client, django_capture_on_commit_callbacks):
    owner = UserFactory()
    client.force_login(owner)
    _prepare(client, django_capture_on_commit_callbacks)
    export = PersonalDataExport.objects.get(user=owner)
    client.force_login(UserFactory())
    assert client.get(f"/mon-profil/mes-donnees/{export.token}.zip").status_code == 404
    client.logout()
    assert client.get(f"/mon-profil/mes-donnees/{export.token}.zip").status_code == 302


def test_an_expired_export_cannot_be_downloaded_and_shows_as_expired(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    client.force_login(user)
    _prepare(client, django_capture_on_commit_callbacks)
    export = PersonalDataExport.objects.get(user=user)
    PersonalDataExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(f"/mon-profil/mes-donnees/{export.token}.zip").status_code == 404
    page = client.get("/mon-profil/").content.decode()
    assert "expirée" in page and "Préparer mes données" in page


def test_the_json_download_gives_the_same_data_with_the_files_paths(client):
    user = UserFactory()
    claim = expenses_of(user)
    client.force_login(user)
    data = client.get("/mon-profil/mes-donnees.json").json()
    assert data["frais_demandes"][0]["frais"][0]["justificatif"].startswith(
        f"fichiers/expenses/demande-{claim.pk}/"
    )


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        personal_data_export(user)
    return len(queries)


def test_the_export_costs_the_same_queries_for_one_item_or_many_per_app():
    few, many = UserFactory(), UserFactory()
    for user, times in ((few, 1), (many, 3)):
        for _ in range(times):
            reports_of(user)
            consultations_of(user)
            rosters_of(user)
            expenses_of(user)
    assert _queries(many) == _queries(few)


def test_erasing_ones_account_removes_the_prepared_copies_and_their_files(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    client.force_login(user)
    _prepare(client, django_capture_on_commit_callbacks)
    path = PersonalDataExport.objects.get(user=user).file.path
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/mon-profil/effacer/", {"confirm": "on"})
    assert not PersonalDataExport.objects.filter(user=user).exists()
    assert not os.path.exists(path)
