"""Citizens' pages: the list of consultations, a service's consultations, a consultation,
answering it (save a draft, resume, submit) and its results. Thin: services decide."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from spp.catalog.models import Service
from spp.catalog.permissions import can_view_service, manages_service
from spp.consultations import permissions, phases, results, selectors, services
from spp.consultations.answer_fields import build_fields, posted_values
from spp.consultations.models import Question, Response
from spp.core import ratelimits
from spp.core.page_cache import public_page
from spp.core.pagination import requested_page_number


def public(view):
    """Open to visitors (for consultations open to anyone); a visitor reaching a consultation
    reserved to signed-in people is sent to the login page, then back."""

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except permissions.SignInFirst:
            return redirect_to_login(request.get_full_path())

    return wrapper


@login_not_required
def index(request):
    return render(request, "consultations/index.html", {
        "consultations": selectors.consultation_list_visible(request.user)[:50]})


@login_not_required
def service_home(request, slug):
    """A service's consultations, and the results of its evaluation questionnaires."""
    service = get_object_or_404(Service.objects.select_related("authority"), slug=slug)
    if not can_view_service(request.user, service):
        raise PermissionDenied
    consultations = [c for c in selectors.consultation_list_for_service(service)
                     if permissions.can_view(request.user, c)]
    for consultation in consultations:  # the results link follows the one rule (abilities)
        consultation.results_readable = permissions.results_refusal(
            request.user, consultation) is None
    return render(request, "consultations/service_home.html", {
        "service": service, "consultations": consultations,
        "manages": manages_service(request.user, service)})


@public
@public_page
def detail(request, slug):
    consultation = permissions.access_consultation(request.user, slug, owner_names=True)
    return render(request, "consultations/detail.html", {
        "consultation": consultation, "can": permissions.abilities(request.user, consultation),
        "refusal": permissions.participation_refusal(request.user, consultation),
        "response": selectors.response_for(request.user, consultation),
        "sections": selectors.section_question_counts(consultation),
        "phases": (phases.phase_steps(consultation)
                   if consultation.kind == consultation.Kind.CONSULTATION else []),
    })


def answer(request, slug):
    """The questionnaire. "Enregistrer le brouillon" saves what is typed (even incomplete);
    "Envoyer" saves it too, then submits it if complete. Errors show beside each question and
    nothing typed is lost."""
    consultation = permissions.access_consultation(request.user, slug)
    response = selectors.response_for(request.user, consultation)
    if response is not None and response.status == Response.Status.SUBMITTED:
        messages.info(request, _("Vous avez déjà répondu à cette consultation. Merci !"))
        return redirect(consultation.get_absolute_url())
    refusal = permissions.participation_refusal(request.user, consultation)
    sections = selectors.questions_with_sections(consultation)
    questions = [q for _section, items in sections for q in items]
    values, errors, wait = None, {}, None
    if request.method == "POST" and refusal is None and (
            wait := ratelimits.check(request, "answers")):
        messages.error(request, ratelimits.too_many_message(wait))  # nothing saved, nothing lost
        values = posted_values(questions, request.POST)
    elif request.method == "POST" and refusal is None:
        values = posted_values(questions, request.POST)
        submit = request.POST.get("action") == "submit"
        write = services.response_submit if submit else services.response_save_draft
        try:
            write(actor=request.user, consultation=consultation, values=values)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = error.message_dict
            else:
                messages.error(request, " ".join(error.messages))
                if selectors.response_for(request.user, consultation).status == "submitted":
                    return redirect(consultation.get_absolute_url())
            if submit and errors:
                messages.warning(request, _("Votre brouillon est enregistré, mais la réponse "
                                            "n’est pas encore envoyée : complétez les questions "
                                            "signalées."))
            elif errors:
                messages.warning(request, _("Brouillon enregistré, sauf les réponses signalées, "
                                            "à corriger."))
        else:
            if submit:
                messages.success(request, _("Merci ! Votre réponse est envoyée."))
                return redirect(consultation.get_absolute_url())
            messages.success(request, _("Brouillon enregistré. Vous pourrez reprendre plus tard, "
                                        "depuis n’importe quel appareil."))
            return redirect("consultations:answer", slug=consultation.slug)
        response = selectors.response_for(request.user, consultation)
    elif request.method == "POST":
        messages.error(request, refusal)
        values = posted_values(questions, request.POST)
    page = render(request, "consultations/answer.html", {
        "consultation": consultation, "refusal": refusal, "response": response,
        "can": permissions.abilities(request.user, consultation),
        "groups": build_fields(sections, values=values, errors=errors,
                               answers=services.response_answers(response)),
        "error_count": len(errors),
    }, status=422 if errors else 200)
    return ratelimits.with_retry_after(page, wait) if wait else page


def _results_access(request, slug):
    """The consultation and the reader's abilities, or the refusal to show its results."""
    consultation = permissions.access_consultation(request.user, slug)
    can = permissions.abilities(request.user, consultation)
    if not can["view_results"]:
        if not request.user.is_authenticated:
            raise permissions.SignInFirst
        raise PermissionDenied(permissions.results_refusal(request.user, consultation))
    return consultation, can


@public
@public_page
def results_page(request, slug):
    """Live results, read from the counters each submission adds to (``results``)."""
    consultation, can = _results_access(request, slug)
    return render(request, "consultations/results.html", {
        "consultation": consultation, "can": can,
        "results": results.consultation_results(consultation,
                                                with_drafts=can["read_synthesis"])})


@public
def results_texts(request, slug, pk):
    """A free-text question's answers, newest first, page by page."""
    consultation, can = _results_access(request, slug)
    question = get_object_or_404(consultation.questions, pk=pk, kind=Question.Kind.FREE_TEXT)
    page = selectors.OffsetPage(results.free_texts(question),
                                number=requested_page_number(request),
                                per_page=results.TEXTS_PER_PAGE)
    return render(request, "consultations/results_texts.html", {
        "consultation": consultation, "can": can, "question": question, "page": page,
        "querystring": ""})
