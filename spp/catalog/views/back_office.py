"""The back office's home (``core:back_office``)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from spp.catalog import permissions
from spp.catalog.pattern_links import personal_link
from spp.catalog.selectors.back_office import service_rows_managed_by
from spp.core import permissions as core_permissions
from spp.core import selectors as core_selectors


def back_office(request):
    """The back office's home (``core:back_office``): the organisations' tools and the services
    the person manages, with their counts."""
    if not core_permissions.is_staff_anywhere(request.user):
        raise PermissionDenied
    organisations = core_selectors.organisation_list_for_member(request.user)
    return render(
        request,
        "catalog/back_office.html",
        {
            "organisations": [
                (org, core_permissions.abilities(request.user, org)) for org in organisations
            ],
            "services": service_rows_managed_by(request.user),
            "can_manage_qualification_types": permissions.can_manage_qualification_types(
                request.user
            ),
            "can_set_up_services": any(
                permissions.administers_services_of(request.user, org.pk)
                for org in organisations
                if org.kind == "authority"
            ),
            # The impact app's list of the dashboards the person may open (it says so when
            # their roles open none).
            "impact_url": personal_link("impact", "index"),
        },
    )
