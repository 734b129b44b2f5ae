"""Mounted at ``/bench/`` only when ``SPP_BENCH`` is on (config/urls.py)."""

from django.urls import path

from spp.ops import views

app_name = "ops"
urlpatterns = [path("floor", views.floor, name="floor")]
