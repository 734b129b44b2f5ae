"""The coverage rows formatted in Python give the markup the template produced (up to
whitespace), for every state: covered, gaps, open call-outs, escalations, trainees, the
call-out form."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from spp.rosters import coverage_html, selectors_coverage
from spp.rosters.tests import coverage_roster

TEMPLATE = (
    '{% load i18n %}{% for row in d.rows %}{% for n in row.needs %}<tr{% if n.gap and not '
    'n.escalation %} class="rosters-gap"{% endif %}>\n    {% if forloop.first %}<th '
    'scope="rowgroup" rowspan="{{ row.needs|length }}">{{ row.shift.title }}<br><span '
    'class="card__meta">{{ row.shift.starts_at|time:"H:i" }}–{{ row.shift.ends_at|time:"H:i" }}'
    '</span></th>{% endif %}\n    <td>{{ n.need.qualification_type.name|default:_("Participant")'
    ' }}</td><td>{{ n.required }}</td><td>{{ n.available }}</td><td>{{ n.assigned }}{% if '
    'n.trainees %} (+{{ n.trainees }} {% translate "en formation" %}){% endif %}</td>\n    <td>'
    '{% if n.escalation %}<span class="badge badge--info">{% translate "renfort professionnel" %}'
    '</span>{% elif n.gap %}<span class="badge badge--danger">{% blocktranslate count m=n.gap %}'
    'manque {{ m }}{% plural %}manquent {{ m }}{% endblocktranslate %}</span>\n      {% if '
    'n.callout and n.callout.status == "open" %}<a href="{% url \'rosters:callout_detail\' '
    'n.callout.pk %}">{% translate "alerte en cours" %}</a>{% elif can.call_out and row.future %}'
    '<form method="post" action="{% url \'rosters:callout_create\' n.need.pk %}" class="inline">'
    '{% csrf_token %}<button class="button button--secondary" type="submit">{% translate '
    '"Alerter" %}<span class="sr-only"> — {{ row.shift }} {{ n.need }}</span></button></form>'
    '{% endif %}\n      {% else %}<span class="badge badge--success">{% translate "couvert" %}'
    '</span>{% endif %}</td>\n  </tr>{% endfor %}{% endfor %}')


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.django_db
def test_rows_formatted_in_python_match_the_template_markup():
    service = coverage_roster.build()
    template = Template(TEMPLATE)
    seen = set()
    with translation.override("fr"):
        for first, last in coverage_roster.PERIODS:
            for day in selectors_coverage.coverage_period(service, first, last):
                for index, row in enumerate(day["rows"]):
                    row["future"] = index % 2 == 0
                    seen |= {key for n in row["needs"] for key in ("callout", "escalation",
                                                                   "trainees", "gap") if n[key]}
                for call_out in (True, False):
                    expected = template.render(Context(
                        {"d": day, "can": {"call_out": call_out}, "csrf_token": "secret"}))
                    got = coverage_html.rows_html(day["rows"], can_call_out=call_out,
                                                  csrf_slot="secret")
                    assert _squeeze(got) == _squeeze(expected)
    assert seen == {"callout", "escalation", "trainees", "gap"}
