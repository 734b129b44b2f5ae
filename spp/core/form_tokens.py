"""One-time form tokens: a double click or a browser retry of the same HTML form creates
nothing twice. The token's row is inserted in the same transaction as the write it guards;
the primary key makes the second insert fail, and the caller redirects to the first result."""

import uuid

from django.db import IntegrityError, transaction

from spp.core.models import FormToken


def new_token() -> uuid.UUID:
    return uuid.uuid4()


def previous_result(token: uuid.UUID, scope: str) -> str | None:
    """Where the first submission with this token led, if it was already used."""
    row = FormToken.objects.filter(token=token, scope=scope).first()
    return row.result_url if row else None


def claim(token: uuid.UUID, scope: str, result_url: str = "") -> bool:
    """Record the token as used (inside the caller's transaction). False if already used."""
    try:
        with transaction.atomic():
            FormToken.objects.create(token=token, scope=scope, result_url=result_url)
    except IntegrityError:
        return False
    return True
