"""FranceConnect and ProConnect are switched on by the environment: all three variables give a
button (and the provider's origin in the pages' form-action), none gives none, and a half
configuration stops the process with the missing names rather than failing at sign-in."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.processes

PRINT = ("import json; from django.conf import settings as s; print(json.dumps({"
         "'apps': s.SOCIALACCOUNT_PROVIDERS['public_oidc']['APPS'],"
         "'form_action': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']}))")


def _settings_with(env_overrides):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FRANCECONNECT_", "PROCONNECT_"))}
    env.update({"SPP_ENV": "test", **env_overrides})
    return subprocess.run([sys.executable, "manage.py", "shell", "-c", PRINT],
                          cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
                          timeout=120)


def test_franceconnect_is_on_when_its_three_variables_are_set():
    result = _settings_with({"FRANCECONNECT_CLIENT_ID": "id", "FRANCECONNECT_SECRET": "secret",
                             "FRANCECONNECT_SERVER_URL": "https://fc.example.gouv.fr/api/v2/"})

    assert result.returncode == 0, result.stderr
    configured = json.loads(result.stdout.strip().splitlines()[-1])
    [app] = configured["apps"]
    assert (app["provider_id"], app["client_id"]) == ("franceconnect", "id")
    assert app["settings"]["server_url"] == "https://fc.example.gouv.fr/api/v2"
    assert app["settings"]["auth_params"] == {"acr_values": "eidas1"}
    assert "https://fc.example.gouv.fr" in configured["form_action"]


def test_without_variables_no_federation_is_configured():
    result = _settings_with({})

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["apps"] == []


def test_a_half_configured_federation_stops_the_process_naming_what_is_missing():
    result = _settings_with({"PROCONNECT_CLIENT_ID": "id"})

    assert result.returncode != 0
    assert "PROCONNECT_SECRET, PROCONNECT_SERVER_URL" in result.stderr
