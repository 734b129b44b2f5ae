"""Core's pages. The "core" namespace also holds three pages the catalog serves (core:home,
core:my_engagement, core:back_office): config/urls.py adds ``spp.catalog.urls.site_urlpatterns``
to these."""

from django.urls import path

from spp.core.views import pages as views

app_name = "core"
urlpatterns = [
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", views.personal_data, name="personal_data"),
    path("mon-profil/", views.profile, name="profile"),
    path(
        "mon-profil/mes-donnees.json", views.personal_data_download, name="personal_data_download"
    ),
    path("mon-profil/effacer/", views.account_erase, name="account_erase"),
    path("notifications/", views.notifications, name="notifications"),
    path("gestion/journal/", views.audit_log, name="audit_log"),
    path(
        "gestion/organisations/<slug:slug>/identite/",
        views.organisation_branding,
        name="organisation_branding",
    ),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
]
