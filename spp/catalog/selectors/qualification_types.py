"""Reads of the back office's pages of qualification types."""

from django.db.models import Count

from spp.catalog.models import QualificationType


def qualification_type_list_for_managers():
    """Every type, active ones first, with how many qualifications and services use it."""
    return QualificationType.objects.annotate(
        held_count=Count("held", distinct=True),
        service_count=Count("required_by_services", distinct=True),
    ).order_by("-is_active", "name")
