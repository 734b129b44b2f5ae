"""Health data only on a certified host: without the setting the pages answer 503 with the
reason, the system check reports an error in production, and the production profile leaves
the app out."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from spp.peers.checks import health_data_host
from spp.peers.tests.factories import peers_service

pytestmark = pytest.mark.django_db


def test_pages_answer_503_with_the_reason_when_the_host_is_not_certified(client, settings):
    service = peers_service()
    settings.SPP_HEALTH_DATA_HOST_CERTIFIED = False
    response = client.get(f"/pairs/{service.slug}/")
    assert response.status_code == 503
    assert "certifié pour les données de santé" in response.content.decode()
    settings.SPP_HEALTH_DATA_HOST_CERTIFIED = True
    assert client.get(f"/pairs/{service.slug}/").status_code == 200


def test_the_check_reports_production_without_certified_host_or_keys(settings):
    settings.PRODUCTION, settings.SPP_HEALTH_DATA_HOST_CERTIFIED = True, False
    settings.SPP_FIELD_ENCRYPTION_KEYS = []
    assert {error.id for error in health_data_host()} == {"peers.E001", "peers.E002"}
    settings.SPP_HEALTH_DATA_HOST_CERTIFIED = True
    settings.SPP_FIELD_ENCRYPTION_KEYS = ["k" * 43 + "="]
    assert health_data_host() == []
    settings.PRODUCTION = False
    assert health_data_host() == []


@pytest.mark.processes
def test_the_production_profile_leaves_the_app_out_unless_the_host_is_certified():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update({"SPP_ENV": "prod", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "spp.example.fr",
                "DATABASE_URL": "sqlite:///:memory:"})
    code = ("from django.conf import settings; print('spp.peers' in settings.INSTALLED_APPS)")

    def installed(**extra):
        result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code],
                                cwd=django_settings.BASE_DIR, env={**env, **extra},
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert installed(SPP_HEALTH_DATA_HOST_CERTIFIED="") == "False"
    assert installed(SPP_HEALTH_DATA_HOST_CERTIFIED="true") == "True"
