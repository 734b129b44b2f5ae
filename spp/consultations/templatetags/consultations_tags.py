"""Template tags of the consultations' pages: ``{% consultation_nav %}``, the menu every page of a
consultation shows; and ``{% service_evaluations service %}``, which other apps use to put a
service's evaluation results (respondents, satisfaction) on its catalog page."""

from types import SimpleNamespace

from django import template
from django.utils.safestring import mark_safe

from spp.consultations.selectors import evaluation_summaries
from spp.core.kept_renders import kept_render

register = template.Library()


@register.inclusion_tag("consultations/includes/service_evaluations.html")
def service_evaluations(service):
    return {"service": service, "summaries": evaluation_summaries(service)}


@register.simple_tag
def consultation_nav(consultation, active: str, can=None):
    """consultations/includes/nav.html, rendered from what it shows alone (the slug, whether
    the consultation has questions and takes proposals, whether the reader moderates, the
    page it is on) and kept per process (spp/core/kept_renders.py)."""
    inputs = (consultation.slug, bool(consultation.has_questions),
              bool(consultation.accepts_proposals),
              bool(isinstance(can, dict) and can.get("moderate")), active)
    slug, has_questions, accepts_proposals, moderate, active = inputs
    return mark_safe(kept_render("consultations/includes/nav.html", inputs, lambda: {  # noqa: S308
        "consultation": SimpleNamespace(slug=slug, has_questions=has_questions,
                                        accepts_proposals=accepts_proposals),
        "can": {"moderate": moderate}, "active": active}))
