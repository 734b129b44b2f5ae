"""The one django-ninja API (``/api/v1/``). Each app of ``spp`` that has an ``api.py`` with a
``router`` is mounted at ``/api/v1/<app label>/``; errors are answered as problem+json
(RFC 9457) by spp.core.api_errors."""

from importlib import import_module

from django.apps import apps
from ninja import NinjaAPI
from ninja.security import django_auth

from spp.core.api_docs import PlatformDocs
from spp.core.api_errors import document_problems, install_problem_handlers
from spp.core.api_throttle import ApiThrottle


class PlatformApi(NinjaAPI):
    """django-ninja's API, whose OpenAPI document says that errors are problem+json."""

    def get_openapi_schema(self, *args, **kwargs):
        return document_problems(super().get_openapi_schema(*args, **kwargs))


api = PlatformApi(
    title="SPP API",
    version="1",
    description="API des Services Publics Partagés. Erreurs au format application/problem+json.",
    urls_namespace="api",
    auth=django_auth,
    # /api/v1/docs: a page of the platform's own, rendered from the schema (spp/core/api_docs.py).
    docs=PlatformDocs(),
    # Each caller's requests are rate-limited (SPP_RATE_LIMITS["api"], spp/core/api_throttle.py).
    throttle=ApiThrottle(),
)
install_problem_handlers(api)

for app_config in apps.get_app_configs():
    if not app_config.name.startswith("spp."):
        continue
    try:
        module = import_module(f"{app_config.name}.api")
    except ModuleNotFoundError as error:
        if error.name != f"{app_config.name}.api":
            raise
        continue
    api.add_router(f"/{app_config.label}/", module.router)
