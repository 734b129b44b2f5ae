"""Builders for peers tests: a peer-support service requiring the patient-expert certificate,
its domains, real communes around Voiron, certified experts (enrolled, qualification verified)
and requests made through the services, as people make them."""

from datetime import timedelta

from django.utils import timezone

from spp.catalog.tests.factories import (
    EnrolmentFactory,
    QualificationFactory,
    QualificationTypeFactory,
    service_with_charter,
)
from spp.core.models import Commune
from spp.core.tests.factories import MembershipFactory, UserFactory
from spp.peers import services
from spp.peers.models import Domain, ExpertProfile, languages_column

# (INSEE, name, latitude, longitude): Voiron, Moirans (7 km), Voreppe (9 km), Grenoble
# (25 km), Lyon (85 km).
COMMUNES = {
    "voiron": ("38563", "Voiron", 45.3642, 5.5894),
    "moirans": ("38239", "Moirans", 45.3253, 5.5661),
    "voreppe": ("38565", "Voreppe", 45.2950, 5.6361),
    "grenoble": ("38185", "Grenoble", 45.1875, 5.7357),
    "lyon": ("69123", "Lyon", 45.7578, 4.8320),
}


def commune(key: str) -> Commune:
    insee, name, lat, lon = COMMUNES[key]
    return Commune.objects.get_or_create(insee=insee, defaults={
        "name": name, "departement": insee[:2], "latitude": lat, "longitude": lon})[0]


def peers_service(**kwargs):
    kwargs.setdefault("patterns", ["peers"])
    kwargs.setdefault("requires_approval", False)
    service = service_with_charter(**kwargs)
    service.required_qualifications.add(certificate_type())
    Domain.objects.create(service=service, name="Diabète de type 2")
    Domain.objects.create(service=service, name="Insuffisance rénale chronique")
    return service


def certificate_type():
    return QualificationTypeFactory(code="patient-expert", name="Certificat de patient-expert")


def domain_of(service, name="Diabète de type 2") -> Domain:
    return Domain.objects.get(service=service, name=name)


def coordinator_of(service):
    return MembershipFactory(organisation=service.authority, role="coordinator").user


def professional_of(service):
    return MembershipFactory(organisation=service.authority, role="agent").user


def certify(user, *, expires_in_days=300, verified=True):
    return QualificationFactory(
        user=user, qualification_type=certificate_type(),
        expires_on=timezone.localdate() + timedelta(days=expires_in_days),
        verified_at=timezone.now() if verified else None)


def expert(service, *, where="voiron", domains=("Diabète de type 2",), languages=("fr",),
           in_person=True, by_phone=True, by_video=False, radius_km=20, capacity=2,
           certified=True, user=None, **kwargs) -> ExpertProfile:
    user = user or UserFactory()
    EnrolmentFactory(user=user, service=service)
    if certified:
        certify(user)
    profile = ExpertProfile.objects.create(
        user=user, service=service, languages=languages_column(languages), in_person=in_person,
        by_phone=by_phone, by_video=by_video, commune=commune(where) if where else None,
        radius_km=radius_km, weekly_capacity=capacity, **kwargs)
    profile.domains.set([domain_of(service, name) for name in domains])
    return profile


def ask(service, requester=None, *, mode="phone", where=None, language="fr",
        domain="Diabète de type 2", **kwargs):
    """A request made by ``requester`` (a new person by default) for themself."""
    requester = requester or UserFactory()
    fields = {"first_name": "Nadia", "phone": "06 12 34 56 78", "email": "",
              "availability": "En semaine après 17 h", **kwargs}
    return services.request_create(
        actor=requester, service=service, domain=domain_of(service, domain),
        preferred_language=language, preferred_mode=mode,
        commune=commune(where) if where else None, consent=True, **fields)


def matched(service, profile=None, **kwargs):
    """A request proposed to ``profile`` and accepted: (request, coordinator)."""
    from spp.peers.models import PeerRequest

    profile = profile or expert(service)
    request = ask(service, **kwargs)
    coordinator = coordinator_of(service)
    proposal = services.proposal_make(actor=coordinator, request=request, expert=profile)
    services.proposal_accept(actor=profile.user, proposal=proposal)
    return PeerRequest.objects.get(pk=request.pk), coordinator
