"""The SMS gateway's webhook for one carpool service: the gateway posts each incoming text
(form fields ``from`` and ``text``, the shared secret in the ``X-SPP-SMS-Token`` header; see
docs/configuration.md, "Incoming SMS") and the answer goes back through the platform's SMS
gateway. A webhook has no session and no CSRF token: the secret is its authentication."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from spp.carpool.sms_requests import sms_request_answer
from spp.catalog.models import Service
from spp.core.sms import INBOUND_TOKEN_HEADER, inbound_token_valid, phone_normalise, sms_send

PHONE_MAX = 20


@csrf_exempt
@login_not_required
@require_POST
def sms_inbound(request, slug):
    if not inbound_token_valid(request.headers.get(INBOUND_TOKEN_HEADER, "")):
        return JsonResponse({"detail": "Jeton du service SMS absent ou invalide."}, status=403)
    service = get_object_or_404(Service, slug=slug, is_published=True)
    if "carpool" not in service.patterns:
        raise Http404
    phone = phone_normalise(request.POST.get("from", ""))
    text = request.POST.get("text", "").strip()
    errors = {}
    if not phone or len(phone) > PHONE_MAX:
        errors["from"] = "Numéro de l’expéditeur absent ou illisible."
    if not text:
        errors["text"] = "Message vide."
    if errors:
        return JsonResponse({"detail": "Message entrant incomplet.", "errors": errors},
                            status=400)
    sms_send(phone, sms_request_answer(service=service, phone=phone, text=text))
    return JsonResponse({"status": "answered"})
