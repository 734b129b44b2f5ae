"""The agents' pages: the queue of a service and the handling page of a report."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone, get_current_timezone_name
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.catalog.permissions import access_service_for_manager
from spp.core import page_frame
from spp.core.form_errors import add_errors
from spp.core.formatting import choice_labels, date_formatter
from spp.core.permissions import roles_by_organisation
from spp.reports import permissions, selectors, services, workflow
from spp.reports.forms import (
    CategoryTargetForm,
    EventForm,
    QueueFilterForm,
    TargetDateForm,
    TransitionForm,
)
from spp.reports.models import Category, Report


def service_manage(request, slug):
    """The queue: the reports of the categories the agent handles (404 to outsiders). A page
    already rendered for the same roles, query and language, with nothing changed since, is
    read with its generations in one round trip (selectors.queue_page_cached); the access
    check runs either way."""
    page = request.GET.get("page", "1")
    page = int(page) if page.isdigit() and int(page) > 0 else 1
    params = request.GET.copy()
    params.pop("page", None)
    querystring = params.urlencode()
    variant = (tuple(sorted(roles_by_organisation(request.user).items())), querystring, page,
               get_language(), get_current_timezone_name())
    cached = selectors.queue_page_cached(slug, variant)
    if cached is not None:
        service, content = cached
        permissions.require_queue_access(request.user, service)
    else:
        service, generation, rows, setup = permissions.access_service_for_queue(request.user,
                                                                                slug)
        categories = selectors.category_choices_handled(request.user, service, rows)
        form = QueueFilterForm(request.GET or None, categories=categories)
        filters = form.cleaned_data if form.is_valid() else {}
        content = _queue_content(request, service, categories, form, filters, page, querystring)
        selectors.queue_page_store(slug, variant, service, setup, generation, content)
    return page_frame.render(request, "reports/manage_queue.html", content,
                             context={"service": service}, key=(service.name,))


def _options(choices, selected) -> str:
    """The <option> elements of a filter (30 in all: a template loop costs a millisecond)."""
    return mark_safe("".join(
        f'<option value="{escape(value)}"{" selected" if value == selected else ""}>'
        f"{escape(label)}</option>" for value, label in choices))


def _queue_content(request, service, categories, form, filters, page, querystring: str) -> str:
    """The queue's content — title, filters, table and paging links — rendered for the agent's
    categories and rights; the page around it (chrome, messages) stays personal. The view
    shares it through selectors.queue_page_store, keyed by what it depends on."""
    can_manage = permissions.can_manage_categories(request.user, service)
    status, sort = filters.get("status") or "open", filters.get("sort") or "oldest"
    rows, has_next = selectors.report_queue(
        user=request.user, service=service, status=status, category_id=filters.get("category"),
        categories=categories, sort=sort, bbox=filters.get("bbox"), page=page)
    _label_rows(rows)
    options = {name: _options(form.fields[name].choices, selected) for name, selected in (
        ("status", status), ("sort", sort), ("category", filters.get("category") or ""))}
    content = render_to_string("reports/_queue_content.html", {
        "service": service, "form": form, "options": options, "reports": rows,
        "handle_prefix": reverse("reports:report_handle", args=["X"])[:-2],
        "page": page, "has_next": has_next, "querystring": querystring,
        "can_manage_categories": can_manage,
    })
    return mark_safe(content)


def _label_rows(rows) -> None:
    """Format the queue's cells once in Python: 25 rows × (reverse, localized date formats,
    translated labels) in the template cost more than the query itself."""
    labels = choice_labels(Report.Status)
    tz = get_current_timezone()
    created = date_formatter("SHORT_DATETIME_FORMAT")
    target = date_formatter("SHORT_DATE_FORMAT")
    for row in rows:
        row["status_label"] = labels[row["status"]]
        row["created_label"] = created(row["created_at"].astimezone(tz))
        row["target_label"] = target(row["target_date"]) if row["target_date"] else ""


def report_handle(request, reference):
    report = permissions.access_report_for_handler(request.user, reference)
    actions = [(a, workflow.ACTION_LABELS[a]) for a in workflow.available_actions(report.status)]
    return render(request, "reports/manage_report.html", {
        "report": report, "actions": actions,
        "transition_form": TransitionForm(), "event_form": EventForm(),
        "target_form": TargetDateForm(initial={"target_date": report.target_date}),
        "events": selectors.report_events_for(report, include_internal=True),
        "photos": report.photos.all(),
    })


@require_POST
def report_handle_action(request, reference):
    """One POST endpoint for the three forms of the handling page (``form`` names which)."""
    report = permissions.access_report_for_handler(request.user, reference)
    kind = request.POST.get("form")
    form = {"transition": TransitionForm, "event": EventForm,
            "target": TargetDateForm}.get(kind, TransitionForm)(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Vérifiez les champs du formulaire."))
        data = form.cleaned_data
        if kind == "event":
            services.report_add_event(actor=request.user, report=report, body=data["body"],
                                      public=data["public"])
        elif kind == "target":
            services.report_set_target_date(actor=request.user, report=report,
                                            target_date=data["target_date"])
        else:
            original = None
            if data["duplicate_of"]:
                original = Report.objects.filter(
                    reference=data["duplicate_of"].strip().upper()).first()
            services.report_transition(actor=request.user, report=report,
                                       action=data["action"], note=data["note"],
                                       duplicate_of=original)
    except ValidationError as error:
        add_errors(form, error)
        messages.error(request, " ".join(
            e for errors in form.errors.values() for e in errors) or _("Action refusée."))
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("Enregistré."))
    return redirect("reports:report_handle", reference=report.reference)


def categories_manage(request, slug):
    """Coordinators set each category's target resolution time (new reports' target date)."""
    service = access_service_for_manager(request.user, slug)
    if not permissions.can_manage_categories(request.user, service):
        raise PermissionDenied
    categories = list(Category.objects.filter(service=service).select_related("organisation"))
    if request.method == "POST":
        form = CategoryTargetForm(request.POST)
        category = next((c for c in categories if str(c.pk) == request.POST.get("category")),
                        None)
        if category is not None and form.is_valid():
            services.category_set_target_days(actor=request.user, category=category,
                                              target_days=form.cleaned_data["target_days"])
            messages.success(request, _("Délai enregistré pour « %(name)s ».")
                             % {"name": category.name})
            return redirect("reports:categories_manage", slug=service.slug)
        messages.error(request, _("Indiquez un nombre de jours entre 1 et 365."))
    return render(request, "reports/manage_categories.html", {
        "service": service, "categories": categories})
