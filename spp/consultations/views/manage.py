"""The agents' back-office: a service's consultations, creating and editing a consultation
with its sections and questions, the moderation queue, the synthesis and the exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from spp.catalog.pattern_links import pattern_links
from spp.catalog.permissions import access_service_for_manager
from spp.consultations import exports, permissions, results, selectors, services
from spp.consultations.forms import (
    ConsultationForm,
    ExportForm,
    MergeForm,
    ModerationForm,
    QuestionForm,
    SectionForm,
)
from spp.consultations.models import Comment, Consultation, ModerationDecision, Proposal, Question
from spp.consultations.services import abuse_report_dismiss, moderation_decide
from spp.core.form_errors import add_errors
from spp.core.redirects import next_url
from spp.core.services import audit_record


def service_manage(request, slug):
    service = access_service_for_manager(request.user, slug)
    return render(request, "consultations/manage/service.html", {
        "service": service, "consultations": Consultation.objects.filter(service=service),
        "service_tools": pattern_links(service, "service_manage")})


def consultation_create(request, slug):
    service = access_service_for_manager(request.user, slug)
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_create(
                actor=request.user, service=service, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Consultation créée : ajoutez ses parties et questions."))
            return redirect("consultations:manage", slug=consultation.slug)
    return render(request, "consultations/manage/consultation_form.html",
                  {"service": service, "form": form})


def manage(request, slug):
    """Edit the consultation; list its sections and questions, with the forms to add them."""
    consultation = permissions.access_consultation_for_manager(request.user, slug)
    form = ConsultationForm(request.POST or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(actor=request.user, consultation=consultation,
                                         **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Consultation enregistrée."))
            return redirect("consultations:manage", slug=consultation.slug)
    return render(request, "consultations/manage/consultation.html", {
        "consultation": consultation, "form": form,
        "sections": selectors.questions_with_sections(consultation),
        "section_form": SectionForm(),
        "question_form": QuestionForm(consultation=consultation),
        "can": permissions.abilities(request.user, consultation)})


@require_POST
def section_create(request, slug):
    consultation = permissions.access_consultation_for_manager(request.user, slug)
    form = SectionForm(request.POST)
    if form.is_valid():
        services.section_create(actor=request.user, consultation=consultation,
                                **form.cleaned_data)
        messages.success(request, _("Partie ajoutée."))
    else:
        messages.error(request, _("Donnez un titre à la partie."))
    return redirect("consultations:manage", slug=consultation.slug)


def question_edit(request, slug, pk=None):
    consultation = permissions.access_consultation_for_manager(request.user, slug)
    question = get_object_or_404(Question, consultation=consultation, pk=pk) if pk else None
    initial = {}
    if question is not None:
        initial = {"section": question.section_id, "kind": question.kind,
                   "label": question.label, "help_text": question.help_text,
                   "required": question.required, "choices": "\n".join(question.choices),
                   "scale_min": question.scale_min, "scale_max": question.scale_max,
                   "position": question.position}
    form = QuestionForm(request.POST or None, consultation=consultation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(actor=request.user, question=question,
                                   **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Question enregistrée."))
            return redirect("consultations:manage", slug=consultation.slug)
    return render(request, "consultations/manage/question_form.html", {
        "consultation": consultation, "form": form, "question": question},
        status=422 if form.errors else 200)


def moderation_queue(request, slug):
    consultation = permissions.access_consultation_for_manager(request.user, slug)
    return render(request, "consultations/manage/moderation.html", {
        "consultation": consultation, **selectors.moderation_queue(consultation)})


@require_POST
def moderation_decision(request, slug):
    consultation = permissions.access_consultation_for_manager(request.user, slug)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Décision incomplète."))
        return redirect("consultations:moderation", slug=consultation.slug)
    data = form.cleaned_data
    if data["target"] == "proposal":
        content = Proposal.objects.filter(consultation=consultation, pk=data["target_id"]).first()
    else:
        content = (Comment.objects.select_related("proposal__consultation")
                   .filter(proposal__consultation=consultation, pk=data["target_id"]).first())
    if content is None:
        raise Http404
    try:
        if data["action"] == ModerationDecision.Action.DISMISS:
            report = None
            if data["report"]:
                report = get_object_or_404(content.abuse_reports, pk=data["report"])
            count = abuse_report_dismiss(actor=request.user, content=content, report=report)
            messages.success(request, ngettext(
                "Signalement écarté : le contenu est conservé tel quel.",
                "%(n)s signalements écartés : le contenu est conservé tel quel.",
                count) % {"n": count})
        else:
            moderation_decide(actor=request.user, content=content, action=data["action"],
                              public_reason=data["public_reason"])
            messages.success(request, _("Décision enregistrée."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(next_url(request, reverse("consultations:moderation",
                                              args=[consultation.slug])))


@require_POST
def proposal_merge(request, slug, pk):
    """Merge the proposal ``pk`` (a duplicate) into the one whose number is given."""
    consultation = permissions.access_consultation_for_manager(request.user, slug)
    duplicate = get_object_or_404(Proposal.objects.only(*Proposal.SHOWN_FIELDS),
                                  consultation=consultation, pk=pk)
    duplicate.consultation = consultation
    form = MergeForm(request.POST)
    into = None
    if form.is_valid():
        into = (Proposal.objects.only(*Proposal.SHOWN_FIELDS)
                .filter(consultation=consultation, pk=form.cleaned_data["into"]).first())
    if into is None:
        messages.error(request, _("Aucune proposition de cette consultation ne porte ce "
                                  "numéro."))
        return redirect(duplicate.get_absolute_url())
    into.consultation = consultation
    try:
        services.proposal_merge(actor=request.user, duplicate=duplicate, into=into)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(duplicate.get_absolute_url())
    messages.success(request, _("Propositions fusionnées : les soutiens sont regroupés ici."))
    return redirect(into.get_absolute_url())


def synthesis(request, slug):
    """The agents' synthesis: counts, each question's result, the most supported proposals,
    samples of free answers, and the export forms."""
    consultation = permissions.access_consultation_for_manager(request.user, slug)
    can = permissions.abilities(request.user, consultation)
    return render(request, "consultations/manage/synthesis.html", {
        "consultation": consultation, "can": can,
        "results": results.consultation_results(consultation),
        "top_proposals": selectors.proposal_list(consultation, sort="supported")[:10],
        "export_form": ExportForm(), "queue": selectors.moderation_queue(consultation)})


def export(request, slug):
    consultation = permissions.access_consultation_for_manager(request.user, slug)
    form = ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choisissez les données et le format de l’export."))
        return redirect("consultations:synthesis", slug=consultation.slug)
    personal = form.cleaned_data["personal"]
    if personal and not permissions.sees_personal_data(request.user, consultation):
        raise PermissionDenied(_("Votre rôle ne permet pas d’exporter des données personnelles."))
    audit_record(actor=request.user, action="consultation.export", target=consultation,
                 organisation=consultation.authority,
                 data={"dataset": form.cleaned_data["dataset"], "format": form.cleaned_data["fmt"],
                       "personal": personal})
    return exports.export_response(consultation, dataset=form.cleaned_data["dataset"],
                                   fmt=form.cleaned_data["fmt"], personal=personal)


@require_POST
def evaluation_send(request, slug):
    consultation = permissions.access_consultation_for_manager(request.user, slug)
    try:
        count = services.evaluation_send(actor=request.user, consultation=consultation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s invitation(s) envoyée(s).") % {"n": count})
    return redirect("consultations:manage", slug=consultation.slug)
