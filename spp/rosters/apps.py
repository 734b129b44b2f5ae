from django.apps import AppConfig


class RostersConfig(AppConfig):
    name = "spp.rosters"
    label = "rosters"
