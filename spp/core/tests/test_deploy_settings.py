"""The production profile passes Django's deployment checks, and refuses to start unsafely."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.processes

PROD_ENV = {"SPP_ENV": "prod", "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-42",
            "ALLOWED_HOSTS": "spp.example.fr", "DATABASE_URL": "sqlite:///:memory:",
            "SPP_FIELD_ENCRYPTION_KEYS": "uAm2bRz0ZfGq8cQ1p5tB3w9y7xV4nK6hJ0dL2sE8rTY="}


def run_manage(*args, env_overrides):
    local_only = {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "SPP_DUMMY_CACHE"}
    env = {k: v for k, v in os.environ.items() if k not in local_only}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_production_profile_passes_check_deploy_with_no_warning():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_production_has_no_field_encryption_key():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING",
                        env_overrides=dict(PROD_ENV, SPP_FIELD_ENCRYPTION_KEYS=""))
    assert result.returncode != 0 and "core.W001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PROD_ENV, SECRET_KEY="")
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def _cache_backend(env_overrides) -> str:
    result = run_manage("shell", "-c",
                        "from django.conf import settings; print(settings.CACHES['default']"
                        "['BACKEND'])", env_overrides=env_overrides)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_without_redis_shares_one_cache_between_processes_in_the_database():
    """Per-process memory would let one gunicorn worker serve what another has changed."""
    env = {**PROD_ENV, "REDIS_URL": ""}
    assert _cache_backend(env) == "django.core.cache.backends.db.DatabaseCache"


def test_production_with_redis_shares_the_redis_cache():
    env = {**PROD_ENV, "REDIS_URL": "redis://127.0.0.1:6379/13"}
    assert _cache_backend(env) == "spp.ops.cache.ResilientRedisCache"
