"""Background work of the reports app."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_report_email(emails: list[str], title: str, body: str, url: str) -> int:
    """Email people who follow a report without an account (one message each: no shared To)."""
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    sent = 0
    for email in emails:
        sent += send_mail(title, f"{body}\n\n{base}{url}", None, [email], fail_silently=True)
    return sent
