"""The back office's pages of Open311 client applications (namespace ``open311_clients``),
under /gestion/ with the other back-office pages (config/urls.py)."""

from django.urls import path

from spp.open311 import views_clients

app_name = "open311_clients"
urlpatterns = [
    path(
        "gestion/organisations/<slug:slug>/open311/",
        views_clients.client_list,
        name="client_list",
    ),
    path(
        "gestion/organisations/<slug:slug>/open311/<int:pk>/",
        views_clients.client_action,
        name="client_action",
    ),
]
