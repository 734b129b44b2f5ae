"""Every file a person sends comes in through ``clean_upload``: it is bounded in size, its type
is read from its content (never from its name or the type the browser claims), and what is
stored is made by us. Images are re-encoded from their pixels (``spp.core.images``: no
metadata, nothing hidden survives); PDFs, whose text is the evidence, are kept as sent once
their structure is checked and nothing a viewer could run or unpack is found; anything else is
refused with a French message that names the file and says what is accepted.

Each kind of upload says what it accepts, how large, and the setting that may change its
bound (``docs/configuration.md``, "Uploads")."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from spp.core.images import reencoded_image

MB = 1024 * 1024


@dataclass(frozen=True)
class UploadKind:
    """What one upload field takes. ``image_format`` is what images are re-encoded to."""

    setting: str  # the setting holding the largest size accepted, in bytes
    default_max_bytes: int
    max_side: int  # longest side kept, in pixels
    image_format: str
    stem: str  # the stored file's name, before its extension
    accepts_pdf: bool = False

    @property
    def max_bytes(self) -> int:
        return int(getattr(settings, self.setting, self.default_max_bytes))


# An organisation's logo: transparency matters, so PNG; it is shown small.
LOGO = UploadKind("CORE_LOGO_MAX_BYTES", 2 * MB, 1000, "PNG", "logo")
# A report's photo: published with the report (and linked by Open311 as media_url).
REPORT_PHOTO = UploadKind("REPORTS_PHOTO_MAX_BYTES", 10 * MB, 1600, "JPEG", "photo")
# An expense receipt: a phone's photo of the ticket, or the PDF a shop or car park sends.
RECEIPT = UploadKind("EXPENSES_RECEIPT_MAX_BYTES", 10 * MB, 2000, "JPEG", "recu",
                     accepts_pdf=True)

ACTIVE_PDF_CONTENT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|Encrypt)\b")
PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def clean_upload(upload, kind: UploadKind, *, max_side: int | None = None) -> ContentFile:
    """The file to store for ``upload`` (a fresh image, or a checked PDF when the kind takes
    them), or ValidationError with the reason in French."""
    name = getattr(upload, "name", None) or _("fichier")
    if upload.size > kind.max_bytes:
        raise ValidationError(
            _("« %(name)s » pèse %(size)s : le maximum est %(max)s.")
            % {"name": name, "size": megabytes(upload.size), "max": megabytes(kind.max_bytes)},
            code="too_large")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        if not kind.accepts_pdf:
            raise ValidationError(_("« %(name)s » est un PDF : envoyez une image (JPEG, PNG, "
                                    "WebP ou GIF).") % {"name": name}, code="not_an_image")
        return checked_pdf(upload, stem=kind.stem)
    if kind.accepts_pdf and str(name).lower().endswith(".pdf"):
        raise ValidationError(_("« %(name)s » n’est pas un vrai PDF.") % {"name": name},
                              code="not_a_pdf")
    try:
        return reencoded_image(upload, max_side=max_side or kind.max_side,
                               fmt=kind.image_format, stem=kind.stem)
    except ValidationError as error:
        if not kind.accepts_pdf or error.code == "too_many_pixels":
            raise
        raise ValidationError(
            _("« %(name)s » n’est ni une photo lisible (JPEG, PNG, WebP ou GIF) ni un PDF.")
            % {"name": name}, code="unreadable") from None


def megabytes(size: int) -> str:
    """``31,5 Mo``: what a French person reads on their phone's file list."""
    return _("%(size)s Mo") % {"size": number_format(size / MB, 1)}


def checked_pdf(upload, *, stem: str) -> ContentFile:
    """The PDF as sent, once it looks whole (a version header, objects, a trailer and its end
    mark) and holds nothing a reviewer's viewer could run or unpack: scripts, launch actions,
    embedded files, rich media. An encrypted PDF is refused too, since nobody could read it."""
    name = getattr(upload, "name", None) or f"{stem}.pdf"
    upload.seek(0)
    content = upload.read()
    tail = content[-2048:]
    if ACTIVE_PDF_CONTENT.search(content):
        raise ValidationError(
            _("« %(name)s » contient des scripts, des pièces jointes ou un chiffrement : "
              "photographiez le justificatif ou envoyez un PDF simple.") % {"name": name},
            code="active_pdf")
    if (not PDF_HEADER.match(content) or not PDF_OBJECT.search(content)
            or b"%%EOF" not in tail or (b"startxref" not in tail and b"trailer" not in tail)):
        raise ValidationError(_("« %(name)s » est un PDF incomplet ou abîmé : envoyez-le à "
                                "nouveau.") % {"name": name}, code="broken_pdf")
    return ContentFile(content, name=f"{stem}.pdf")
