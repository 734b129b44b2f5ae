"""Receipt intake. A receipt is a photo taken on a phone or a PDF sent by a shop or a car park.
Photos are re-encoded as fresh JPEGs (``spp.core.images``: no metadata survives). PDFs are
kept as sent, since their text is the evidence, but only after checks that refuse what is not
a PDF (a renamed file), what is cut short, and what a reviewer's viewer could run or unpack:
scripts, launch actions, embedded files. An encrypted PDF is refused too, since nobody could
read it in review."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from spp.core.images import reencoded_jpeg

ACTIVE_PDF_CONTENT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|Encrypt)\b")


def max_bytes() -> int:
    return getattr(settings, "EXPENSES_RECEIPT_MAX_BYTES", 10 * 1024 * 1024)


def clean_receipt(upload) -> ContentFile:
    """The receipt to store (a JPEG or a checked PDF), or ValidationError with the reason."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return _checked_pdf(upload)
    if getattr(upload, "name", "").lower().endswith(".pdf"):
        raise ValidationError(_("« %(name)s » n’est pas un vrai PDF.") % {"name": upload.name})
    try:
        return reencoded_jpeg(upload, max_bytes=max_bytes(), max_side=2000, name="recu.jpg")
    except ValidationError:
        raise ValidationError(
            _("« %(name)s » n’est ni une photo lisible (JPEG, PNG, WebP…) ni un PDF.")
            % {"name": getattr(upload, "name", "fichier")}) from None


def _checked_pdf(upload) -> ContentFile:
    name = getattr(upload, "name", "recu.pdf")
    if upload.size > max_bytes():
        raise ValidationError(_("« %(name)s » dépasse %(max)s Mo.")
                              % {"name": name, "max": max_bytes() // (1024 * 1024)})
    content = upload.read()
    if b"%%EOF" not in content[-2048:]:
        raise ValidationError(_("« %(name)s » est un PDF incomplet : envoyez-le à nouveau.")
                              % {"name": name})
    if ACTIVE_PDF_CONTENT.search(content):
        raise ValidationError(
            _("« %(name)s » contient des scripts, des pièces jointes ou un chiffrement : "
              "photographiez le justificatif ou envoyez un PDF simple.") % {"name": name})
    return ContentFile(content, name="recu.pdf")
