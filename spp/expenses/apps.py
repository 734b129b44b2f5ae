from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpensesConfig(AppConfig):
    name = "spp.expenses"
    label = "expenses"
    verbose_name = _("Indemnisation des frais")

    # What the expenses app holds about a person, for core's export and erasure
    # (spp/core/personal_data.py explains these two methods).

    def personal_data_export(self, user) -> dict:
        from spp.expenses.personal_data import personal_data_sections

        return personal_data_sections(user)

    def personal_data_erase(self, user) -> None:
        from spp.expenses.erasure import personal_data_erase

        personal_data_erase(user)
