"""Proposals pages: the list (sort, search, paging), filing one, a proposal with its comments,
supporting (and withdrawing), commenting and reporting abuse."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.consultations import permissions, selectors, services
from spp.consultations.forms import (
    AbuseReportForm,
    CommentForm,
    MergeForm,
    ProposalEditForm,
    ProposalFilterForm,
    ProposalForm,
)
from spp.consultations.models import Comment
from spp.consultations.views.public import public
from spp.core import form_tokens
from spp.core.form_errors import add_errors
from spp.core.page_cache import public_page
from spp.core.pagination import requested_page_number


@public
@public_page
def proposal_list(request, slug):
    """A page of the published proposals, sorted, searched; a field given badly (a query too
    long, an unknown sort, a seed out of range) is ignored rather than refused."""
    consultation = permissions.access_consultation(request.user, slug)
    form = ProposalFilterForm(request.GET)
    form.is_valid()
    filters = form.cleaned_data  # the valid fields only
    sort, query = filters.get("sort") or "newest", filters.get("q") or ""
    number = requested_page_number(request)
    seed = (selectors.proposal_shuffle_seed(request, filters.get("seed"))
            if sort == "random" else None)
    page = selectors.proposal_page(consultation, sort=sort, query=query, seed=seed,
                                   number=number)
    params = request.GET.copy()
    params.pop("page", None)
    if seed is not None:
        params["seed"] = str(seed)  # the links keep the order without a session
    return render(request, "consultations/proposal_list.html", {
        "consultation": consultation, "sorts": ProposalFilterForm.SORTS, "sort": sort,
        "query": query, "querystring": params.urlencode() + "&" if params else "",
        "page": page, "cards": selectors.proposal_cards(page.object_list, consultation),
        "supported": selectors.supported_ids(request.user,
                                             [row["id"] for row in page.object_list]),
        "can": permissions.abilities(request.user, consultation),
    })


def proposal_create(request, slug):
    consultation = permissions.access_consultation(request.user, slug)
    refusal = permissions.participation_refusal(request.user, consultation)
    form = ProposalForm(request.POST or None, initial={"form_token": form_tokens.new_token()})
    if request.method == "POST" and refusal is None and form.is_valid():
        token, scope = form.cleaned_data["form_token"], f"proposal:{request.user.pk}"
        if (done := form_tokens.previous_result(token, scope)) is not None:
            return redirect(done)
        try:
            with transaction.atomic():
                proposal = services.proposal_create(
                    actor=request.user, consultation=consultation,
                    title=form.cleaned_data["title"], body=form.cleaned_data["body"])
                form_tokens.claim(token, scope, proposal.get_absolute_url())
        except ValidationError as error:
            add_errors(form, error)
        else:
            if proposal.status == "pending":
                messages.success(request, _("Merci ! Votre proposition sera publiée après "
                                            "relecture par la modération."))
            else:
                messages.success(request, _("Merci ! Votre proposition est publiée."))
            return redirect(proposal.get_absolute_url())
    elif request.method == "POST" and refusal:
        messages.error(request, refusal)
    return render(request, "consultations/proposal_form.html", {
        "consultation": consultation, "form": form, "refusal": refusal,
        "can": permissions.abilities(request.user, consultation)},
        status=422 if form.errors else 200)


def _proposal_for(request, slug, pk):
    consultation = permissions.access_consultation(request.user, slug)
    return consultation, permissions.access_proposal(request.user, consultation, pk)


def _render_proposal(request, consultation, proposal, *, comment_form, status=200):
    """The proposal's page: read, or shown again with a comment to correct."""
    can = permissions.abilities(request.user, consultation)
    can_edit = permissions.can_edit_proposal(request.user, proposal, consultation)
    return render(request, "consultations/proposal_detail.html", {
        "consultation": consultation, "proposal": proposal, "can": can,
        "can_edit": can_edit,
        "edit_deadline": permissions.proposal_edit_deadline(proposal) if can_edit else None,
        "shows_text": permissions.shows_text(proposal, moderates=can["moderate"]),
        "comments": selectors.comments_visible(request.user, proposal,
                                               can_moderate=can["moderate"]),
        "supported": bool(selectors.supported_ids(request.user, [proposal.pk])),
        "comment_form": comment_form, "report_form": AbuseReportForm(),
        "merge_form": MergeForm() if can["moderate"] else None,
    }, status=status)


def proposal_edit(request, slug, pk):
    """The author corrects their proposal, within the set time after filing it."""
    consultation, proposal = _proposal_for(request, slug, pk)
    refusal = permissions.proposal_edit_refusal(request.user, proposal, consultation)
    if refusal is not None:
        messages.error(request, refusal)
        return redirect(proposal.get_absolute_url())
    form = ProposalEditForm(request.POST or None,
                            initial={"title": proposal.title, "body": proposal.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(actor=request.user, proposal=proposal,
                                     **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_errors(form, error)
            else:
                _report_errors(request, error)
                return redirect(proposal.get_absolute_url())
        else:
            messages.success(request, _("Votre proposition est modifiée."))
            return redirect(proposal.get_absolute_url())
    return render(request, "consultations/proposal_edit.html", {
        "consultation": consultation, "proposal": proposal, "form": form,
        "can": permissions.abilities(request.user, consultation),
        "edit_deadline": permissions.proposal_edit_deadline(proposal)},
        status=422 if form.errors else 200)


@public
@public_page
def proposal_detail(request, slug, pk):
    consultation, proposal = _proposal_for(request, slug, pk)
    return _render_proposal(request, consultation, proposal, comment_form=CommentForm())


def _report_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
def support(request, slug, pk):
    """Support, or withdraw one's support (``withdraw=1``); a retry changes nothing."""
    _consultation, proposal = _proposal_for(request, slug, pk)
    try:
        if request.POST.get("withdraw"):
            services.support_withdraw(actor=request.user, proposal=proposal)
            messages.success(request, _("Votre soutien est retiré."))
        else:
            services.support_add(actor=request.user, proposal=proposal)
            messages.success(request, _("Merci pour votre soutien !"))
    except ValidationError as error:
        _report_errors(request, error)
    return redirect(proposal.get_absolute_url())


@require_POST
def comment(request, slug, pk):
    consultation, proposal = _proposal_for(request, slug, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            created = services.comment_create(actor=request.user, proposal=proposal,
                                              body=form.cleaned_data["body"])
        except ValidationError as error:
            _report_errors(request, error)
        else:
            messages.success(request, _("Commentaire publié.") if created.status == "published"
                             else _("Commentaire reçu : il sera publié après relecture."))
            return redirect(proposal.get_absolute_url())
    else:
        messages.error(request, _("Écrivez votre commentaire (3 000 caractères au plus)."))
    return _render_proposal(request, consultation, proposal, comment_form=form, status=422)


@require_POST
def report(request, slug, pk):
    consultation, proposal = _proposal_for(request, slug, pk)
    form = AbuseReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dites en quelques mots ce qui pose problème."))
        return redirect(proposal.get_absolute_url())
    target = None
    if form.cleaned_data.get("comment"):
        target = Comment.objects.filter(proposal=proposal, pk=form.cleaned_data["comment"]).first()
        if target is None or not permissions.can_see_content(request.user, target, consultation):
            raise Http404
    if not request.user.is_authenticated:
        raise PermissionDenied
    try:
        services.abuse_report_create(
            actor=request.user, proposal=None if target else proposal, comment=target,
            reason=form.cleaned_data["reason"])
    except ValidationError as error:
        _report_errors(request, error)
    else:
        messages.success(request, _("Merci : la modération va examiner ce contenu."))
    return redirect(proposal.get_absolute_url())
