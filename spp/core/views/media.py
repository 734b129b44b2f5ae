"""The public media, served by Django under /media/ in every profile, production included:
report photos (shown on public report pages and linked by Open311 as ``media_url``) and
organisations' logos. WhiteNoise serves only files that exist when the process starts, so it
cannot serve uploads; this view reads them from the default storage, a local ``MEDIA_ROOT``
or S3 alike (docs/deployment.md, "Uploaded files").

Only names of the forms that those two uploads are stored under are served; everything else
under the media storage (receipts, payment files, personal-data archives, photos held for a
report not filed yet) answers 404 here, whatever its name: their own views check who asks.
Every file served was re-encoded by us (spp/core/uploads.py); the headers still forbid a
browser to take one for anything but an image."""

import re

from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

# reports.models.photo_path and Organisation.logo's upload_to (tests check both still match).
PUBLIC_MEDIA = re.compile(
    r"reports/\d{4}/\d{2}/[0-9a-f]{32}\.jpg"
    r"|organisations/logos/[\w-]+(?:\.[\w-]+)*\.(?:png|jpe?g|webp|gif)"
)
IMAGE_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
               "webp": "image/webp", "gif": "image/gif"}
# A report's photo or a logo may be replaced or taken down: a day at most in shared caches.
CACHE_CONTROL = "public, max-age=86400"


@login_not_required
@require_safe
def public_media(request, name):
    if not PUBLIC_MEDIA.fullmatch(name):
        raise Http404
    try:
        stored = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    extension = name.rsplit(".", 1)[-1].lower()
    response = FileResponse(stored, content_type=IMAGE_TYPES[extension])
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, the file may run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"  # Open311 clients show them
    return response

