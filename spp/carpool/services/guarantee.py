"""The guaranteed ride: a passenger whose search found no driver asks for it; if no driver has
been found when the line's waiting time is over, the line's fallback (a taxi or on-demand
transport contract) is called through its webhook, and the passenger is told either way.

The check runs once per request whatever happens around it: the search's row is locked and its
status read in the same transaction that records the call, so a retried task, the management
command and the queued task together call the fallback at most once (the call carries the
request's reference as ``Idempotency-Key`` too, for a crash between the call and the commit).
The passenger's first name and number go to the fallback only when they agreed to it."""

import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spp.carpool.models import RideSearch, Stop
from spp.carpool.selectors.demand import booking_in_window_exists, line_coordinators
from spp.catalog.selectors.enrolments import enrolment_require_current
from spp.core.services import audit_record, notification_send
from spp.core.sms import phone_normalise, sms_send

logger = logging.getLogger("spp.carpool.guarantee")
PARIS = ZoneInfo("Europe/Paris")
FALLBACK_TIMEOUT_SECONDS = 10
RESPONSE_KEPT = 300
REQUESTABLE = (RideSearch.Guarantee.NONE, RideSearch.Guarantee.CANCELLED)


def guarantee_reference(search: RideSearch) -> str:
    """What the passenger, the fallback and the coordinator all quote."""
    return f"SPP-COVOIT-{search.pk}"


def _when(search: RideSearch) -> str:
    return date_format(timezone.localtime(search.window_start, PARIS), "l j F à H:i")


def ride_guarantee_request(*, actor, search: RideSearch, share_contact: bool = False,
                           now=None) -> RideSearch:
    """Ask for a guaranteed ride from one's own search that found nothing, on a line that has
    a fallback. A second request (a double tap) changes nothing. The check is due after the
    line's waiting time, or when the searched window starts if that comes first."""
    now = now or timezone.now()
    line = search.line
    if not actor.is_authenticated or search.passenger_id != actor.pk:
        raise ValidationError(_("Seul le passager de cette recherche peut demander un trajet "
                                "garanti."), code="not_passenger")
    if not line.fallback_webhook_url:
        raise ValidationError(
            _("La ligne « %(line)s » n’a pas de solution de secours : le trajet garanti n’y est "
              "pas proposé.") % {"line": line.name}, code="no_fallback")
    if search.matches:
        raise ValidationError(_("Des trajets correspondent à votre recherche : réservez l’un "
                                "d’eux."), code="has_matches")
    if search.window_end <= now:
        raise ValidationError(_("Cette recherche porte sur un horaire passé : faites une "
                                "nouvelle recherche."), code="past")
    enrolment_require_current(actor, line.service)
    due_at = min(now + timedelta(minutes=line.waiting_minutes), max(now, search.window_start))
    with transaction.atomic():
        search = RideSearch.objects.select_for_update().get(pk=search.pk)
        if search.guarantee not in REQUESTABLE:
            return search
        search.guarantee = RideSearch.Guarantee.WAITING
        search.guarantee_due_at = due_at
        search.share_contact = share_contact
        search.save(update_fields=["guarantee", "guarantee_due_at", "share_contact"])
        audit_record(actor=actor, action="carpool.guarantee_requested", target=search,
                     organisation=line.service.authority,
                     data={"line": line.code, "due_at": due_at.isoformat(),
                           "share_contact": share_contact})
        transaction.on_commit(lambda: _enqueue_check(search.pk, due_at))
    return search


def _enqueue_check(search_id: int, due_at) -> None:
    """Queue the check for its due time. A task backend that cannot delay a task (the inline
    one of the tests, for instance) gets nothing: ``manage.py carpool_guarantee_check``, run
    every minute or so, settles the due requests instead."""
    from spp.carpool.guarantee_tasks import ride_guarantee_check

    if ride_guarantee_check.get_backend().supports_defer:
        ride_guarantee_check.using(run_after=due_at).enqueue(search_id)


def _stop_json(stop: Stop) -> dict:
    return {"name": stop.name, "position": stop.position, "latitude": float(stop.latitude),
            "longitude": float(stop.longitude), "insee_code": stop.insee_code}


def fallback_payload(search: RideSearch) -> dict:
    """What the fallback receives: the line, both stops, the window, the seats and the
    reference; the passenger's first name and number only with their consent."""
    passenger = None
    if search.share_contact:
        person = search.passenger
        passenger = {"first_name": person.first_name if person else "",
                     "phone": search.phone or phone_normalise(person.phone if person else "")}
    service = search.line.service
    return {
        "reference": guarantee_reference(search),
        "service": {"slug": service.slug, "name": service.name},
        "line": {"code": search.line.code, "name": search.line.name},
        "direction": search.direction,
        "boarding": _stop_json(search.boarding_stop),
        "alighting": _stop_json(search.alighting_stop),
        "window": {"start": timezone.localtime(search.window_start, PARIS).isoformat(),
                   "end": timezone.localtime(search.window_end, PARIS).isoformat()},
        "seats": search.seats,
        "channel": search.channel,
        "passenger": passenger,
    }


def _post_json(url: str, payload: dict, reference: str) -> tuple[bool, str]:
    """POST ``payload``; (answered with 2xx, the answer or the failure, truncated)."""
    if not url.lower().startswith(("http://", "https://")):
        return False, _("adresse d’appel invalide")
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), method="POST",
        headers={"Content-Type": "application/json", "Idempotency-Key": reference,
                 "User-Agent": "SPP carpool guaranteed ride"})
    try:
        with urllib.request.urlopen(request, timeout=FALLBACK_TIMEOUT_SECONDS) as response:
            body = response.read(RESPONSE_KEPT * 4).decode("utf-8", "replace")
            return True, body[:RESPONSE_KEPT]
    except urllib.error.HTTPError as error:
        body = error.read(RESPONSE_KEPT).decode("utf-8", "replace")
        return False, f"HTTP {error.code} {body}"[:RESPONSE_KEPT]
    except (urllib.error.URLError, OSError, ValueError) as error:
        return False, str(getattr(error, "reason", error))[:RESPONSE_KEPT]


def ride_guarantee_settle(*, search_id: int, now=None) -> str:
    """Settle one guaranteed-ride request that has come due: nothing if a driver was found
    (a booking made from the search, or any live booking of the passenger on the line in the
    window), else call the fallback. Returns what happened (the search's status, or
    ``not_due``)."""
    now = now or timezone.now()
    with transaction.atomic():
        search = RideSearch.objects.select_for_update().filter(pk=search_id).first()
        if search is None or search.guarantee != RideSearch.Guarantee.WAITING:
            return search.guarantee if search is not None else "missing"
        if search.guarantee_due_at is not None and search.guarantee_due_at > now:
            return "not_due"
        if booking_in_window_exists(search):
            search.guarantee = RideSearch.Guarantee.MATCHED
            search.save(update_fields=["guarantee"])
            return search.guarantee
        line = search.line
        reference = guarantee_reference(search)
        called, answer = _post_json(line.fallback_webhook_url, fallback_payload(search),
                                    reference)
        search.guarantee = (RideSearch.Guarantee.FALLBACK_CALLED if called
                            else RideSearch.Guarantee.FALLBACK_FAILED)
        search.fallback_called_at = now
        search.fallback_response = answer
        search.save(update_fields=["guarantee", "fallback_called_at", "fallback_response"])
        audit_record(actor=None, action=f"carpool.guarantee_{search.guarantee}", target=search,
                     organisation=line.service.authority,
                     data={"line": line.code, "reference": reference, "answer": answer})
        _tell_passenger(search, called)
        if not called:
            _tell_coordinators(search, answer)
    logger.info("Guaranteed ride %s: %s", reference, search.guarantee)
    return search.guarantee


def _tell_passenger(search: RideSearch, called: bool) -> None:
    line = search.line
    values = {"board": search.boarding_stop.name, "alight": search.alighting_stop.name,
              "when": _when(search), "fallback": line.fallback_name or _("le transport de "
                                                                           "secours"),
              "ref": guarantee_reference(search)}
    if called:
        title = _("Trajet garanti : %(fallback)s a reçu votre demande") % values
        body = (_("Aucun conducteur n’a été trouvé pour %(board)s → %(alight)s, %(when)s. "
                  "%(fallback)s a reçu votre demande (référence %(ref)s) et vous "
                  "contactera.") if search.share_contact else
                _("Aucun conducteur n’a été trouvé pour %(board)s → %(alight)s, %(when)s. "
                  "%(fallback)s a reçu votre demande : appelez-le en donnant la référence "
                  "%(ref)s.")) % values
    else:
        title = _("Trajet garanti : la solution de secours n’a pas répondu")
        body = _("Aucun conducteur n’a été trouvé pour %(board)s → %(alight)s, %(when)s, et "
                 "%(fallback)s n’a pas pu être joint. Le coordinateur de la ligne est prévenu "
                 "(référence %(ref)s).") % values
    if search.passenger is not None:
        notification_send(recipient=search.passenger, title=title, body=body,
                          url=line.get_absolute_url())
    if search.channel == RideSearch.Channel.SMS and search.phone:
        phone = search.phone
        transaction.on_commit(lambda: sms_send(phone, body))


def _tell_coordinators(search: RideSearch, answer: str) -> None:
    line = search.line
    url = reverse("carpool:line_edit", args=[line.service.slug, line.code])
    for coordinator in line_coordinators(line):
        notification_send(
            recipient=coordinator,
            title=_("Trajet garanti : la solution de secours de « %(line)s » n’a pas répondu")
            % {"line": line.name},
            body=_("Demande %(ref)s (%(board)s → %(alight)s, %(when)s, %(seats)s place(s)) : "
                   "l’appel a échoué (%(answer)s). Contactez le passager ou la solution de "
                   "secours.") % {"ref": guarantee_reference(search),
                                  "board": search.boarding_stop.name,
                                  "alight": search.alighting_stop.name, "when": _when(search),
                                  "seats": search.seats, "answer": answer},
            url=url)
