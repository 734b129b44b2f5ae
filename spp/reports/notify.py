"""Telling the reporter and the supporters that a report's public status changed: signed-in
people get an in-app notification (and its email copy), email-only people an email, sent by a
task after commit so a slow mail server never blocks the agent."""

from django.db import transaction
from django.utils.translation import gettext as _

from spp.core.services import notification_send
from spp.reports.models import Report


def followers(report: Report) -> tuple[list, list[str]]:
    """(users, emails) following ``report``: its reporter and its supporters, each once."""
    users, emails = {}, set()
    if report.reporter_id:
        users[report.reporter_id] = report.reporter
    elif report.reporter_email:
        emails.add(report.reporter_email.lower())
    for supporter in report.supporters.select_related("user"):
        if supporter.user_id:
            users[supporter.user_id] = supporter.user
        elif supporter.email:
            emails.add(supporter.email.lower())
    return list(users.values()), sorted(emails)


def status_changed(report: Report, *, actor=None, note: str = "") -> None:
    """Notify every follower but the actor (inside the caller's transaction)."""
    title = _("Signalement %(reference)s : %(status)s") % {
        "reference": report.reference, "status": report.get_status_display()}
    body = note or _("L’état de votre signalement « %(category)s » a changé.") % {
        "category": report.category.name}
    url = report.get_absolute_url()
    users, emails = followers(report)
    for user in users:
        if actor is None or user.pk != getattr(actor, "pk", None):
            notification_send(recipient=user, title=title, body=body, url=url)
    if emails:
        from spp.reports.tasks import send_report_email

        transaction.on_commit(lambda: send_report_email.enqueue(emails, title, body, url))
