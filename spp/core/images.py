"""Uploaded images, kept as pixels only: a file is accepted if Pillow reads it as one of the
formats we take (a camera's JPEG, a PNG, a WebP, a GIF), then it is turned upright, resized
and re-encoded into a fresh image, so that no metadata (EXIF position, camera serial,
author…) nor anything hidden in the file (an HTML page glued to a GIF, a second image, text
chunks) survives. Every upload goes through ``spp.core.uploads``, which calls this."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 50_000_000
# What Pillow may read ("JPEG" takes in the MPO files of phones that add a depth picture).
READ_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
SAVE_OPTIONS = {"JPEG": {"quality": 82, "optimize": True}, "PNG": {"optimize": True},
                "WEBP": {"quality": 85}}


def reencoded_image(upload, *, max_side: int, fmt: str = "JPEG", stem: str = "photo"):
    """The upload re-encoded as a ``ContentFile`` in ``fmt`` (JPEG: no transparency, PNG and
    WebP keep it) called ``stem.<ext>``, or ValidationError."""
    shown = getattr(upload, "name", None) or "image"
    try:
        upload.seek(0)
        with Image.open(upload, formats=READ_FORMATS) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload, formats=READ_FORMATS) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("« %(name)s » a trop de pixels.") % {"name": shown},
                                      code="too_many_pixels")
            image.seek(0)  # an animation keeps its first picture only
            image = ImageOps.exif_transpose(image)
            clean = _pixels_only(image, keep_alpha=fmt != "JPEG")
            clean.thumbnail((max_side, max_side))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError,
            Image.DecompressionBombError):
        raise ValidationError(_("« %(name)s » n’est pas une image lisible (JPEG, PNG, WebP ou "
                                "GIF).") % {"name": shown}, code="unreadable") from None
    out = io.BytesIO()
    clean.save(out, format=fmt, **SAVE_OPTIONS[fmt])
    return ContentFile(out.getvalue(), name=f"{stem}.{EXTENSIONS[fmt]}")


def _pixels_only(image, *, keep_alpha: bool):
    """A new image holding ``image``'s pixels and nothing else (no ``info``: no EXIF, ICC
    profile, comment or text chunk). Transparency is kept when asked, else laid on white."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if has_alpha:
        rgba = image.convert("RGBA")
        if keep_alpha:
            clean = Image.new("RGBA", rgba.size)
            clean.paste(rgba)
            return clean
        clean = Image.new("RGB", rgba.size, "white")
        clean.paste(rgba, mask=rgba.getchannel("A"))
        return clean
    clean = Image.new("RGB", image.size)
    clean.paste(image.convert("RGB"))
    return clean
