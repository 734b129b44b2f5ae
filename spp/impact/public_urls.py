"""The public pages under /transparence/, open to anyone: an authority's aggregated figures
(views/public.py), its open data (views/opendata.py) and the checking of an attestation
(views/attestations.py)."""

from django.urls import path

from spp.impact.views import attestations, opendata, public

app_name = "transparency"

urlpatterns = [
    # Before the authority's slug, which would otherwise match these words.
    path("verifier/", attestations.attestation_verify, name="verify"),
    path("verifier/<str:code>/", attestations.attestation_verify_code, name="verify_code"),
    path("schemas/chiffres-impact.json", opendata.figures_schema, name="figures_schema"),
    path("<slug:authority>/", public.transparency_page, name="authority"),
    path("<slug:authority>/donnees/", opendata.datasets, name="datasets"),
    path("<slug:authority>/donnees/chiffres-<int:year>.csv", opendata.figures_csv,
         name="figures_csv"),
    path("<slug:authority>/donnees/chiffres-<int:year>.json", opendata.figures_json,
         name="figures_json"),
]
