"""The authentication backend every session uses (first in ``AUTHENTICATION_BACKENDS``): core's
(``spp/core/authentication.py``), whose one query for the signed-in person also answers whether
a service they take part in changed its charter since they accepted it.

Every page a signed-in person opens can show the charter banner
(``spp/catalog/context_processors.py``). Asked as a column of the person's row
(``selectors.charter_changed_column``), the question costs no round trip of its own, and the
banner's list of services is read only for the few people who have a charter to accept again.
It lives in the catalog, which owns enrolments and charters, so that core never imports the
catalog."""

from django.db.models import QuerySet

from spp.catalog.selectors import charter_changed_column
from spp.core.authentication import PersonBackend as CorePersonBackend


class PersonBackend(CorePersonBackend):
    def people(self) -> QuerySet:
        return super().people().annotate(charter_changed=charter_changed_column())
