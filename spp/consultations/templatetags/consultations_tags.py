"""Template tags of the consultations' pages: ``{% consultation_nav %}``, the menu every page of a
consultation shows; and ``{% service_evaluations service %}``, which other apps use to put a
service's evaluation results (respondents, satisfaction) on its catalog page."""

from django import template

from spp.consultations.selectors import evaluation_summaries

register = template.Library()


@register.inclusion_tag("consultations/includes/service_evaluations.html")
def service_evaluations(service):
    return {"service": service, "summaries": evaluation_summaries(service)}


@register.inclusion_tag("consultations/includes/nav.html")
def consultation_nav(consultation, active: str, can=None):
    """The consultation's menu, ``active`` marking the page it is on; the "Gestion" link for
    those who moderate (``can``, from ``permissions.abilities``)."""
    return {"consultation": consultation, "active": active, "can": can or {}}
