from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "spp.consultations"
    label = "consultations"

    # What the consultations app holds about a person, for core's export and erasure
    # (spp/core/personal_data.py explains these two methods).

    def personal_data_export(self, user) -> dict:
        from spp.consultations.personal_data import personal_data_sections

        return personal_data_sections(user)

    def personal_data_erase(self, user) -> None:
        from spp.consultations.erasure import personal_data_erase

        personal_data_erase(user)
