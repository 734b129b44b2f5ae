"""Factories for consultations, their questions, responses and proposals."""

from datetime import timedelta

import factory
from django.utils import timezone

from spp.catalog.tests.factories import ServiceFactory
from spp.consultations.models import (
    Comment,
    Consultation,
    Proposal,
    Question,
    Section,
    Support,
)
from spp.core.tests.factories import UserFactory


class ConsultationFactory(factory.django.DjangoModelFactory):
    """An open, published consultation of a service, for signed-in people."""

    class Meta:
        model = Consultation

    service = factory.SubFactory(ServiceFactory, patterns=["consultation"])
    authority = factory.LazyAttribute(lambda o: o.service.authority)
    title = factory.Sequence(lambda n: f"Consultation {n}")
    slug = factory.Sequence(lambda n: f"consultation-{n}")
    context = "<p>Donnez votre avis.</p>"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    audience = Consultation.Audience.SIGNED_IN
    moderation = Consultation.Moderation.AFTER
    is_published = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    consultation = factory.SubFactory(ConsultationFactory)
    title = factory.Sequence(lambda n: f"Partie {n}")
    position = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    consultation = factory.LazyAttribute(lambda o: o.section.consultation)
    kind = Question.Kind.FREE_TEXT
    label = factory.Sequence(lambda n: f"Question {n} ?")
    position = factory.Sequence(lambda n: n)
    choices = factory.LazyAttribute(
        lambda o: ["Oui", "Non", "Sans avis"]
        if o.kind in ("single_choice", "multiple_choice", "ranking") else [])


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    consultation = factory.SubFactory(ConsultationFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Proposition {n}")
    body = "Créer un service de prêt de vélos entre voisins."


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    proposal = factory.SubFactory(ProposalFactory)
    author = factory.SubFactory(UserFactory)
    body = "Bonne idée."


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(UserFactory)


def questionnaire(consultation=None, **kwargs):
    """A consultation with one question of each kind; the single choice one is required."""
    consultation = consultation or ConsultationFactory(**kwargs)
    section = SectionFactory(consultation=consultation, title="Votre avis")
    questions = {kind: QuestionFactory(section=section, kind=kind,
                                       required=kind == Question.Kind.SINGLE)
                 for kind in Question.Kind.values}
    return consultation, questions
