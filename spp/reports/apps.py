from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "spp.reports"
    label = "reports"

    # What the reports app holds about a person, for core's export
    # (spp/core/personal_data.py explains this method).

    def personal_data_export(self, user) -> dict:
        from spp.reports.personal_data import personal_data_sections

        return personal_data_sections(user)
