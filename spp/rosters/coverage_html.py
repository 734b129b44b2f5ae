"""The coverage page's table rows, formatted in Python: a month holds a few hundred needs and
the template engine spent more time on their variables, filters and tags than the counting
took. The markup is the one the template used to produce, escaped with ``format_html``."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _state(row, n, *, can_call_out: bool, csrf_input: str) -> str:
    if n["escalation"]:
        return format_html('<span class="badge badge--info">{}</span>',
                           _("renfort professionnel"))
    if not n["gap"]:
        return format_html('<span class="badge badge--success">{}</span>', _("couvert"))
    gap = n["gap"]
    html = format_html('<span class="badge badge--danger">{}</span>\n      ',
                       ngettext("manque %(m)s", "manquent %(m)s", gap) % {"m": gap})
    callout = n["callout"]
    if callout and callout.status == "open":
        html += format_html('<a href="{}">{}</a>',
                            reverse("rosters:callout_detail", args=[callout.pk]),
                            _("alerte en cours"))
    elif can_call_out and row["future"]:
        html += format_html(
            '<form method="post" action="{}" class="inline">{}<button class="button '
            'button--secondary" type="submit">{}<span class="sr-only"> — {} {}</span>'
            '</button></form>',
            reverse("rosters:callout_create", args=[n["need"].pk]), csrf_input, _("Alerter"),
            str(row["shift"]), str(n["need"]))
    return mark_safe(html + "\n      ")


def rows_html(rows, *, can_call_out: bool, csrf_token: str) -> str:
    """The ``<tr>`` of one day's shifts and needs."""
    csrf_input = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
                             csrf_token)
    participant = _("Participant")
    in_training = _("en formation")
    parts = []
    for row in rows:
        shift = row["shift"]
        head = format_html(
            '<th scope="rowgroup" rowspan="{}">{}<br><span class="card__meta">{}–{}</span></th>',
            len(row["needs"]), shift.title,
            timezone.localtime(shift.starts_at).strftime("%H:%M"),
            timezone.localtime(shift.ends_at).strftime("%H:%M"))
        for index, n in enumerate(row["needs"]):
            need = n["need"]
            trainees = (format_html(" (+{} {})", n["trainees"], in_training)
                        if n["trainees"] else "")
            parts.append(format_html(
                '<tr{}>\n    {}\n    <td>{}</td><td>{}</td><td>{}</td><td>{}{}</td>\n'
                '    <td>{}</td>\n  </tr>',
                mark_safe(' class="rosters-gap"') if n["gap"] and not n["escalation"] else "",
                head if index == 0 else "",
                need.qualification_type.name if need.qualification_type_id else participant,
                n["required"], n["available"], n["assigned"], trainees,
                _state(row, n, can_call_out=can_call_out, csrf_input=csrf_input)))
    return mark_safe("".join(parts))

