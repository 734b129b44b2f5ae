"""Factories for the core tables. Every test builds its own data from these."""

import factory
from django.contrib.auth.hashers import make_password

from spp.core.models import Membership, Organisation, User
from spp.core.validators import luhn_is_valid

TEST_PASSWORD = "un-mot-de-passe-solide-42"
_HASHED = make_password(TEST_PASSWORD)


def valid_siret(sequence: int) -> str:
    """A checksum-valid SIRET, different for each sequence number."""
    base = f"{sequence % 10**8:08d}"
    siren = next(base + str(d) for d in range(10) if luhn_is_valid(base + str(d)))
    return next(
        siren + "0001" + str(d) for d in range(10) if luhn_is_valid(siren + "0001" + str(d))
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = _HASHED

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        """Mark the address verified, as allauth would after the confirmation link."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.AUTHORITY
    name = factory.Sequence(lambda n: f"Commune de Test {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    siret = factory.Sequence(lambda n: valid_siret(n + 1000))


class OperatorFactory(OrganisationFactory):
    kind = Organisation.Kind.OPERATOR
    name = factory.Sequence(lambda n: f"Association Test {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.AGENT
