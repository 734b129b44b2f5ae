"""Date fields are ``<input type="date">`` given ISO dates: a browser drops a French date
("06/12/2026") there and shows the field empty, which left the auto-roster's Du/Au and the
report's "Date cible" blank."""

from datetime import date

from django.utils import translation

from spp.core.forms import AuditFilterForm
from spp.reports.forms import TargetDateForm
from spp.rosters.forms import PeriodForm


def test_date_fields_show_iso_dates_in_french_and_parse_them_back():
    day = date(2026, 12, 6)
    with translation.override("fr"):
        for form, field in ((PeriodForm(initial={"starts_on": day}), "starts_on"),
                            (TargetDateForm(initial={"target_date": day}), "target_date"),
                            (AuditFilterForm(initial={"date_from": day}), "date_from")):
            html = str(form[field])
            assert 'type="date"' in html and 'value="2026-12-06"' in html, html
        bound = PeriodForm({"starts_on": "2026-12-06", "ends_on": "2026-12-07"})
        assert bound.is_valid() and bound.cleaned_data["starts_on"] == day
