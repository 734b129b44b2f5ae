"""Factories for services, charters, enrolments and qualifications."""

from datetime import timedelta

import factory
from django.utils import timezone

from spp.catalog.models import Charter, Enrolment, Qualification, QualificationType, Service
from spp.catalog.services import service_participant_counts_recount
from spp.core.tests.factories import OrganisationFactory, UserFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    authority = factory.SubFactory(OrganisationFactory)
    operator = None
    name = factory.Sequence(lambda n: f"Service partagé {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    summary = "Un service public partagé de test."
    patterns = factory.LazyFunction(lambda: ["roster"])
    territory_label = "Voiron"
    requires_approval = True


class CharterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charter

    service = factory.SubFactory(ServiceFactory)
    version = factory.Sequence(lambda n: n + 1)
    title = "Charte des participants"
    body = "Je participe bénévolement et je respecte les consignes."


def service_with_charter(**kwargs) -> Service:
    service = ServiceFactory(**kwargs)
    CharterFactory(service=service, version=1)
    return service


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """An enrolment; active ones are approved (the database requires it)."""

    class Meta:
        model = Enrolment
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    service = factory.SubFactory(ServiceFactory)
    accepted_charter = factory.LazyAttribute(
        lambda o: (
            o.service.charters.order_by("-version").first()
            or CharterFactory(service=o.service, version=1)
        )
    )
    charter_accepted_at = factory.LazyFunction(timezone.now)
    status = Enrolment.Status.ACTIVE
    approved_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in ("active", "suspended") else None
    )

    @factory.post_generation
    def active_participant_count(enrolment, create, extracted, **kwargs):
        """A row written past the services: the service's kept count is made true again."""
        if create:
            service_participant_counts_recount(service_ids=[enrolment.service_id])


class QualificationTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualificationType
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"qualification-{n}")
    name = factory.Sequence(lambda n: f"Qualification {n}")


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    user = factory.SubFactory(UserFactory)
    qualification_type = factory.SubFactory(QualificationTypeFactory)
    obtained_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=100))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=300))
    verified_at = factory.LazyFunction(timezone.now)
