"""Template tags of the consultations' pages: ``{% consultation_nav %}``, the menu every page of a
consultation shows; and ``{% service_evaluations service %}``, which other apps use to put a
service's evaluation results (respondents, satisfaction) on its catalog page."""

from django import template

from spp.consultations import permissions
from spp.consultations.models import Consultation
from spp.consultations.selectors import evaluation_summaries

register = template.Library()


@register.inclusion_tag("consultations/includes/service_evaluations.html", takes_context=True)
def service_evaluations(context, service):
    """The headline of each evaluation (respondents, mean satisfaction) is the service's to
    show everyone; the link to the whole results, free-text answers included, only to those
    who may read them (an invited questionnaire's: the people invited and the managers)."""
    user = context["request"].user
    summaries = evaluation_summaries(service)
    for summary in summaries:
        consultation = summary["consultation"]
        summary["readable"] = (consultation.audience != Consultation.Audience.INVITED
                               or permissions.results_refusal(user, consultation) is None)
    return {"service": service, "summaries": summaries}


@register.inclusion_tag("consultations/includes/nav.html")
def consultation_nav(consultation, active: str, can=None):
    """The consultation's menu, ``active`` marking the page it is on; the "Gestion" link for
    those who moderate (``can``, from ``permissions.abilities``)."""
    return {"consultation": consultation, "active": active, "can": can or {}}
