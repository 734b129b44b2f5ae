"""The audit journal's content, kept under generation numbers (``spp/core/generations.py``).

An organisation's journal grows by every audited write, but it is read far more often than any
one page of it changes: the page an administrator reads (its filters, table and paging links)
is kept, and served again while nothing it shows has changed. Two scopes say when it has:

- ``audit:org:<id>``: an entry of the organisation was written or removed (every
  ``services.audit_record``, through the ORM signal below);
- ``audit:actors``: a person was changed or deleted — the journal shows each entry's author by
  their email, which a profile change or an erasure rewrites. Logins (which only save
  ``last_login``) and new accounts (which have written nothing yet) do not move it.

The content depends on the organisations the administrator administers, the query string, the
language and the time zone, which make its key; the access check runs on every request."""

import hashlib

from spp.core import generations

AUDIT_PAGE_SECONDS = 600
ACTORS_SCOPE = "audit:actors"


def organisation_scope(organisation_id: int) -> str:
    return f"audit:org:{organisation_id}"


def scopes(organisation_ids: list[int]) -> list[str]:
    return [*(organisation_scope(pk) for pk in sorted(organisation_ids)), ACTORS_SCOPE]


def page_key(organisation_ids: list[int], querystring: str, language: str, zone: str) -> str:
    variant = repr((sorted(organisation_ids), querystring, language, zone))
    return "spp:audit-page:" + hashlib.sha256(variant.encode()).hexdigest()


def cached_content(organisation_ids, querystring, language, zone, render_content) -> str:
    """The journal's content for these organisations and this query: from the cache while no
    scope has moved (one round trip), else ``render_content()``, kept for the next read."""
    return generations.cached_value(page_key(organisation_ids, querystring, language, zone),
                                    scopes(organisation_ids), render_content,
                                    AUDIT_PAGE_SECONDS)


def _entry_scopes(entry) -> list[str]:
    return [organisation_scope(entry.organisation_id)] if entry.organisation_id else []


def _person_changed(sender, instance, created=False, update_fields=None, **kwargs):
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    generations.advance(ACTORS_SCOPE)


def connect_signals() -> None:
    from spp.core.models import AuditLogEntry, User
    from spp.core.signals import advance_on_change, on_save_or_delete

    advance_on_change(AuditLogEntry, _entry_scopes, "core.audit_pages.entry")
    on_save_or_delete(_person_changed, User, "core.audit_pages.person")
