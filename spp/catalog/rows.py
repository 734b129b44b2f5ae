"""What is left of the catalog's HTML written in Python: the lines of a person's own
enrolments ("Mon engagement"), still written by spp/core/views.py. The lead replaces that
view with a template loop and then deletes this module; nothing new goes here."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from spp.catalog.models import Enrolment
from spp.core.formatting import choice_labels, date_formatter

# Badge colours of the enrolment states (as components/status_badge.html colours them).
STATUS_BADGES = {
    Enrolment.Status.ACTIVE: "badge--success",
    Enrolment.Status.PENDING: "badge--warning",
    Enrolment.Status.SUSPENDED: "badge--danger",
    Enrolment.Status.ENDED: "badge--danger",
}
PK_PLACEHOLDER = 2_147_483_647

MY_ENROLMENT_LINE = (
    '<tr><td><a href="{url}">{service}</a></td>'
    '<td><span class="badge {badge}">{label}</span></td>'
    "<td>v{version}, {accepted}</td><td>{approved}</td></tr>\n"
)


def my_enrolment_lines(rows) -> SafeString:
    """A person's own enrolments ("Mon engagement"), one ``<tr>`` per row of
    ``selectors.enrolment_table_rows_for_user``: the service (linked to the enrolment), its state,
    the charter version accepted and when, and when the authority accepted it."""
    head, _sep, tail = reverse(
        "catalog:enrolment_detail", args=[PK_PLACEHOLDER]).rpartition(str(PK_PLACEHOLDER))
    labels = choice_labels(Enrolment.Status)
    short_date = date_formatter("SHORT_DATE_FORMAT")
    lines = []
    for row in rows:
        status = row["status"]
        accepted = row["charter_accepted_at"]
        lines.append(MY_ENROLMENT_LINE.format(
            url=f"{head}{row['pk']}{tail}", service=escape(row["service__name"]),
            badge=STATUS_BADGES.get(status, "badge--info"),
            label=escape(labels.get(status, status)),
            version=row["accepted_charter__version"],
            accepted=escape(short_date(timezone.localtime(accepted))) if accepted else "",
            approved=(escape(short_date(timezone.localtime(row["approved_at"])))
                      if row["approved_at"] else "—"),
        ))
    return mark_safe("".join(lines))  # every value above is escaped
