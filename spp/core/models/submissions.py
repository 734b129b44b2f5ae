"""What makes a retried submission create nothing twice (an ``Idempotency-Key`` answered once, a
form token used once) and the version numbers that key cached fragments."""

import uuid

from django.db import models
from django.utils import timezone

from spp.core.models.people import User


class IdempotencyRecord(models.Model):
    """Remembers the answer to a write made with an Idempotency-Key, so a retry gets the same
    answer and creates nothing. The unique constraint makes concurrent retries safe."""

    key = models.CharField(max_length=255)
    scope = models.CharField(max_length=120)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE)
    fingerprint = models.CharField(max_length=64, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_unique_key"),
        ]

    def __str__(self):
        return f"{self.scope}:{self.key}"


class FormToken(models.Model):
    """One-time token embedded in an HTML form so a double submission creates nothing twice."""

    token = models.UUIDField(primary_key=True, default=uuid.uuid4)
    scope = models.CharField(max_length=120)
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return str(self.token)


class CacheVersion(models.Model):
    """The version of what a cached fragment shows (DESIGN.md, "Fast without tricks"): a
    fragment is cached under its name and this number, and the write that changes what it shows
    moves the number in its own transaction (``services.cache_version_bump``). A reader then
    either sees the new number with the new rows, or the old number with the old rows: no cache
    write can be lost, and every process agrees."""

    name = models.CharField(max_length=200, primary_key=True)
    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.name} v{self.number}"
