from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "spp.consultations"
    label = "consultations"

    # What the consultations app holds about a person, for core's export
    # (spp/core/personal_data.py explains this method).

    def personal_data_export(self, user) -> dict:
        from spp.consultations.personal_data import personal_data_sections

        return personal_data_sections(user)
