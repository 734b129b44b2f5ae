"""The lines of the catalog's back-office lists (a service's enrolments, its contributors),
written once in Python from plain values.

Through the template language, each line of 25 cost about 400 function calls (variable
lookups, ``{% if %}``, ``{% url %}``, filters, ``get_status_display``), several times the work
of reading the rows. Here a line is one string format: every value read from the database or
typed by someone is escaped with ``escape``; URLs are reversed once per page, dates and labels
formatted once per page and language (spp/core/formatting.py). The tables' headers, captions
and empty states stay in the templates.

The service's management nav, the same for every manager, is rendered once per process under
a key made of all it shows (spp/core/kept_renders.py).

The enrolments' lines are kept in the cache with their page (spp/catalog/manage_pages.py): their
forms carry ``page_cache.CSRF_SLOT`` where the token goes, filled in for each request."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from spp.catalog.models import Enrolment
from spp.catalog.pattern_links import pattern_links
from spp.catalog.selectors import qualification_rows_of
from spp.core.formatting import choice_labels, date_formatter
from spp.core.kept_renders import kept_render
from spp.core.page_cache import CSRF_SLOT

# Badge colours of the enrolment states (as components/status_badge.html colours them).
STATUS_BADGES = {
    Enrolment.Status.ACTIVE: "badge--success",
    Enrolment.Status.PENDING: "badge--warning",
    Enrolment.Status.SUSPENDED: "badge--danger",
    Enrolment.Status.ENDED: "badge--danger",
}
PK_PLACEHOLDER = 2_147_483_647


def manage_nav(service) -> str:
    """catalog/manage_nav.html for ``service``: its authority and operator, and the links to
    its pattern apps' back-office (``pattern_links``), rendered once per process for the same
    names and patterns."""
    key = (service.pk, service.slug, service.authority.name,
           service.operator.name if service.operator_id else None, *service.patterns)
    return kept_render("catalog/manage_nav.html", key, lambda: {
        "service": service, "service_tools": pattern_links(service, "service_manage")})


def _url_pattern(name: str, *args) -> str:
    """The URL of ``name`` with its last argument as ``{pk}`` to fill: reversed once per page
    rather than once per line."""
    head, _sep, tail = reverse(name, args=[*args, PK_PLACEHOLDER]).rpartition(str(PK_PLACEHOLDER))
    return f"{head}{{pk}}{tail}"


def _person_name(row) -> str:
    """As ``str(user)``: the full name, or the email when there is none."""
    return f"{row['user__first_name']} {row['user__last_name']}".strip() or row["user__email"]


ENROLMENT_LINE = (
    '<tr><td><a href="{url}">{name}</a><br><small>{email}</small></td>'
    '<td><span class="badge {badge}">{label}</span></td>'
    "<td>{created}</td><td>v{version}</td><td>{action}</td></tr>\n"
)
APPROVE_FORM = (
    '<form method="post" action="{url}">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
    '<input type="hidden" name="next" value="{next}">'
    '<button type="submit" name="action" value="approve">{approve}'
    '<span class="sr-only"> {name}</span></button></form>'
)
DETAIL_LINK = '<a href="{url}">{detail}<span class="sr-only"> {name}</span></a>'


def enrolment_lines(rows, *, next_url: str) -> SafeString:
    """The agents' list of enrolments, one ``<tr>`` per row of ``selectors.enrolment_rows``:
    the person (linked to the enrolment), its state, the date asked, the charter version
    accepted, and "Valider" for a pending one (back to ``next_url``) or a link to its page.
    Its forms hold ``CSRF_SLOT`` for the request's token (``page_frame.render`` fills it)."""
    detail_url = _url_pattern("catalog:enrolment_detail")
    action_url = _url_pattern("catalog:enrolment_action")
    labels = choice_labels(Enrolment.Status)
    short_date = date_formatter("SHORT_DATE_FORMAT")
    csrf, next_url = CSRF_SLOT, escape(next_url)
    approve, detail = escape(_("Valider")), escape(_("Détail"))
    lines = []
    for row in rows:
        status, name = row["status"], escape(_person_name(row))
        url = detail_url.format(pk=row["pk"])
        if status == Enrolment.Status.PENDING:
            action = APPROVE_FORM.format(url=action_url.format(pk=row["pk"]), csrf=csrf,
                                         next=next_url, approve=approve, name=name)
        else:
            action = DETAIL_LINK.format(url=url, detail=detail, name=name)
        lines.append(ENROLMENT_LINE.format(
            url=url, name=name, email=escape(row["user__email"]),
            badge=STATUS_BADGES.get(status, "badge--info"),
            label=escape(labels.get(status, status)),
            created=escape(short_date(timezone.localtime(row["created_at"]))),
            version=row["accepted_charter__version"], action=action,
        ))
    return mark_safe("".join(lines))  # every value above is escaped


MY_ENROLMENT_LINE = (
    '<tr><td><a href="{url}">{service}</a></td>'
    '<td><span class="badge {badge}">{label}</span></td>'
    "<td>v{version}, {accepted}</td><td>{approved}</td></tr>\n"
)


def my_enrolment_lines(rows) -> SafeString:
    """A person's own enrolments ("Mon engagement"), one ``<tr>`` per row of
    ``selectors.enrolment_table_rows_for_user``: the service (linked to the enrolment), its state,
    the charter version accepted and when, and when the authority accepted it."""
    detail_url = _url_pattern("catalog:enrolment_detail")
    labels = choice_labels(Enrolment.Status)
    short_date = date_formatter("SHORT_DATE_FORMAT")
    lines = []
    for row in rows:
        status = row["status"]
        accepted = row["charter_accepted_at"]
        lines.append(MY_ENROLMENT_LINE.format(
            url=detail_url.format(pk=row["pk"]), service=escape(row["service__name"]),
            badge=STATUS_BADGES.get(status, "badge--info"),
            label=escape(labels.get(status, status)),
            version=row["accepted_charter__version"],
            accepted=escape(short_date(timezone.localtime(accepted))) if accepted else "",
            approved=(escape(short_date(timezone.localtime(row["approved_at"])))
                      if row["approved_at"] else "—"),
        ))
    return mark_safe("".join(lines))  # every value above is escaped


CONTRIBUTOR_LINE = (
    '<tr><td><a href="{url}">{name}</a></td><td>{badges}</td>'
    '<td><a href="{qualifications_url}">{qualifications}'
    '<span class="sr-only"> — {name}</span></a></td></tr>\n'
)
BADGE = '<span class="badge {badge}">{label}</span> '


def contributor_lines(rows, service) -> SafeString:
    """The service's contributors, one ``<tr>`` per row of ``selectors.enrolment_rows``: the
    person, their qualifications (expired, to verify, or valid), and a link to manage them.
    The page's qualifications are read in one query (``qualification_rows_of``)."""
    rows = list(rows)
    detail_url = _url_pattern("catalog:enrolment_detail")
    qualifications_url = _url_pattern("catalog:person_qualifications", service.slug)
    held = qualification_rows_of(row["user_id"] for row in rows)
    today = timezone.localdate()
    expired, unverified = _("expirée"), _("à vérifier")
    qualifications = escape(_("Qualifications"))
    lines = []
    for row in rows:
        badges = []
        for q in held.get(row["user_id"], ()):
            name = q["qualification_type__name"]
            if q["expires_on"] is not None and q["expires_on"] < today:
                badges.append(BADGE.format(badge="badge--danger",
                                           label=escape(f"{name} — {expired}")))
            elif q["verified_at"] is None:
                badges.append(BADGE.format(badge="badge--warning",
                                           label=escape(f"{name} — {unverified}")))
            else:
                badges.append(BADGE.format(badge="badge--success", label=escape(name)))
        lines.append(CONTRIBUTOR_LINE.format(
            url=detail_url.format(pk=row["pk"]), name=escape(_person_name(row)),
            badges="".join(badges) or "—",
            qualifications_url=qualifications_url.format(pk=row["user_id"]),
            qualifications=qualifications,
        ))
    return mark_safe("".join(lines))  # every value above is escaped
