"""The site's URLs plus a small API with one organisation-level write, for the tests of API
tokens (no endpoint of the platform lets an organisation write through the REST API yet)."""

from django.urls import path
from ninja import NinjaAPI
from ninja.security import django_auth

from config.urls import urlpatterns as site_urlpatterns
from spp.core.api_auth import organisation_auth, organisation_for
from spp.core.api_errors import install_problem_handlers

api = NinjaAPI(urls_namespace="api_token_test", auth=django_auth, docs_url=None,
               openapi_url=None)
install_problem_handlers(api)


@api.post("/organisations/{slug}/notes", auth=organisation_auth)
def write_note(request, slug: str):
    return {"organisation": organisation_for(request, slug).slug}


@api.post("/me/notes")
def write_my_note(request):
    return {"person": request.user.pk}


urlpatterns = [path("api/test-tokens/", api.urls), *site_urlpatterns]
