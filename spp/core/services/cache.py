"""The versions of cached fragments (``models.CacheVersion``)."""

from django.db.models import F

from spp.core.models import CacheVersion


def cache_version_bump(*, name: str) -> None:
    """Move the version of the cached fragments called ``name`` (``models.CacheVersion``).
    Call it inside the transaction of the write that changes what they show: the new number
    and the new rows commit together. ``F()`` makes concurrent bumps add up."""
    if CacheVersion.objects.filter(name=name).update(number=F("number") + 1):
        return
    _, created = CacheVersion.objects.get_or_create(name=name, defaults={"number": 1})
    if not created:  # another transaction created it meanwhile: count this bump too
        CacheVersion.objects.filter(name=name).update(number=F("number") + 1)
