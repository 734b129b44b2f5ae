"""The policy page: the authority's admins set what a service covers, on what evidence, within
which ceilings, and who approves. Everyone else gets a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spp.core.form_errors import add_errors
from spp.expenses import permissions
from spp.expenses.forms import PolicyForm
from spp.expenses.models import Policy
from spp.expenses.services.policies import policy_save


def service_policy(request, slug):
    service = permissions.access_service_for_policy(request.user, slug)
    policy = Policy.objects.filter(service=service).prefetch_related("costs").first()
    form = PolicyForm(request.POST or None, instance=policy or Policy(service=service))
    if request.method == "POST" and form.is_valid():
        try:
            policy_save(actor=request.user, service=service, terms=form.terms(),
                        costs=form.costs())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("La politique d’indemnisation est enregistrée."))
            return redirect("expenses:service_policy", slug)
    return render(request, "expenses/policy.html", {"service": service, "form": form,
                                                    "policy": policy},
                  status=400 if form.errors else 200)
