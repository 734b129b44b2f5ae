"""Photo intake: only real images, not too large, resized and re-encoded as a fresh JPEG so
that no metadata (EXIF position, camera serial, author…) survives. We keep nothing but the
pixels, turned upright first (the orientation tag is applied, then dropped)."""

from datetime import timedelta
from uuid import uuid4

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core.uploads import REPORT_PHOTO, clean_upload

MAX_PHOTOS = 3


def max_bytes() -> int:
    return REPORT_PHOTO.max_bytes  # the REPORTS_PHOTO_MAX_BYTES setting


def max_side() -> int:
    return getattr(settings, "REPORTS_PHOTO_MAX_SIDE", 1600)


def clean_photo(upload) -> ContentFile:
    """Validate one uploaded file and return the re-encoded JPEG, or raise ValidationError."""
    return clean_upload(upload, REPORT_PHOTO, max_side=max_side())


def clean_photos(uploads) -> list[ContentFile]:
    uploads = [u for u in uploads if u]
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError(_("Trois photos au plus."))
    return [clean_photo(upload) for upload in uploads]


# Photos of a report not filed yet: the form came back (an offer to support a near report, or
# a mistake to fix) and a browser never sends a file twice. They are kept, cleaned, under a
# dated folder, named in a signed token the form carries; what is not filed is purged the day
# after next (by the next hold: no scheduler needed).
HELD_DIR = "reports/en-attente"
HELD_SALT = "spp.reports.held-photos"
HELD_MAX_AGE = 24 * 3600


def hold(images, *, also: str = "") -> str:
    """Store cleaned photos (``clean_photos``) with those of the token ``also``; return the
    token naming them all (at most MAX_PHOTOS)."""
    today = timezone.localdate()
    _purge_before(today - timedelta(days=1))
    names = held_names(also)
    for image in images[: MAX_PHOTOS - len(names)]:
        names.append(default_storage.save(f"{HELD_DIR}/{today:%Y-%m-%d}/{uuid4().hex}.jpg",
                                          image))
    return signing.dumps(names, salt=HELD_SALT) if names else ""


def held(token: str) -> list[ContentFile]:
    """The photos a token of ``hold`` names and that are still stored."""
    files = []
    for name in held_names(token):
        with default_storage.open(name) as stored:
            files.append(ContentFile(stored.read(), name="photo.jpg"))
    return files


def release(token: str) -> None:
    """Delete the held photos of a token (once they are filed with a report)."""
    for name in held_names(token):
        default_storage.delete(name)


def held_names(token: str) -> list[str]:
    """The names from a token we signed, under HELD_DIR, still stored; [] for anything else."""
    if not token:
        return []
    try:
        names = signing.loads(token, salt=HELD_SALT, max_age=HELD_MAX_AGE)
    except signing.BadSignature:
        return []
    return [name for name in names[:MAX_PHOTOS]
            if isinstance(name, str) and name.startswith(f"{HELD_DIR}/")
            and default_storage.exists(name)][:MAX_PHOTOS]


def _purge_before(day) -> None:
    """Delete the held photos of the folders older than ``day``."""
    try:
        folders, _files = default_storage.listdir(HELD_DIR)
    except FileNotFoundError:
        return
    for folder in folders:
        if folder < f"{day:%Y-%m-%d}":
            for name in default_storage.listdir(f"{HELD_DIR}/{folder}")[1]:
                default_storage.delete(f"{HELD_DIR}/{folder}/{name}")
