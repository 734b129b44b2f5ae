from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "spp.consultations"
    label = "consultations"
