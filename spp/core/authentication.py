"""The authentication backend: allauth's (sign-in by email and password), reading the signed-in
person once per request together with the one fact every page's menu needs about them.

Every page a signed-in person opens shows "Gestion" in its menu only to members of an
organisation, and the back office asks members for their second factor. Reading the person
row with ``EXISTS`` over their memberships answers "member anywhere?" in the query that Django
makes anyway, so that a citizen's page (most pages) never asks the memberships table again;
a member's roles are then read once, when a page needs them (``permissions.roles_by_organisation``).
No copy is kept: the answer is as fresh as the person row itself. The catalog's backend
(``spp/catalog/authentication.py``, first in ``AUTHENTICATION_BACKENDS``) adds what the catalog
knows to the same query, through ``people``."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet

from spp.core.models import Membership


class PersonBackend(AuthenticationBackend):
    def people(self) -> QuerySet:
        """The people, each with what every page's frame asks about them, as columns."""
        return get_user_model()._default_manager.annotate(
            member_anywhere=Exists(Membership.objects.filter(user=OuterRef("pk")))
        )

    def get_user(self, user_id):
        try:
            user = self.people().get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
