"""The agents' pages: the queue of a service and the handling page of a report."""


from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.catalog.permissions import access_service_for_manager, manages_service
from spp.core import form_tokens
from spp.core.form_errors import add_errors
from spp.core.formatting import date_formatter
from spp.core.pagination import requested_page_number
from spp.core.services import audit_record
from spp.reports import attributes, exports, permissions, selectors, services, workflow
from spp.reports.forms import (
    AssignForm,
    CategoryCreateForm,
    CategoryForm,
    CategoryTargetForm,
    EventForm,
    QueueFilterForm,
    RecategoriseForm,
    TargetDateForm,
    TransitionForm,
)
from spp.reports.models import Category, Report, ServiceSettings
from spp.reports.views import link_by_reference, map_settings

# What the queue's export reads of its service and of the service's organisations (their ids
# only); the queue itself reads selectors.QUEUE_SERVICE_COLUMNS with its categories.
QUEUE_SERVICE_FIELDS = ("id", "slug", "name", "authority__id", "operator__id")


def service_manage(request, slug):
    """The queue: the reports of the categories the agent handles (404 to outsiders, as
    access_service_for_manager; the service and its categories are read in one query)."""
    service, categories = selectors.queue_service_with_categories(request.user, slug)
    if service is None or not manages_service(request.user, service):
        raise Http404
    form = QueueFilterForm(request.GET or None, categories=categories)
    filters = form.cleaned_data if form.is_valid() else {}
    page = min(requested_page_number(request), selectors.QUEUE_MAX_PAGE)
    rows, has_next = selectors.report_queue(
        user=request.user, service=service, categories=categories,
        status=filters.get("status") or "open", category_id=filters.get("category"),
        sort=filters.get("sort") or "oldest", bbox=filters.get("bbox"), page=page)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "reports/manage_queue.html", {
        "service": service, "form": form, "reports": _queue_rows(rows), "page": page,
        "has_next": has_next, "querystring": params.urlencode(),
        "export_query": _export_query(params),
        "options": {name: form.options(name) for name in ("status", "category", "sort")},
        "can_manage_categories": permissions.can_manage_categories(request.user, service),
    })


def queue_export(request, slug, fmt):
    """The queue with its current filters, every page of it, as CSV or XLSX: the same people
    as the queue (404 to outsiders), the same categories (those the agent handles)."""
    if fmt not in exports.FORMATS:
        raise Http404
    service = access_service_for_manager(request.user, slug, fields=QUEUE_SERVICE_FIELDS)
    categories = selectors.category_choices_handled(request.user, service)
    form = QueueFilterForm(request.GET or None, categories=categories)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.queue_queryset(
        user=request.user, service=service, categories=categories,
        status=filters.get("status") or "open", category_id=filters.get("category"),
        sort=filters.get("sort") or "oldest", bbox=filters.get("bbox"))
    audit_record(actor=request.user, action="report.export", target=service,
                 organisation=service.authority,
                 data={"format": fmt, "filters": {k: str(v) for k, v in filters.items() if v}})
    return exports.export_response(service=service, queryset=queryset, categories=categories,
                                   fmt=fmt)


def _export_query(params) -> str:
    """The queue's filters, for its export links (the page number is not one)."""
    return "?" + params.urlencode() if params else ""


def _queue_rows(rows: list[dict]) -> list[dict]:
    """Each row's link and dates formatted once here (a filter or a tag per cell costs more
    than the query on a page of 25)."""
    when, day = date_formatter("SHORT_DATETIME_FORMAT"), date_formatter("SHORT_DATE_FORMAT")
    tz, link = timezone.get_current_timezone(), link_by_reference("reports:report_handle")
    for row in rows:
        row["url"] = link(row["reference"])
        row["when"] = when(row["created_at"].astimezone(tz))
        row["target"] = day(row["target_date"]) if row["target_date"] else ""
    return rows


def report_handle(request, reference):
    report = permissions.access_report_for_handler(request.user, reference)
    actions = [(a, workflow.ACTION_LABELS[a]) for a in workflow.available_actions(report.status)]
    return render(request, "reports/manage_report.html", {
        "report": report, "actions": actions,
        "transition_form": TransitionForm(), "event_form": EventForm(),
        "target_form": TargetDateForm(initial={"target_date": report.target_date}),
        "category_form": RecategoriseForm(
            categories=selectors.category_choices_for_move(report)),
        "assign_form": AssignForm(people=selectors.assignee_choices(report),
                                  initial={"assignee": report.assignee_id}),
        "answers": attributes.display(report.category, report.attribute_values),
        "overdue": selectors.is_overdue(report.status, report.target_date,
                                        timezone.localdate()),
        "events": selectors.report_events_for(report, include_internal=True),
        "photos": report.photos.all(), "map": map_settings(),
    })


def _form_for(kind: str, report, data):
    if kind == "category":
        return RecategoriseForm(data, categories=selectors.category_choices_for_move(report))
    if kind == "assign":
        return AssignForm(data, people=selectors.assignee_choices(report))
    return {"event": EventForm, "target": TargetDateForm}.get(kind, TransitionForm)(data)


@require_POST
def report_handle_action(request, reference):
    """One POST endpoint for the three forms of the handling page (``form`` names which)."""
    report = permissions.access_report_for_handler(request.user, reference)
    kind = request.POST.get("form")
    form = _form_for(kind, report, request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Vérifiez les champs du formulaire."))
        data = form.cleaned_data
        if kind == "event":
            services.report_add_event(actor=request.user, report=report, body=data["body"],
                                      public=data["public"])
        elif kind == "category":
            services.report_recategorise(
                actor=request.user, report=report,
                category=Category.objects.filter(pk=data["category"]).first())
        elif kind == "assign":
            assignee = (get_user_model().objects.filter(pk=data["assignee"]).first()
                        if data["assignee"] else None)
            services.report_assign(actor=request.user, report=report, assignee=assignee)
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
        if kind == "category" and not permissions.handles_category(
                request.user, Category.objects.get(pk=data["category"])):
            # Routed to an organisation the agent is not in: the report has left their queue.
            return redirect("reports:service_manage", slug=report.service.slug)
    return redirect("reports:report_handle", reference=report.reference)


def categories_manage(request, slug):
    """Coordinators set each category's target resolution time (new reports' target date)."""
    service = access_service_for_manager(request.user, slug)
    if not permissions.can_manage_categories(request.user, service):
        raise PermissionDenied
    categories = list(Category.objects.filter(service=service).select_related("organisation"))
    if request.method == "POST" and request.POST.get("form") == "settings":
        confirm = request.POST.get("confirm_visitor_reports") == "on"
        services.service_settings_set(actor=request.user, service=service,
                                      confirm_visitor_reports=confirm)
        messages.success(request, _("Réglage enregistré."))
        return redirect("reports:categories_manage", slug=service.slug)
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
        "service": service, "categories": categories,
        "confirm_visitor_reports": ServiceSettings.objects.filter(
            service=service, confirm_visitor_reports=True).exists()})


def _categories_manager_or_404(user, slug):
    """The service, for those who set its categories; 404 for anyone else (outsiders and the
    service's agents alike learn nothing more than the page's absence)."""
    service = access_service_for_manager(user, slug)
    if not permissions.can_manage_categories(user, service):
        raise Http404
    return service


def category_create(request, slug):
    """A new category of the service, routed to its authority or its operator."""
    service = _categories_manager_or_404(request.user, slug)
    form = CategoryCreateForm(request.POST or None, service=service, initial={
        "form_token": form_tokens.new_token(), "target_days": 15,
        "organisation": service.operator_id or service.authority_id})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token = data.pop("form_token")
        scope = f"report_category_create:{service.pk}"
        done_url = reverse("reports:categories_manage", args=[service.slug])
        if form_tokens.previous_result(token, scope) is not None:
            return redirect(done_url)
        try:
            with transaction.atomic():
                category = services.category_create(actor=request.user, service=service, **data)
                form_tokens.claim(token, scope, done_url)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Catégorie « %(name)s » créée.") % {"name": category.name})
            return redirect(done_url)
    return render(request, "reports/manage_category_form.html",
                  {"service": service, "form": form, "category": None})


def category_edit(request, slug, pk):
    service = _categories_manager_or_404(request.user, slug)
    category = Category.objects.filter(service=service, pk=pk).first()
    if category is None:
        raise Http404
    form = CategoryForm(request.POST or None, service=service,
                        initial=CategoryForm.initial_for(category))
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Catégorie modifiée."))
            return redirect("reports:categories_manage", slug=service.slug)
    return render(request, "reports/manage_category_form.html",
                  {"service": service, "form": form, "category": category})
