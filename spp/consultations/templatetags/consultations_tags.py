"""Template tags other apps use to show consultations: ``{% service_evaluations service %}``
puts a service's evaluation results (respondents, satisfaction) on its catalog page."""

from django import template

from spp.consultations.selectors import evaluation_summaries

register = template.Library()


@register.inclusion_tag("consultations/includes/service_evaluations.html")
def service_evaluations(service):
    return {"service": service, "summaries": evaluation_summaries(service)}
