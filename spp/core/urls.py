"""Core's pages. The "core" namespace also holds three pages the catalog serves (core:home,
core:my_engagement, core:back_office): config/urls.py adds ``spp.catalog.urls.site_urlpatterns``
to these."""

from django.urls import path, re_path

from spp.core.views import api_tokens, brand, members
from spp.core.views import pages as views
from spp.core.views.second_factor import second_factor as second_factor_view

app_name = "core"
urlpatterns = [
    re_path(
        r"^marque/(?P<primary>[0-9a-fA-F]{6})-(?P<accent>[0-9a-fA-F]{6})\.css$",
        brand.brand_stylesheet,
        name="brand_stylesheet",
    ),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", views.personal_data, name="personal_data"),
    path("mon-profil/", views.profile, name="profile"),
    path(
        "mon-profil/mes-donnees.json", views.personal_data_download, name="personal_data_download"
    ),
    path(
        "mon-profil/mes-donnees/preparer/",
        views.personal_data_export_prepare,
        name="personal_data_export_prepare",
    ),
    path(
        "mon-profil/mes-donnees/<uuid:token>.zip",
        views.personal_data_export_download,
        name="personal_data_export_download",
    ),
    path("mon-profil/effacer/", views.account_erase, name="account_erase"),
    path("mon-profil/double-authentification/", second_factor_view,
         name="second_factor"),
    path("notifications/", views.notifications, name="notifications"),
    path("gestion/journal/", views.audit_log, name="audit_log"),
    path(
        "gestion/organisations/<slug:slug>/identite/",
        views.organisation_branding,
        name="organisation_branding",
    ),
    path("gestion/organisations/<slug:slug>/membres/", members.members, name="members"),
    path(
        "gestion/organisations/<slug:slug>/membres/inviter/",
        members.member_invite,
        name="member_invite",
    ),
    path(
        "gestion/organisations/<slug:slug>/membres/<int:membership_id>/role/",
        members.member_role,
        name="member_role",
    ),
    path(
        "gestion/organisations/<slug:slug>/membres/<int:membership_id>/retirer/",
        members.member_remove,
        name="member_remove",
    ),
    path(
        "gestion/organisations/<slug:slug>/invitations/<int:invitation_id>/renvoyer/",
        members.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "gestion/organisations/<slug:slug>/invitations/<int:invitation_id>/annuler/",
        members.invitation_cancel,
        name="invitation_cancel",
    ),
    path("gestion/organisations/<slug:slug>/jetons-api/", api_tokens.api_tokens,
         name="api_tokens"),
    path("gestion/organisations/<slug:slug>/jetons-api/<int:pk>/revoquer/",
         api_tokens.api_token_revoke, name="api_token_revoke"),
    path("invitations/<str:token>/", members.invitation_open, name="invitation_open"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
]
