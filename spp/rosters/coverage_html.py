"""The coverage page's table rows, formatted in Python: a month holds a few hundred needs and
the template engine spent more time on their variables, filters and tags than the counting
took. The markup is the one the template used to produce; every text from the database or a
translation goes through ``escape``."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _state(row, n, labels: dict, call_out: bool) -> str:
    if n["escalation"]:
        return f'<span class="badge badge--info">{labels["escalated"]}</span>'
    if not n["gap"]:
        return f'<span class="badge badge--success">{labels["covered"]}</span>'
    gap = n["gap"]
    missing = escape(ngettext("manque %(m)s", "manquent %(m)s", gap) % {"m": gap})
    html = f'<span class="badge badge--danger">{missing}</span>\n      '
    callout = n["callout"]
    if callout and callout.status == "open":
        url = escape(reverse("rosters:callout_detail", args=[callout.pk]))
        html += f'<a href="{url}">{labels["running"]}</a>'
    elif call_out and row["future"]:
        url = escape(reverse("rosters:callout_create", args=[n["need"].pk]))
        html += (f'<form method="post" action="{url}" class="inline">{labels["csrf"]}'
                 f'<button class="button button--secondary" type="submit">{labels["alert"]}'
                 f'<span class="sr-only"> — {escape(row["shift"])} {escape(n["need"])}</span>'
                 '</button></form>')
    return html + "\n      "


def rows_html(rows, *, can_call_out: bool, csrf_slot: str) -> str:
    """The ``<tr>`` of one day's shifts and needs; the "Alerter" forms hold ``csrf_slot``
    (``page_cache.CSRF_SLOT``, written unescaped), where the view puts each request's token."""
    labels = {"escalated": escape(_("renfort professionnel")), "covered": escape(_("couvert")),
              "running": escape(_("alerte en cours")), "alert": escape(_("Alerter")),
              "csrf": f'<input type="hidden" name="csrfmiddlewaretoken" '
                      f'value="{csrf_slot}">'}
    participant, in_training = escape(_("Participant")), escape(_("en formation"))
    parts = []
    for row in rows:
        shift = row["shift"]
        head = (f'<th scope="rowgroup" rowspan="{len(row["needs"])}">{escape(shift.title)}<br>'
                f'<span class="card__meta">{timezone.localtime(shift.starts_at):%H:%M}–'
                f'{timezone.localtime(shift.ends_at):%H:%M}</span></th>')
        for index, n in enumerate(row["needs"]):
            need = n["need"]
            name = (escape(need.qualification_type.name) if need.qualification_type_id
                    else participant)
            gap = ' class="rosters-gap"' if n["gap"] and not n["escalation"] else ""
            trainees = f" (+{n['trainees']} {in_training})" if n["trainees"] else ""
            parts.append(
                f'<tr{gap}>\n    {head if index == 0 else ""}\n    <td>{name}</td>'
                f'<td>{n["required"]}</td><td>{n["available"]}</td>'
                f'<td>{n["assigned"]}{trainees}</td>\n'
                f'    <td>{_state(row, n, labels, can_call_out)}</td>\n  </tr>')
    return mark_safe("".join(parts))
