"""Demo data for the patient-experts service, made through the services as people would: the
service's domains, the six certified patient-experts (the catalog demo enrolled them and
recorded their verified certificate) with their profiles, and requests in every state — new
(one referred by the Voiron agent for a patient without an account), proposed, matched with
sessions already logged (the ledger holds them; the expenses demo claims their mileage), closed,
and one declined then proposed again. The Voiron admin coordinates (the service is run by
the commune itself). Idempotent: a service that has domains is left as it is.

Past sessions need past requests: the demo moves a request's ``created_at`` back before
logging them (the only write here past the services, and only to a date)."""

from datetime import timedelta

from django.apps import apps
from django.utils import timezone

DOMAINS = ["Diabète de type 2", "Insuffisance rénale chronique",
           "Maladies inflammatoires chroniques de l’intestin", "Sclérose en plaques",
           "Santé mentale (pair-aidance)"]
# Per expert (citizens 34 to 39): domain indexes, languages, modes, radius (km).
EXPERTS = [
    ((0, 1), ["fr"], ["in_person", "phone"], 20),
    ((0,), ["fr", "ar"], ["in_person", "phone", "video"], 30),
    ((1, 2), ["fr", "en"], ["phone", "video"], 15),
    ((3,), ["fr"], ["in_person"], 25),
    ((4, 0), ["fr", "es"], ["in_person", "phone"], 20),
    ((2, 4), ["fr", "pt"], ["video", "phone"], 10),
]


def seed(context):
    if not apps.is_installed("spp.peers"):  # production on a host not certified HDS
        return None
    from spp.peers.models import Domain, PeerSettings

    service = context.services["peers"]
    if Domain.objects.filter(service=service).exists():
        return None
    PeerSettings.objects.create(service=service, retention_days=365)
    domains = [Domain.objects.create(service=service, name=name) for name in DOMAINS]
    experts = _experts(context, service, domains)
    _requests(context, service, domains, experts)
    return service


def _experts(context, service, domains):
    from spp.peers.services import expert_profile_save

    profiles = []
    for index, (person, (indexes, languages, modes, radius)) in enumerate(
            zip(context.citizens[34:40], EXPERTS, strict=True)):
        profiles.append(expert_profile_save(
            actor=person, service=service, domains=[domains[i] for i in indexes],
            languages=languages, modes=modes,
            commune=context.communes[index % len(context.communes)], radius_km=radius,
            weekly_capacity=3))
    return profiles


def _ask(context, service, domain, requester, *, mode="phone", commune=None, referred=False,
         days_ago=0, **fields):
    from spp.peers.models import PeerRequest
    from spp.peers.services import request_create

    contact = {"first_name": requester.first_name if requester else "Karim",
               "phone": "06 00 00 00 00" if referred else "",
               "availability": "En semaine, plutôt en fin de journée", **fields}
    request = request_create(
        actor=context.agent if referred else requester, service=service, domain=domain,
        preferred_language="fr", preferred_mode=mode, commune=commune, consent=True,
        referred=referred, **contact)
    if days_ago:
        PeerRequest.objects.filter(pk=request.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago))
        request.refresh_from_db()
    return request


def _propose(context, request, profile):
    from spp.peers.services import proposal_make

    return proposal_make(actor=context.admin, request=request, expert=profile)


def _requests(context, service, domains, experts):
    from spp.peers.services import (
        proposal_accept,
        proposal_decline,
        request_close,
        session_log,
    )

    people, today = context.citizens, timezone.localdate()
    voiron = context.communes[0]
    # New: one by a person, one referred by the agent for a patient without an account.
    _ask(context, service, domains[1], people[24])
    _ask(context, service, domains[0], None, referred=True, mode="in_person", commune=voiron)
    # Proposed, waiting for the expert's answer.
    _propose(context, _ask(context, service, domains[3], people[25], mode="in_person",
                           commune=experts[3].commune), experts[3])
    # Declined by one expert, proposed to another and accepted.
    request = _ask(context, service, domains[0], people[26], days_ago=25)
    proposal_decline(actor=experts[0].user,
                     proposal=_propose(context, request, experts[0]))
    proposal_accept(actor=experts[1].user, proposal=_propose(context, request, experts[1]))
    matched = [request]
    # Matched, with sessions (the ledger's peer sessions, which the expenses demo claims).
    for requester, domain, profile in ((context.citizen, domains[0], experts[4]),
                                       (people[27], domains[2], experts[2]),
                                       (people[28], domains[4], experts[5])):
        request = _ask(context, service, domain, requester, days_ago=30)
        proposal_accept(actor=profile.user, proposal=_propose(context, request, profile))
        matched.append(request)
    for index, request in enumerate(matched):
        request.refresh_from_db()
        for weeks in (3, 1) if index % 2 else (2, 1):
            session_log(actor=request.expert.user, request=request,
                        held_on=today - timedelta(days=7 * weeks + index), mode="phone",
                        duration_minutes=60 + 15 * index)
    # Closed after its sessions.
    request = _ask(context, service, domains[1], people[29], days_ago=40)
    proposal_accept(actor=experts[0].user, proposal=_propose(context, request, experts[0]))
    request.refresh_from_db()
    session_log(actor=experts[0].user, request=request, held_on=today - timedelta(days=30),
                mode="phone", duration_minutes=60)
    request_close(actor=context.admin, request=request,
                  note="Accompagnement terminé")
