"""Receipt intake. A receipt is a photo taken on a phone or a PDF sent by a shop or a car park:
``spp.core.uploads`` reads which from the content, re-encodes photos as fresh JPEGs (no
metadata survives) and keeps PDFs as sent, since their text is the evidence, once it has
refused what is not a PDF (a renamed file), what is cut short, and what a reviewer's viewer
could run or unpack (scripts, launch actions, embedded files, encryption). Receipts are never
public files: only ``claim_line_receipt`` serves them, to those who may see the claim."""

from django.core.files.base import ContentFile

from spp.core.uploads import RECEIPT, clean_upload


def clean_receipt(upload) -> ContentFile:
    """The receipt to store (``recu.jpg`` or ``recu.pdf``), or ValidationError with the reason."""
    return clean_upload(upload, RECEIPT)
