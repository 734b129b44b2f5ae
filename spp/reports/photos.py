"""Photo intake: only real images, not too large, resized and re-encoded as a fresh JPEG so
that no metadata (EXIF position, camera serial, author…) survives. We keep nothing but the
pixels, turned upright first (the orientation tag is applied, then dropped)."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTOS = 3


def max_bytes() -> int:
    return getattr(settings, "REPORTS_PHOTO_MAX_BYTES", 10 * 1024 * 1024)


def max_side() -> int:
    return getattr(settings, "REPORTS_PHOTO_MAX_SIDE", 1600)


def clean_photo(upload) -> ContentFile:
    """Validate one uploaded file and return the re-encoded JPEG, or raise ValidationError."""
    name = getattr(upload, "name", "photo")
    if upload.size > max_bytes():
        raise ValidationError(_("« %(name)s » dépasse %(max)s Mo.")
                              % {"name": name, "max": max_bytes() // (1024 * 1024)})
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > 50_000_000:
                raise ValidationError(_("« %(name)s » a trop de pixels.") % {"name": name})
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((max_side(), max_side()))
            clean = Image.new("RGB", image.size)
            clean.paste(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("« %(name)s » n’est pas une image lisible (JPEG, PNG, WebP…).")
                              % {"name": name}) from None
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg")


def clean_photos(uploads) -> list[ContentFile]:
    uploads = [u for u in uploads if u]
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError(_("Trois photos au plus."))
    return [clean_photo(upload) for upload in uploads]
