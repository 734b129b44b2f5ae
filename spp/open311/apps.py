from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "spp.open311"
    label = "open311"
