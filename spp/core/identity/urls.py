"""The federations' addresses, under /accounts/ (allauth includes every provider's urls.py).
Register with each federation: ``<SITE_URL>/accounts/<id>/login/callback/`` for sign-in and
``<SITE_URL>/accounts/<id>/logout/callback/`` for sign-out (docs/configuration.md)."""

from django.urls import include, path, re_path

from spp.core.identity import views

urlpatterns = [
    re_path(r"^(?P<provider_id>franceconnect|proconnect)/", include([
        path("login/", views.login, name="public_oidc_login"),
        path("login/callback/", views.callback, name="public_oidc_callback"),
        path("logout/callback/", views.logout_callback, name="public_oidc_logout_callback"),
    ])),
]
