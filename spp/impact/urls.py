"""The impact pages under /impact/: the dashboards of an authority and of each of its services
(views/dashboards.py), and a citizen's attestations of volunteer activity
(views/attestations.py)."""

from django.urls import path

from spp.impact.views import attestations, dashboards

app_name = "impact"

urlpatterns = [
    path("", dashboards.index, name="index"),
    # Before the authority's slug, which would otherwise match "mon-engagement".
    path("mon-engagement/attestations/", attestations.attestation_list, name="attestations"),
    path("mon-engagement/attestations/<str:code>.pdf", attestations.attestation_pdf,
         name="attestation_pdf"),
    path("<slug:authority>/", dashboards.authority_dashboard, name="authority"),
    path("<slug:authority>/telecharger.<str:fmt>", dashboards.authority_download,
         name="authority_download"),
    path("<slug:authority>/services/<slug:service>/", dashboards.service_dashboard,
         name="service"),
    path("<slug:authority>/services/<slug:service>/telecharger.<str:fmt>",
         dashboards.service_download, name="service_download"),
]
