"""What erasing a person (``people.user_erase``) does in core's own tables, beyond the profile:
their sessions end, their notifications, memberships and sign-in accounts go, and the person's
name, addresses and phone are taken out of the text that the audit log, Django's admin log and
other people's notifications wrote about them.

Texts are rewritten, not deleted: the audit log is append-only (the database refuses deletes
and refuses changes to what an entry records), and an entry stays true without the name — it
still says who acted (the erased account, by its id) on what, when. The one rewrite the
database lets through sets ``redacted_at`` forward in the same UPDATE (migration
``core.0010_audit_log_append_only``), so the journal says the entry was redacted, and when.

Finding the entries reads the log's text columns (a scan: erasure is rare, and must not miss
an entry written in any app); an entry tied to the person (acting, acted upon, or naming in full
the object acted upon: their enrolment) also loses their first or last name alone."""

import json
import re
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, ExpressionWrapper, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from spp.core.models import AuditLogEntry, Notification, PersonSession, User


def person_identifiers(user: User) -> tuple[list[str], list[str]]:
    """What names the person in a text, read before the profile is blanked: (strong, weak).
    Strong ones (their full name, each address, their phone) are taken out wherever they
    appear; weak ones (the first or the last name alone) only where the text is about them."""
    first, last = user.first_name.strip(), user.last_name.strip()
    strong = [f"{first} {last}", f"{last} {first}"] if first and last else []
    strong += [user.email, *user.emailaddress_set.values_list("email", flat=True)]
    phone = user.phone.strip()
    if phone:
        strong += [phone, re.sub(r"[\s.\-]", "", phone)]
    weak = [name for name in (first, last) if len(name) > 1]
    return _distinct(strong), _distinct(weak)


def _distinct(values) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def _pattern(strong: list[str], weak: list[str]) -> re.Pattern | None:
    """One case-insensitive pattern; longest first, so "Léa Martin" goes before "Léa"."""
    parts = sorted({*strong, *weak}, key=len, reverse=True)
    if not parts:
        return None
    alternatives = "|".join(rf"(?<!\w){re.escape(part)}(?!\w)" for part in parts)
    return re.compile(alternatives, re.IGNORECASE)


def _rewrite(value, pattern: re.Pattern, label: str):
    """``value`` (a text, or JSON data) with each match replaced by ``label``."""
    if isinstance(value, str):
        return pattern.sub(label, value)
    if isinstance(value, dict):
        return {key: _rewrite(item, pattern, label) for key, item in value.items()}
    if isinstance(value, list):
        return [_rewrite(item, pattern, label) for item in value]
    return value


def _mentions(fields: list[str], tokens: list[str]) -> Q:
    """Rows whose text ``fields`` contain one of ``tokens`` (JSON text is searched both as
    written and as escaped by ``json.dumps``, which SQLite keeps)."""
    query = Q(pk__in=[])
    for token in tokens:
        escaped = json.dumps(token)[1:-1]
        for field in fields:
            query |= Q(**{f"{field}__icontains": token})
            if escaped != token:
                query |= Q(**{f"{field}__icontains": escaped})
    return query


def audit_redact_person(*, user: User, strong: list[str], weak: list[str], label: str) -> int:
    """Take the person out of the audit log's texts (the path the database allows: the text
    columns with ``redacted_at`` moved forward). Returns the number of entries rewritten."""
    about_them = (Q(actor=user) | Q(target_type=User._meta.label_lower, target_id=str(user.pk))
                  | _mentions(["target_repr"], strong))  # e.g. their enrolment, by its name
    entries = AuditLogEntry.objects.annotate(data_text=Cast("data", TextField())).filter(
        about_them | _mentions(["reason", "data_text"], strong)
    )
    now = timezone.now()
    rewritten = 0
    for entry in entries.annotate(tied=ExpressionWrapper(about_them, BooleanField())).iterator():
        pattern = _pattern(strong, weak if entry.tied else [])
        if pattern is None:
            continue
        new = {
            "target_repr": _rewrite(entry.target_repr, pattern, label)[:255],
            "reason": _rewrite(entry.reason, pattern, label),
            "data": _rewrite(entry.data, pattern, label),
        }
        if all(new[name] == getattr(entry, name) for name in new):
            continue
        stamp = now
        if entry.redacted_at is not None and entry.redacted_at >= now:
            stamp = entry.redacted_at + timedelta(microseconds=1)
        AuditLogEntry.objects.filter(pk=entry.pk).update(**new, redacted_at=stamp)
        rewritten += 1
    return rewritten


def admin_log_redact_person(*, user: User, strong: list[str], weak: list[str], label: str):
    """The same for Django's admin log (``django_admin_log``), which has no such guard."""
    about_them = Q(user=user) | Q(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    )
    entries = LogEntry.objects.filter(
        about_them | _mentions(["object_repr", "change_message"], strong)
    )
    for entry in entries.annotate(tied=ExpressionWrapper(about_them, BooleanField())).iterator():
        pattern = _pattern(strong, weak if entry.tied else [])
        if pattern is not None:
            LogEntry.objects.filter(pk=entry.pk).update(
                object_repr=_rewrite(entry.object_repr, pattern, label)[:200],
                change_message=_rewrite(entry.change_message, pattern, label),
            )


def notifications_redact_person(*, user: User, strong: list[str], label: str) -> None:
    """Other people's notifications that named the person ("X asks for a replacement") keep
    their sense without the name; the person's own notifications are deleted."""
    Notification.objects.filter(recipient=user).delete()
    pattern = _pattern(strong, [])
    if pattern is None:
        return
    for note in Notification.objects.filter(_mentions(["title", "body"], strong)).iterator():
        Notification.objects.filter(pk=note.pk).update(
            title=_rewrite(note.title, pattern, label)[:200],
            body=_rewrite(note.body, pattern, label),
        )


def sessions_end(*, user: User) -> None:
    """End every session of the person: each is deleted through the configured engine (which
    also drops a cached copy), then any row left in the table."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = PersonSession.objects.filter(user_id=user.pk)
    for key in sessions.values_list("session_key", flat=True):
        store_class(session_key=key).delete()
    sessions.delete()


def sign_in_accounts_delete(*, user: User) -> None:
    """Their addresses, linked FranceConnect/ProConnect accounts (with the identity data the
    provider sent) and second factors."""
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    SocialAccount.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.emailaddress_set.all().delete()
