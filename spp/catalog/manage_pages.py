"""The catalog's back-office lists — a service's enrolments, its active contributors — served
from the cache.

Rendering one cost ten times a trivial page (the service, a page of enrolments with its count,
the qualifications, the lines), and managers read them far more often than they change. The
content (everything inside the page's frame) is kept in the cache under the generations of the
service's people (spp/catalog/page_scopes.py, advanced by every write that changes what the
lists show), keyed by all else it depends on: the service, the manager's roles (what they may
do), the full path (filters, page, and the ``next`` of the approval forms), the language, the
time zone and, for the qualifications' "expirée", the day. A repeated read then costs the frame
and one round trip, for the copy and its generations together (``generations.read``), and no
query. The access check runs on every request, on the service's columns kept in the copy
(exact: saving the service advances its scope) and the roles cached with the person.

The copy holds nothing of one request: the approval forms' CSRF token is a slot filled for each
request (page_frame.render); messages and the chrome are the frame's."""

import hashlib

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from spp.catalog import permissions, rows, selectors
from spp.catalog.forms import EnrolmentFilterForm
from spp.catalog.models import Enrolment, Service
from spp.catalog.page_scopes import QUALIFICATION_TYPES_SCOPE, people_scope
from spp.core import generations, kept_renders, page_frame
from spp.core.pagination import paginate
from spp.core.permissions import roles_by_organisation

PAGE_SECONDS = 600
# The service's columns a cached page keeps: its title, and the access check.
SERVICE_FIELDS = ("id", "name", "slug", "authority_id", "operator_id")


def _entry_key(kind: str, service_id: int, variant: tuple) -> str:
    digest = hashlib.sha256(repr((kind, service_id, variant)).encode()).hexdigest()
    return f"spp:catalog:manage-page:{digest}"


def _enrolments_content(request, service) -> str:
    """The enrolments' page inside its frame: title, management menu, filters, lines, pages."""
    form = EnrolmentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    enrolments = selectors.enrolment_list_for_service(
        service, status=filters.get("status"), query=filters.get("q", ""))
    page, querystring = paginate(request, selectors.enrolment_rows(enrolments))
    return render_to_string("catalog/_manage_enrolments_content.html", {
        "service": service,
        "form": form,
        "filter_fields": kept_renders.form_fields(form),
        "page": page,
        "rows": rows.enrolment_lines(page.object_list, next_url=request.get_full_path()),
        "querystring": querystring,
        "can": permissions.abilities(request.user, service),
        "manage_nav": rows.manage_nav(service),
    })


def _contributors_content(request, service) -> str:
    """The contributors' page inside its frame: the active enrolments, with qualifications."""
    page, querystring = paginate(request, selectors.enrolment_rows(
        selectors.enrolment_list_for_service(service, status=Enrolment.Status.ACTIVE)))
    return render_to_string("catalog/_manage_contributors_content.html", {
        "service": service,
        "page": page,
        "rows": rows.contributor_lines(page.object_list, service),
        "querystring": querystring,
        "manage_nav": rows.manage_nav(service),
    })


PAGES = {
    # kind: (page template, content, scopes beyond the service's people, depends on the day)
    "enrolments": ("catalog/manage_enrolments.html", _enrolments_content, (), False),
    "contributors": ("catalog/manage_contributors.html", _contributors_content,
                     (QUALIFICATION_TYPES_SCOPE,), True),
}


def serve(request, slug: str, kind: str):
    """The page ``kind`` of the service ``slug`` for its managers (404 to anyone else): its
    content from the cache when stored at the present generations for the same variant, else
    rendered and stored under the generations read before its data."""
    template, content_of, extra_scopes, by_day = PAGES[kind]
    service_id = selectors.service_id_for_slug(slug)
    if service_id is None:
        raise Http404
    variant = (slug, tuple(sorted(roles_by_organisation(request.user).items())),
               request.get_full_path(), get_language(), get_current_timezone_name(),
               timezone.localdate().isoformat() if by_day else None)
    entry_key = _entry_key(kind, service_id, variant)
    found, numbers = generations.read(entry_key, [people_scope(service_id), *extra_scopes])
    if found is not None:
        values, content = found
        service = Service(**values)
        if not permissions.manages_service(request.user, service):
            raise Http404
    else:
        service = permissions.access_service_for_manager(
            request.user, slug, fields=permissions.MANAGED_LIST_FIELDS)
        content = content_of(request, service)
        if service.pk == service_id:
            values = {field: getattr(service, field) for field in SERVICE_FIELDS}
            generations.store(entry_key, numbers, (values, content), PAGE_SECONDS)
        else:  # the slug now names another service: nothing kept under the old one's scopes
            selectors.service_id_seen(slug, service.pk)
    return page_frame.render(request, template, content, context={"service": service},
                             key=(service.name,))
