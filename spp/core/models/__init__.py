"""The platform's shared tables: people, organisations, the audit log, notifications and the
territory (communes). The participation ledger is the catalog's (``spp.catalog.models``).

One module per family; everything is importable from ``spp.core.models`` as before (the
migrations name ``spp.core.models.UserManager`` and ``personal_data_export_path``)."""

from spp.core.models.activity import (
    AuditLogEntry,
    Notification,
    PersonalDataExport,
    personal_data_export_path,
)
from spp.core.models.organisations import ApiToken, Commune, Invitation, Membership, Organisation
from spp.core.models.people import PersonSession, User, UserManager
from spp.core.models.submissions import CacheVersion, FormToken, IdempotencyRecord

__all__ = [
    "ApiToken",
    "AuditLogEntry",
    "CacheVersion",
    "Commune",
    "FormToken",
    "IdempotencyRecord",
    "Invitation",
    "Membership",
    "Notification",
    "Organisation",
    "PersonSession",
    "PersonalDataExport",
    "User",
    "UserManager",
    "personal_data_export_path",
]
