from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "spp.reports"
    label = "reports"
