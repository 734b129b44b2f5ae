"""Every write to reports. Views, the Open311 interface, the demo and commands call these;
they import them from here (``from spp.reports import services``), whichever module holds them."""

from spp.reports.services.categories import (
    CATEGORY_FIELDS,
    category_create,
    category_set_target_days,
    category_update,
)
from spp.reports.services.confirmation import (
    CONFIRM_MAX_AGE,
    CONFIRM_SALT,
    needs_email_confirmation,
    report_confirm_email,
    report_submit_for_confirmation,
    service_settings_set,
)
from spp.reports.services.handling import (
    report_assign,
    report_recategorise,
)
from spp.reports.services.reports import (
    DESCRIPTION_MAX_LENGTH,
    report_add_event,
    report_confirm,
    report_create,
    report_set_target_date,
    report_support,
    report_transition,
)

__all__ = [
    "CATEGORY_FIELDS",
    "CONFIRM_MAX_AGE",
    "CONFIRM_SALT",
    "DESCRIPTION_MAX_LENGTH",
    "category_create",
    "category_set_target_days",
    "category_update",
    "needs_email_confirmation",
    "report_add_event",
    "report_assign",
    "report_confirm",
    "report_confirm_email",
    "report_create",
    "report_recategorise",
    "report_set_target_date",
    "report_submit_for_confirmation",
    "report_support",
    "report_transition",
    "service_settings_set",
]
