"""The core pages: legal pages, the person's profile, data download, erasure and
notifications, the audit log and the organisations' branding. Thin: forms parse, services
write, selectors read. The front page, "Mon engagement" and the back office's home show the
catalog, so the catalog serves them (``spp/catalog/views/``)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.core import permissions, selectors, services
from spp.core.forms import AuditFilterForm, BrandingForm, EraseAccountForm, ProfileForm
from spp.core.labels import action_choices
from spp.core.middleware import set_language_cookie
from spp.core.models import PersonalDataExport
from spp.core.page_cache import public_page
from spp.core.pagination import paginate
from spp.core.personal_data import personal_data_json
from spp.core.services.personal_data_exports import personal_data_export_request


@login_not_required
@public_page
def accessibility(request):
    return render(request, "core/legal/accessibility.html")


@login_not_required
@public_page
def legal_notice(request):
    return render(request, "core/legal/legal_notice.html")


@login_not_required
@public_page
def personal_data(request):
    return render(request, "core/legal/personal_data.html")


def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            user=request.user,
            **{
                name: form.cleaned_data[name]
                for name in (
                    "first_name",
                    "last_name",
                    "phone",
                    "preferred_language",
                    "email_notifications",
                )
            },
        )
        # The language chosen here is the one this browser shows from now on (the same
        # cookie as the language switch in the header).
        language = form.cleaned_data["preferred_language"]
        translation.activate(language)
        messages.success(request, _("Votre profil est enregistré."))
        response = redirect("core:profile")
        set_language_cookie(response, language)
        return response
    return render(request, "core/profile.html", {
        "form": form,
        "erase_form": EraseAccountForm(),
        "data_export": PersonalDataExport.objects.filter(user=request.user).first(),
    })


def personal_data_download(request):
    """The person's own data, as JSON only (RGPD, right of access and portability); the
    whole copy, with the files, is the ZIP prepared from the profile."""
    response = HttpResponse(
        personal_data_json(request.user), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-spp.json"'
    return response


@require_POST
def personal_data_export_prepare(request):
    """Ask for the ZIP of one's data; a task builds it and a notification says when it is
    ready. A double click prepares one (``personal_data_export_request``)."""
    personal_data_export_request(actor=request.user)
    messages.success(request, _("Vos données sont en préparation : une notification vous "
                                "préviendra dès qu’elles seront prêtes."))
    return redirect(reverse("core:profile") + "#mes-donnees")


def personal_data_export_download(request, token):
    """The ZIP, to its owner only, while it has not expired (404 otherwise: whether another
    person's export exists is not told)."""
    export = get_object_or_404(PersonalDataExport, token=token, user=request.user,
                               status=PersonalDataExport.Status.READY)
    if export.is_expired() or not export.file:
        raise Http404
    response = FileResponse(export.file.open("rb"), as_attachment=True,
                            filename=f"mes-donnees-spp-{export.ready_at:%Y-%m-%d}.zip",
                            content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def account_erase(request):
    form = EraseAccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cochez la case pour confirmer l’effacement."))
        return redirect("core:profile")
    try:
        services.user_erase(user=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("core:profile")
    logout(request)
    messages.success(request, _("Vos données personnelles ont été effacées."))
    return redirect("core:home")


def notifications(request):
    """The person's notifications; those shown unread are marked read once the page is
    rendered, so "nouveau" shows on the page where they first appear."""
    page, querystring = paginate(request, selectors.notification_list(request.user))
    rows = selectors.notification_labels(page.object_list)
    unread = [row["id"] for row in rows if row["read_at"] is None]
    response = render(request, "core/notifications.html",
                      {"page": page, "notifications": rows, "querystring": querystring})
    if unread:
        services.notification_mark_read(user=request.user, notification_ids=unread)
    return response


def audit_log(request):
    """The journal of the organisations the person administers, filtered and paginated."""
    organisation_ids = permissions.administered_organisation_ids(request.user)
    if not organisation_ids:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_log_for(
        organisation_ids,
        action=filters.get("action", ""),
        actor_query=filters.get("actor", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page, querystring = paginate(request, entries)
    return render(request, "core/audit_log.html", {
        "form": form,
        "page": page,
        "entries": selectors.audit_labels(page.object_list),
        "querystring": querystring,
        "actions": action_choices(selectors.audit_actions_for(organisation_ids)),
    })


def organisation_branding(request, slug):
    organisation = permissions.access_organisation_for_member(request.user, slug)
    if not permissions.abilities(request.user, organisation)["edit_branding"]:
        raise PermissionDenied
    form = BrandingForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update_branding(
                actor=request.user,
                organisation=organisation,
                primary_colour=form.cleaned_data["primary_colour"],
                accent_colour=form.cleaned_data["accent_colour"],
                logo=request.FILES.get("logo"),
                clear_logo=form.cleaned_data["logo"] is False,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("L’identité visuelle est enregistrée."))
            return redirect("core:organisation_branding", slug=slug)
    return render(request, "core/branding.html", {"form": form, "organisation": organisation})


def organisation_detail(request, slug):
    return redirect("core:organisation_branding", slug=slug)
