"""Uploaded images, kept as pixels only: a file is accepted if Pillow can read it as an image,
then turned upright, resized and re-encoded as a fresh JPEG, so that no metadata (EXIF
position, camera serial, author…) nor anything hidden in the file survives. Reports' photos
and expense receipts both take their pictures through here."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 50_000_000


def reencoded_jpeg(upload, *, max_bytes: int, max_side: int, name: str = "photo.jpg"):
    """The upload re-encoded as a JPEG ``ContentFile`` called ``name``, or ValidationError."""
    shown = getattr(upload, "name", "photo")
    if upload.size > max_bytes:
        raise ValidationError(_("« %(name)s » dépasse %(max)s Mo.")
                              % {"name": shown, "max": max_bytes // (1024 * 1024)})
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("« %(name)s » a trop de pixels.") % {"name": shown})
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((max_side, max_side))
            clean = Image.new("RGB", image.size)
            clean.paste(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("« %(name)s » n’est pas une image lisible (JPEG, PNG, WebP…).")
                              % {"name": shown}) from None
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue(), name=name)
