"""The authentication backend: allauth's (sign-in by email and password), reading the signed-in
person once per request together with the one fact every page's menu needs about them.

Every page a signed-in person opens shows "Gestion" in its menu only to members of an
organisation, and the back office asks members for their second factor. Reading the person
row with ``EXISTS`` over their memberships answers "member anywhere?" in the query that Django
makes anyway, so that a citizen's page (most pages) never asks the memberships table again;
a member's roles are then read once, when a page needs them (``permissions.roles_by_organisation``).
No copy is kept: the answer is as fresh as the person row itself. The catalog's backend
(``spp/catalog/authentication.py``, first in ``AUTHENTICATION_BACKENDS``) adds what the catalog
knows to the same query, through ``people``.

The columns are written in SQL (``RawSQL``), not as ORM ``Exists`` expressions: every signed-in
request builds this query, and the ORM spent about a millisecond of CPU resolving its
subqueries — more than the trivial page costs in all, and more than PostgreSQL takes to run it.
A raw column costs the ORM next to nothing; tests check it against the ORM rule it stands for."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from spp.core.models import Membership


def person_column(sql: str, params: tuple = ()) -> RawSQL:
    """A yes/no column of the person's row, from an SQL expression that names the person's id
    as ``{person}`` (the outer query's ``core_user.id``)."""
    person = f'"{get_user_model()._meta.db_table}"."id"'
    return RawSQL(sql.format(person=person), params, output_field=BooleanField())


def member_anywhere_column() -> RawSQL:
    """Whether the person holds a role in any organisation (``Membership``)."""
    return person_column(
        f'EXISTS (SELECT 1 FROM "{Membership._meta.db_table}" membership '
        "WHERE membership.user_id = {person})")


class PersonBackend(AuthenticationBackend):
    def people(self) -> QuerySet:
        """The people, each with what every page's frame asks about them, as columns."""
        return get_user_model()._default_manager.annotate(member_anywhere=member_anywhere_column())

    def get_user(self, user_id):
        try:
            user = self.people().get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
